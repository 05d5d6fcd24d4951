"""The jurisdictions issue 4 requires rules for (EU is the baseline for member states)."""

ISSUE_JURISDICTIONS = frozenset({
    "US", "GB", "EU", "DE", "FR", "ES", "IT", "NL", "PL", "LV", "LT", "EE", "SE", "NO", "DK",
    "CA", "AU", "IN", "BR", "JP",
})
