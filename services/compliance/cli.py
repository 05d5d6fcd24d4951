"""The compliance commands of `icp` (the shared CLI calls `register`)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated

import typer

from services.compliance.db import metadata, spine
from services.compliance.recheck import RecheckProgress, RecheckScope, recheck
from services.compliance.rule_catalog import load_for
from services.compliance.settings import ComplianceSettings
from shared.runtime import ServiceRuntime


def register(app: typer.Typer) -> None:
    app.command("recheck")(recheck_command)


def recheck_command(
    workspace: Annotated[uuid.UUID | None, typer.Option(help="only this workspace's checks")] = None,
    campaign: Annotated[uuid.UUID | None, typer.Option(help="only this campaign's checks")] = None,
    batch_size: Annotated[int, typer.Option(min=1, max=5000)] = 200,
) -> None:
    """Re-evaluate stored checks with the current rule sets; announce only changed verdicts."""
    settings = ComplianceSettings()
    progress = asyncio.run(_run(settings, RecheckScope(workspace, campaign), batch_size))
    typer.echo(
        f"rechecked {progress.checked} check(s): {progress.updated} updated, "
        f"{progress.verdicts_changed} verdict(s) changed, {progress.announced} announced"
    )


async def _run(settings: ComplianceSettings, scope: RecheckScope, batch_size: int) -> RecheckProgress:
    catalog = load_for(settings)
    runtime = ServiceRuntime.create(settings, metadata, spine)
    try:
        return await recheck(runtime.sessions, catalog, scope, batch_size, _print_progress)
    finally:
        await runtime.close()


def _print_progress(progress: RecheckProgress) -> None:
    typer.echo(f"{progress.checked}/{progress.total} checked, {progress.updated} updated, "
               f"{progress.verdicts_changed} verdict(s) changed")
