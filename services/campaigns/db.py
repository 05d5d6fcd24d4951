"""The `campaigns` schema: metadata, declarative base and the spine tables."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from shared.db.metadata import make_metadata
from shared.db.spine_tables import define_spine_tables

metadata = make_metadata("campaigns")
spine = define_spine_tables(metadata)


class Base(DeclarativeBase):
    metadata = metadata
