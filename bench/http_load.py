"""A bounded HTTP/1.1 load: `--connections` keep-alive connections each sending one request after
another to one path for `--seconds`. Prints one JSON line: requests, statuses, per second.

    .venv/bin/python bench/http_load.py --url http://127.0.0.1:8003/r/CODE --seconds 10

Runs in its own process (loopback only), so the server under test keeps its core to itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import time
from collections import Counter
from urllib.parse import urlsplit

import uvloop


async def _connection(host: str, port: int, request: bytes, deadline: float, statuses: Counter[int],
                      ) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.monotonic() < deadline:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            statuses[int(head[9:12])] += 1
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


async def run(url: str, seconds: float, connections: int, headers: dict[str, str]) -> dict[str, object]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode()
    statuses: Counter[int] = Counter()
    started = time.monotonic()
    await asyncio.gather(*(_connection(host, port, request, started + seconds, statuses)
                           for _ in range(connections)))
    elapsed = time.monotonic() - started
    total = sum(statuses.values())
    return {"requests": total, "seconds": round(elapsed, 3), "per_s": round(total / elapsed, 1),
            "statuses": {str(k): v for k, v in statuses.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--header", action="append", default=[], help="Name: value")
    args = parser.parse_args()
    headers = dict(h.split(": ", 1) for h in args.header)
    result = uvloop.run(run(args.url, min(args.seconds, 120.0), args.connections, headers))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
