"""Building findings: severities tied to how certain the underlying fact is, and evidence spans."""

from __future__ import annotations

from services.compliance.disclosure_engine.document import Document
from services.compliance.disclosure_engine.models import Evidence, Finding, Severity
from services.compliance.rules.models import Certainty


def severity_for(certainty: Certainty, firm: bool = True) -> Severity:
    """An error only when the fact is verified and the rule firmly applies; otherwise a warning,
    so that the verdict becomes needs_review instead of a guess."""
    return Severity.ERROR if firm and certainty is Certainty.VERIFIED else Severity.WARNING


def span_evidence(doc: Document, start: int, end: int) -> Evidence:
    first, last = doc.norm.original_span(start, end)
    return Evidence(text=doc.norm.original[first:last], start=first, end=last)


def missing(description: str) -> Evidence:
    return Evidence(missing=description)


def finding(
    code: str,
    jurisdiction: str | None,
    severity: Severity,
    message: str,
    evidence: Evidence,
    suggestion: str | None = None,
    source: str | None = None,
) -> Finding:
    return Finding(
        code=code,
        jurisdiction=jurisdiction,
        severity=severity,
        message=message,
        evidence=evidence,
        suggestion=suggestion,
        source=source,
    )
