"""The people and topics of a known log, found where a sentence names them; other names listed.

No offline named-entity model covers Hindi, so a draft finds only what it is told to look for:
each participant's name in each of the known log's languages and its last word (news articles
name people by surname: "Silva", "सिंह"), and each topic's label. Names it cannot resolve
are listed for the reviewer, never made into participants. In scripts with capital letters a
run of capitalised words is such a name; in scripts without them (Devanagari), none is found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Known:
    """What to look for: each id with the forms that name it, longest first."""

    forms: tuple[tuple[str, str], ...]  # (folded form, id)

    @classmethod
    def people(cls, participants: Iterable[Mapping[str, Any]]) -> Known:
        """Each participant's names in every language, and each name's last word."""
        forms = set()
        for person in participants:
            for name in person["name"].values():
                forms.add((fold(name), person["id"]))
                words = name.split()
                # A surname only for a personal name: "Mayor of Lisbon" is not "Lisbon".
                personal = not any(word[:1].islower() for word in words)
                if personal and len(words) > 1 and len(words[-1]) >= 3:
                    forms.add((fold(words[-1]), person["id"]))
        return cls(_longest_first(forms))

    @classmethod
    def topics(cls, topics: Iterable[Mapping[str, Any]]) -> Known:
        """Each topic's label in every language."""
        forms = {
            (fold(label), topic["id"]) for topic in topics for label in topic["label"].values()
        }
        return cls(_longest_first(forms))

    def found_in(self, text: str) -> list[tuple[str, str]]:
        """The ids named in ``text``, in order of first mention, each with the words that name it.

        A longer form wins over a shorter one inside it ("Ana Silva" over "Silva").
        """
        folded = fold(text)
        taken: list[tuple[int, int]] = []
        found: dict[str, tuple[int, str]] = {}
        for form, item_id in self.forms:
            for match in re.finditer(re.escape(_stem(form)), folded):
                start, end = match.start(), _inflected_end(folded, match.end(), form)
                if not whole_word(folded, start, end):
                    continue
                if any(a < end and start < b for a, b in taken):
                    continue
                taken.append((start, end))
                if item_id not in found or start < found[item_id][0]:
                    found[item_id] = (start, _original(text, folded, start, end))
        return [
            (item_id, words) for item_id, (_, words) in sorted(found.items(), key=lambda x: x[1][0])
        ]


def _stem(form: str) -> str:
    """``form`` without the vowel sign that ends it, if one does: in an abugida the ending is
    where a word inflects ("समझौता", "समझौते"), and the rest must match as written."""
    return form[:-1] if len(form) > 2 and unicodedata.category(form[-1]).startswith("M") else form


def _inflected_end(text: str, end: int, form: str) -> int:
    """Where a match of ``_stem(form)`` that ends at ``end`` ends once its ending is read: the
    form as written, or, where the form ends in a vowel sign, any vowel signs in its place."""
    if _stem(form) == form:
        return end
    while end < len(text) and unicodedata.category(text[end]).startswith("M"):
        end += 1
    return end


def capitalised_names(text: str, known: Iterable[str] = (), never: Iterable[str] = ()) -> list[str]:
    """Runs of capitalised words in ``text`` that look like names and are not already known.

    A single capitalised word that opens the sentence is an ordinary word ("The"), not a name;
    a comma or a full stop ends a run.

    Args:
        text: One sentence.
        known: Words already resolved to a participant or topic.
        never: Words that are never names here (weekdays, months).
    """
    resolved = [fold(words) for words in known]
    skipped = {fold(word) for word in never}
    runs: list[list[str]] = []
    run: list[str] = []
    for token in text.split():
        word = token.strip(_PUNCTUATION)
        if word[:1].isupper() and fold(word.rstrip(".")) not in skipped:
            run.append(word)
            if token.endswith((",", ";", ":", "!", "?")) or (token.endswith(".") and len(word) > 3):
                runs.append(run)
                run = []
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    names = []
    for words in runs:
        if len(words) == 1 and text.lstrip(_PUNCTUATION).startswith(words[0]):
            continue
        name = " ".join(words)
        if name.endswith(".") and len(words[-1]) > 4:  # a full stop, not an abbreviation's
            name = name[:-1]
        if any(fold(name) in k or k in fold(name) for k in resolved):
            continue
        names.append(name)
    return list(dict.fromkeys(names))


_PUNCTUATION = "\"'“”‘’«»()[]{},;:!?"


def fold(text: str) -> str:
    """``text`` for matching: NFC and case-folded (Devanagari in either Unicode form matches)."""
    return unicodedata.normalize("NFC", text).casefold()


def whole_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is not part of a longer word (letters and marks of any script)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return (
        unicodedata.category(before)[0] not in "LM" and unicodedata.category(after)[0] not in "LM"
    )


def _longest_first(forms: set[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((f for f in forms if f[0]), key=lambda f: (-len(f[0]), f)))


def _original(text: str, folded: str, start: int, end: int) -> str:
    """The words of ``text`` at a span of its folded form (the same span where folding kept length)."""
    return text[start:end] if len(text) == len(folded) else folded[start:end]
