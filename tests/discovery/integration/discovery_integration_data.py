"""Bodies and files the discovery integration tests share."""

from __future__ import annotations

from typing import Any

LENA: dict[str, Any] = {
    "display_name": "Lena Berg",
    "bio": "Vegan beauty and slow fashion from Berlin",
    "topics": ["beauty", "fashion"], "languages": ["de", "en"], "country": "DE", "city": "Berlin",
    "contact_email": "hello@lenaberg.de", "values": ["animal_welfare", "sustainability"],
    "rate_card": [{"platform": "instagram", "format": "reel",
                   "price": {"amount_minor": 120000, "currency": "EUR"}}],
    "accounts": [{
        "platform": "instagram", "handle": "Lena.Berg", "followers": 84000, "following": 610,
        "avg_likes": 2900, "avg_comments": 85, "observed_at": "2025-05-30T08:00:00Z",
        "audience": {"countries": {"DE": 0.62, "AT": 0.14}, "gender": {"female": 0.81, "male": 0.17},
                     "age": {"18-24": 0.31, "25-34": 0.44}, "languages": {"de": 0.85, "en": 0.1}},
    }],
}  # fmt: skip

CSV_HEADER = ("platform,handle,followers,avg_likes,avg_comments,display_name,bio,topics,languages,"
              "country,values,audience_countries,audience_gender,audience_age,rate_card,rate_currency,"
              "contact_email,observed_at\n")


def csv_row(handle: str, followers: int, **fields: str) -> str:
    values = {"platform": "instagram", "avg_likes": str(followers // 30), "avg_comments": "40",
              "display_name": handle.title(), "bio": "", "topics": "beauty", "languages": "de",
              "country": "DE", "values": "", "audience_countries": "DE:0.5|AT:0.2",
              "audience_gender": "female:0.7|male:0.3", "audience_age": "25-34:0.4",
              "rate_card": "", "rate_currency": "", "contact_email": "",
              "observed_at": "2025-05-01T00:00:00Z", **fields}
    order = CSV_HEADER.strip().split(",")
    values |= {"handle": handle, "followers": str(followers)}
    return ",".join(values[column] for column in order) + "\n"
