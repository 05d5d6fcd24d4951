"""Country names → ISO codes, and the languages an audience in a country is reached in.

The name table covers every country in the Instagram top-1000 dataset plus the other large
influencer markets; names not listed are reported as unknown rather than guessed.
"""

from types import MappingProxyType

_NAMES: dict[str, str] = {
    "Albania": "AL", "Algeria": "DZ", "Argentina": "AR", "Australia": "AU", "Austria": "AT",
    "Bangladesh": "BD", "Belgium": "BE", "Brazil": "BR", "Canada": "CA", "Chile": "CL",
    "China": "CN", "Colombia": "CO", "Czech Republic": "CZ", "Czechia": "CZ", "Denmark": "DK",
    "Ecuador": "EC", "Egypt": "EG", "Ethiopia": "ET", "Finland": "FI", "France": "FR",
    "Germany": "DE", "Greece": "GR", "Hong Kong": "HK", "Hungary": "HU", "India": "IN",
    "Indonesia": "ID", "Iran": "IR", "Iraq": "IQ", "Ireland": "IE", "Israel": "IL",
    "Italy": "IT", "Japan": "JP", "Jordan": "JO", "Kazakhstan": "KZ", "Kenya": "KE",
    "Kuwait": "KW", "Lebanon": "LB", "Malaysia": "MY", "Mexico": "MX", "Morocco": "MA",
    "Netherlands": "NL", "New Zealand": "NZ", "Nigeria": "NG", "Norway": "NO", "Pakistan": "PK",
    "Peru": "PE", "Philippines": "PH", "Poland": "PL", "Portugal": "PT", "Qatar": "QA",
    "Romania": "RO", "Russia": "RU", "Saudi Arabia": "SA", "Singapore": "SG",
    "South Africa": "ZA", "South Korea": "KR", "Korea, Republic of": "KR", "Spain": "ES",
    "Sweden": "SE", "Switzerland": "CH", "Syria": "SY", "Taiwan": "TW", "Thailand": "TH",
    "Tunisia": "TN", "Turkey": "TR", "Türkiye": "TR", "Ukraine": "UA",
    "United Arab Emirates": "AE", "United Kingdom": "GB", "United States": "US",
    "USA": "US", "UK": "GB", "Venezuela": "VE", "Vietnam": "VN", "Yemen": "YE",
}  # fmt: skip

COUNTRY_BY_NAME: MappingProxyType[str, str] = MappingProxyType(
    {name.casefold(): code for name, code in _NAMES.items()}
)


def country_code_for_name(name: str) -> str | None:
    """ISO alpha-2 code for an English country name, or None when the name is unknown."""
    return COUNTRY_BY_NAME.get(name.strip().casefold())


# Languages in which a creator can plausibly speak to most of a country's audience: official
# and dominant lingua francas, not every regional language. "en" is listed where it is a
# working language of the online audience (IN, NG, PH …), because that is what decides
# whether the audience understands the content.
_LANGUAGES: dict[str, tuple[str, ...]] = {
    "AE": ("ar", "en"), "AL": ("sq",), "AR": ("es",), "AT": ("de",), "AU": ("en",),
    "BD": ("bn",), "BE": ("nl", "fr", "de"), "BR": ("pt",), "CA": ("en", "fr"),
    "CH": ("de", "fr", "it"), "CL": ("es",), "CN": ("zh",), "CO": ("es",), "CZ": ("cs",),
    "DE": ("de",), "DK": ("da",), "DZ": ("ar", "fr"), "EC": ("es",), "EG": ("ar",),
    "ES": ("es",), "ET": ("am",), "FI": ("fi", "sv"), "FR": ("fr",), "GB": ("en",),
    "GR": ("el",), "HK": ("zh", "en"), "HU": ("hu",), "ID": ("id",), "IE": ("en",),
    "IL": ("he",), "IN": ("hi", "en"), "IQ": ("ar", "ku"), "IR": ("fa",), "IT": ("it",),
    "JO": ("ar",), "JP": ("ja",), "KE": ("sw", "en"), "KR": ("ko",), "KW": ("ar",),
    "KZ": ("kk", "ru"), "LB": ("ar", "fr"), "MA": ("ar", "fr"), "MX": ("es",), "MY": ("ms", "en"),
    "NG": ("en",), "NL": ("nl",), "NO": ("no", "nb", "nn"), "NZ": ("en",), "PE": ("es",),
    "PH": ("tl", "en"), "PK": ("ur", "en"), "PL": ("pl",), "PT": ("pt",), "QA": ("ar",),
    "RO": ("ro",), "RU": ("ru",), "SA": ("ar",), "SE": ("sv",), "SG": ("en", "zh", "ms"),
    "SY": ("ar",), "TH": ("th",), "TN": ("ar", "fr"), "TR": ("tr",), "TW": ("zh",),
    "UA": ("uk", "ru"), "US": ("en", "es"), "VE": ("es",), "VN": ("vi",), "YE": ("ar",),
    "ZA": ("en", "af", "zu"),
}  # fmt: skip

LANGUAGES_BY_COUNTRY: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {code: frozenset(langs) for code, langs in _LANGUAGES.items()}
)
