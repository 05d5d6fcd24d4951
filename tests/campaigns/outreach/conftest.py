"""Fixtures of the outreach tests: the campaigns API as one tenant, and a real SMTP server
(aiosmtpd, in process) that keeps what it receives."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from outreach_smtp import Inbox

from shared.devstack.processes import free_port


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=inbox.authenticate,
                            auth_require_tls=False, auth_exclude_mechanism=["DONT"])
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
async def api(client_for: Callable[..., Any], token_for: Callable[..., str],
              workspace: uuid.UUID) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("campaigns", token_for(workspace)) as client:
        yield client
