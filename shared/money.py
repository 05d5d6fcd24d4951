"""Money as integer minor units plus an ISO 4217 currency (DESIGN §5): never a float."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shared.codes import CurrencyCode

# PostgreSQL's bigint holds every amount.
MAX_MINOR = 2**63 - 1
MinorUnits = Annotated[int, Field(ge=0, le=MAX_MINOR)]


class Money(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    amount_minor: MinorUnits
    currency: CurrencyCode


# ISO 4217 minor-unit exponents that are not 2 (the list's "minor unit" column): 100 JPY is
# amount_minor 100, 1.500 KWD is amount_minor 1500.
_EXPONENTS: dict[str, int] = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND",
                     "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}


def minor_unit_exponent(currency: str) -> int:
    """Digits after the decimal point of `currency` (2 for most)."""
    return _EXPONENTS.get(currency, 2)


def format_money(amount_minor: int, currency: str) -> str:
    """For people: `1,234.50 USD`, `1,500 JPY`."""
    digits = minor_unit_exponent(currency)
    return f"{amount_minor / 10**digits:,.{digits}f} {currency}" if digits else f"{amount_minor:,} {currency}"
