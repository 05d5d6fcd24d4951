"""Service settings: environment variables, with a per-service prefix that wins over the plain name.

`DISCOVERY_DATABASE_URL` beats `DATABASE_URL` for the discovery service, so one environment can
run all four services against one database while ops can still split them later.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource

# The `make dev` stack listens here; a service started by hand finds it without configuration.
DEV_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1:54329/postgres"
DEV_KAFKA_BOOTSTRAP = "127.0.0.1:19092"


class BaseServiceSettings(BaseSettings):
    """Settings every service has. Subclasses set `service_name` (also the schema and env prefix)."""

    service_name: ClassVar[str] = ""

    database_url: str = DEV_DATABASE_URL
    # The most connections one process holds (kept open once opened; see make_engine).
    db_pool_size: int = 20
    kafka_bootstrap_servers: str = DEV_KAFKA_BOOTSTRAP
    # Apache Kafka supports the idempotent producer; the embedded Tansu broker refuses it.
    kafka_enable_idempotence: bool = False
    kafka_topic_partitions: int = 3
    kafka_request_timeout_ms: int = 10_000
    # How long a fetch may wait for data. The embedded broker answers only when it expires, so
    # it bounds the latency of every hop; on Apache Kafka a low value only costs idle fetches.
    kafka_fetch_max_wait_ms: int = 50
    kafka_replication_factor: int = 1
    # Retention of the topics `icp topics` provisions: events (consumers may lag through an
    # outage, integrators replay) and dead letters (time to investigate and `icp dlq replay`).
    kafka_event_retention_hours: float = 168.0
    kafka_dlq_retention_hours: float = 720.0
    # Services create missing topics at start; false where topics are provisioned (`icp topics`)
    # and the services' users may not create them.
    kafka_create_topics: bool = True
    # Prefixes every topic name; lets tests (or several stacks on one cluster) stay apart.
    kafka_topic_prefix: str = ""
    # `production` refuses development-only settings (HS256, the secrets published in git).
    environment: str = "development"
    # RS256 in production (keys from JWT_JWKS_URL, or one JWT_PUBLIC_KEY); HS256 in development.
    jwt_algorithm: str = "HS256"
    # No default: a deployment that forgets it must not sign with a secret published in git.
    jwt_secret: str = ""
    jwt_public_key: str = ""
    jwt_jwks_url: str = ""
    # How long the issuer's keys are cached; a token with an unknown kid re-reads them sooner.
    jwt_jwks_ttl_s: float = 600.0
    jwt_issuer: str = "icp"
    jwt_audience: str = "icp"
    # The longest a token may live (exp - iat): a stolen token stays useful at most this long.
    jwt_max_lifetime_s: float = 86_400.0
    log_level: str = "INFO"
    outbox_batch_size: int = 200
    # A fallback: commits NOTIFY the relay, which then publishes without waiting for a poll.
    outbox_poll_interval_s: float = 0.5
    # How long the notified relay waits for more commits before claiming (see OutboxRelay._lead).
    # At ~700 signed orders/s it cut the worker's CPU per order by two thirds (docs/events.md).
    outbox_linger_s: float = 0.01
    outbox_retention_hours: float = 72.0
    consumer_max_retries: int = 3
    consumer_retry_backoff_s: float = 0.2
    idempotency_retention_hours: float = 24.0
    http_port: int = Field(default=8000)
    # Workers serve /metrics and /healthz here (`icp worker`); 0 serves nothing.
    worker_http_port: int = 8090
    # /healthz answers 503 once a relay or consumer loop has not turned for this long (a hung
    # handler or broker call); waiting out an outage keeps turning it.
    worker_stall_after_s: float = 60.0
    # Requests per minute (steady) and at once (burst), counted per API replica: per bearer
    # token on the API, per caller IP on public routes (redirects, webhooks). 0 disables.
    rate_limit_per_token_per_minute: int = 1200
    rate_limit_per_token_burst: int = 100
    rate_limit_public_per_minute: int = 600
    rate_limit_public_burst: int = 60
    # Proxies whose X-Forwarded-For names the caller (uvicorn's forwarded_allow_ips): behind an
    # ingress that alone can reach the pods (NetworkPolicy), "*"; otherwise rate limits and logs
    # see the proxy's address instead of the caller's.
    forwarded_allow_ips: str = "127.0.0.1"

    @property
    def db_schema(self) -> str:
        return self.service_name

    @property
    def is_production(self) -> bool:
        return self.environment.strip().lower() in ("production", "prod")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        prefixed = EnvSettingsSource(settings_cls, env_prefix=f"{cls.service_name.upper()}_")
        plain = EnvSettingsSource(settings_cls, env_prefix="")
        return (init_settings, prefixed, plain, file_secret_settings)
