"""Webhook signing secrets are stored encrypted (Fernet, under TRACKING_WEBHOOK_SECRET_KEYS), as
campaigns keeps SMTP passwords: the rows already stored are encrypted here, with the key of the
environment the migration runs in (the services' own).

Revision ID: 0011_webhook_secrets_encrypted
Revises: 0010_campaign_daily
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from cryptography.fernet import MultiFernet

from services.tracking.settings import TrackingSettings
from shared import secrets_at_rest

revision: str = "0011_webhook_secrets_encrypted"
down_revision: str | None = "0010_campaign_daily"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "tracking"
_ENDPOINTS = sa.table("webhook_endpoints", sa.column("id", sa.Uuid()), sa.column("secret", sa.Text()),
                      sa.column("secret_encrypted", sa.LargeBinary()), schema=SCHEMA)


def _keyring() -> MultiFernet:
    settings = TrackingSettings()
    ring = secrets_at_rest.keyring(settings.webhook_secret_keys, settings.is_production)
    if ring is None:
        raise RuntimeError("set TRACKING_WEBHOOK_SECRET_KEYS: the stored webhook secrets are encrypted "
                           "with it")
    return ring


def upgrade() -> None:
    op.add_column("webhook_endpoints", sa.Column("secret_encrypted", sa.LargeBinary()), schema=SCHEMA)
    connection = op.get_bind()
    rows = connection.execute(sa.select(_ENDPOINTS.c.id, _ENDPOINTS.c.secret)).all()
    if rows:
        ring = _keyring()
        for endpoint_id, secret in rows:
            connection.execute(_ENDPOINTS.update().where(_ENDPOINTS.c.id == endpoint_id).values(
                secret_encrypted=secrets_at_rest.encrypt(ring, secret)))
    op.alter_column("webhook_endpoints", "secret_encrypted", nullable=False, schema=SCHEMA)
    op.drop_column("webhook_endpoints", "secret", schema=SCHEMA)


def downgrade() -> None:
    op.add_column("webhook_endpoints", sa.Column("secret", sa.Text()), schema=SCHEMA)
    connection = op.get_bind()
    rows = connection.execute(sa.select(_ENDPOINTS.c.id, _ENDPOINTS.c.secret_encrypted)).all()
    if rows:
        ring = _keyring()
        for endpoint_id, token in rows:
            secret = secrets_at_rest.decrypt(ring, token, f"webhook endpoint {endpoint_id}")
            if secret is None:
                raise RuntimeError(f"webhook endpoint {endpoint_id}: its secret does not decrypt with "
                                   "TRACKING_WEBHOOK_SECRET_KEYS")
            connection.execute(_ENDPOINTS.update().where(_ENDPOINTS.c.id == endpoint_id).values(
                secret=secret))
    op.alter_column("webhook_endpoints", "secret", nullable=False, schema=SCHEMA)
    op.drop_column("webhook_endpoints", "secret_encrypted", schema=SCHEMA)
