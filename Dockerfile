# One image for all four services; the command picks the role:
#   icp migrate | icp serve <service> --host 0.0.0.0 --port N | icp worker <service>
# The base is pinned by version and by the digest of its multi-architecture index, so two
# builds a week apart start from the same bytes. Refreshing it (docs/runbooks/deploy.md,
# "Builds"): `docker buildx imagetools inspect python:3.11.X-slim-bookworm` prints the digest.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm@sha256:65a93d69fa75478d554f4ad27c85c1e69fa184956261b4301ebaf6dbb0a3543d

# --- build: install the locked dependencies, then the project, into a self-contained venv ---
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# The lock first: this layer is reused until a dependency changes. Every package is checked
# against its hash in uv.lock (exported to requirements/runtime.txt by `make lock`).
COPY requirements/runtime.txt requirements/runtime.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/runtime.txt
# The whole context (filtered by .dockerignore): setuptools needs pyproject.toml,
# README.md and the packages, including the Alembic environments shipped as package data.
# --no-deps/--no-build-isolation: nothing is fetched beyond the lock (setuptools is in it).
COPY . .
RUN pip install --no-cache-dir --no-deps --no-build-isolation .

# --- runtime: the venv only, no build context, no compilers, no root ---
FROM ${PYTHON_IMAGE} AS runtime
# Numeric uid/gid so Kubernetes' runAsNonRoot can verify it without /etc/passwd
# (deploy/k8s/base sets runAsUser to the same 10001).
ARG APP_UID=10001
RUN groupadd --system --gid ${APP_UID} icp \
 && useradd --system --uid ${APP_UID} --gid icp --no-create-home --home-dir /nonexistent icp
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
# An empty, root-owned working directory: the app reads its files from the installed
# packages, so a read-only root filesystem works (k8s mounts a writable /tmp).
WORKDIR /app
USER 10001:10001
# discovery, campaigns, tracking, compliance (documentation only; compose/k8s publish them).
EXPOSE 8001 8002 8003 8004
# No ENTRYPOINT: compose and k8s spell the full command (`icp serve …`), and
# `docker run IMAGE bash` still works for debugging.
CMD ["icp", "--help"]
