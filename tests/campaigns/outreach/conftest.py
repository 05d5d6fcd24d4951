"""Fixtures of the outreach tests: the campaigns API as one tenant, and a real SMTP server
(aiosmtpd, in process) that keeps what it receives."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest
from aiosmtpd.controller import Controller
from outreach_smtp import Inbox, SlowInbox

from shared.devstack.processes import free_port

Box = TypeVar("Box", bound=Inbox)


def _serve(inbox: Box, before_stop: Callable[[], None] = lambda: None) -> Iterator[tuple[Box, int]]:
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=inbox.authenticate,
                            auth_require_tls=False, auth_exclude_mechanism=["DONT"])
    controller.start()
    try:
        yield inbox, port
    finally:
        before_stop()
        controller.stop()


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    yield from _serve(Inbox())


@pytest.fixture
def slow_smtp() -> Iterator[tuple[SlowInbox, int]]:
    """A server that holds each message until the test opens its gate (opened at the end, so the
    server can stop)."""
    inbox = SlowInbox()
    yield from _serve(inbox, inbox.gate.set)


@pytest.fixture
async def api(client_for: Callable[..., Any], token_for: Callable[..., str],
              workspace: uuid.UUID) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("campaigns", token_for(workspace)) as client:
        yield client
