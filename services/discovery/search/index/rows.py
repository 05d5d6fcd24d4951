"""How the index reads `account_search`: set-based, so no value crosses to Python per row.

Every query numbers the rows it reads by physical position (ctid) within one REPEATABLE READ
snapshot, so row n is the same account in all of them. Figures come as one binary COPY of
fixed-width columns (a missing figure as NaN); every list, label and text token comes grouped,
as the row numbers holding it (array_send: a binary int4 array). Text search is PostgreSQL's
own: lexemes (with their positions, for phrases) from the tsvector, trigrams from show_trgm,
so the index tokenises as the table does.
"""

from __future__ import annotations

# Numbering and grouping a million rows spill to disk at the default 4 MB (the sort by ctid
# alone takes 24 MB; grouping 2M lexemes ~450 MB).
LOAD_SETTINGS = "SET LOCAL work_mem = '512MB'"
# Which rows: a workspace, or what transactions at or past a horizon wrote in it, but for the
# transactions whose rows the index holds already ($3): a snapshot shows a transaction's rows
# all or none, so its id names that very write. A transaction running anywhere in the cluster
# holds the horizon back; without $3 every refresh would read again all written since.
ALL = "workspace_id = $1"
WRITTEN_SINCE = "workspace_id = $1 AND written_by >= $2 AND written_by <> ALL($3::bigint[])"
NUMBERED = ("SELECT (row_number() OVER (ORDER BY ctid) - 1)::int4 AS rn, *"
            " FROM discovery.account_search WHERE {rows}")
FIGURES = (
    "SELECT account_id, influencer_id, followers, coalesce(engagement_rate, 'NaN'),"
    " coalesce(growth_30d, 'NaN'), coalesce(authenticity::float8, 'NaN'),"
    " coalesce(extract(epoch FROM last_posted_at)::float8, 'NaN'), has_contact, written_by"
    " FROM discovery.account_search WHERE {rows} ORDER BY ctid"
)
# name → the values each row holds for it (set-returning where a row holds several).
VALUES = {
    "platform": "r.platform", "tier": "r.tier", "country": "r.country",
    "account_type": "r.account_type", "city": "r.city",
    "topics": "unnest(r.topics)", "languages": "unnest(r.languages)", "causes": "unnest(r.causes)",
    "flags": "unnest(r.flags)", "brands": "unnest(r.brands)",
    "trigrams": "unnest(show_trgm(r.handle))",
}
# name → (value, number) entries of each row; a composite value joins its parts with U+001F.
PRICES = "FROM jsonb_array_elements(r.prices) p(price)"
ENTRIES = {
    "audience": ("d.dimension || chr(31) || s.value, s.share::float8 FROM jsonb_each(r.audience)"
                 " d(dimension, shares), jsonb_each_text(d.shares) s(value, share)"),
    "prices": ("(p.price->>'format') || chr(31) || (p.price->>'currency'),"
               f" (p.price->>'amount_minor')::float8 {PRICES}"),
    "prices_by_currency": f"p.price->>'currency', (p.price->>'amount_minor')::float8 {PRICES}",
}
# One scan each: every name's (name, value, its rows[, their numbers]).
GROUPED = (
    "SELECT x.name, x.value, array_send(array_agg(r.rn)) FROM ({numbered}) r CROSS JOIN LATERAL ("
    + " UNION ALL ".join(f"SELECT '{name}', {value}" for name, value in VALUES.items())
    + ") x(name, value) WHERE x.value IS NOT NULL GROUP BY x.name, x.value"
)
GROUPED_ENTRIES = (
    "SELECT x.name, x.value, array_send(array_agg(r.rn)), array_send(array_agg(x.number))"
    " FROM ({numbered}) r CROSS JOIN LATERAL ("
    + " UNION ALL ".join(f"SELECT '{name}', {entry}" for name, entry in ENTRIES.items())
    + ") x(name, value, number) GROUP BY x.name, x.value"
)

# As GROUPED_ENTRIES, each lexeme with its positions: an entry per position (a lexeme the text
# holds twice is in the row's postings twice). A query of its own: grouped with the other
# entries, it took three times as long as alone.
LEXEMES = (
    "SELECT 'lexemes', t.lexeme, array_send(array_agg(r.rn)), array_send(array_agg(p.position::float8))"
    " FROM ({numbered}) r CROSS JOIN LATERAL unnest(r.tsv) t(lexeme, positions, weights)"
    " CROSS JOIN LATERAL unnest(t.positions) p(position) GROUP BY t.lexeme"
)


def figures(rows: str) -> str:
    return FIGURES.format(rows=rows)


def grouped(rows: str) -> str:
    return GROUPED.format(numbered=NUMBERED.format(rows=rows))


def grouped_entries(rows: str) -> str:
    return GROUPED_ENTRIES.format(numbered=NUMBERED.format(rows=rows))


def lexemes(rows: str) -> str:
    return LEXEMES.format(numbered=NUMBERED.format(rows=rows))


# Removed since, and not written again (a write and the tombstone it replaces come in either
# order of transaction ids).
REMOVED_SINCE = (
    "SELECT r.account_id FROM discovery.account_search_removals r"
    " WHERE r.workspace_id = $1 AND r.written_by >= $2 AND NOT EXISTS ("
    "SELECT FROM discovery.account_search s WHERE s.account_id = r.account_id)"
)
HORIZON = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
EXPORT_SNAPSHOT = "SELECT pg_export_snapshot()"
SET_SNAPSHOT = "SET TRANSACTION SNAPSHOT '{snapshot}'"  # an id pg_export_snapshot made
# One round trip for the usual answer, "nothing new": the horizon, how many rows were written
# and whether any was removed.
CHANGES = (
    f"SELECT ({HORIZON}), (SELECT count(*) FROM discovery.account_search WHERE {WRITTEN_SINCE}),"
    f" EXISTS ({REMOVED_SINCE})"
)

