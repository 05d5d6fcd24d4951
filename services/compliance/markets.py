"""The market codes a check accepts: ISO 3166-1 alpha-2, plus the aliases the rule catalog knows.

A well-formed code without a rule set (e.g. `MX`) is still checked, with a finding that no rules
exist for it; only codes that name no country at all are refused as bad input.
"""

from __future__ import annotations

_ASSIGNED = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
ISO_3166_ALPHA2 = frozenset(_ASSIGNED.split())
# `UK` and `EL` are the EU's own spellings of GB and GR; `EU` names the EU baseline itself.
ALIASES = frozenset({"UK", "EL", "EU"})
MARKET_CODES = ISO_3166_ALPHA2 | ALIASES
_SAME_MARKET = (("GB", "UK"), ("GR", "EL"))


def market_code(value: str) -> str:
    """The upper-case market code, or ValueError naming what is wrong."""
    code = value.strip().upper()
    if code not in MARKET_CODES:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def spellings(code: str) -> list[str]:
    """Every code a check of this market may be stored under: one made for UK is one for GB."""
    return next((list(codes) for codes in _SAME_MARKET if code in codes), [code])
