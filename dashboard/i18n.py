"""The interface's words in English and Hindi; data labels come from the log itself.

A language the interface has no strings for (a log in French, say) falls back to English for the
interface while its data labels stay in that language.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

UI_LANGUAGES = ("en", "hi")

# The interface's English is British ("colour", "12 May 2021"): dates are formatted by CLDR's
# British English. Any other language is formatted by its own CLDR data.
_BABEL_LOCALES = {"en": "en_GB"}

# Nouns with a count: (singular, plural) per language; Hindi's direct plural of these is unchanged.
_NOUNS = {
    "event": {"en": ("event", "events"), "hi": ("कार्यक्रम", "कार्यक्रम")},
    "point": {"en": ("statement", "statements"), "hi": ("वक्तव्य", "वक्तव्य")},
    "topic": {"en": ("topic", "topics"), "hi": ("विषय", "विषय")},
    "participant": {"en": ("participant", "participants"), "hi": ("प्रतिभागी", "प्रतिभागी")},
    "day": {"en": ("day", "days"), "hi": ("दिन", "दिन")},
    "item": {"en": ("item", "items"), "hi": ("प्रविष्टि", "प्रविष्टियाँ")},
}

STRINGS: dict[str, dict[str, str]] = {
    "showing": {
        "en": "Showing all {events} and {points}",
        "hi": "सभी {events} और {points} दिखाए जा रहे हैं",
    },
    "showing_filtered": {
        "en": "Showing {events} and {points} {filters}",
        "hi": "{filters}: {events} और {points} दिखाए जा रहे हैं",
    },
    "filter_separator": {"en": " ", "hi": ", "},
    "on_day": {"en": "on {day}", "hi": "{day} को"},
    "between_days": {"en": "from {first} to {last}", "hi": "{first} से {last} तक"},
    # {formats}: "held.<format>" labels joined by "or": "held in person or virtually".
    "in_format": {"en": "held {formats}", "hi": "{formats} प्रारूप में"},
    "held.in-person": {"en": "in person", "hi": "आमने-सामने"},
    "held.virtual": {"en": "virtually", "hi": "वर्चुअल"},
    "or": {"en": " or ", "hi": " या "},
    "with_people": {"en": "with {names}", "hi": "{names} के साथ"},
    "about_topics": {"en": "about {topics}", "hi": "विषय: {topics}"},
    "matching": {"en": "matching “{text}”", "hi": "“{text}” से मेल खाते"},
    "and": {"en": " and ", "hi": " और "},
    "format.in-person": {"en": "in person", "hi": "आमने-सामने"},
    "format.virtual": {"en": "virtual", "hi": "वर्चुअल"},
    "time_not_reported": {"en": "time not reported", "hi": "समय नहीं बताया गया"},
    # Charts: titles, axes, legends and hover labels.
    "chart.timeline.title": {"en": "Events day by day", "hi": "दिन-प्रतिदिन के कार्यक्रम"},
    "chart.timeline.finding.day": {
        "en": "{day}: {events}, {formats}",
        "hi": "{day}: {events}, {formats}",
    },
    "chart.timeline.density_title": {
        "en": "Events per day, by kind",
        "hi": "प्रति दिन कार्यक्रम, प्रकार के अनुसार",
    },
    "chart.topics.title.points": {
        "en": "Topics by number of statements",
        "hi": "वक्तव्यों की संख्या के अनुसार विषय",
    },
    "chart.topics.title.events": {
        "en": "Topics by number of events",
        "hi": "कार्यक्रमों की संख्या के अनुसार विषय",
    },
    # The topic chart's finding, unit and context.
    "chart.topics.finding": {
        "en": "{topics} came up most: {n}",
        "hi": "सबसे अधिक चर्चा: {topics}, {n}",
    },
    "chart.topics.finding.tied": {
        "en": "{k} topics came up equally often: {n} each",
        "hi": "{k} विषयों पर बराबर चर्चा हुई: हर एक पर {n}",
    },
    "chart.topics.unit.points": {
        "en": "A statement is one sentence of the source; one can touch several topics.",
        "hi": "एक वक्तव्य स्रोत का एक वाक्य है; वह कई विषयों को छू सकता है।",
    },
    "chart.topics.unit.events": {
        "en": "An event counts once for each topic any of its statements touched.",
        "hi": "किसी कार्यक्रम की गिनती हर उस विषय के लिए एक बार होती है जिसे उसके किसी वक्तव्य ने छुआ।",
    },
    "chart.topics.context": {
        "en": "Grey: the whole visit.",
        "hi": "धूसर: पूरा दौरा।",
    },
    "chart.topics.hover.total": {"en": "All together: {n}", "hi": "कुल: {n}"},
    "chart.topics.hover.whole": {"en": "Whole visit: {n}", "hi": "पूरा दौरा: {n}"},
    "chart.source": {"en": "Source: {source}", "hi": "स्रोत: {source}"},
    # How a point was voiced, where a chart counts it.
    "chart.voice.said": {"en": "{n} in their own words", "hi": "अपने शब्दों में {n}"},
    "chart.voice.agreed": {"en": "{n} agreed jointly", "hi": "{n} पर संयुक्त सहमति"},
    "chart.voice.reported": {"en": "{n} reported by the source", "hi": "स्रोत द्वारा बताए गए {n}"},
    "chart.voice.key": {
        "en": "Cells: statements in their own words; (+n): agreed jointly with others.",
        "hi": "खाने: अपने शब्दों में वक्तव्य; (+n): दूसरों के साथ संयुक्त सहमति।",
    },
    "chart.speaker_topic.title": {"en": "Who spoke about what", "hi": "किसने किस विषय पर बात की"},
    # The grids' findings: the question, then who leads and by how much.
    "chart.speaker_topic.finding": {
        "en": "{question}: {who} most, {n} in their own words",
        "hi": "{question}: सबसे अधिक {who}, अपने शब्दों में {n}",
    },
    "chart.attendance.finding": {
        "en": "{question}: {who} at the most, {n}",
        "hi": "{question}: सबसे अधिक {who}, {n}",
    },
    "chart.co_attendance.finding": {
        "en": "{question}: {who} most often, {n} together",
        "hi": "{question}: सबसे अधिक {who}, साथ में {n}",
    },
    "chart.finding.tied": {"en": "{k} people equally", "hi": "{k} लोग बराबर"},
    "chart.finding.tied_pairs": {"en": "{k} pairs equally", "hi": "{k} जोड़े बराबर"},
    "chart.attendance.title": {
        "en": "Who attended which event",
        "hi": "कौन किस कार्यक्रम में शामिल हुआ",
    },
    "chart.axis.day": {"en": "Day", "hi": "दिन"},
    "chart.axis.event": {"en": "Event", "hi": "कार्यक्रम"},
    "chart.axis.kind": {"en": "Kind of event", "hi": "कार्यक्रम का प्रकार"},
    "chart.axis.topic": {"en": "Topic", "hi": "विषय"},
    "chart.axis.participant": {"en": "Participant", "hi": "प्रतिभागी"},
    "chart.axis.points": {"en": "Statements", "hi": "वक्तव्य"},
    "chart.axis.events": {"en": "Events", "hi": "कार्यक्रम"},
    "chart.legend.format": {"en": "Format", "hi": "प्रारूप"},
    "chart.legend.day": {"en": "Day", "hi": "दिन"},
    "chart.legend.event": {"en": "Event", "hi": "कार्यक्रम"},
    "chart.hover.kind": {"en": "Kind", "hi": "प्रकार"},
    "chart.hover.format": {"en": "Format", "hi": "प्रारूप"},
    "chart.hover.participants": {"en": "Participants", "hi": "प्रतिभागी"},
    "chart.hover.topics": {"en": "Topics", "hi": "विषय"},
    "chart.hover.points": {"en": "Statements", "hi": "वक्तव्य"},
    "chart.hover.events": {"en": "Events", "hi": "कार्यक्रम"},
    "chart.hover.day": {"en": "Day", "hi": "दिन"},
    "chart.hover.time": {"en": "Time", "hi": "समय"},
    "chart.hover.group": {"en": "Topic group", "hi": "विषय समूह"},
    "chart.hover.total": {"en": "All together", "hi": "कुल"},
    "chart.hover.speaker": {"en": "Speaker", "hi": "वक्ता"},
    "chart.hover.topic": {"en": "Topic", "hi": "विषय"},
    "chart.hover.event": {"en": "Event", "hi": "कार्यक्रम"},
    "chart.none": {"en": "none", "hi": "कोई नहीं"},
    "chart.more_events": {"en": "and {n} more", "hi": "और {n} अन्य"},
    "chart.co_attendance.title": {"en": "Who met whom", "hi": "कौन किससे मिला"},
    "chart.co_attendance.key": {
        "en": "Events together; grey: each person's own",
        "hi": "साथ में कार्यक्रम; धूसर: हर व्यक्ति के अपने",
    },
    "chart.hover.together": {"en": "Events together", "hi": "साथ में कार्यक्रम"},
    "chart.hover.own_events": {"en": "Their events", "hi": "उनके कार्यक्रम"},
    "chart.hover.formats": {"en": "Formats", "hi": "प्रारूप"},
    "chart.hover.which": {"en": "Which", "hi": "कौन-से"},
    "chart.hover.with": {"en": "with", "hi": "के साथ"},
    "chart.attended": {"en": "attended", "hi": "शामिल हुए"},
    "chart.not_attended": {"en": "did not attend", "hi": "शामिल नहीं हुए"},
    # The grids' hovers and notes (dashboard/charts/matrix.py).
    "chart.hover.no_points": {"en": "no statements", "hi": "कोई वक्तव्य नहीं"},
    "chart.hover.no_points_in_view": {
        "en": "no statements in this view",
        "hi": "इस दृश्य में कोई वक्तव्य नहीं",
    },
    "chart.hover.not_together_in_view": {
        "en": "not together in this view",
        "hi": "इस दृश्य में साथ नहीं",
    },
    "chart.hover.together_n": {"en": "{events} together", "hi": "{events} साथ में"},
    "chart.hover.never_together": {
        "en": "never at the same event",
        "hi": "किसी कार्यक्रम में साथ नहीं",
    },
    "chart.hover.own_n": {"en": "{events} attended", "hi": "{events} में शामिल हुए"},
    "chart.not_in_view": {"en": "not in this view", "hi": "इस दृश्य में नहीं"},
    "chart.empty_rows": {
        "en": "pale labels: nothing in this view",
        "hi": "फीके लेबल: इस दृश्य में कुछ नहीं",
    },
    "kind.talks": {"en": "talks", "hi": "वार्ता"},
    "kind.press-remarks": {"en": "press remarks", "hi": "प्रेस को टिप्पणी"},
    "kind.meeting": {"en": "meeting", "hi": "बैठक"},
}


def t(key: str, lang: str, **values: Any) -> str:
    """The string ``key`` in ``lang`` (English where it has none), with ``values`` filled in.

    Integer values named after a noun in ``_NOUNS`` (``events=2``) become "2 events".
    """
    entry = STRINGS[key]
    template = entry.get(lang) or entry["en"]
    filled = {
        name: count(value, name.rstrip("s"), lang)
        if isinstance(value, int) and name.rstrip("s") in _NOUNS
        else value
        for name, value in values.items()
    }
    return template.format(**filled)


def format_label(event_format: str, lang: str) -> str:
    """An event's format in words ("in person", "virtual"); an unknown one as its slug, spaced."""
    key = f"format.{event_format}"
    return t(key, lang) if key in STRINGS else event_format.replace("-", " ")


