"""A paragraph -> its sentences, each exactly as it stands in the paragraph.

pySBD's rules know each language's sentence ends (the danda "।" in Hindi and Marathi, "。" in
Chinese and Japanese) and its abbreviations ("Dr.", "U.N.", "St.") and numbers ("2.5"), so a
sentence is never cut inside one. For a language it has no rules for, the English rules are used,
which cut on ".", "!" and "?" only: the draft says so.
"""

from __future__ import annotations

from functools import cache

import pysbd
from pysbd.languages import LANGUAGE_CODES

FALLBACK = "en"


def has_rules(language: str) -> bool:
    """Whether pySBD has sentence rules for ``language`` (a code such as "hi" or "fr-CA")."""
    return _base(language) in LANGUAGE_CODES


def sentences(paragraph: str, language: str) -> list[str]:
    """The sentences of ``paragraph``, without the spaces between them, in order.

    Each is a substring of ``paragraph``, so it can be quoted verbatim with its paragraph.
    """
    found: list[str] = []
    at = 0
    for piece in _segmenter(_base(language) if has_rules(language) else FALLBACK).segment(
        paragraph
    ):
        sentence = piece.strip()
        if not sentence:
            continue
        start = paragraph.find(sentence, at)
        if start == -1:  # pySBD altered the text after all: keep the rest whole, never reword
            rest = paragraph[at:].strip()
            return [*found, rest] if rest else found
        found.append(sentence)
        at = start + len(sentence)
    return found


def _base(language: str) -> str:
    return language.split("-")[0].lower()


@cache
def _segmenter(language: str) -> pysbd.Segmenter:
    # clean=False: the text is kept exactly, spaces and all, so every sentence is a quote.
    return pysbd.Segmenter(language=language, clean=False)
