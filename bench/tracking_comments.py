"""Comment import benchmark (issue 16, comments and sentiment): comments judged and stored per
second, beside what judging alone costs in the same run. Prints one JSON object last.

    .venv/bin/python bench/tracking_comments.py [--comments 20000] [--posts 100]

Starts its own embedded PostgreSQL and broker unless DATABASE_URL / KAFKA_BOOTSTRAP_SERVERS are
set and applies the tracking migrations. Generated comments (English, Spanish, German, spam,
one-word ones; every text distinct, so no judging is saved by a repeat) are imported as NDJSON
through the import service in this process. Figures:
- `lingua_load_s`: the first comment's detection, which loads the language models;
- `judge_per_s`: the same comments judged alone (spam, lingua, VADER), one thread: the ceiling;
  `language_per_s` and `vader_per_s` are its two parts; each `*_per_cpu_s` beside is per second
  of this process's CPU time, steadier than wall time on a shared machine;
- `comments_import_per_s`: parsed, judged, written, committed; `reimport_per_s`: the same file
  again (nothing judged, nothing written).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from bench_servers import machine, servers
from tracking_import import add_posts
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from services.tracking.comments.service import import_stream
from services.tracking.domain.sentiment import detector, judge
from services.tracking.settings import TrackingSettings
from shared.cli.registry import service
from shared.db.migrate import upgrade
from shared.ingest.parser import ImportFormat

ENGLISH = (["I love this", "Honestly the best", "Not sure about this", "Really disappointed with this",
            "My sister swears by this", "Terrible", "Pretty good"],
           ["serum", "moisturizer", "cleanser", "sunscreen", "night cream", "toner"],
           ["my skin is glowing", "it broke me out", "the smell is awful", "worth every penny",
            "it absorbs so fast", "nothing changed after a month", "I will buy it again"])
SPANISH = (["Me encanta este", "No me gustó nada el", "Mi hermana usa este", "Qué maravilla de"],
           ["sérum", "limpiador", "protector solar", "tónico"],
           ["mi piel está increíble", "me salieron granos", "huele fatal", "lo volveré a comprar"])
GERMAN = (["Ich liebe dieses", "Leider hat das", "Meine Schwester benutzt das", "Wirklich tolles"],
          ["Serum", "Reinigungsgel", "Sonnenschutz", "Tonikum"],
          ["meine Haut strahlt", "überhaupt nicht gewirkt", "riecht schrecklich", "kaufe ich wieder"])
SPAM = ("🔥🔥🔥", "😍😍", "free followers at www.growfast{}.com", "check out my page {}",
        "wow wow wow {} {} {}")


def comments(posts: list[uuid.UUID], count: int) -> list[dict[str, Any]]:
    rng = random.Random(16)
    rows = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.08:
            text = rng.choice(SPAM).format(i, i, i)
        elif roll < 0.12:
            text = rng.choice(("gorgeous", "wow", "yes", "need"))
        else:
            first, second, third = ENGLISH if roll < 0.7 else SPANISH if roll < 0.85 else GERMAN
            text = f"{rng.choice(first)} {rng.choice(second)}, {rng.choice(third)} (#{i})"
        rows.append({"post_id": str(posts[i % len(posts)]), "comment_id": f"c{i}", "text": text,
                     "commented_at": f"2026-06-{1 + i % 28:02d}T{i % 24:02d}:00:00Z",
                     "author": f"fan{i % 5000}"})
    return rows


def per_s(count: int, started: float) -> float:
    return round(count / (time.perf_counter() - started), 1)


def timed(label: str, texts: list[str], work: Any, found: dict[str, float]) -> None:
    """Per second of wall time and per second of this process's CPU time (the machine is shared)."""
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        work(text)
    found[f"{label}_per_s"] = per_s(len(texts), started)
    found[f"{label}_per_cpu_s"] = round(len(texts) / (time.process_time() - cpu), 1)


async def chunks(body: bytes) -> AsyncIterator[bytes]:
    for at in range(0, len(body), 1 << 16):
        yield body[at:at + (1 << 16)]


async def timed_import(url: str, workspace: uuid.UUID, body: bytes) -> tuple[float, dict[str, Any]]:
    runtime = service("tracking").runtime(TrackingSettings(database_url=url))
    try:
        started = time.perf_counter()
        async with runtime.sessions() as session:
            report = await import_stream(session, workspace, chunks(body), ImportFormat.NDJSON)
        rate = per_s(report.rows, started)
    finally:
        await runtime.close()
    return rate, report.model_dump(exclude={"problems"})


async def run(count: int, post_count: int) -> dict[str, Any]:
    with servers() as (database_url, _, origin):
        upgrade("tracking", database_url)
        workspace, campaign = uuid.uuid4(), uuid.uuid4()
        posts = await add_posts(database_url.replace("+asyncpg", ""), workspace, campaign, post_count)
        rows = comments(posts, count)
        started = time.perf_counter()
        detector().detect_language_of("the first comment loads the models")
        load = round(time.perf_counter() - started, 2)
        texts = [r["text"] for r in rows]
        ceilings: dict[str, float] = {}
        timed("judge", texts, judge, ceilings)
        timed("language", texts, detector().detect_language_of, ceilings)
        timed("vader", texts, SentimentIntensityAnalyzer().polarity_scores, ceilings)
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
        cpu = time.process_time()
        rate, report = await timed_import(database_url, workspace, body)
        import_cpu = round(count / (time.process_time() - cpu), 1)
        again, second = await timed_import(database_url, workspace, body)
        return {"comments": count, "posts": post_count, "servers": origin, "machine": machine(),
                "lingua_load_s": load, **ceilings, "import_report": report,
                "reimport_stored": second["stored"], "reimport_per_s": again,
                "comments_import_per_cpu_s": import_cpu, "comments_import_per_s": rate,
                "import_vs_judge": round(rate / ceilings["judge_per_s"], 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--posts", type=int, default=100)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.comments, args.posts))))


if __name__ == "__main__":
    main()
