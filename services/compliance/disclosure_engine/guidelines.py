"""The campaign's brand guidelines: required hashtags and mentions present, banned terms absent."""

from __future__ import annotations

import re
from collections.abc import Iterator

from services.compliance.disclosure_engine.document import Document
from services.compliance.disclosure_engine.findings import finding, missing, span_evidence
from services.compliance.disclosure_engine.models import BrandGuidelines, Finding, Severity
from services.compliance.disclosure_engine.normalise import fold


def guideline_findings(doc: Document, guidelines: BrandGuidelines | None) -> list[Finding]:
    if guidelines is None:
        return []
    return [
        *_required(guidelines.required_hashtags, "#", doc.hashtag_set, "required_hashtag_missing"),
        *_required(guidelines.required_mentions, "@", doc.mention_set, "required_mention_missing"),
        *_banned(doc, guidelines.banned_terms),
    ]


def _required(wanted: tuple[str, ...], sigil: str, present: frozenset[str], code: str) -> Iterator[Finding]:
    for item in wanted:
        name = item.strip().lstrip(sigil)
        key = fold(name).replace("_", "") if sigil == "#" else fold(name)
        if key not in present:
            yield finding(
                code,
                None,
                Severity.ERROR,
                f"the brand guidelines require {sigil}{name}",
                missing(f"{sigil}{name}"),
                f"add {sigil}{name} to the text",
            )


def _banned(doc: Document, terms: tuple[str, ...]) -> Iterator[Finding]:
    for term in terms:
        words = fold(term).split()
        if not words:
            continue
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)")
        match = pattern.search(doc.text)
        if match:
            yield finding(
                "banned_term_present",
                None,
                Severity.ERROR,
                f"the brand guidelines ban the term '{term}'",
                span_evidence(doc, match.start(), match.end()),
                f"remove or rephrase '{term}'",
            )
