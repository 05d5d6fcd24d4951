"""`check()`: one caption against the rules of each of its markets."""

from __future__ import annotations

from services.compliance.disclosure_engine.context import CheckContext
from services.compliance.disclosure_engine.document import Document, prepare
from services.compliance.disclosure_engine.guidelines import guideline_findings
from services.compliance.disclosure_engine.jurisdiction import (
    market_findings,
    markets_unknown,
    unknown_market,
)
from services.compliance.disclosure_engine.language import DetectedLanguage, detect_language
from services.compliance.disclosure_engine.models import (
    CheckRequest,
    CheckResult,
    DetectedLanguageInfo,
    Finding,
    MarketVerdict,
)
from services.compliance.disclosure_engine.verdict import strictest, verdict_of
from services.compliance.rules.catalog import RuleCatalog


def check(request: CheckRequest, catalog: RuleCatalog) -> CheckResult:
    doc = prepare(request.text)
    language = _language(request, doc)
    ctx = CheckContext(request=request, doc=doc, language=language, catalog=catalog)
    findings: list[Finding] = []
    markets: list[MarketVerdict] = []
    for code in request.markets:
        found, verdict = _check_market(ctx, code)
        findings.extend(found)
        markets.append(verdict)
    if not request.markets:
        findings.append(markets_unknown())
    findings.extend(guideline_findings(doc, request.guidelines))
    versions = sorted({(m.rule_set, m.rule_set_version) for m in markets if m.rule_set})
    return CheckResult(
        verdict=strictest([verdict_of(findings), *(m.verdict for m in markets)]),
        rule_set_version="+".join(f"{code}@{version}" for code, version in versions),
        language=DetectedLanguageInfo(
            code=language.code, detector=language.detector, confidence=language.confidence
        ),
        markets=markets,
        findings=findings,
    )


def _language(request: CheckRequest, doc: Document) -> DetectedLanguage:
    if request.language:
        return DetectedLanguage(request.language, 1.0, "given")
    return detect_language(doc)


def _check_market(ctx: CheckContext, code: str) -> tuple[list[Finding], MarketVerdict]:
    resolved = ctx.catalog.resolve(code)
    if resolved is None:
        found = [unknown_market(code)]
        return found, MarketVerdict(
            market=code, rule_set=None, rule_set_version=None, verdict=verdict_of(found)
        )
    found = market_findings(ctx, resolved)
    rules = resolved.rules
    return found, MarketVerdict(
        market=code, rule_set=rules.code, rule_set_version=rules.version, verdict=verdict_of(found)
    )
