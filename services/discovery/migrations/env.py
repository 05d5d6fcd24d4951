import services.discovery.models  # noqa: F401  (registers the tables on the metadata)
from services.discovery.db import metadata
from shared.db.alembic_env import run_env

run_env(metadata, "discovery")
