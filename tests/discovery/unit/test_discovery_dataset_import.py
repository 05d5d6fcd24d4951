"""Every row of the real Instagram top-1000 ranking imports or is reported with its reason."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.discovery.domain.authenticity import score_authenticity
from services.discovery.domain.metrics import engagement_rate_by_followers
from services.discovery.profile_import.parsing.datasets import INSTAGRAM_TOP_1000_DEC_2022
from services.discovery.profile_import.parsing.pipeline import iter_import
from services.discovery.profile_import.parsing.report import AcceptedRow, ImportItem
from shared.ingest.parser import ImportFormat
from shared.ingest.report import RejectedRow

pytestmark = [
    pytest.mark.dataset,
    pytest.mark.skipif(
        not INSTAGRAM_TOP_1000_DEC_2022.exists(),
        reason=f"dataset absent: {INSTAGRAM_TOP_1000_DEC_2022} (../shared/datasets not mounted)",
    ),
]


def _chunks(path: Path, size: int = 4096) -> Iterator[bytes]:
    with path.open("rb") as file:
        while chunk := file.read(size):
            yield chunk


@pytest.fixture(scope="module")
def items() -> list[ImportItem]:
    return list(
        iter_import(
            _chunks(INSTAGRAM_TOP_1000_DEC_2022),
            ImportFormat.CSV,
            received_at=datetime(2025, 6, 1, tzinfo=UTC),
        )
    )


def test_every_row_either_imports_or_is_reported(items: list[ImportItem]) -> None:
    accepted = [i for i in items if isinstance(i, AcceptedRow)]
    rejected = [i for i in items if isinstance(i, RejectedRow)]
    assert len(accepted) + len(rejected) == 1000
    assert sorted(i.row for i in items) == list(range(1, 1001))
    assert len(accepted) == 991


def test_rejections_are_the_duplicate_handles_with_the_row_kept(items: list[ImportItem]) -> None:
    reasons = [issue for i in items if isinstance(i, RejectedRow) for issue in i.issues]
    assert len(reasons) == 9
    assert {r.field for r in reasons} == {"AccountName"}
    assert all(r.reason.startswith("duplicate of row ") for r in reasons)
    assert "duplicate of row 147 (instagram juliaanalvarez)" in reasons[0].reason


def test_the_preset_is_detected_and_k_m_suffixes_parsed(items: list[ImportItem]) -> None:
    messi = items[0]
    assert isinstance(messi, AcceptedRow)
    account = messi.profile.accounts[0]
    assert (account.handle, account.followers) == ("leomessi", 409_800_000)
    assert account.engagement is not None and account.engagement.avg_engagements == 23_400_000
    rate = engagement_rate_by_followers(account)
    assert rate is not None and rate.value == pytest.approx(23.4 / 409.8)
    assert account.audience is not None and account.audience.primary_country == "AR"
    assert messi.profile.topics == ["ball_sports", "parenting_family"]
    assert messi.profile.country is None  # Country is the audience's, not the creator's


def test_adult_content_becomes_a_brand_safety_flag(items: list[ImportItem]) -> None:
    flagged = [i for i in items if isinstance(i, AcceptedRow) and i.profile.brand_safety_flags]
    assert len(flagged) >= 8
    assert all(i.profile.brand_safety_flags == ["adult_content"] for i in flagged)


def test_row_without_country_imports_without_audience(items: list[ImportItem]) -> None:
    suga = next(i for i in items if isinstance(i, AcceptedRow) and i.profile.accounts[0].handle == "agustd")
    assert suga.profile.accounts[0].audience is None


def test_every_imported_account_gets_an_authenticity_score(items: list[ImportItem]) -> None:
    scores = [score_authenticity(i.profile.accounts[0]).score for i in items if isinstance(i, AcceptedRow)]
    assert all(0 <= s <= 100 for s in scores)
    assert len(set(scores)) > 10
