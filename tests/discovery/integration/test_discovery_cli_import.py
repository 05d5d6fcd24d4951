"""`icp import influencers FILE` writes through the import service and prints the report."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from pathlib import Path

import asyncpg
from discovery_integration_data import CSV_HEADER, csv_row


async def test_the_cli_imports_a_file_and_reports_rejected_rows(
    clean_db: str, tmp_path: Path, workspace: uuid.UUID,
) -> None:
    file = tmp_path / "creators.csv"
    file.write_text(CSV_HEADER + csv_row("ana", 50000) + csv_row("bob", -1))
    icp = Path(sys.executable).parent / "icp"
    env = {**os.environ, "DISCOVERY_DATABASE_URL": clean_db}
    done = await asyncio.to_thread(
        subprocess.run, [str(icp), "import", "influencers", str(file), "--workspace", str(workspace)],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "2 rows: 1 imported (1 created, 0 updated), 1 rejected" in done.stdout
    assert "row 2 (line 3) followers" in done.stdout
    conn = await asyncpg.connect(clean_db.replace("+asyncpg", ""))
    try:
        stored = await conn.fetchval(
            "SELECT count(*) FROM discovery.account_search WHERE workspace_id = $1", workspace)
    finally:
        await conn.close()
    assert stored == 1


async def test_a_file_whose_header_matches_no_preset_fails_the_command(
    clean_db: str, tmp_path: Path, workspace: uuid.UUID,
) -> None:
    file = tmp_path / "creators.csv"
    file.write_text("name,subs\nana,100\n")
    icp = Path(sys.executable).parent / "icp"
    env = {**os.environ, "DISCOVERY_DATABASE_URL": clean_db}
    done = await asyncio.to_thread(
        subprocess.run, [str(icp), "import", "influencers", str(file), "--workspace", str(workspace)],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert "header matches no preset" in done.stdout
    assert done.returncode == 1


async def test_an_unknown_preset_is_a_usage_error_naming_the_known_ones(
    clean_db: str, tmp_path: Path, workspace: uuid.UUID,
) -> None:
    file = tmp_path / "ranking.csv"
    file.write_text(CSV_HEADER + csv_row("ana", 50000))
    icp = Path(sys.executable).parent / "icp"
    env = {**os.environ, "DISCOVERY_DATABASE_URL": clean_db, "COLUMNS": "200"}
    done = await asyncio.to_thread(
        subprocess.run, [str(icp), "import", "influencers", str(file), "--workspace", str(workspace),
                         "--preset", "hypeauditor_instagram"],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    assert "unknown preset 'hypeauditor_instagram'" in done.stderr
    assert "hypeauditor-top-instagram" in done.stderr
    assert "Traceback" not in done.stderr
