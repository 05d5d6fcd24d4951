"""Lookup of event classes by CloudEvents type, so consumers decode by `ce_type`."""

from __future__ import annotations

from collections.abc import Iterable

from shared.events.base import Event


class EventRegistry:
    def __init__(self, events: Iterable[type[Event]]) -> None:
        self._by_type: dict[str, type[Event]] = {}
        for event in events:
            if event.ce_type() in self._by_type:
                raise ValueError(f"duplicate event type {event.ce_type()}")
            self._by_type[event.ce_type()] = event

    def get(self, ce_type: str) -> type[Event] | None:
        return self._by_type.get(ce_type)

    def all(self) -> list[type[Event]]:
        return list(self._by_type.values())

    def topics(self) -> list[str]:
        return sorted({event.topic() for event in self._by_type.values()})
