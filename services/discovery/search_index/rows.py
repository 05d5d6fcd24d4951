"""How the index reads `account_search`: set-based, so no value crosses to Python per row.

Every query numbers the rows it reads by physical position (ctid) within one REPEATABLE READ
snapshot, so row n is the same account in all of them. Figures come as one binary COPY of
fixed-width columns (a missing figure as NaN); every list, label and text token comes grouped,
as the positions holding it (array_send: a binary int4 array). Text search is PostgreSQL's own:
lexemes from the tsvector, trigrams from show_trgm, so the index tokenises as the table does.
"""

from __future__ import annotations

# Which rows: a workspace, or what transactions at or past a horizon wrote in it.
ALL = "workspace_id = $1"
WRITTEN_SINCE = "workspace_id = $1 AND written_by >= $2"
NUMBERED = ("SELECT (row_number() OVER (ORDER BY ctid) - 1)::int4 AS rn, *"
            " FROM discovery.account_search WHERE {rows}")
FIGURES = (
    "SELECT account_id, influencer_id, followers, coalesce(engagement_rate, 'NaN'),"
    " coalesce(growth_30d, 'NaN'), coalesce(authenticity::float8, 'NaN'),"
    " coalesce(extract(epoch FROM last_posted_at)::float8, 'NaN'), has_contact, written_by,"
    " cardinality(show_trgm(handle))::int4 FROM discovery.account_search WHERE {rows} ORDER BY ctid"
)
# name → the value each row holds for it (set-returning where a row holds several).
VALUES = {
    "platform": "r.platform", "tier": "r.tier", "country": "r.country",
    "account_type": "r.account_type", "city": "r.city",
    "topics": "unnest(r.topics)", "languages": "unnest(r.languages)", "causes": "unnest(r.causes)",
    "flags": "unnest(r.flags)", "brands": "unnest(r.brands)",
    "lexemes": "unnest(tsvector_to_array(r.tsv))", "trigrams": "unnest(show_trgm(r.handle))",
}
GROUPED = ("SELECT v.value, array_send(array_agg(v.rn)) FROM (SELECT r.rn, {value} AS value"
           " FROM ({numbered}) r) v WHERE v.value IS NOT NULL GROUP BY v.value")
# name → (key, number) entries of each row; the key joins its parts with U+001F.
ENTRIES = {
    "audience": "FROM ({numbered}) r, jsonb_each(r.audience) d(dimension, shares),"
                " jsonb_each_text(d.shares) s(value, share)",
    "prices": "FROM ({numbered}) r, jsonb_array_elements(r.prices) p(price)",
}
ENTRY_VALUES = {
    "audience": ("d.dimension || chr(31) || s.value", "s.share::float8"),
    "prices": ("(p.price->>'format') || chr(31) || (p.price->>'currency')",
               "(p.price->>'amount_minor')::float8"),
    "prices_by_currency": ("p.price->>'currency'", "(p.price->>'amount_minor')::float8"),
}
ENTRY_SOURCE = {"audience": "audience", "prices": "prices", "prices_by_currency": "prices"}
GROUPED_ENTRIES = ("SELECT {key} AS value, array_send(array_agg(r.rn)), array_send(array_agg({number}))"
                   " {source} GROUP BY 1")

REMOVED_SINCE = (
    "SELECT account_id, written_by FROM discovery.account_search_removals"
    " WHERE workspace_id = $1 AND written_by >= $2"
)
HORIZON = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
# One round trip for the usual answer, "nothing new": the horizon and whether to read more.
CHANGES = (
    f"SELECT ({HORIZON}), EXISTS (SELECT FROM discovery.account_search WHERE {WRITTEN_SINCE}),"
    f" EXISTS ({REMOVED_SINCE})"
)


def figures(rows: str) -> str:
    return FIGURES.format(rows=rows)


def grouped(name: str, rows: str) -> str:
    return GROUPED.format(value=VALUES[name], numbered=NUMBERED.format(rows=rows))


def grouped_entries(name: str, rows: str) -> str:
    key, number = ENTRY_VALUES[name]
    source = ENTRIES[ENTRY_SOURCE[name]].format(numbered=NUMBERED.format(rows=rows))
    return GROUPED_ENTRIES.format(key=key, number=number, source=source)
