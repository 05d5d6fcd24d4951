"""Base class of every event: its type, version, topic and key are declared on the class."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

REVERSE_DNS = "org.icp"


class Event(BaseModel):
    """An event's data. Unknown fields are ignored so producers may add optional ones (§4)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    service: ClassVar[str]
    aggregate: ClassVar[str]
    action: ClassVar[str]
    version: ClassVar[int] = 1
    key_field: ClassVar[str]
    summary: ClassVar[str] = ""

    @classmethod
    def ce_type(cls) -> str:
        return f"{REVERSE_DNS}.{cls.service}.{cls.aggregate}.{cls.action}.v{cls.version}"

    @classmethod
    def topic(cls) -> str:
        return f"{cls.service}.{cls.aggregate}"

    @classmethod
    def source(cls) -> str:
        return f"/{cls.service}"

    def key(self) -> str:
        return str(getattr(self, self.key_field))
