"""Closed lists of the values/causes an influencer stands for and of brand-safety flags."""

from enum import StrEnum


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
