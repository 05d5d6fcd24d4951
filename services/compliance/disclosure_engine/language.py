"""`stopword-profile-v1`: a small, dependency-free language detector for the rule languages.

How it works: Japanese and Chinese are told by script (any kana → ja; Han without kana → zh).
Latin-script languages are scored by hits on short stopword profiles (folded like the labels, so
diacritics do not matter) plus letters that only some languages use (å, ø, ł, ā, ė, õ, ñ, ß …),
read from the original text.

Limits: short captions and hashtag-only captions carry few or no stopwords, so the confidence
drops and below `MIN_CONFIDENCE` the answer is `und` (undetermined). Close pairs (da/nb, sv/nb,
es/pt, lv/lt) are separated only by a handful of words and letters; a Japanese text written only in
kanji reads as zh; languages outside the profiles read as the nearest profile or `und`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.compliance.disclosure_engine.document import Document

DETECTOR = "stopword-profile-v1"
MIN_CONFIDENCE = 0.3
_MIN_HITS = 2

_PROFILES: dict[str, str] = {
    "en": (
        "the and is are was with for this that you my our your of to in on it be have just i "
        "me we these they from at so but not all out love new get what today thanks"
    ),
    "de": (
        "der die das und ist nicht ich mit fur ein eine auf den dem mein meine sich auch von "
        "sie zu im mir neue neuen sehr schon jetzt hier aber oder wenn dass noch wir ihr sind "
        "war heute bei zum zur uber wie"
    ),
    "fr": (
        "le la les et est une des pour avec dans que qui sur mon ma mes pas ce cette je vous "
        "ne nouvelle nouveau tout mais nous aujourd hui tres sont du au aux"
    ),
    "es": (
        "el la los las y es una con para por que del mi mis este esta muy pero como hoy nuevo "
        "nueva todo me nuestro gracias estoy son"
    ),
    "it": (
        "il lo la gli le e una con per che del della di non sono questo questa mio mia oggi "
        "nuovo nuova tutto ma molto anche nel alla grazie"
    ),
    "nl": (
        "de het een en is van met voor dit deze niet ik mijn wij zijn op ook maar naar nieuwe "
        "echt vandaag heel"
    ),
    "pt": (
        "o os as e um uma com para por que do da dos das meu minha nao muito hoje este esta "
        "novo nova voce obrigado obrigada"
    ),
    "pl": (
        "i w na z nie jest to sie do ze jak moj moja dla przez jestem bardzo dzis tak juz "
        "nowy nowa mnie ten ta"
    ),
    "sv": (
        "och att det ar en som jag med for pa inte har av till den min mitt vi idag ocksa ny nya mig mycket"
    ),
    "nb": (
        "og at det er en som jeg med for pa ikke har av til den min mitt vi idag ogsa veldig ny nye meg fra"
    ),
    "da": (
        "og at det er en som jeg med for pa ikke har af til den min mit vi idag ogsa meget ny nye mig fra"
    ),
    "fi": ("ja on ei se etta olen mina tama kanssa myos niin kuin mutta tanaan minun joka uusi uuden"),
    "et": "ja on ei see et olen mina koos ka aga kui tana minu mis ning seda uus uued mulle",
    "lv": "un ir ar uz par no ka es ta man mans mana sodien loti bet vai ari jaunie jauns manas",
    "lt": "ir yra su i is kad as tai mano labai siandien bet ar del kaip nauji naujas man",
}


def _index_profiles() -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for language, words in _PROFILES.items():
        for word in words.split():
            index[word] = (*index.get(word, ()), language)
    return index


_PROFILE_INDEX = _index_profiles()
_PROFILE_WORDS = frozenset(_PROFILE_INDEX)

_LETTERS: dict[str, tuple[str, ...]] = {
    "å": ("sv", "nb", "da"),
    "ø": ("nb", "da"),
    "æ": ("nb", "da"),
    "ä": ("de", "sv", "fi", "et"),
    "ö": ("de", "sv", "fi", "et"),
    "ü": ("de", "et"),
    "ß": ("de",),
    "õ": ("et", "pt"),
    "ł": ("pl",),
    "ą": ("pl", "lt"),
    "ę": ("pl", "lt"),
    "ś": ("pl",),
    "ż": ("pl",),
    "ź": ("pl",),
    "ć": ("pl",),
    "ń": ("pl",),
    "ā": ("lv",),
    "ē": ("lv",),
    "ī": ("lv",),
    "ņ": ("lv",),
    "ģ": ("lv",),
    "ķ": ("lv",),
    "ļ": ("lv",),
    "ė": ("lt",),
    "ų": ("lt",),
    "į": ("lt",),
    "ñ": ("es",),
    "ã": ("pt",),
    "ç": ("fr", "pt"),
    "è": ("fr", "it"),
    "ê": ("fr", "pt"),
    "à": ("fr", "it"),
    "ò": ("it",),
    "ì": ("it",),
    "ĳ": ("nl",),
}
_LETTER_SET = frozenset(_LETTERS)
_KANA = re.compile("[\u3040-\u30ff]")
_HAN = re.compile("[\u2e80-\u2fff\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class DetectedLanguage:
    code: str
    confidence: float
    detector: str = DETECTOR


def detect_language(doc: Document) -> DetectedLanguage:
    scores: dict[str, int] = {}
    kana = han = 0
    # Each stopword counts once per text: presence is enough and the set test runs in C.
    for word in _PROFILE_WORDS.intersection(doc.word_set):
        for language in _PROFILE_INDEX[word]:
            scores[language] = scores.get(language, 0) + 1
    if doc.has_cjk:
        kana = len(_KANA.findall(doc.text))
        han = len(_HAN.findall(doc.text))
    if han or kana:
        return DetectedLanguage("ja" if kana else "zh", min(1.0, (han + kana) / 4))
    original = doc.norm.original
    if not original.isascii():
        for letter in _LETTER_SET.intersection(original.lower()):
            for language in _LETTERS[letter]:
                scores[language] = scores.get(language, 0) + 2
    return _decide(scores)


def _decide(scores: dict[str, int]) -> DetectedLanguage:
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:2]
    if not ranked or ranked[0][1] < _MIN_HITS:
        return DetectedLanguage("und", 0.0)
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    margin = (best_score - runner_up) / best_score
    confidence = round(margin * min(1.0, best_score / 6), 3)
    if confidence < MIN_CONFIDENCE:
        return DetectedLanguage("und", confidence)
    return DetectedLanguage(best, confidence)
