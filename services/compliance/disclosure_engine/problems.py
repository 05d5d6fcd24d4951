"""Findings for labels that were found but do not disclose properly in a market."""

from __future__ import annotations

from collections.abc import Iterator

from services.compliance.disclosure_engine.context import CheckContext
from services.compliance.disclosure_engine.findings import finding, severity_for, span_evidence
from services.compliance.disclosure_engine.labels import LabelHit
from services.compliance.disclosure_engine.market_labels import MarketLabels
from services.compliance.disclosure_engine.models import Finding, Severity
from services.compliance.rules.catalog import MarketRules
from services.compliance.rules.models import Certainty, EnglishAdRule, PlainLanguageRule


def label_problems(ctx: CheckContext, market: MarketRules, found: MarketLabels) -> list[Finding]:
    if not found.anything_wrong():
        return []  # the common case: no label at all, so skip building five empty generators
    return [
        *_insufficient(ctx, market, found.insufficient),
        *_wrong_relationship(ctx, market, found),
        *_companions(ctx, market, found.companion_missing),
        *_other_languages(ctx, market, found),
        *_plain_refused(ctx, market, found),
    ]


def _insufficient(ctx: CheckContext, market: MarketRules, hits: list[LabelHit]) -> Iterator[Finding]:
    seen: set[str] = set()
    for hit in hits:
        entry = hit.entry
        if entry.display in seen:
            continue
        seen.add(entry.display)
        english = entry.display.lstrip("#").lower() == "ad"
        doubtful = english and market.rules.english_ad is EnglishAdRule.DOUBTFUL
        code = "english_label_doubtful" if doubtful else "label_ambiguous"
        yield finding(
            code,
            market.market,
            severity_for(entry.certainty),
            f"'{entry.display}' is not enough on its own in {market.market}: {entry.reason}",
            span_evidence(ctx.doc, hit.start, hit.end),
            f"replace it with '{market.rules.preferred_label}' at the start",
            entry.source,
        )


def _wrong_relationship(ctx: CheckContext, market: MarketRules, found: MarketLabels) -> Iterator[Finding]:
    relationship = ctx.request.relationship.value
    for item in found.wrong_relationship[:1]:
        covers = ", ".join(r.value for r in item.relationships)
        yield finding(
            "label_ambiguous",
            market.market,
            Severity.ERROR,
            f"'{item.text}' discloses only a {covers} relationship, but this one is {relationship}",
            span_evidence(ctx.doc, item.start, item.end),
            f"put '{market.rules.preferred_label}' at the start",
            item.source,
        )


def _companions(ctx: CheckContext, market: MarketRules, hits: list[LabelHit]) -> Iterator[Finding]:
    for hit in hits[:1]:
        yield finding(
            "label_ambiguous",
            market.market,
            severity_for(hit.entry.certainty),
            f"'{hit.entry.display}' must be paired with an advertising label in {market.market}",
            span_evidence(ctx.doc, hit.start, hit.end),
            f"add '{market.rules.preferred_label}' next to it",
            hit.entry.source,
        )


def _other_languages(ctx: CheckContext, market: MarketRules, found: MarketLabels) -> Iterator[Finding]:
    rules = market.rules
    languages = "/".join(market.languages)
    for hit in found.english[:1]:
        doubtful = rules.english_ad is EnglishAdRule.DOUBTFUL
        yield finding(
            "english_label_doubtful" if doubtful else "label_wrong_language",
            market.market,
            Severity.WARNING if doubtful else Severity.ERROR,
            f"the English label '{hit.entry.display}' may not be understood by the audience in "
            f"{market.market}; regulators there expect a label in {languages}",
            span_evidence(ctx.doc, hit.start, hit.end),
            f"use '{rules.preferred_label}' at the start instead",
        )
    for hit in found.wrong_language[:1]:
        yield finding(
            "label_wrong_language",
            market.market,
            Severity.ERROR,
            f"'{hit.entry.display}' is a label in {'/'.join(sorted(hit.entry.languages))}, not in "
            f"a language of {market.market} ({languages})",
            span_evidence(ctx.doc, hit.start, hit.end),
            f"use '{rules.preferred_label}' at the start instead",
        )
    for hit in found.unlisted[:1]:
        yield finding(
            "label_unlisted",
            market.market,
            Severity.WARNING,
            f"'{hit.entry.display}' is accepted by another regulator of the same language but is "
            f"not among the labels listed for {market.market}",
            span_evidence(ctx.doc, hit.start, hit.end),
            f"prefer '{rules.preferred_label}'",
        )


def _plain_refused(ctx: CheckContext, market: MarketRules, found: MarketLabels) -> Iterator[Finding]:
    plain = market.rules.plain_language
    for hit in found.plain_refused[:1]:
        firm = plain.rule is PlainLanguageRule.NOT_ACCEPTED
        certainty = plain.certainty if firm else Certainty.UNVERIFIED
        yield finding(
            "label_ambiguous",
            market.market,
            severity_for(certainty, firm),
            f"a plain-language sentence is not a recognised label in {market.market}: {plain.note}",
            span_evidence(ctx.doc, hit.start, hit.end),
            f"add '{market.rules.preferred_label}' at the start",
        )
