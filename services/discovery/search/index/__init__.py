"""Discovery's in-memory search index: every workspace's search rows as columns and postings.

Why not SQL: a search combines 3–6 filters, many of them broad (a popular topic, a country,
an audience share), and is selective only in combination. PostgreSQL answers those by ANDing
bitmaps built from long posting lists, 40–150 ms at 1M accounts however it is planned (see
docs/discovery.md). Vectorised masks over columns in memory cost about 1 ms a filter.
PostgreSQL stays the source of truth: the index is loaded from `account_search` and kept
current from it (see workspace_index.py); hits are read back from the table.
"""
