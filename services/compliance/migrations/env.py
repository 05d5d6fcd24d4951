import services.compliance.models  # noqa: F401  (registers the ORM tables on the metadata)
from services.compliance.db import metadata
from shared.db.alembic_env import run_env

run_env(metadata, "compliance")
