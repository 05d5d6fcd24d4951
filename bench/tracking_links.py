"""Tracking links benchmark (issue 16): redirects per second against a plain FastAPI route, every
click recorded, and signed order webhooks per second with attribution. Prints one JSON object last.

    .venv/bin/python bench/tracking_links.py [--seconds 10] [--rounds 3] [--connections 32]

Starts its own embedded PostgreSQL and broker unless DATABASE_URL / KAFKA_BOOTSTRAP_SERVERS are set,
applies the tracking migrations, and runs as deployed: one API process (`icp serve tracking`), one
worker process (`icp worker tracking`), and the raw ceiling, one plain FastAPI route
(`bench/hello_app.py`), served by uvicorn the same way. Load comes from a second process on
loopback (`bench/http_load.py`), the same for both, bounded in time; rounds alternate and each
figure is the median of its rounds. `tracking_healthz_per_s` (the service's own `/healthz`,
through the same middleware stack as the redirect) shows what that stack costs any request.
`clicks_recorded` counts the rows the worker stored for the redirect's link once the load stopped
(waiting up to a minute). `webhook_cpu_ms_per_delivery` splits the webhook part's CPU by process
(API, PostgreSQL, worker, broker, the load client: this process), with embedded servers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import psutil
from compliance import servers
from compliance_checker import machine
from tracking_webhooks import measure_webhooks

from services.tracking.settings import TrackingSettings
from shared.auth import mint_token
from shared.db.migrate import upgrade
from shared.devstack.processes import free_port
from shared.devstack.stack import DEV_JWT_SECRET

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RATIO_TARGET = 0.5
CONVERSIONS_TARGET = 500
CHROME = ("User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
          "(KHTML, like Gecko) Chrome/120.0 Safari/537.36")


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


@contextmanager
def process(args: list[str], env: dict[str, str], cwd: Path = ROOT) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_until(check: Any, what: str, timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if result := check():
                return result
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready within {timeout:.0f}s")


def load(url: str, seconds: float, connections: int, headers: list[str]) -> dict[str, Any]:
    args = [sys.executable, str(BENCH / "http_load.py"), "--url", url, "--seconds", str(seconds),
            "--connections", str(connections)]
    for header in headers:
        args += ["--header", header]
    out = subprocess.run(args, check=True, capture_output=True, text=True, timeout=seconds + 60)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def seed_link(api: str, token: str) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=api, headers=headers, timeout=30) as client:
        client.put("/v1/allowed-domains/glowskin.example").raise_for_status()
        link = client.post("/v1/links", json={
            "campaign_id": str(uuid.uuid4()), "collaboration_id": str(uuid.uuid4()),
            "destination": "https://glowskin.example/serum"})
        link.raise_for_status()
        body: dict[str, Any] = link.json()
        return body


async def recorded(database_url: str, link_id: str) -> int:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        return int(await conn.fetchval("SELECT count(*) FROM tracking.clicks WHERE link_id = $1",
                                       uuid.UUID(link_id)))
    finally:
        await conn.close()


def cpu_seconds(api: subprocess.Popen[bytes], worker: subprocess.Popen[bytes]) -> dict[str, float]:
    """CPU seconds so far of the run's processes. PostgreSQL's include the backends it reaped (one
    per connection opened and closed); an environment's servers are not this run's to read."""
    def own(process: psutil.Process, reaped: bool = False) -> float:
        times = process.cpu_times()
        return times.user + times.system + (times.children_user + times.children_system if reaped else 0)

    used = {"api": own(psutil.Process(api.pid)), "worker": own(psutil.Process(worker.pid)),
            "load_client": own(psutil.Process()), "postgres": 0.0, "broker": 0.0}
    for child in psutil.Process().children(recursive=True):
        with suppress(psutil.NoSuchProcess):
            name = child.name()
            if name.startswith("postgres"):
                used["postgres"] += own(child, reaped=True)
            elif name.startswith("tansu"):
                used["broker"] += own(child)
    return used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per load round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--orders", type=int, default=5000, help="signed order webhooks to send")
    args = parser.parse_args()
    with servers() as (database_url, bootstrap, origin), \
            __import__("tempfile").TemporaryDirectory(prefix="icp-bench-spool-") as spool:
        upgrade("tracking", database_url)
        workspace = uuid.uuid4()
        api_port, hello_port = free_port(), free_port()
        env = {**os.environ, "JWT_SECRET": os.environ.get("JWT_SECRET", DEV_JWT_SECRET),
               "TRACKING_DATABASE_URL": database_url, "TRACKING_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
               "TRACKING_KAFKA_TOPIC_PREFIX": f"bench{uuid.uuid4().hex[:8]}.",
               "TRACKING_CLICK_SPOOL_DIR": spool, "LOG_LEVEL": "WARNING",
               # One loader address sends everything: the per-address limit of public routes
               # (redirect, webhooks) would answer 429s instead of what is measured.
               "TRACKING_RATE_LIMIT_PUBLIC_PER_MINUTE": "0"}
        settings = TrackingSettings(database_url=database_url, kafka_bootstrap_servers=bootstrap,
                                    jwt_secret=env["JWT_SECRET"])
        token = mint_token(settings, workspace, ["*"])
        api = f"http://127.0.0.1:{api_port}"
        hello_cmd = [sys.executable, "-c", "import uvicorn, hello_app; uvicorn.run(hello_app.app, "
                     f"host='127.0.0.1', port={hello_port}, log_config=None)"]
        icp = [sys.executable, "-m", "shared.cli.main"]
        # The worker's /metrics and /healthz, as deployed, on a port of this run's own.
        with process([*icp, "worker", "tracking"], {**env, "WORKER_HTTP_PORT": str(free_port())}) as worker, \
                process([*icp, "serve", "tracking", "--host", "127.0.0.1", "--port", str(api_port)],
                        env) as api_process, \
                process(hello_cmd, env, cwd=BENCH):
            wait_until(lambda: httpx.get(f"{api}/healthz").status_code == 200, "tracking API")
            wait_until(lambda: httpx.get(f"http://127.0.0.1:{hello_port}/hello").status_code == 200,
                       "hello route")
            link = seed_link(api, token)
            redirect_url = f"{api}{link['path']}"
            wait_until(lambda: httpx.get(redirect_url).status_code == 302, "the link in the cache")
            sent = 1
            hello_runs, redirect_runs, healthz_runs = [], [], []
            for round_ in range(args.rounds):
                log(f"round {round_ + 1}/{args.rounds}")
                hello_runs.append(load(f"http://127.0.0.1:{hello_port}/hello", args.seconds,
                                       args.connections, [CHROME]))
                # The service's own cheapest route: what its middleware stack costs any request.
                healthz_runs.append(load(f"{api}/healthz", args.seconds, args.connections, [CHROME]))
                run = load(redirect_url, args.seconds, args.connections, [CHROME])
                redirect_runs.append(run)
                sent += int(run["statuses"].get("302", 0))
            log(f"waiting for {sent} clicks to be recorded")
            deadline = time.monotonic() + 60
            stored = 0
            while time.monotonic() < deadline:
                stored = asyncio.run(recorded(database_url, link["id"]))
                if stored >= sent:
                    break
                time.sleep(0.5)
            before = cpu_seconds(api_process, worker)
            conversions = measure_webhooks(api, token, database_url, args.orders, workspace,
                                           args.connections)
            after = cpu_seconds(api_process, worker)
            # Where a delivery's CPU goes: the API alone does not tell why the rate is what it is.
            conversions["webhook_cpu_ms_per_delivery"] = {
                name: round((after[name] - before[name]) * 1000 / conversions["webhook_deliveries"], 3)
                for name in after} if origin == "embedded" else None
    hello_per_s = statistics.median(r["per_s"] for r in hello_runs)
    redirects_per_s = statistics.median(r["per_s"] for r in redirect_runs)
    ratio = redirects_per_s / hello_per_s if hello_per_s else 0.0
    print(json.dumps({
        "benchmark": "tracking_links",
        "redirects_per_s": redirects_per_s,
        "hello_per_s": hello_per_s,
        "redirects_vs_hello": round(ratio, 3),
        "tracking_healthz_per_s": statistics.median(r["per_s"] for r in healthz_runs),
        "target_redirects_vs_hello": RATIO_TARGET,
        "clicks_sent": sent,
        "clicks_recorded": stored,
        **conversions,
        "target_conversions_per_s": CONVERSIONS_TARGET,
        "meets_targets": ratio >= RATIO_TARGET and sent == stored
        and conversions["conversions_per_s"] >= CONVERSIONS_TARGET
        and conversions["conversions_stored"] == conversions["conversions_attributed"]
        and conversions["all_accepted"],
        "rounds": {"hello": hello_runs, "redirect": redirect_runs, "healthz": healthz_runs},
        "seconds_per_round": args.seconds,
        "connections": args.connections,
        "servers": origin,
        "machine": machine(),
    }))


if __name__ == "__main__":
    main()
