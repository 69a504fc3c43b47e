"""The interface's words in English and Hindi; data labels come from the log itself.

A language the interface has no strings for (a log in French, say) falls back to English for the
interface while its data labels stay in that language.
"""

from __future__ import annotations

from datetime import date
from typing import Any

UI_LANGUAGES = ("en", "hi")
LANGUAGE_NAMES = {"en": "English", "hi": "हिन्दी"}

_MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "hi": [
        "जनवरी",
        "फ़रवरी",
        "मार्च",
        "अप्रैल",
        "मई",
        "जून",
        "जुलाई",
        "अगस्त",
        "सितंबर",
        "अक्टूबर",
        "नवंबर",
        "दिसंबर",
    ],
}

# Nouns with a count: (singular, plural) per language; Hindi's direct plural of these is unchanged.
_NOUNS = {
    "event": {"en": ("event", "events"), "hi": ("कार्यक्रम", "कार्यक्रम")},
    "point": {"en": ("point", "points"), "hi": ("बिंदु", "बिंदु")},
    "topic": {"en": ("topic", "topics"), "hi": ("विषय", "विषय")},
    "participant": {"en": ("participant", "participants"), "hi": ("प्रतिभागी", "प्रतिभागी")},
    "day": {"en": ("day", "days"), "hi": ("दिन", "दिन")},
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
    "in_format": {"en": "held {formats}", "hi": "{formats} प्रारूप में"},
    "with_people": {"en": "with {names}", "hi": "{names} के साथ"},
    "about_topics": {"en": "about {topics}", "hi": "विषय: {topics}"},
    "and": {"en": " and ", "hi": " और "},
    "format.in-person": {"en": "in person", "hi": "आमने-सामने"},
    "format.virtual": {"en": "virtual", "hi": "वर्चुअल"},
    "time_not_reported": {"en": "time not reported", "hi": "समय नहीं बताया गया"},
    # Charts: titles, axes, legends and hover labels.
    "chart.timeline.title": {"en": "Events day by day", "hi": "दिन-प्रतिदिन के कार्यक्रम"},
    "chart.timeline.density_title": {"en": "Events per day, by kind",
                                     "hi": "प्रति दिन कार्यक्रम, प्रकार के अनुसार"},
    "chart.topics.title.points": {"en": "Topics by number of points",
                                  "hi": "बिंदुओं की संख्या के अनुसार विषय"},
    "chart.topics.title.events": {"en": "Topics by number of events",
                                  "hi": "कार्यक्रमों की संख्या के अनुसार विषय"},
    "chart.speaker_topic.title": {"en": "Who spoke about what", "hi": "किसने किस विषय पर बात की"},
    "chart.attendance.title": {"en": "Who attended which event",
                               "hi": "कौन किस कार्यक्रम में शामिल हुआ"},
    "chart.axis.day": {"en": "Day", "hi": "दिन"},
    "chart.axis.event": {"en": "Event", "hi": "कार्यक्रम"},
    "chart.axis.kind": {"en": "Kind of event", "hi": "कार्यक्रम का प्रकार"},
    "chart.axis.topic": {"en": "Topic", "hi": "विषय"},
    "chart.axis.participant": {"en": "Participant", "hi": "प्रतिभागी"},
    "chart.axis.points": {"en": "Points (statements)", "hi": "बिंदु (कथन)"},
    "chart.axis.events": {"en": "Events", "hi": "कार्यक्रम"},
    "chart.legend.format": {"en": "Format", "hi": "प्रारूप"},
    "chart.legend.day": {"en": "Day", "hi": "दिन"},
    "chart.legend.event": {"en": "Event", "hi": "कार्यक्रम"},
    "chart.hover.kind": {"en": "Kind", "hi": "प्रकार"},
    "chart.hover.format": {"en": "Format", "hi": "प्रारूप"},
    "chart.hover.participants": {"en": "Participants", "hi": "प्रतिभागी"},
    "chart.hover.topics": {"en": "Topics", "hi": "विषय"},
    "chart.hover.points": {"en": "Points", "hi": "बिंदु"},
    "chart.hover.events": {"en": "Events", "hi": "कार्यक्रम"},
    "chart.hover.day": {"en": "Day", "hi": "दिन"},
    "chart.hover.time": {"en": "Time", "hi": "समय"},
    "chart.hover.group": {"en": "Topic group", "hi": "विषय समूह"},
    "chart.hover.total": {"en": "All together", "hi": "कुल"},
    "chart.hover.speaker": {"en": "Speaker", "hi": "वक्ता"},
    "chart.hover.topic": {"en": "Topic", "hi": "विषय"},
    "chart.hover.event": {"en": "Event", "hi": "कार्यक्रम"},
    "chart.none": {"en": "none", "hi": "कोई नहीं"},
    "chart.attended": {"en": "attended", "hi": "शामिल हुए"},
    "chart.not_attended": {"en": "did not attend", "hi": "शामिल नहीं हुए"},
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


def count(number: int, noun: str, lang: str) -> str:
    """A number with its noun, e.g. "1 event", "3 events", "3 कार्यक्रम"."""
    forms = _NOUNS[noun].get(lang) or _NOUNS[noun]["en"]
    return f"{number:,} {forms[0] if number == 1 else forms[1]}"


def format_day(day: date, lang: str) -> str:
    """A day as people write it: "12 May 2021", "12 मई 2021"."""
    months = _MONTHS.get(lang, _MONTHS["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"
