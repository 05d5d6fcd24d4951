"""What a profile import yields for each row: the validated profile, or why the row was rejected."""

from dataclasses import dataclass

from services.discovery.domain.profile import InfluencerProfile
from shared.ingest.report import RejectedRow


@dataclass(frozen=True, slots=True)
class AcceptedRow:
    row: int  # 1-based data row (CSV: header excluded; NDJSON: the line number)
    line: int  # physical line where the row starts
    profile: InfluencerProfile


ImportItem = AcceptedRow | RejectedRow
