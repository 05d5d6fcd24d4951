"""What the pipeline tests share: the fixtures' types (a module named `conftest` is ambiguous once
another test folder's conftest is collected in the same run) and the negotiation steps."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

AddCreator = Callable[..., Awaitable[dict[str, Any]]]
Events = Callable[..., Awaitable[list[tuple[str, dict[str, Any]]]]]

REEL = {"platform": "instagram", "format": "reel", "due_dates": ["2027-05-10"]}


def flat(fee: int, **more: Any) -> dict[str, Any]:
    return {"compensation_model": "flat_fee", "currency": "USD", "fee_minor": fee,
            "deliverables": [REEL], **more}


async def offer(api: httpx.AsyncClient, collaboration: dict[str, Any], terms: dict[str, Any],
                made_by: str = "brand", **headers: str) -> httpx.Response:
    return await api.post(f"/v1/collaborations/{collaboration['id']}/offers",
                          json={"made_by": made_by, "terms": terms}, headers=headers)


async def contract_for(api: httpx.AsyncClient, collaboration: dict[str, Any],
                       terms: dict[str, Any]) -> dict[str, Any]:
    made = await offer(api, collaboration, terms)
    assert made.status_code == 201, made.text
    accepted = await api.post(f"/v1/offers/{made.json()['id']}/accept")
    assert accepted.status_code == 201, accepted.text
    body: dict[str, Any] = accepted.json()
    return body


async def sign(api: httpx.AsyncClient, contract: dict[str, Any], **body: Any) -> httpx.Response:
    return await api.post(f"/v1/contracts/{contract['id']}/sign", json=body)
