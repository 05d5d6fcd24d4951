"""What the campaign-plan tests share: plans, the outbox as events, direct sessions."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from shared.cli.registry import service
from shared.settings import BaseServiceSettings

START, END = "2027-03-01T00:00:00Z", "2027-06-01T00:00:00Z"


def s1_plan(**changes: Any) -> dict[str, Any]:
    """S1: a global fashion brand's sustainable line, awareness among eco-minded 25–40-year-olds in
    Europe and North America, with the guide's "+20 % brand mentions within three months"."""
    plan: dict[str, Any] = {
        "name": "Sustainable line launch", "brand": "Maison Verte",
        "brief": "Lancement de notre ligne en fibres recyclées — für umweltbewusste Menschen.",
        "objectives": ["awareness", "launch"],
        "markets": [{"country": c, "languages": [lang]} for c, lang in
                    (("DE", "de"), ("FR", "fr"), ("GB", "en"), ("US", "en"), ("CA", "en"))],
        "personas": [{"name": "Eco-minded 25–40", "countries": ["DE", "FR", "GB", "US", "CA"],
                      "age": ["25-34", "35-44"], "interests": ["fashion", "lifestyle"],
                      "values": ["sustainability"]}],
        "creators": {"count": 6, "topics": ["fashion", "lifestyle"], "values": ["sustainability"],
                     "platforms": ["instagram"]},
        "timeline": {"starts_at": START, "ends_at": END,
                     "milestones": [{"name": "Content approved", "due_at": "2027-03-20T00:00:00Z"}]},
        "guidelines": {"required_hashtags": ["#MaisonVerte"], "required_mentions": ["@maisonverte"],
                       "banned_terms": ["carbon neutral"]},
        "budget": {"total_minor": 8_000_000, "currency": "EUR", "contingency_percent": "10"},
        "goals": [{"metric": "mentions", "baseline": 5000, "target_change_percent": 20,
                   "within": "P3M", "description": "+20 % brand mentions within three months"}],
    }
    return plan | changes


def dsn(database_url: str) -> str:
    return database_url.replace("postgresql+asyncpg://", "postgresql://")


async def outbox(database_url: str, action: str | None = None) -> list[tuple[dict[str, str], dict[str, Any]]]:
    """(headers, data) of the campaigns outbox rows, oldest first; only one action's if given
    (`guidelines_updated`, `state_changed` …)."""
    connection = await asyncpg.connect(dsn(database_url))
    try:
        rows = await connection.fetch("SELECT headers, payload FROM campaigns.outbox ORDER BY seq")
    finally:
        await connection.close()
    events = []
    for row in rows:
        headers = dict(orjson.loads(row["headers"]) if isinstance(row["headers"], str) else row["headers"])
        if action is None or headers["ce_type"].split(".")[-2] == action:
            events.append((headers, orjson.loads(row["payload"])))
    return events


@asynccontextmanager
async def campaigns_session(make_settings: Callable[..., BaseServiceSettings]) -> AsyncIterator[AsyncSession]:
    """A session of the campaigns service committed at the end of the block."""
    runtime = service("campaigns").runtime(make_settings("campaigns"))
    try:
        async with runtime.sessions() as session, session.begin():
            yield session
    finally:
        await runtime.close()


def new_id() -> uuid.UUID:
    return uuid.uuid4()