def kind_label(kind: str, lang: str) -> str:
    """An event's kind in words ("talks", "press remarks"); an unknown one as its slug, spaced."""
    key = f"kind.{kind}"
    return t(key, lang) if key in STRINGS else kind.replace("-", " ")


def count(number: int, noun: str, lang: str) -> str:
    """A number with its noun, e.g. "1 event", "3 events", "3 कार्यक्रम"."""
    forms = _NOUNS[noun].get(lang) or _NOUNS[noun]["en"]
    return f"{number:,} {forms[0] if number == 1 else forms[1]}"


def format_day(day: date, lang: str) -> str:
    """A day as CLDR writes it in ``lang``: "12 May 2021", "12 मई 2021", "4 mars 2024"; in words
    where the source gives none.

    A language CLDR does not know is written in the interface's English.
    """
    if day != day:  # pandas' NaT, an event whose day is not stated, is unequal to itself
        return t("day_not_stated", lang)
    locale = _locale(_BABEL_LOCALES.get(lang, lang)) or _locale(_BABEL_LOCALES["en"])
    return format_date(day, format="long", locale=locale)


def language_name(code: str, lang: str | None = None) -> str:
    """The language ``code`` by name: in its own language ("Français", "हिन्दी"), capitalised for a
    switch, or in ``lang`` ("Hindi" in English); the code itself where CLDR has no name for it."""
    locale = _locale(code)
    name = locale.get_display_name(_locale(lang) if lang else locale) if locale else None
    if not name:
        return code
    return name[:1].upper() + name[1:] if lang is None else name


