"""Image labels some markets require besides the sponsorship label (FR retouched / virtual
images; NO retouched-body mark, which sits on the image and so needs a person to look)."""

from __future__ import annotations

from services.compliance.disclosure_engine.context import CheckContext
from services.compliance.disclosure_engine.findings import finding, missing, severity_for
from services.compliance.disclosure_engine.models import Finding
from services.compliance.disclosure_engine.normalise import fold
from services.compliance.rules.catalog import MarketRules
from services.compliance.rules.models import SpecialCategory, SpecialKind, SpecialMode
from shared.vocabulary import Relationship


def special_category_findings(ctx: CheckContext, market: MarketRules) -> list[Finding]:
    edits = ctx.request.image_edited
    if edits is None or ctx.request.relationship is Relationship.NONE:
        return []
    flagged = {SpecialKind.RETOUCHED: edits.retouched, SpecialKind.AI_GENERATED: edits.ai_generated}
    return [
        item
        for category in market.rules.special
        if flagged[category.kind]
        for item in _check(ctx, market, category)
    ]


def _check(ctx: CheckContext, market: MarketRules, category: SpecialCategory) -> list[Finding]:
    kind = category.kind.value.replace("_", "-")
    if category.mode is SpecialMode.TEXT_LABEL:
        if any(fold(label) in ctx.doc.text for label in category.labels):
            return []
        label = category.labels[0]
        return [
            finding(
                "missing_image_label",
                market.market,
                severity_for(category.certainty),
                f"{market.market} requires a label on {kind} images in commercial content",
                missing(f"the label '{label}'"),
                f"add '{label}' to the image and caption",
                category.source,
            )
        ]
    what = "a mark on the image itself" if category.mode is SpecialMode.IMAGE_MARK else "a rule"
    return [
        finding(
            "missing_image_label",
            market.market,
            severity_for(category.certainty, firm=False),
            f"{market.market} has {what} for {kind} images that text cannot show; check the image",
            missing(f"the {kind}-image mark required in {market.market}"),
            "; ".join(category.labels) or None,
            category.source,
        )
    ]
