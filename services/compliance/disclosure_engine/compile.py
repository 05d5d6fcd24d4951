"""Turn validated rule sets into the lexicons the checker scans with (done once, at load)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from services.compliance.disclosure_engine.labels import EntryKind, LabelEntry, LabelLexicon, label_words
from services.compliance.rules.models import Label, LabelForm, Requirement, RuleSet
from shared.vocabulary import Relationship


@dataclass(frozen=True, slots=True)
class CompiledRuleSet:
    rules: RuleSet
    lexicon: LabelLexicon
    requirements: Mapping[Relationship, Requirement]


def compile_rule_set(rules: RuleSet) -> CompiledRuleSet:
    entries = [*_merge_languages(_accepted(label) for label in rules.labels), *_insufficient(rules)]
    requirements = {r: rules.relationships.requirement(r) for r in Relationship}
    return CompiledRuleSet(rules, LabelLexicon.build(entries), MappingProxyType(requirements))


def compile_foreign_lexicon(rule_sets: Iterable[RuleSet]) -> LabelLexicon:
    """Every accepted label of every market, brand slots aside, with the languages it belongs to:
    used to recognise a label written for another market's language."""
    languages: dict[tuple[tuple[str, ...], LabelForm], set[str]] = {}
    standalone: dict[tuple[tuple[str, ...], LabelForm], bool] = {}
    displays: dict[tuple[tuple[str, ...], LabelForm], str] = {}
    for rules in rule_sets:
        for label in rules.labels:
            words, before, after = label_words(label.text)
            if before or after or not words:
                continue
            key = (words, label.forms)
            languages.setdefault(key, set()).add(label.language)
            standalone[key] = standalone.get(key, False) or label.standalone
            displays.setdefault(key, label.text)
    return LabelLexicon.build(
        LabelEntry(
            display=displays[(words, forms)],
            kind=EntryKind.FOREIGN,
            languages=frozenset(langs),
            words=words,
            forms=forms,
            standalone=standalone[(words, forms)],
        )
        for (words, forms), langs in languages.items()
    )


def _merge_languages(entries: Iterable[LabelEntry]) -> list[LabelEntry]:
    """One entry for a label spelled alike in several languages (Czech and Slovak 'reklama'): the
    lexicon finds only the first entry of a word, so a second language would read as wrong."""
    merged: dict[LabelEntry, LabelEntry] = {}
    for entry in entries:
        key = replace(entry, display="", languages=frozenset(), source=None)
        first = merged.get(key)
        merged[key] = entry if first is None else replace(first, languages=first.languages | entry.languages)
    return list(merged.values())


def _accepted(label: Label) -> LabelEntry:
    words, before, after = label_words(label.text)
    return LabelEntry(
        display=label.text.replace("{brand}", "[brand]"),
        kind=EntryKind.ACCEPTED,
        languages=frozenset({label.language}),
        words=words,
        forms=label.forms,
        brand_before=before,
        brand_after=after,
        brand_required=label.brand_required or before or after,
        standalone=label.standalone,
        relationships=label.relationships,
        companion_required=label.companion_required,
        certainty=label.certainty,
        source=label.source,
    )


def _insufficient(rules: RuleSet) -> Iterator[LabelEntry]:
    for item in rules.insufficient:
        words, before, after = label_words(item.text)
        yield LabelEntry(
            display=item.text.replace("{brand}", "[brand]"),
            kind=EntryKind.INSUFFICIENT,
            languages=frozenset(rules.languages),
            words=words,
            forms=item.forms,
            brand_before=before,
            brand_after=after,
            standalone=item.standalone,
            certainty=item.certainty,
            reason=item.reason,
            source=item.source,
        )
