from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shared.ingest.parser import ImportFormat
from shared.ingest.report import MAX_REPORTED_ISSUES, RowProblem


class ImportReport(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "format": "csv", "preset": "hypeauditor-top-instagram", "rows": 1000, "imported": 991,
        "created": 991, "updated": 0, "rejected": 9, "problems_truncated": False,
        "problems": [{"row": 310, "line": 311, "field": "AccountName",
                      "reason": "duplicate of row 12 (instagram k.mbappe); the first row is kept"}],
    }]})

    format: ImportFormat
    preset: str | None = Field(description="CSV preset used (detected from the header unless given)")
    rows: int = Field(description="Data rows read")
    imported: int = Field(description="Rows stored (created + updated)")
    created: int = Field(description="Rows that created a new influencer")
    updated: int = Field(description="Rows upserted into an influencer stored before, by (platform, handle)")
    rejected: int
    problems: list[RowProblem] = Field(description=f"At most {MAX_REPORTED_ISSUES} problems, in file order")
    problems_truncated: bool
