"""The closed set of platforms and account kinds the product knows."""

from enum import StrEnum

from shared.vocabulary import Platform

# Platforms whose reach is measured in views, so ER by views is meaningful there.
VIDEO_PLATFORMS: frozenset[Platform] = frozenset({Platform.YOUTUBE, Platform.TIKTOK, Platform.TWITCH})


class AccountType(StrEnum):
    REGULAR = "regular"
    BUSINESS = "business"
    CREATOR = "creator"

