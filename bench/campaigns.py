"""Campaigns benchmark (issues 13 and 14). Prints one JSON object last.

    .venv/bin/python bench/campaigns.py [--campaigns 10000] [--patches 1000] [--kpi-events 20000]
        [--shortlist-events 20000] [--pipeline-collaborations 5000] [--sections plan pipeline]

Starts its own embedded PostgreSQL and broker unless DATABASE_URL / KAFKA_BOOTSTRAP_SERVERS are
set, applies the campaigns migrations, and runs each section against them in turn. A section is a
module of this folder with `async def measure(bench: Bench) -> dict[str, object]` returning its
figures, its targets and the raw ceiling it measured beside them: the plan's (`campaigns_plan`:
PATCH latency with 10,000 campaigns in the workspace, CampaignKpisUpdated applied per second) and
the pipeline's (`campaigns_pipeline`) land in the same JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import uuid

import campaigns_pipeline
import campaigns_plan
from bench_servers import machine, servers
from campaigns_bench import Bench

from services.campaigns.settings import CampaignsSettings
from shared.db.migrate import upgrade
from shared.devstack.stack import DEV_JWT_SECRET

SECTIONS = {"plan": campaigns_plan.measure, "pipeline": campaigns_pipeline.measure}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaigns", type=int, default=10_000, help="campaigns in the PATCH workspace")
    parser.add_argument("--patches", type=int, default=1_000, help="PATCHes timed")
    parser.add_argument("--kpi-events", type=int, default=20_000, help="CampaignKpisUpdated published")
    parser.add_argument("--kpi-campaigns", type=int, default=200, help="campaigns they are about")
    parser.add_argument("--shortlist-events", type=int, default=20_000, help="shortlist events")
    parser.add_argument("--shortlist-campaigns", type=int, default=200, help="campaigns they are about")
    parser.add_argument("--pipeline-collaborations", type=int, default=5_000,
                        help="collaborations of the listed campaign")
    parser.add_argument("--list-requests", type=int, default=1_000, help="pipeline lists timed")
    parser.add_argument("--sections", nargs="+", choices=list(SECTIONS), default=list(SECTIONS),
                        help="which sections run")
    args = parser.parse_args()
    figures: dict[str, object] = {"benchmark": "campaigns"}
    with servers() as (database_url, bootstrap, origin):
        upgrade("campaigns", database_url)
        settings = CampaignsSettings(database_url=database_url, kafka_bootstrap_servers=bootstrap,
                                     kafka_topic_prefix=f"bench{uuid.uuid4().hex[:8]}.",
                                     jwt_secret=os.environ.get("JWT_SECRET") or DEV_JWT_SECRET,
                                     # One token sends every request: its limit would be measured.
                                     rate_limit_per_token_per_minute=0)
        bench = Bench(settings, vars(args))
        for name in args.sections:
            figures |= asyncio.run(SECTIONS[name](bench))
    print(json.dumps({**figures, "servers": origin, "machine": machine()}))


if __name__ == "__main__":
    main()
