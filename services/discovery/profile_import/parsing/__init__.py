"""Streaming import of influencer profiles from NDJSON and CSV (pure: bytes in, rows out)."""
