"""Compliance benchmark (issue 4): checker throughput per core, and event latency through the broker.

    .venv/bin/python bench/compliance.py [--rate 200] [--seconds 30]

Starts its own embedded PostgreSQL and broker unless DATABASE_URL / KAFKA_BOOTSTRAP_SERVERS are
set, applies the compliance migrations, and runs the compliance worker (relay + consumer, default
settings) in its own process(es), as deployed. Prints one JSON object last:
`checks_per_s_per_core` (in process, CPU time, median of five runs; target ≥ 5,000),
`event_latency_p99_ms` (PostPublished published → DisclosureCheckCompleted read, at `--rate`
posts/s for `--seconds`; target ≤ 250 ms), the raw ceilings measured in the same run and the
machine, and `worker_cpu_ms_per_check`, the worker's CPU time per check (relay and consumer,
every process): what the worker costs, which a busy machine does not change, while the latency
shows how much of a core the machine left it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import uuid

from bench_servers import machine, servers
from compliance_checker import captions, measure
from compliance_latency import measure_broker_ceiling, measure_pipeline

from services.compliance.settings import ComplianceSettings
from shared.db.migrate import upgrade

LATENCY_TARGET_MS = 250


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200.0, help="posts per second")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long to publish")
    parser.add_argument("--replicas", type=int, default=1, help="compliance worker processes")
    args = parser.parse_args()
    throughput = measure()
    with servers() as (database_url, bootstrap, origin):
        upgrade("compliance", database_url)
        settings = ComplianceSettings(database_url=database_url, kafka_bootstrap_servers=bootstrap,
                                      kafka_topic_prefix=f"bench{uuid.uuid4().hex[:8]}.")
        texts, _ = captions()
        latency = asyncio.run(measure_pipeline(settings, texts, args.rate, args.seconds, args.replicas))
        ceiling = asyncio.run(measure_broker_ceiling(settings, args.rate, min(args.seconds, 10)))
    p99 = latency["event_latency_p99_ms"]
    print(json.dumps({
        "benchmark": "compliance",
        **throughput,
        **latency,
        "target_event_latency_p99_ms": LATENCY_TARGET_MS,
        "meets_latency_target": isinstance(p99, float) and p99 <= LATENCY_TARGET_MS
        and latency["checks_received"] == latency["posts_published"],
        "raw_ceiling_broker_p99_ms": ceiling,
        "rate_posts_per_s": args.rate,
        "seconds": args.seconds,
        "worker_replicas": args.replicas,
        "partitions": settings.kafka_topic_partitions,
        "servers": origin,
        "machine": machine(),
    }))


if __name__ == "__main__":
    main()
