"""Full-text search over the statements: what a reader types, found wherever a statement says it.

A statement matches when its text (in the page's language), its quote, its speakers' names or its
topics' labels contain the search. Matching ignores case and Unicode normalisation (NFC), so a
Devanagari letter typed precomposed or as a base letter with a nukta finds the same words. The
text searched is built once per log and language; a search is then one Arrow scan in C.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.joins import positions
from dashboard.load import Frames
from dashboard.metrics import labels_by

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


def haystack(frames: Frames) -> pa.Array:
    """For each statement (row of ``frames.points``), the text a search looks in, normalised."""
    points = frames.points
    ids = points["point_id"]
    people, topics = frames.participants, frames.topics
    speakers = labels_by(
        ids,
        frames.point_speakers["point_id"],
        positions(frames.point_speakers["participant_id"], people["participant_id"]),
        people["name"],
        people["position"],
        _SEPARATOR,
    )
    labels = labels_by(
        ids,
        frames.point_topics["point_id"],
        positions(frames.point_topics["topic_id"], topics["topic_id"]),
        topics["label"],
        topics["position"],
        _SEPARATOR,
    )
    fields = [
        pa.array(column).cast(pa.large_string()).fill_null("")
        for column in (points["text"], points["quote"], speakers, labels)
    ]
    joined = pc.binary_join_element_wise(*fields, pa.scalar(_SEPARATOR, type=pa.large_string()))
    return pc.utf8_lower(pc.utf8_normalize(joined, form="NFC"))


def matches(texts: pa.Array, search: str) -> np.ndarray:
    """Which of ``texts`` (a :func:`haystack`) contain ``search``, as a boolean array."""
    wanted = normalise(search)
    if not wanted:
        return np.ones(len(texts), dtype=bool)
    found = pc.match_substring(texts, pattern=wanted)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def hits(text: str, search: str) -> list[tuple[int, int]]:
    """Where ``search`` occurs in ``text`` (in :func:`nfc` form), as (start, end), ignoring case."""
    wanted = normalise(search)
    if not wanted:
        return []
    return [m.span() for m in re.finditer(re.escape(wanted), text, re.IGNORECASE)]
