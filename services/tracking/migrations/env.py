import services.tracking.models  # noqa: F401  (registers the ORM tables on the metadata)
from services.tracking.db import metadata
from shared.db.alembic_env import run_env

run_env(metadata, "tracking")
