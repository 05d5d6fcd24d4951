"""From findings to a verdict: any error → non_compliant, any warning → needs_review."""

from __future__ import annotations

from collections.abc import Iterable

from services.compliance.disclosure_engine.models import Finding, Severity, Verdict

_RANK = {Verdict.COMPLIANT: 0, Verdict.NEEDS_REVIEW: 1, Verdict.NON_COMPLIANT: 2}


def verdict_of(findings: Iterable[Finding]) -> Verdict:
    severities = {f.severity for f in findings}
    if Severity.ERROR in severities:
        return Verdict.NON_COMPLIANT
    if Severity.WARNING in severities:
        return Verdict.NEEDS_REVIEW
    return Verdict.COMPLIANT


def strictest(verdicts: Iterable[Verdict]) -> Verdict:
    return max(verdicts, key=_RANK.__getitem__, default=Verdict.COMPLIANT)
