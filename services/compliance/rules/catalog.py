"""The immutable catalog of loaded rule sets, and how a market resolves to one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from services.compliance.disclosure_engine.compile import CompiledRuleSet
from services.compliance.disclosure_engine.labels import LabelLexicon
from services.compliance.disclosure_engine.plain_language import PlainMatcher
from services.compliance.rules.models import RuleSet

EU_BASELINE = "EU"
_ALIASES = {"UK": "GB", "EL": "GR"}


@dataclass(frozen=True, slots=True)
class MarketRules:
    """The rules applied to one market: its own rule set, or the EU baseline for a member state
    without one (then `fallback` is true and `languages` are that member's languages)."""

    market: str
    compiled: CompiledRuleSet
    languages: tuple[str, ...]
    fallback: bool

    @property
    def rules(self) -> RuleSet:
        return self.compiled.rules


@dataclass(frozen=True, slots=True)
class RuleCatalog:
    compiled: Mapping[str, CompiledRuleSet]
    foreign_lexicon: LabelLexicon
    plain_matchers: Mapping[str, PlainMatcher]
    # Resolution is a pure function of the immutable rule sets: each market is resolved once.
    _resolved: dict[str, MarketRules | None] = field(default_factory=dict, repr=False, compare=False)

    @property
    def rule_sets(self) -> Mapping[str, RuleSet]:
        return {code: item.rules for code, item in self.compiled.items()}

    def get(self, code: str) -> RuleSet | None:
        item = self.compiled.get(_ALIASES.get(code.upper(), code.upper()))
        return item.rules if item else None

    def resolve(self, market: str) -> MarketRules | None:
        if market not in self._resolved:
            self._resolved[market] = self._resolve(market)
        return self._resolved[market]

    def _resolve(self, market: str) -> MarketRules | None:
        code = _ALIASES.get(market, market)
        own = self.compiled.get(code)
        if own is not None:
            return MarketRules(code, own, own.rules.languages, fallback=False)
        baseline = self.compiled.get(EU_BASELINE)
        if baseline is None or code not in baseline.rules.member_states:
            return None
        return MarketRules(code, baseline, baseline.rules.member_states[code], fallback=True)
