"""`icp import influencers FILE`: the bulk import from the command line, with a progress bar."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from services.discovery.profile_import.parsing.presets.registry import preset_named
from services.discovery.profile_import.schemas import ImportReport
from services.discovery.profile_import.service import import_stream
from services.discovery.settings import DiscoverySettings
from shared.cli.registry import service
from shared.ingest.parser import ImportFormat, format_for_filename

CHUNK_BYTES = 1 << 20
import_app = typer.Typer(help="Bulk imports", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")


async def _chunks(path: Path, progress: Progress, task: TaskID) -> AsyncIterator[bytes]:
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            progress.advance(task, len(chunk))
            yield chunk


async def _run(path: Path, workspace: uuid.UUID, fmt: ImportFormat, preset: str | None,
               progress: Progress, task: TaskID) -> ImportReport:
    runtime = service("discovery").runtime(DiscoverySettings())
    try:
        async with runtime.sessions() as session:
            report = await import_stream(session, workspace, _chunks(path, progress, task), fmt, preset)
            await session.commit()
        return report
    finally:
        await runtime.close()


def _print(report: ImportReport) -> None:
    typer.echo(f"{report.rows} rows: {report.imported} imported ({report.created} created, "
               f"{report.updated} updated), {report.rejected} rejected")
    for problem in report.problems:
        typer.echo(f"  row {problem.row} (line {problem.line}) {problem.field}: {problem.reason}")
    if report.problems_truncated:
        typer.echo("  … more problems not listed")


@import_app.command("influencers")
def import_influencers(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    workspace: Annotated[uuid.UUID, typer.Option(envvar="ICP_WORKSPACE", help="workspace (tenant) id")],
    preset: Annotated[str | None, typer.Option(help="CSV preset; detected from the header")] = None,
    fmt: Annotated[ImportFormat | None, typer.Option("--format", help="default: by file extension")] = None,
) -> None:
    """Upsert influencers from a CSV or NDJSON file by (platform, handle); report rejected rows."""
    try:
        chosen = fmt or format_for_filename(file.name)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--format") from error
    if preset is not None:
        try:
            preset_named(preset)  # before the progress bar and the database
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--preset") from error
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=False) as progress:
        task = progress.add_task(file.name, total=file.stat().st_size)
        report = asyncio.run(_run(file, workspace, chosen, preset, progress, task))
    _print(report)
    # A file refused whole (its header) rejects no row, yet imports nothing: that fails too.
    if report.imported == 0 and report.problems:
        raise typer.Exit(1)
