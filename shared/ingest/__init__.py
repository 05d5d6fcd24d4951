"""Streaming import of CSV and NDJSON files: bytes in chunks of any size, one item per row, in
file order, never holding the file; and the batched writes behind it. What a row becomes is the
importing service's (a `RowReader`)."""
