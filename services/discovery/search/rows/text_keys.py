"""How free text that filters compare (cities, brands) is keyed: case and the spaces around it
aside, on the stored side and the filter's alike."""


def folded(text: str) -> str:
    return text.strip().casefold()
