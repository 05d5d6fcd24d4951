"""Where each platform cuts a caption behind "more", by platform and format.

The cut decides whether a label is "upfront". Instagram's (~125 characters or 3 lines on mobile)
is the one regulators cite (FTC, ASA); the others are approximate display limits of the feed views
and are kept here, in one place, to be tuned. `None` = the whole text is shown (or there is no cut
that a regulator has discussed), so only the jurisdiction's own position rule applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.vocabulary import ContentFormat, Platform

VIDEO_FORMATS = frozenset(
    {ContentFormat.REEL, ContentFormat.SHORT, ContentFormat.VIDEO, ContentFormat.LIVESTREAM}
)


@dataclass(frozen=True, slots=True)
class Fold:
    chars: int
    lines: int


_FOLDS: dict[Platform, Fold] = {
    Platform.INSTAGRAM: Fold(chars=125, lines=3),
    Platform.TIKTOK: Fold(chars=100, lines=2),
    Platform.YOUTUBE: Fold(chars=100, lines=2),
    Platform.FACEBOOK: Fold(chars=250, lines=5),
    Platform.LINKEDIN: Fold(chars=210, lines=3),
    Platform.PINTEREST: Fold(chars=60, lines=2),
}


def fold_for(platform: Platform, content_format: ContentFormat) -> Fold | None:
    if content_format is ContentFormat.STORY:
        return None  # story text is overlaid on the frame, nothing is folded away
    return _FOLDS.get(platform)
