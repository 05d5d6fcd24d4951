"""The raw ceiling of the redirect benchmark: one plain FastAPI route, nothing else."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

app = FastAPI()


@app.get("/hello", response_class=PlainTextResponse)
async def hello() -> str:
    return "hello"
