"""Presets by name, and detection from a CSV header."""

from collections.abc import Sequence

from services.discovery.profile_import.parsing.presets.base import CsvPreset
from services.discovery.profile_import.parsing.presets.canonical import CanonicalCsv
from services.discovery.profile_import.parsing.presets.hypeauditor_instagram import HypeAuditorInstagram

# Most specific first: detection takes the first preset whose header test passes.
PRESETS: dict[str, CsvPreset] = {preset.name: preset for preset in (HypeAuditorInstagram(), CanonicalCsv())}


class UnknownPreset(ValueError):
    pass


def preset_named(name: str) -> CsvPreset:
    try:
        return PRESETS[name]
    except KeyError:
        known = ", ".join(sorted(PRESETS))
        raise UnknownPreset(f"unknown preset {name!r}; known presets: {known}") from None


def detect_preset(header: Sequence[str]) -> CsvPreset | None:
    return next((p for p in PRESETS.values() if p.matches(header)), None)
