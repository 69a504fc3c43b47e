"""Full-text search over the statements: what a reader types, found wherever a statement says it.

A statement matches when its text (in any language of the log, whatever the page's), its quote,
its speakers' names or its topics' labels (in any language too) contain the search: a reader
searches in whatever script they type. Matching ignores case and Unicode normalisation (NFC), so a
Devanagari letter typed precomposed or as a base letter with a nukta finds the same words. The
text searched is built once per log and language; a search is then three Arrow scans in C.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import joins
from dashboard.joins import Links
from dashboard.load import Frames

# A search is a few words; a longer one is cut, so a pasted page cannot cost a scan per letter.
MAX_LENGTH = 200
# Between a statement's fields: no search can contain it, so no match runs across two fields.
_SEPARATOR = "\n"


def clean(text: str) -> str:
    """A search as typed or linked, kept as text: no control characters, at most MAX_LENGTH."""
    kept = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return kept.strip()[:MAX_LENGTH]


def normalise(text: str) -> str:
    """A search as it is matched: cleaned, NFC, lower case."""
    return unicodedata.normalize("NFC", clean(text)).lower()


def nfc(text: str) -> str:
    """Text in the form a search's hits are found in (and shown)."""
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Haystack:
    """What a search looks in, normalised; built once per log and language.

    Names and topic labels are searched in their own small tables, and a match reaches the
    statements through the frames' row links: joining each statement's names and labels into its
    text took a second at 50,000 events, for the same answer.

    Attributes:
        statements: Each statement's text in every language and its quote (rows of
            ``frames.points``).
        names: Each participant's name in every language (rows of ``frames.participants``).
        labels: Each topic's label in every language (rows of ``frames.topics``).
    """

    statements: pa.Array
    names: pa.Array
    labels: pa.Array

    @property
    def nbytes(self) -> int:
        return int(self.statements.nbytes + self.names.nbytes + self.labels.nbytes)


def haystack(frames: Frames) -> Haystack:
    """What a search of ``frames`` looks in."""
    points = frames.points
    # The separator cannot be typed into a search, so no match runs from text into quote.
    joined = pc.binary_join_element_wise(
        _text(points["text_all_languages"]),
        _text(points["quote"]),
        pa.scalar(_SEPARATOR, type=pa.large_string()),
    )
    return Haystack(
        statements=_normalised(joined),
        names=_normalised(_text(frames.participants["name_all_languages"])),
        labels=_normalised(_text(frames.topics["label_all_languages"])),
    )


def _text(column: object) -> pa.Array:
    return pa.array(column).cast(pa.large_string()).fill_null("")


def _normalised(texts: pa.Array) -> pa.Array:
    return pc.utf8_lower(pc.utf8_normalize(texts, "NFC"))


def matches(found_in: Haystack, search: str, links: Links) -> np.ndarray:
    """Which statements of a :func:`haystack` say ``search``, as a boolean array.

    Args:
        found_in: The frames' haystack.
        search: What the reader typed.
        links: ``joins.links`` of the same frames: from a speaker or topic row to its statement.
    """
    wanted = normalise(search)
    if not wanted:
        return np.ones(len(found_in.statements), dtype=bool)
    said = _contains(found_in.statements, wanted)
    spoken = joins.through(_contains(found_in.names, wanted), links.speaker_person)
    tagged = joins.through(_contains(found_in.labels, wanted), links.topic_item)
    said |= joins.marked(links.speaker_point[spoken], len(said))
    said |= joins.marked(links.topic_point[tagged], len(said))
    return said


def _contains(texts: pa.Array, wanted: str) -> np.ndarray:
    found = pc.match_substring(texts, pattern=wanted)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def hits(text: str, search: str) -> list[tuple[int, int]]:
    """Where ``search`` occurs in ``text`` (in :func:`nfc` form), as (start, end), ignoring case."""
    wanted = normalise(search)
    if not wanted:
        return []
    return [m.span() for m in re.finditer(re.escape(wanted), text, re.IGNORECASE)]
