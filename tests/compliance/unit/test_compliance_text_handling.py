"""Normalisation, tokenisation and language detection."""

from __future__ import annotations

from services.compliance.disclosure_engine.document import TokenKind, prepare
from services.compliance.disclosure_engine.language import DETECTOR, detect_language
from services.compliance.disclosure_engine.normalise import normalise


def test_folding_removes_width_case_invisible_marks_and_diacritics() -> None:
    assert normalise("ＲＥＫＬĀ\u200bMA Łódź").text == "reklama lodz"


def test_folded_spans_map_back_to_the_original_text() -> None:
    original = "👟 ＃ａｄ Wer\u00adbung"
    norm = normalise(original)
    start = norm.text.index("werbung")
    first, last = norm.original_span(start, start + len("werbung"))
    assert original[first:last] == "Wer\u00adbung"


def test_a_span_keeps_the_combining_marks_of_its_last_letter() -> None:
    for original, word in (("#Publicite\u0301 ok", "publicite"), ("ﾌﾟﾛﾓｰｼｮﾝﾌﾞ", "プロモーションブ")):
        norm = normalise(original)
        start = norm.text.index(word)
        first, last = norm.original_span(start, start + len(word))
        assert original[first:last] == original.removesuffix(" ok").lstrip("#"), original


def test_ascii_text_keeps_identity_offsets() -> None:
    norm = normalise("#Ad here")
    assert norm.origin is None and norm.original_span(0, 3) == (0, 3)


def test_urls_and_mentions_are_not_word_tokens() -> None:
    doc = prepare("see https://x.com/ad?sponsored=1 and @ad_shop #ad")
    kinds = {(t.kind, t.text) for t in doc.layout.tokens}
    assert (TokenKind.HASHTAG, "ad") in kinds
    assert (TokenKind.MENTION, "ad_shop") in kinds
    assert not any(t.text in {"sponsored", "x"} for t in doc.layout.tokens)


def test_trailing_hashtags_form_a_cluster() -> None:
    doc = prepare("Nice day\n#a #b #c #d")
    clusters = [t.cluster for t in doc.layout.tokens if t.kind is TokenKind.HASHTAG]
    assert clusters == [(0, 4), (1, 4), (2, 4), (3, 4)]


def test_detects_languages_from_stopwords() -> None:
    samples = {
        "en": "I love these shoes and they are the best for my runs",
        "de": "Ich liebe diese Schuhe und sie sind die besten für mich",
        "fr": "J'adore ces chaussures et elles sont les meilleures pour moi, je vous les conseille",
        "es": "Me encantan estas zapatillas y son las mejores para mi, muy cómodas",
        "it": "Adoro queste scarpe e sono le migliori per me, molto comode anche oggi",
        "nl": "Ik ben dol op deze schoenen en ze zijn echt de beste voor mij",
        "pl": "Uwielbiam te buty i są dla mnie najlepsze, jestem bardzo zadowolona",
        "pt": "Amo estes tênis e são os melhores para mim, muito confortáveis hoje",
        "ja": "このランニングシューズはとても履きやすいです",
        "zh": "这双跑鞋非常舒适",
    }
    for language, text in samples.items():
        detected = detect_language(prepare(text))
        assert detected.code == language, (language, detected)
        assert detected.detector == DETECTOR


def test_hashtag_only_caption_is_undetermined() -> None:
    detected = detect_language(prepare("#ootd #fashion #style"))
    assert (detected.code, detected.confidence) == ("und", 0.0)