def language_list(codes: list[str], lang: str) -> str:
    """Languages named in the interface's language for ``lang``: "Hindi", "English and French"."""
    names = [language_name(code, ui_language(lang)) for code in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + t("and", lang) + names[-1]


def ui_language(lang: str) -> str:
    """The language the interface's own words are in for a page in ``lang``: it, or English."""
    return lang if lang in UI_LANGUAGES else "en"


@cache
def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


# The page's own words (dashboard/app.py).
STRINGS.update(
    {
        "filters": {"en": "Filters", "hi": "फ़िल्टर"},
        "search": {"en": "Search the statements", "hi": "वक्तव्यों में खोजें"},
        # The examples are the log's own topics (model.search_examples): never another visit's.
        "search_placeholder": {"en": "e.g. {examples}", "hi": "जैसे {examples}"},
        "search_placeholder_plain": {"en": "A word to find", "hi": "खोजने के लिए कोई शब्द"},
        "search_help": {
            "en": "Finds the words in a statement, its quote, its speakers or its topics; "
            "upper or lower case alike. Press Enter to search.",
            "hi": "वक्तव्य, उसके उद्धरण, वक्ताओं या विषयों में शब्द खोजता है। खोजने के लिए Enter दबाएँ।",
        },
        "days": {"en": "Days", "hi": "दिन"},
        "topics": {"en": "Topics", "hi": "विषय"},
        "all_topics": {"en": "All topics", "hi": "सभी विषय"},
        "participants": {"en": "Participants", "hi": "प्रतिभागी"},
        "everyone": {"en": "Everyone", "hi": "सभी प्रतिभागी"},
        "speakers": {"en": "Speakers", "hi": "वक्ता"},
        "format": {"en": "Format", "hi": "प्रारूप"},
        "reset": {"en": "Reset filters", "hi": "फ़िल्टर हटाएँ"},
        "figure.events": {"en": "Events", "hi": "कार्यक्रम"},
        "figure.points": {"en": "Statements", "hi": "वक्तव्य"},
        "figure.topics": {"en": "Topics", "hi": "विषय"},
        "figure.participants": {"en": "Participants", "hi": "प्रतिभागी"},
        "when": {"en": "When: the visit day by day", "hi": "कब: दिन-प्रतिदिन दौरा"},
        "what": {"en": "What: topics discussed", "hi": "क्या: चर्चा के विषय"},
        "who": {
            "en": "Who: who met whom, and who spoke about what",
            "hi": "कौन: कौन किससे मिला, और किसने किस विषय पर बात की",
        },
        "count_by": {"en": "Count", "hi": "गिनती"},
        "count_by.points": {"en": "Statements", "hi": "वक्तव्य"},
        "count_by.events": {"en": "Events", "hi": "कार्यक्रम"},
        "split_by": {"en": "Colour by", "hi": "रंग इसके अनुसार"},
        "split_by.day": {"en": "Day", "hi": "दिन"},
        "split_by.event": {"en": "Event", "hi": "कार्यक्रम"},
        "data_table": {"en": "Data table for this chart", "hi": "इस चार्ट की डेटा तालिका"},
        "download_png": {"en": "PNG", "hi": "PNG"},
        "download_svg": {"en": "SVG", "hi": "SVG"},
        "images_unavailable": {
            "en": "Image files are unavailable here: {reason}",
            "hi": "यहाँ चित्र फ़ाइलें उपलब्ध नहीं हैं: {reason}",
        },
        "provenance": {
            "en": "Sources: what was said, quoted",
            "hi": "स्रोत: क्या कहा गया, उद्धरण सहित",
        },
        # {languages}: the languages of the log's own sources, named by CLDR (i18n.language_list).
        "provenance_help": {
            "en": "Every statement in view, grouped by event, with the verbatim quote it rests on, "
            "in {languages}.",
            "hi": "दिखाए जा रहे सभी वक्तव्य, कार्यक्रम के अनुसार, उनके मूल उद्धरण ({languages}) के साथ।",
        },
        "provenance_help_unquoted": {
            "en": "Every statement in view, grouped by event. This log cites no source.",
            "hi": "दिखाए जा रहे सभी वक्तव्य, कार्यक्रम के अनुसार। यह लॉग किसी स्रोत का उल्लेख नहीं करता।",
        },
        "page": {"en": "Page (of {pages})", "hi": "पृष्ठ ({pages} में से)"},
        "article": {
            "en": "The whole article, quoted passages highlighted",
            "hi": "पूरा लेख, उद्धृत अंश चिह्नित",
        },
        "paragraph": {"en": "Paragraph", "hi": "अनुच्छेद"},
        "quote": {"en": "Quote from the source", "hi": "स्रोत से उद्धरण"},
        "downloads": {"en": "Download the data in view", "hi": "दिखाया जा रहा डेटा डाउनलोड करें"},
        "download_csv": {"en": "Statements as CSV", "hi": "वक्तव्य CSV में"},
        "download_json": {"en": "View as JSON", "hi": "JSON में"},
        "open_log": {"en": "Open another log", "hi": "दूसरा लॉग खोलें"},
        "open_log_help": {
            "en": "A YAML log in the same schema, for this browser tab only, with the text files it cites "
            "(up to {mb} MB each).",
            "hi": "इसी स्कीमा में YAML लॉग, केवल इस टैब के लिए, उसकी उद्धृत टेक्स्ट फ़ाइलों सहित "
            "(प्रत्येक अधिकतम {mb} MB)।",
        },
        "log_file": {"en": "Log and source files", "hi": "लॉग और स्रोत फ़ाइलें"},
        "back_to_start": {"en": "Back to the original log", "hi": "मूल लॉग पर लौटें"},
        "upload_rejected": {
            "en": "The uploaded log was not opened; the dashboard still shows the previous one.",
            "hi": "अपलोड किया गया लॉग नहीं खोला गया; डैशबोर्ड पिछला लॉग ही दिखा रहा है।",
        },
        "one_yaml": {"en": "exactly one .yaml file is needed", "hi": "ठीक एक .yaml फ़ाइल चाहिए"},
        "one_yaml_hint": {
            "en": "Upload one log, plus the .txt sources it cites",
            "hi": "एक लॉग और उसकी उद्धृत .txt फ़ाइलें अपलोड करें",
        },
        "cannot_load": {"en": "The log could not be loaded.", "hi": "लॉग लोड नहीं हो सका।"},
        "file_broken_kept": {
            "en": "The log file changed and is no longer valid (or is gone); still showing the last good version.",
            "hi": "लॉग फ़ाइल बदल गई है और अब मान्य नहीं है (या हटा दी गई है); अंतिम सही संस्करण दिखाया जा रहा है।",
        },
        "more_problems": {"en": "… and {n} more.", "hi": "… और {n} अन्य।"},
        "ignored_params": {
            "en": "Some link parameters were not understood and are ignored: {params}",
            "hi": "लिंक के कुछ मान समझ नहीं आए और अनदेखे किए गए: {params}",
        },
        "empty": {
            "en": "Nothing matches these filters. Widen the days, remove a topic or participant, "
            "or change the search.",
            "hi": "इन फ़िल्टरों से कुछ नहीं मिला। दिन बढ़ाएँ, कोई विषय या प्रतिभागी हटाएँ, या खोज बदलें।",
        },
        "footer": {"en": "Log: {name} · sha256 {sha}…", "hi": "लॉग: {name} · sha256 {sha}…"},
        "image_footer": {
            "en": "{view}. Source: {log}; {sources}.",
            "hi": "{view}। स्रोत: {log}; {sources}।",
        },
        "col.date": {"en": "Date", "hi": "तारीख"},
        "col.sequence": {"en": "Order in day", "hi": "दिन में क्रम"},
        "col.start": {"en": "Start", "hi": "आरंभ"},
        "col.end": {"en": "End", "hi": "समाप्ति"},
        "col.title": {"en": "Event", "hi": "कार्यक्रम"},
        "col.kind": {"en": "Kind", "hi": "प्रकार"},
        "col.format": {"en": "Format", "hi": "प्रारूप"},
        "col.participants": {"en": "Participants", "hi": "प्रतिभागी"},
        "col.topics": {"en": "Topics", "hi": "विषय"},
        "col.n_points": {"en": "Statements", "hi": "वक्तव्य"},
        "col.group_label": {"en": "Topic group", "hi": "विषय समूह"},
        "col.label": {"en": "Topic", "hi": "विषय"},
        "col.split_label": {"en": "Day or event", "hi": "दिन या कार्यक्रम"},
        "col.count": {"en": "Count", "hi": "संख्या"},
        "col.summary": {"en": "Summary", "hi": "सारांश"},
        "col.said": {"en": "In their own words", "hi": "अपने शब्दों में"},
        "col.agreed": {"en": "Agreed jointly", "hi": "संयुक्त सहमति"},
        "col.reported": {"en": "Reported by the source", "hi": "स्रोत द्वारा बताए गए"},
        # The overview: a sentence per day and the events table.
        "overview": {"en": "At a glance", "hi": "एक नज़र में"},
        "overview.day": {"en": "{day}", "hi": "{day}"},
        "overview.day_people": {"en": "{day}, {people}", "hi": "{day}, {people}"},
        "overview.day_topics": {"en": "{day}: {topics}", "hi": "{day}: {topics}"},
        "overview.day_people_topics": {
            "en": "{day}, {people}: {topics}",
            "hi": "{day}, {people}: {topics}",
        },
        "overview.separator": {"en": "; ", "hi": "; "},
        "overview.end": {"en": ".", "hi": "।"},
        "overview.more_days": {"en": "and {days} more", "hi": "और {days}"},
        "overview.more_events": {
            "en": "The table lists the first {shown} of {total} events in view.",
            "hi": "तालिका में दिखाए गए {total} कार्यक्रमों में से पहले {shown} हैं।",
        },
        "overview.events": {"en": "The events", "hi": "कार्यक्रम"},
        "col.participant": {"en": "Participant", "hi": "प्रतिभागी"},
        "col.event_id": {"en": "Event id", "hi": "कार्यक्रम आईडी"},
        "charts": {"en": "Charts", "hi": "चार्ट"},
        "report_footer": {
            "en": "Made from the event log with sha256 {sha}.",
            "hi": "sha256 {sha} वाले इवेंट लॉग से बनाया गया।",
        },
        "chart.shown": {
            "en": "Showing {parts}; filter to see the rest",
            "hi": "{parts} दिखाए गए; बाकी के लिए फ़िल्टर करें",
        },
        "chart.shown.topic_id": {
            "en": "the {shown} most frequent of {total} topics",
            "hi": "{total} में से सबसे अधिक चर्चित {shown} विषय",
        },
        "chart.shown.participant_id": {
            "en": "the {shown} most active of {total} participants",
            "hi": "{total} में से सबसे सक्रिय {shown} प्रतिभागी",
        },
        "chart.shown.event_id": {
            "en": "the first {shown} of {total} events",
            "hi": "{total} में से पहले {shown} कार्यक्रम",
        },
    }
)


# How faithful each statement is to its source (docs/fidelity.md): voice, inferences, readings.
STRINGS.update(
    {
        "voice": {"en": "Voice", "hi": "कथन"},
        "voice.said": {"en": "said", "hi": "कहा"},
        "voice.agreed": {"en": "agreed jointly", "hi": "संयुक्त रूप से सहमति"},
        "voice.reported": {
            "en": "reported by the source, no speaker",
            "hi": "स्रोत का अपना वर्णन, कोई वक्ता नहीं",
        },
        "inferred": {"en": "{value}, inferred: {reason}", "hi": "{value}, अनुमानित: {reason}"},
        "inferred_field": {"en": "{field} inferred: {reason}", "hi": "{field} अनुमानित: {reason}"},
        "reading": {"en": "Reading of the source", "hi": "स्रोत का अर्थ"},
        "not_stated": {"en": "not stated in the source", "hi": "स्रोत में नहीं बताया गया"},
        "day_not_stated": {"en": "day not stated in the source", "hi": "दिन स्रोत में नहीं बताया गया"},
        "visit_as_whole": {"en": "The visit as a whole", "hi": "पूरा दौरा"},
        "field.speakers": {"en": "Speakers", "hi": "वक्ता"},
        "field.voice": {"en": "Voice", "hi": "कथन"},
        "field.event": {"en": "Event", "hi": "कार्यक्रम"},
        "field.date": {"en": "Day", "hi": "दिन"},
        "field.format": {"en": "Format", "hi": "प्रारूप"},
        "field.place": {"en": "Place", "hi": "स्थान"},
        "field.participants": {"en": "Participants", "hi": "प्रतिभागी"},
        "field.kind": {"en": "Kind", "hi": "प्रकार"},
        "field.start": {"en": "First day", "hi": "पहला दिन"},
        "field.end": {"en": "Last day", "hi": "अंतिम दिन"},
        "field.timezone": {"en": "Time zone", "hi": "समय क्षेत्र"},
        "field.name": {"en": "Name", "hi": "नाम"},
        "field.role": {"en": "Role", "hi": "पद"},
        "field.organization": {"en": "Organisation", "hi": "संगठन"},
    }
)

# What the page says of the log it shows: its languages, a draft's state, an uploaded log.
STRINGS.update(
    {
        "language": {"en": "Language", "hi": "भाषा"},
        "ui_fallback": {
            "en": "The interface has no {language} translation, so its own words are in English; "
            "the log's texts and dates are in {language}.",
            "hi": "इंटरफ़ेस का {language} अनुवाद नहीं है, इसलिए उसके अपने शब्द अंग्रेज़ी में हैं; लॉग के "
            "पाठ और तारीखें {language} में हैं।",
        },
        "draft_notice": {
            "en": "This is a draft log: {items} still await review. Its statements are the "
            "source's sentences as written, and its people and topics are suggestions found by "
            "name; check them against the source before you rely on them.",
            # Agreement-free on purpose: with one template for every count, "बाकी है/हैं" can't agree.
            "hi": "यह एक मसौदा लॉग है (समीक्षा के लिए शेष: {items})। इसके वक्तव्य स्रोत के वाक्य ही हैं, "
            "और इसके लोग और विषय नाम से मिले सुझाव हैं; भरोसा करने से पहले उन्हें स्रोत से जाँचें।",
        },
        "uploaded_link": {
            "en": "This view is of an uploaded log, {name}. A link to it opens on the shared "
            "log unless the log (and its sources) is uploaded again in “Open another log”.",
            "hi": "यह दृश्य अपलोड किए गए लॉग {name} का है। इसका लिंक साझा लॉग पर खुलेगा, जब तक कि लॉग "
            "(और उसके स्रोत) “दूसरा लॉग खोलें” में फिर से अपलोड न किए जाएँ।",
        },
        "link_needs_upload": {
            "en": "This link was made from an uploaded log, {name}, which this server does not "
            "keep. Upload it again, with its sources, in “Open another log” to see that view.",
            "hi": "यह लिंक अपलोड किए गए लॉग {name} से बना था, जिसे यह सर्वर नहीं रखता। वह दृश्य देखने "
            "के लिए उसे उसके स्रोतों सहित “दूसरा लॉग खोलें” में फिर से अपलोड करें।",
        },
    }
)

# The editor page (dashboard/pages/edit.py).
STRINGS.update(
    {
        "edit.title": {"en": "Edit the log", "hi": "लॉग संपादित करें"},
        "edit.file": {"en": "Editing {name}", "hi": "{name} का संपादन"},
        "edit.interface": {"en": "Interface", "hi": "इंटरफ़ेस"},
        "edit.sources": {"en": "Source sentences", "hi": "स्रोत के वाक्य"},
        "edit.col.paragraph": {"en": "Paragraph", "hi": "अनुच्छेद"},
        "edit.col.sentence": {"en": "Sentence", "hi": "वाक्य"},
        "edit.col.quoted_by": {"en": "Quoted by", "hi": "किसने उद्धृत किया"},
        "edit.col.id": {"en": "Id", "hi": "आईडी"},
        "edit.col.event": {"en": "Event", "hi": "कार्यक्रम"},
        "edit.col.voice": {"en": "Voice", "hi": "स्वर"},
        "edit.col.speakers": {"en": "Speakers", "hi": "वक्ता"},
        "edit.col.topics": {"en": "Topics", "hi": "विषय"},
        "edit.col.text": {"en": "Text ({language})", "hi": "पाठ ({language})"},
        "edit.col.quote": {"en": "Quote", "hi": "उद्धरण"},
        "edit.col.review": {"en": "Awaits review", "hi": "समीक्षा शेष"},
        "edit.col.date": {"en": "Day", "hi": "दिन"},
        "edit.col.kind": {"en": "Kind", "hi": "प्रकार"},
        "edit.col.format": {"en": "Format", "hi": "प्रारूप"},
        "edit.col.participants": {"en": "Participants", "hi": "प्रतिभागी"},
        "edit.col.title": {"en": "Title ({language})", "hi": "शीर्षक ({language})"},
        "edit.events": {"en": "Events", "hi": "कार्यक्रम"},
        "edit.visit": {"en": "The visit", "hi": "दौरा"},
        "edit.participants": {"en": "Participants", "hi": "प्रतिभागी"},
        "edit.topics": {"en": "Topics", "hi": "विषय"},
        "edit.col.place": {"en": "Place ({language})", "hi": "स्थान ({language})"},
        "edit.col.timezone": {
            "en": "Time zone (IANA name, or 'not stated')",
            "hi": "समय क्षेत्र (IANA नाम, या 'not stated')",
        },
        "edit.col.name": {"en": "Name ({language})", "hi": "नाम ({language})"},
        "edit.col.label": {"en": "Label ({language})", "hi": "नाम-पट्ट ({language})"},
        "edit.apply": {"en": "Apply", "hi": "लागू करें"},
        "edit.col.problems": {"en": "Problems", "hi": "समस्याएँ"},
        "edit.not_quoted": {"en": "not quoted", "hi": "उद्धृत नहीं"},
        "edit.pick": {"en": "Sentence for a new statement", "hi": "नए वक्तव्य के लिए वाक्य"},
        "edit.new": {"en": "New statement", "hi": "नया वक्तव्य"},
        "edit.new.where": {
            "en": "Paragraph {paragraph} of {source}",
            "hi": "{source} का अनुच्छेद {paragraph}",
        },
        "edit.new.event": {"en": "Event (its day)", "hi": "कार्यक्रम (उसका दिन)"},
        "edit.new.visit": {"en": "the visit as a whole", "hi": "पूरा दौरा"},
        "edit.new.quote": {
            "en": "Quote (verbatim; you may cut it shorter)",
            "hi": "उद्धरण (शब्दशः; छोटा किया जा सकता है)",
        },
        "edit.new.add": {"en": "Add the statement", "hi": "वक्तव्य जोड़ें"},
        "edit.added": {"en": "Added statement {id}.", "hi": "वक्तव्य {id} जोड़ा गया।"},
        "edit.statements": {"en": "Statements", "hi": "वक्तव्य"},
        "edit.delete": {"en": "Delete a statement", "hi": "वक्तव्य हटाएँ"},
        "edit.delete.button": {"en": "Delete", "hi": "हटाएँ"},
        "edit.reviews": {"en": "Review marks", "hi": "समीक्षा चिह्न"},
        "edit.reviews.left": {
            "en": "{items} still await review.",
            "hi": "समीक्षा के लिए शेष: {items}।",
        },
        "edit.reviews.none": {"en": "Nothing awaits review.", "hi": "कुछ भी समीक्षा के लिए शेष नहीं।"},
        "edit.reviews.how": {
            "en": "Accept keeps the item as it now stands (edit it in the tables first); drop "
            "deletes a suggested statement, participant or topic.",
            "hi": "स्वीकार करें प्रविष्टि को उसकी वर्तमान स्थिति में रखता है (पहले तालिकाओं में "
            "संपादित करें); हटाएँ सुझाए गए वक्तव्य, प्रतिभागी या विषय को मिटा देता है।",
        },
        "edit.accept": {"en": "Accept", "hi": "स्वीकार करें"},
        "edit.drop": {"en": "Drop", "hi": "हटाएँ"},
        "edit.valid": {"en": "The log is valid.", "hi": "लॉग मान्य है।"},
        "edit.invalid": {
            "en": "{count} problem(s): the log cannot be saved until they are fixed.",
            "hi": "{count} समस्या(एँ): इन्हें ठीक किए बिना लॉग सहेजा नहीं जा सकता।",
        },
        "edit.undo": {"en": "Undo", "hi": "पूर्ववत करें"},
        "edit.undone": {"en": "Undid the last change.", "hi": "पिछला बदलाव पूर्ववत किया गया।"},
        "edit.download": {"en": "Download YAML", "hi": "YAML डाउनलोड करें"},
        "edit.download_zip": {
            "en": "Download with sources (zip)",
            "hi": "स्रोतों सहित डाउनलोड करें (zip)",
        },
        "edit.save": {"en": "Save to {path}", "hi": "{path} में सहेजें"},
        "edit.saved": {
            "en": "Saved; the previous version is in {backup}.",
            "hi": "सहेजा गया; पिछला संस्करण {backup} में है।",
        },
        "edit.unchanged": {"en": "No changes since opening.", "hi": "खोलने के बाद कोई बदलाव नहीं।"},
        "edit.edits": {"en": "{count} change(s) since opening.", "hi": "खोलने के बाद {count} बदलाव।"},
        "edit.reformats": {
            "en": "This file's layout cannot be kept exactly: saving rewrites its indentation.",
            "hi": "इस फ़ाइल का लेआउट ठीक वैसा नहीं रखा जा सकता: सहेजने पर इंडेंटेशन बदल जाएगा।",
        },
        "edit.narrow": {
            "en": "On a phone the editor is for reading; edit on a laptop-width screen.",
            "hi": "फ़ोन पर संपादक केवल पढ़ने के लिए है; लैपटॉप जितनी चौड़ी स्क्रीन पर संपादित करें।",
        },
        "edit.preview": {"en": "Preview", "hi": "पूर्वावलोकन"},
        "edit.unreadable": {
            "en": "The log cannot be opened: {problem}",
            "hi": "लॉग खोला नहीं जा सकता: {problem}",
        },
    }
)
