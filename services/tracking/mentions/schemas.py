"""HTTP models of mention imports."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shared.ingest.parser import ImportFormat
from shared.ingest.report import MAX_REPORTED_ISSUES, RowProblem


class MentionsImportReport(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "format": "csv",
                    "rows": 90,
                    "stored": 89,
                    "rejected": 1,
                    "problems_truncated": False,
                    "problems": [
                        {
                            "row": 12,
                            "line": 13,
                            "field": "count",
                            "reason": "Input should be greater than or equal to 0",
                        }
                    ],
                }
            ]
        }
    )
    format: ImportFormat
    rows: int = Field(description="Data rows read")
    stored: int = Field(description="Counts stored (a day already imported from the source is replaced)")
    rejected: int
    problems: list[RowProblem] = Field(description=f"At most {MAX_REPORTED_ISSUES} problems, in file order")
    problems_truncated: bool
