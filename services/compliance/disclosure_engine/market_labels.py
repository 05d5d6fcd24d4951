"""Sort what was found in a caption into what it means for one market."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from services.compliance.disclosure_engine.context import CheckContext
from services.compliance.disclosure_engine.document import Token
from services.compliance.disclosure_engine.labels import EntryKind, LabelHit
from services.compliance.disclosure_engine.plain_language import PlainHit
from services.compliance.rules.catalog import MarketRules
from services.compliance.rules.models import PlainLanguageRule
from shared.vocabulary import Relationship


@dataclass(frozen=True, slots=True)
class Disclosure:
    """A label or plain-language sentence that would disclose the relationship if well placed."""

    text: str
    start: int
    end: int
    token: Token | None
    brand_named: bool = True
    source: str | None = None
    relationships: tuple[Relationship, ...] = ()


@dataclass
class MarketLabels:
    disclosures: list[Disclosure] = field(default_factory=list)
    wrong_relationship: list[Disclosure] = field(default_factory=list)
    companion_missing: list[LabelHit] = field(default_factory=list)
    insufficient: list[LabelHit] = field(default_factory=list)
    unlisted: list[LabelHit] = field(default_factory=list)
    english: list[LabelHit] = field(default_factory=list)
    wrong_language: list[LabelHit] = field(default_factory=list)
    plain_refused: list[PlainHit] = field(default_factory=list)

    def anything_wrong(self) -> bool:
        """Whether any label or sentence was found that does not disclose properly."""
        return bool(
            self.insufficient
            or self.wrong_relationship
            or self.companion_missing
            or self.english
            or self.wrong_language
            or self.unlisted
            or self.plain_refused
        )


def market_labels(ctx: CheckContext, market: MarketRules) -> MarketLabels:
    by_post = market.rules.label_must_match_post_language
    languages = _label_languages(market.languages, ctx.post_language if by_post else None)
    found = MarketLabels()
    own = ctx.own_hits(market.compiled)
    for hit in own:
        _sort_own(ctx, hit, languages, found)
    _keep_companions_only_when_paired(found)
    for hit in ctx.foreign_hits():
        if not any(o.start < hit.end and hit.start < o.end for o in own):
            _sort_foreign(ctx, market, hit, languages, found)
    _sort_plain(ctx, market, languages, found)
    return found


@lru_cache(maxsize=1024)
def _label_languages(market_languages: tuple[str, ...], post_language: str | None) -> frozenset[str]:
    """The languages a label may be in for a market: built once per (market, post language)."""
    if post_language:
        return frozenset((*market_languages, post_language))
    return frozenset(market_languages)


@lru_cache(maxsize=1024)
def _in_order(languages: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(languages))


def _sort_own(ctx: CheckContext, hit: LabelHit, languages: frozenset[str], found: MarketLabels) -> None:
    entry = hit.entry
    if entry.kind is EntryKind.INSUFFICIENT:
        found.insufficient.append(hit)
    elif not entry.languages & languages:
        (found.english if "en" in entry.languages else found.wrong_language).append(hit)
    elif not entry.covers(ctx.request.relationship):
        found.wrong_relationship.append(_from_label(hit))
    elif entry.companion_required:
        found.companion_missing.append(hit)
    else:
        found.disclosures.append(_from_label(hit))


def _keep_companions_only_when_paired(found: MarketLabels) -> None:
    if found.companion_missing and found.disclosures:
        found.disclosures.extend(_from_label(hit) for hit in found.companion_missing)
        found.companion_missing.clear()


def _sort_foreign(
    ctx: CheckContext, market: MarketRules, hit: LabelHit, languages: frozenset[str], found: MarketLabels
) -> None:
    shared = hit.entry.languages & languages
    if shared:
        # The EU baseline accepts any clear label in the member's language; a market that wants
        # the label in the post's language (US, CA) accepts one for a post in another language.
        post = ctx.post_language
        by_post = (
            market.rules.label_must_match_post_language and post in shared and post not in market.languages
        )
        if market.fallback or by_post:
            found.disclosures.append(_from_label(hit))
        else:
            found.unlisted.append(hit)
    elif "en" in hit.entry.languages:
        found.english.append(hit)
    else:
        found.wrong_language.append(hit)


def _sort_plain(
    ctx: CheckContext, market: MarketRules, languages: frozenset[str], found: MarketLabels
) -> None:
    accepted = market.rules.plain_language.rule is PlainLanguageRule.ACCEPTED
    for hit in ctx.plain_hits(_in_order(languages)):
        pattern = hit.pattern
        disclosure = Disclosure(
            pattern.example, hit.start, hit.end, None, relationships=pattern.relationships
        )
        if not accepted:
            found.plain_refused.append(hit)
        elif ctx.request.relationship in pattern.relationships:
            found.disclosures.append(disclosure)
        else:
            found.wrong_relationship.append(disclosure)


def _from_label(hit: LabelHit) -> Disclosure:
    entry = hit.entry
    return Disclosure(
        entry.display,
        hit.start,
        hit.end,
        hit.token,
        hit.brand_named,
        entry.source,
        entry.relationships,
    )
