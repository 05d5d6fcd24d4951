"""Is a found disclosure clear and conspicuous where it sits? One verdict per position rule."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from services.compliance.disclosure_engine.document import Document, Token
from services.compliance.disclosure_engine.platforms import Fold
from services.compliance.rules.models import HashtagBlockRule, Placement, Position


class PlacementProblem(Enum):
    IN_HASHTAG_BLOCK = "label_in_hashtag_block"
    BELOW_FOLD = "label_below_fold"
    NOT_AT_START = "label_not_at_start"


@dataclass(frozen=True, slots=True)
class SpotToCheck:
    start: int
    token: Token | None  # None for plain-language sentences


def placement_problem(
    doc: Document, spot: SpotToCheck, rule: Placement, fold: Fold | None
) -> PlacementProblem | None:
    token = spot.token
    if token is not None and token.hashtag_ordinal >= 0:
        if rule.hashtag_block is HashtagBlockRule.FIRST_N:
            if token.hashtag_ordinal < rule.first_hashtags:
                return None
            if token.cluster is not None:
                return PlacementProblem.IN_HASHTAG_BLOCK
        elif _buried(token, rule.hashtag_block):
            return PlacementProblem.IN_HASHTAG_BLOCK
    if rule.position is Position.ANYWHERE:
        return None
    if fold is not None and _below_fold(doc, spot.start, fold):
        return PlacementProblem.BELOW_FOLD
    if rule.position is Position.START and spot.start - doc.layout.content_start > rule.start_window_chars:
        return PlacementProblem.NOT_AT_START
    if rule.position is Position.FIRST_WORD and spot.start != doc.layout.content_start:
        return PlacementProblem.NOT_AT_START
    return None


def _buried(token: Token, rule: HashtagBlockRule) -> bool:
    if token.cluster is None or rule is HashtagBlockRule.ALLOWED:
        return False
    position, size = token.cluster
    if rule is HashtagBlockRule.START_OR_END:
        return 0 < position < size - 1
    return not (position == 0 and token.cluster_at_start)


def _below_fold(doc: Document, start: int, fold: Fold) -> bool:
    if start - doc.layout.content_start >= fold.chars:
        return True
    return doc.text.count("\n", doc.layout.content_start, start) >= fold.lines
