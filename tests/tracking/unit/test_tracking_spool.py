"""The click spool on disk: in order, once each, across a crash, and taken over when orphaned."""

from __future__ import annotations

import os
from pathlib import Path

from services.tracking.redirect.spool import SpoolDirectory, SpooledMessage


def _messages(*keys: str) -> list[SpooledMessage]:
    return [SpooledMessage("t.tracking.link", k, f'{{"k":"{k}"}}'.encode(),
                           [("ce_id", k.encode())]) for k in keys]


def test_spooled_clicks_are_read_back_in_order_and_the_cursor_skips_what_was_sent(tmp_path: Path) -> None:
    spool = SpoolDirectory.create(tmp_path)
    spool.append(_messages("a", "b"))
    spool.append(_messages("c"))
    first, offset = spool.read(2)
    assert [m.key for m in first] == ["a", "b"] and first[0].headers == [("ce_id", b"a")]
    spool.advance(offset)
    rest, end = spool.read(10)
    assert [m.key for m in rest] == ["c"]
    assert spool.pending()
    spool.advance(end)
    assert not spool.pending()
    assert spool.reset_if_drained()
    spool.release(remove=True)
    assert list(tmp_path.iterdir()) == []


def test_a_line_torn_by_a_crash_is_skipped(tmp_path: Path) -> None:
    spool = SpoolDirectory.create(tmp_path)
    spool.append(_messages("a"))
    with open(spool.path / "clicks.log", "ab") as log:
        log.write(b'{"t":"x","k":"half')
    messages, offset = spool.read(10)
    assert [m.key for m in messages] == ["a"]
    spool.advance(offset)
    assert not spool.pending()


def test_only_a_dead_processs_spool_is_taken_over(tmp_path: Path) -> None:
    alive = SpoolDirectory.create(tmp_path)
    alive.append(_messages("mine"))
    dead = SpoolDirectory.create(tmp_path)
    dead.append(_messages("orphaned"))
    assert list(SpoolDirectory.orphans(tmp_path, mine=None)) == []  # both still locked
    dead.release(remove=False)  # its process died with clicks left
    (orphan,) = SpoolDirectory.orphans(tmp_path, mine=alive.path)
    assert orphan.path == dead.path
    messages, offset = orphan.read(10)
    assert [m.key for m in messages] == ["orphaned"]
    orphan.advance(offset)
    orphan.release(remove=True)
    assert sorted(os.listdir(tmp_path)) == [alive.path.name]
    alive.release(remove=False)
