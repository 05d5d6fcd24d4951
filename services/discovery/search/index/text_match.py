"""The text filter: full text over name, bio, topics and tags, or a fuzzy handle match.

Both halves answer as the table's `tsv @@ websearch_to_tsquery('simple', text) OR handle % text`
would: the query comes parsed from PostgreSQL (TextQuery), and handle similarity is pg_trgm's
(shared trigrams / all trigrams of both, in float4, against pg_trgm.similarity_threshold).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from services.discovery.search.index.segment import Mask, Segment
from services.discovery.search.index.tsquery import Evaluated, evaluate

PARSE = ("SELECT websearch_to_tsquery('simple', $1)::text, show_trgm($2),"
         " current_setting('pg_trgm.similarity_threshold')::float8")


@dataclass(frozen=True, slots=True)
class TextQuery:
    tsquery: str
    trigrams: Sequence[str]
    threshold: float


def handle_query(text: str) -> str:
    """What the handle is compared with: '@Some.One ' → 'some.one'."""
    return text.strip().lstrip("@").lower()


def _similar_handles(segment: Segment, query: TextQuery) -> Mask:
    mask = np.zeros(segment.size, dtype=np.bool_)
    if not query.trigrams:
        return mask
    hits = np.concatenate([segment.trigrams.rows_of(t) for t in query.trigrams])
    rows, shared = np.unique(hits, return_counts=True)
    union = segment.trigram_counts[rows] + len(query.trigrams) - shared
    similarity = shared.astype(np.float32) / union.astype(np.float32)
    mask[rows[similarity >= query.threshold]] = True
    return mask


def text_mask(segment: Segment, query: TextQuery) -> Evaluated:
    """Rows matching the text; inexact (a superset) when the query holds a phrase."""
    words = evaluate(query.tsquery, segment.lexemes.entries_of, segment.size)
    return Evaluated(words.mask | _similar_handles(segment, query), words.exact)
