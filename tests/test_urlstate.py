"""Links: the view round-trips through query parameters, and bad values are dropped and reported."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.filters import Filters
from dashboard.urlstate import Options, View, decode, encode

OPTIONS = Options(
    languages=["en", "hi"],
    days=[date(2021, 5, 12), date(2021, 5, 13)],
    topics=["syria", "libya", "yemen"],
    participants=["guterres", "putin"],
    formats=["in-person", "virtual"],
)


@pytest.mark.parametrize(
    "view",
    [
        View(lang="en"),
        View(
            lang="hi",
            filters=Filters(start=date(2021, 5, 13), topics=frozenset({"syria", "yemen"})),
        ),
        View(
            lang="en",
            filters=Filters(
                end=date(2021, 5, 12),
                participants=frozenset({"putin"}),
                formats=frozenset({"virtual"}),
            ),
            count_by="events",
            split_by="event",
        ),
        View(lang="hi", filters=Filters(search="मध्य पूर्व क्वाड")),
    ],
)
def test_a_view_survives_the_round_trip(view: View) -> None:
    """encode() then decode() gives back the same view, with nothing ignored."""
    assert decode(encode(view, OPTIONS), OPTIONS) == (view, [])


def test_defaults_are_left_out_of_the_url() -> None:
    """The default view encodes to no parameters, so a plain link stays plain."""
    assert encode(View(lang="en"), OPTIONS) == {}


@pytest.mark.parametrize(
    ("params", "ignored"),
    [
        ({"lang": ["fr"]}, ["lang=fr"]),
        ({"topic": ["syria", "<script>"]}, ["topic=<script>"]),
        ({"topic": ["syria,atlantis"]}, ["topic=atlantis"]),
        ({"from": ["yesterday"]}, ["from=yesterday"]),
        ({"from": ["2021-05-20"]}, ["from=2021-05-20"]),
        ({"from": ["2021-05-13"], "to": ["2021-05-12"]}, ["to=2021-05-12"]),
        ({"who": ["nobody"], "format": ["hybrid"]}, ["who=nobody", "format=hybrid"]),
        ({"count": ["words"], "split": ["hour"]}, ["count=words", "split=hour"]),
    ],
)
def test_malformed_parameters_are_ignored_and_reported(
    params: dict[str, list[str]], ignored: list[str]
) -> None:
    """Values the log doesn't offer are dropped from the view and named in the notice."""
    view, dropped = decode(params, OPTIONS)
    assert dropped == ignored
    assert "<script>" not in view.filters.topics
    assert view.lang in OPTIONS.languages


def test_valid_values_beside_bad_ones_are_kept() -> None:
    """One bad value doesn't throw away the good ones in the same link."""
    view, _ = decode({"topic": ["syria", "atlantis"], "lang": ["hi"]}, OPTIONS)
    assert view.filters.topics == {"syria"}
    assert view.lang == "hi"


def test_a_search_in_a_link_is_kept_as_text_cleaned_and_cut() -> None:
    """?q= keeps the words; control characters go, a blank search is none, a huge one is cut."""
    view, ignored = decode({"q": ["  <b>Quartet</b>\x00 "]}, OPTIONS)
    assert view.filters.search == "<b>Quartet</b>"
    assert not ignored
    assert decode({"q": ["   "]}, OPTIONS)[0].filters == Filters()
    assert len(decode({"q": ["x" * 5000]}, OPTIONS)[0].filters.search) == 200
    assert "q" not in encode(View(lang="en", filters=Filters(search=" ")), OPTIONS)
