"""What a running service holds: settings, engine, sessions, its spine tables and outbox."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.bus.outbox import Outbox
from shared.db.engine import make_engine, make_sessionmaker
from shared.db.spine_tables import SpineTables
from shared.settings import BaseServiceSettings


@dataclass
class ServiceRuntime:
    settings: BaseServiceSettings
    metadata: MetaData
    spine: SpineTables
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    @classmethod
    def create(
        cls, settings: BaseServiceSettings, metadata: MetaData, spine: SpineTables
    ) -> ServiceRuntime:
        engine = make_engine(settings.database_url, settings.db_pool_size)
        return cls(settings, metadata, spine, engine, make_sessionmaker(engine))

    @property
    def outbox(self) -> Outbox:
        return Outbox(self.spine.outbox)

    async def close(self) -> None:
        await self.engine.dispose()
