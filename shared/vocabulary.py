"""Closed vocabularies every service uses the same way (DESIGN §5, §7).

A campaign's persona is written in the words discovery's search and match read, a deliverable in
the formats compliance checks and tracking measures: one definition each, here.
"""

from __future__ import annotations

from enum import StrEnum


class Platform(StrEnum):
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"
    X = "x"
    FACEBOOK = "facebook"
    TWITCH = "twitch"
    PINTEREST = "pinterest"
    LINKEDIN = "linkedin"
    SNAPCHAT = "snapchat"
    BLOG = "blog"


class ContentFormat(StrEnum):
    """What a deliverable, a rate-card price, a check or a post is. Discovery once said `live`
    and compliance `blog`: both spellings are still read, as `livestream` and `article`."""

    POST = "post"
    CAROUSEL = "carousel"
    STORY = "story"
    REEL = "reel"
    SHORT = "short"
    VIDEO = "video"
    LIVESTREAM = "livestream"
    ARTICLE = "article"
    PIN = "pin"

    @classmethod
    def _missing_(cls, value: object) -> ContentFormat | None:
        return _FORMAT_SPELLINGS.get(value) if isinstance(value, str) else None


_FORMAT_SPELLINGS = {"live": ContentFormat.LIVESTREAM, "blog": ContentFormat.ARTICLE}
LEGACY_FORMAT_SPELLINGS: dict[str, str] = {old: new.value for old, new in _FORMAT_SPELLINGS.items()}


class Relationship(StrEnum):
    """What ties a creator to the brand, which decides the disclosure a post owes."""

    PAID = "paid"
    GIFTED = "gifted"
    AFFILIATE = "affiliate"
    EMPLOYEE = "employee"
    OWN_BRAND = "own_brand"
    NONE = "none"


class FollowerTier(StrEnum):
    """An account's size by followers (bounds and ER benchmarks in `shared.tiers`); budgets allocate by it."""

    NANO = "nano"
    MICRO = "micro"
    MID = "mid"
    MACRO = "macro"
    MEGA = "mega"


class AgeBracket(StrEnum):
    A13_17 = "13-17"
    A18_24 = "18-24"
    A25_34 = "25-34"
    A35_44 = "35-44"
    A45_54 = "45-54"
    A55_64 = "55-64"
    A65_PLUS = "65+"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Topic(StrEnum):
    MUSIC = "music"
    FILM_TV = "film_tv"
    COMEDY = "comedy"
    DANCE = "dance"
    CELEBRITY = "celebrity"
    ART_DESIGN = "art_design"
    PHOTOGRAPHY = "photography"
    BOOKS_LITERATURE = "books_literature"
    NEWS_POLITICS = "news_politics"
    FASHION = "fashion"
    BEAUTY = "beauty"
    MODELING = "modeling"
    LUXURY = "luxury"
    LIFESTYLE = "lifestyle"
    HOME_DECOR = "home_decor"
    PARENTING_FAMILY = "parenting_family"
    RELATIONSHIPS = "relationships"
    FITNESS = "fitness"
    HEALTH_WELLNESS = "health_wellness"
    FOOD_DRINK = "food_drink"
    TRAVEL = "travel"
    NATURE_OUTDOORS = "nature_outdoors"
    PETS_ANIMALS = "pets_animals"
    BALL_SPORTS = "ball_sports"
    MOTORSPORT = "motorsport"
    BOARD_WATER_WINTER_SPORTS = "board_water_winter_sports"
    COMBAT_SPORTS = "combat_sports"
    GAMING = "gaming"
    TECHNOLOGY = "technology"
    SCIENCE = "science"
    EDUCATION = "education"
    BUSINESS_CAREERS = "business_careers"
    FINANCE = "finance"
    CRYPTO_WEB3 = "crypto_web3"
    AUTOMOTIVE = "automotive"
    SHOPPING_DEALS = "shopping_deals"
    DIY_CRAFTS = "diy_crafts"
    KIDS_TOYS = "kids_toys"


class Cause(StrEnum):
    SUSTAINABILITY = "sustainability"
    ANIMAL_WELFARE = "animal_welfare"
    BODY_POSITIVITY = "body_positivity"
    MENTAL_HEALTH = "mental_health"
    DIVERSITY_INCLUSION = "diversity_inclusion"
    LGBTQ_RIGHTS = "lgbtq_rights"
    GENDER_EQUALITY = "gender_equality"
    VEGANISM = "veganism"
    CLIMATE_ACTION = "climate_action"
    EDUCATION_ACCESS = "education_access"
    CHARITY = "charity"
    SOBRIETY = "sobriety"
    DISABILITY_ADVOCACY = "disability_advocacy"
    FAIR_TRADE = "fair_trade"
    LOCAL_COMMUNITY = "local_community"


class BrandSafetyFlag(StrEnum):
    ADULT_CONTENT = "adult_content"
    PROFANITY = "profanity"
    VIOLENCE = "violence"
    ALCOHOL = "alcohol"
    TOBACCO_VAPING = "tobacco_vaping"
    DRUGS = "drugs"
    GAMBLING = "gambling"
    WEAPONS = "weapons"
    POLITICS = "politics"
    RELIGION = "religion"
    CONTROVERSY = "controversy"
    MISINFORMATION = "misinformation"
    HATE_SPEECH = "hate_speech"
    UNDISCLOSED_ADS = "undisclosed_ads"


class GoalMetric(StrEnum):
    """What a SMART goal measures, and what tracking reports for every campaign (DESIGN §7).
    `revenue` is in minor units of the campaign currency; `engagement_rate` is engagements per
    reach; `sentiment` is the mean comment score in [-1, 1]."""

    MENTIONS = "mentions"
    REACH = "reach"
    IMPRESSIONS = "impressions"
    VIEWS = "views"
    ENGAGEMENTS = "engagements"
    ENGAGEMENT_RATE = "engagement_rate"
    CLICKS = "clicks"
    CONVERSIONS = "conversions"
    REVENUE = "revenue"
    FOLLOWERS_GAINED = "followers_gained"
    UGC_PIECES = "ugc_pieces"
    SENTIMENT = "sentiment"
