"""The closed topic taxonomy and how third-party category names map onto it.

Topics are flat ids grouped into a handful of families; the family lets fit scoring give
partial credit to a neighbouring niche (a football creator for a basketball brief).
"""

from types import MappingProxyType

from shared.vocabulary import Topic

_FAMILIES: dict[str, tuple[Topic, ...]] = {
    "entertainment": (Topic.MUSIC, Topic.FILM_TV, Topic.COMEDY, Topic.DANCE, Topic.CELEBRITY),
    "arts_media": (
        Topic.ART_DESIGN,
        Topic.PHOTOGRAPHY,
        Topic.BOOKS_LITERATURE,
        Topic.NEWS_POLITICS,
    ),
    "style": (Topic.FASHION, Topic.BEAUTY, Topic.MODELING, Topic.LUXURY, Topic.SHOPPING_DEALS),
    "living": (
        Topic.LIFESTYLE,
        Topic.HOME_DECOR,
        Topic.PARENTING_FAMILY,
        Topic.RELATIONSHIPS,
        Topic.FOOD_DRINK,
        Topic.TRAVEL,
        Topic.NATURE_OUTDOORS,
        Topic.PETS_ANIMALS,
        Topic.DIY_CRAFTS,
        Topic.KIDS_TOYS,
    ),
    "health": (Topic.FITNESS, Topic.HEALTH_WELLNESS),
    "sports": (
        Topic.BALL_SPORTS,
        Topic.MOTORSPORT,
        Topic.BOARD_WATER_WINTER_SPORTS,
        Topic.COMBAT_SPORTS,
    ),
    "tech_knowledge": (Topic.GAMING, Topic.TECHNOLOGY, Topic.SCIENCE, Topic.EDUCATION),
    "money": (Topic.BUSINESS_CAREERS, Topic.FINANCE, Topic.CRYPTO_WEB3, Topic.AUTOMOTIVE),
}

TOPIC_FAMILY: MappingProxyType[Topic, str] = MappingProxyType(
    {topic: family for family, topics in _FAMILIES.items() for topic in topics}
)


def same_family(a: Topic, b: Topic) -> bool:
    return TOPIC_FAMILY[a] == TOPIC_FAMILY[b]


# HypeAuditor-style category names (as in the Instagram top-1000 dataset) → taxonomy.
# "Adult content" is deliberately absent: it is a brand-safety flag, not a niche
# (see ingest.presets.hypeauditor_instagram).
HYPEAUDITOR_CATEGORY_TOPICS: MappingProxyType[str, Topic] = MappingProxyType(
    {
        "Music": Topic.MUSIC,
        "Cinema & Actors/actresses": Topic.FILM_TV,
        "Shows": Topic.FILM_TV,
        "Humor & Fun & Happiness": Topic.COMEDY,
        "Comics & sketches": Topic.COMEDY,
        "Art/Artists": Topic.ART_DESIGN,
        "Photography": Topic.PHOTOGRAPHY,
        "Literature & Journalism": Topic.BOOKS_LITERATURE,
        "Politics": Topic.NEWS_POLITICS,
        "Fashion": Topic.FASHION,
        "Clothing & Outfits": Topic.FASHION,
        "Beauty": Topic.BEAUTY,
        "Modeling": Topic.MODELING,
        "Luxury": Topic.LUXURY,
        "Shopping & Retail": Topic.SHOPPING_DEALS,
        "Lifestyle": Topic.LIFESTYLE,
        "Family": Topic.PARENTING_FAMILY,
        "Kids & Toys": Topic.KIDS_TOYS,
        "Fitness & Gym": Topic.FITNESS,
        "Trainers & Coaches": Topic.FITNESS,
        "Food & Cooking": Topic.FOOD_DRINK,
        "Travel": Topic.TRAVEL,
        "Nature & landscapes": Topic.NATURE_OUTDOORS,
        "Animals": Topic.PETS_ANIMALS,
        "Sports with a ball": Topic.BALL_SPORTS,
        "Racing Sports": Topic.MOTORSPORT,
        "Winter sports": Topic.BOARD_WATER_WINTER_SPORTS,
        "Water sports": Topic.BOARD_WATER_WINTER_SPORTS,
        "Gaming": Topic.GAMING,
        "Computers & Gadgets": Topic.TECHNOLOGY,
        "Machinery & Technologies": Topic.TECHNOLOGY,
        "Science": Topic.SCIENCE,
        "Education": Topic.EDUCATION,
        "Business & Careers": Topic.BUSINESS_CAREERS,
        "Management & Marketing": Topic.BUSINESS_CAREERS,
        "Finance & Economics": Topic.FINANCE,
        "NFT": Topic.CRYPTO_WEB3,
        "Cars & Motorbikes": Topic.AUTOMOTIVE,
    }
)
