"""Full collections are spaced out only while imports run, and the setting comes back after."""

import gc

from shared.ingest.gc_pacing import (
    IMPORT_FULL_COLLECTION_THRESHOLD,
    full_collections_spaced,
)


def test_overlapping_imports_restore_the_threshold_when_the_last_one_ends() -> None:
    before = gc.get_threshold()
    outer = full_collections_spaced()
    inner = full_collections_spaced()
    outer.__enter__()
    inner.__enter__()
    assert gc.get_threshold() == (before[0], before[1], max(before[2], IMPORT_FULL_COLLECTION_THRESHOLD))
    outer.__exit__(None, None, None)
    assert gc.get_threshold()[2] == max(before[2], IMPORT_FULL_COLLECTION_THRESHOLD)
    inner.__exit__(None, None, None)
    assert gc.get_threshold() == before
