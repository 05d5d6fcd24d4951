import math

from discovery_unit_factories import PROVENANCE, account_doc, make_profile

from services.discovery.domain.vectors import VECTOR_DIMENSION, profile_vector


def _cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def test_vectors_have_the_fixed_dimension_and_are_deterministic() -> None:
    first = profile_vector(make_profile())
    assert first is not None and len(first) == VECTOR_DIMENSION
    assert first == profile_vector(make_profile())


def test_similar_audiences_and_topics_are_closer_than_different_ones() -> None:
    base = profile_vector(make_profile())
    similar_audience = {
        "provenance": PROVENANCE,
        "countries": {"ES": 0.6, "MX": 0.1},
        "gender": {"female": 0.8, "male": 0.2},
        "languages": {"es": 0.9},
    }
    similar = profile_vector(make_profile(accounts=[account_doc(audience=similar_audience)]))
    other_audience = {
        "provenance": PROVENANCE,
        "countries": {"JP": 0.9},
        "gender": {"male": 0.9},
        "languages": {"ja": 0.95},
    }
    other = profile_vector(make_profile(topics=["gaming"], accounts=[account_doc(audience=other_audience)]))
    assert base and similar and other
    assert _cosine(base, similar) > 0.8 > _cosine(base, other)


def test_profile_without_audience_or_topics_has_no_vector() -> None:
    assert profile_vector(make_profile(topics=[], accounts=[account_doc(audience=None)])) is None
