"""Links: the view round-trips through query parameters, and bad values are dropped and reported."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import search
from dashboard.filters import Filters
from dashboard.panels import COUNT_BY, SPLIT_BY
from dashboard.urlstate import (
    WIDGET_KEYS,
    Options,
    View,
    decode,
    default_view,
    encode,
    from_widgets,
    section_label,
    widget_values,
)

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
        View(lang="hi", section="statements", statements_page=3),
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
        (
            {"participant": ["nobody"], "format": ["hybrid"]},
            ["participant=nobody", "format=hybrid"],
        ),
        ({"count_by": ["words"], "split_by": ["hour"]}, ["count_by=words", "split_by=hour"]),
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


def _views() -> st.SearchStrategy[View]:
    """Every view the shipped options allow, searches in any script included."""
    days = st.sampled_from(OPTIONS.days)
    return st.builds(
        lambda lang, span, topics, people, formats, text, count_by, split_by, section, page: View(
            lang=lang,
            filters=Filters(
                start=min(span) if min(span) != OPTIONS.days[0] else None,
                end=max(span) if max(span) != OPTIONS.days[-1] else None,
                topics=frozenset(topics),
                participants=frozenset(people),
                formats=frozenset(formats),
                search=search.clean(text),
            ),
            count_by=count_by,
            split_by=split_by,
            section=section,
            statements_page=page,
        ),
        st.sampled_from(OPTIONS.languages),
        st.tuples(days, days),
        st.sets(st.sampled_from(OPTIONS.topics)),
        st.sets(st.sampled_from(OPTIONS.participants)),
        st.sets(st.sampled_from(OPTIONS.formats)),
        st.text(alphabet="abc सीरिया Sy", max_size=12),
        st.sampled_from(COUNT_BY),
        st.sampled_from(SPLIT_BY),
        st.sampled_from(OPTIONS.sections),
        st.integers(min_value=1, max_value=40),
    )


@settings(max_examples=200, derandomize=True, database=None)
@given(_views())
def test_any_view_survives_both_codecs(view: View) -> None:
    """Every view comes back whole from the link and from the widgets, and no codec writes None."""
    params = encode(view, OPTIONS)
    assert decode(params, OPTIONS) == (view, [])
    assert all("None" not in value for values in params.values() for value in values)
    values = widget_values(view, OPTIONS)
    assert set(values) == set(WIDGET_KEYS)
    assert all(value is not None for value in values.values())
    assert from_widgets(values, OPTIONS) == view


@pytest.mark.parametrize("missing", WIDGET_KEYS)
def test_a_widget_not_drawn_falls_back_to_its_default(missing: str) -> None:
    """A widget value Streamlit dropped (absent or None) reads as the view's default, never None."""
    view = View(
        lang="hi",
        filters=Filters(topics=frozenset({"syria"})),
        count_by="events",
        section="who",
        statements_page=2,
    )
    values = widget_values(view, OPTIONS)
    for gone in ({k: v for k, v in values.items() if k != missing}, {**values, missing: None}):
        restored = from_widgets(gone, OPTIONS)
        # The default in the language the view is still in (a section's tab is labelled in it).
        expected = widget_values(replace(default_view(OPTIONS), lang=restored.lang), OPTIONS)[
            missing
        ]
        assert widget_values(restored, OPTIONS)[missing] == expected
        assert None not in widget_values(restored, OPTIONS).values()


def test_unknown_widget_values_are_dropped() -> None:
    """Values the log does not offer (after another log is opened) leave the view, not the link."""
    values = {
        "lang": "xx",
        "days": (date(2021, 5, 13), date(2021, 5, 12)),
        "topics": ["syria", "atlantis"],
        "participants": "putin",
        "formats": ["by-pigeon"],
        "count_by": "None",
        "split_by": None,
        "q": 3,
        "section": "Atlantis",
        "page": 0,
    }
    view = from_widgets(values, OPTIONS)
    assert view == View(lang="en", filters=Filters(topics=frozenset({"syria"})))
    assert encode(view, OPTIONS) == {"topic": ["syria"]}


def test_a_stale_chart_setting_never_reaches_the_link() -> None:
    """Even a view built by hand with no count or split writes no 'None' into the link."""
    broken = View(lang="en", count_by=None, split_by=None)  # type: ignore[arg-type]
    assert encode(broken, OPTIONS) == {}


@pytest.mark.parametrize(("before", "after"), [("en", "hi"), ("hi", "en")])
def test_the_open_section_survives_a_language_switch(before: str, after: str) -> None:
    """?section=when opens that tab; its label in the old language still names it after a switch."""
    view, ignored = decode({"section": ["when"], "page": ["2"], "lang": [before]}, OPTIONS)
    assert (view.section, view.statements_page, ignored) == ("when", 2, [])
    shown = widget_values(view, OPTIONS)
    assert shown["section"] == section_label("when", before)
    # The reader switches language with the tab open: the tab still holds its old label.
    switched = from_widgets({**shown, "lang": after}, OPTIONS)
    assert (switched.lang, switched.section) == (after, "when")
    assert widget_values(switched, OPTIONS)["section"] == section_label("when", after)


@pytest.mark.parametrize(
    ("params", "ignored"),
    [
        ({"section": ["atlantis"]}, ["section=atlantis"]),
        ({"page": ["0"]}, ["page=0"]),
        ({"page": ["two"]}, ["page=two"]),
        ({"page": ["-1"]}, ["page=-1"]),
    ],
)
def test_a_bad_section_or_page_is_reported_and_the_default_kept(
    params: dict[str, list[str]], ignored: list[str]
) -> None:
    """An unknown section or a page that is no positive number is named, and the default used."""
    view, said = decode(params, OPTIONS)
    assert said == ignored
    assert (view.section, view.statements_page) == (View.section, View.statements_page)


def test_a_section_the_log_does_not_offer_is_not_opened() -> None:
    """A log with no grids has no "who" tab: a link to it opens the first section instead."""
    fewer = replace(OPTIONS, sections=("what", "when", "statements"))
    assert decode({"section": ["who"]}, fewer) == (View(lang="en"), ["section=who"])
    values = widget_values(View(lang="en", section="who"), OPTIONS)
    assert from_widgets(values, fewer).section == "what"


def test_a_link_written_with_the_older_names_opens_the_same_view() -> None:
    """?who=, ?count= and ?split= (links shared before the names were unified) still open their
    view, which is then written with today's names; a new name beside an old one wins."""
    older = {"who": ["putin"], "count": ["events"], "split": ["event"]}
    view, ignored = decode(older, OPTIONS)
    assert ignored == []
    assert view == View(
        lang="en",
        filters=Filters(participants=frozenset({"putin"})),
        count_by="events",
        split_by="event",
    )
    assert encode(view, OPTIONS) == {
        "participant": ["putin"],
        "count_by": ["events"],
        "split_by": ["event"],
    }
    both, _ = decode({"count_by": ["points"], "count": ["events"]}, OPTIONS)
    assert both.count_by == "points"
