"""Per-check state shared by all markets: the prepared text and scans done at most once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from services.compliance.disclosure_engine.compile import CompiledRuleSet
from services.compliance.disclosure_engine.document import Document
from services.compliance.disclosure_engine.labels import LabelHit
from services.compliance.disclosure_engine.language import DetectedLanguage
from services.compliance.disclosure_engine.models import CheckRequest
from services.compliance.disclosure_engine.plain_language import PlainHit
from services.compliance.rules.catalog import RuleCatalog


@dataclass
class CheckContext:
    request: CheckRequest
    doc: Document
    language: DetectedLanguage
    catalog: RuleCatalog
    _own: dict[str, list[LabelHit]] = field(default_factory=dict)
    _foreign: list[LabelHit] | None = None
    _plain: dict[str, list[PlainHit]] = field(default_factory=dict)

    @property
    def post_language(self) -> str | None:
        code = self.language.code
        return None if code == "und" else code.split("-")[0]

    def own_hits(self, compiled: CompiledRuleSet) -> list[LabelHit]:
        code = compiled.rules.code
        if code not in self._own:
            self._own[code] = compiled.lexicon.scan(self.doc)
        return self._own[code]

    def foreign_hits(self) -> list[LabelHit]:
        if self._foreign is None:
            self._foreign = self.catalog.foreign_lexicon.scan(self.doc)
        return self._foreign

    def plain_hits(self, languages: Iterable[str]) -> list[PlainHit]:
        hits: list[PlainHit] = []
        for language in languages:
            if language not in self._plain:
                matcher = self.catalog.plain_matchers.get(language)
                self._plain[language] = matcher.scan(self.doc) if matcher else []
            hits.extend(self._plain[language])
        return hits
