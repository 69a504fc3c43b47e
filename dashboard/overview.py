"""The visit at a glance: one sentence per day and a compact table of the events.

The sentence is written from the data ("<day>, <who attended>: <topic>, <topic> and <topic>"):
for each day, who attended its events and the topics its statements touched most. The table gives each event's day, title, format, who attended and the log's own
summary, the way a newspaper's graphics desk opens a story.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import metrics
from dashboard.filters import only_events
from dashboard.i18n import format_day, format_label, t
from dashboard.load import Frames

# Past these, the sentence and the table stop and say how many more there are.
MAX_DAYS = 4
MAX_EVENTS = 12
TOPICS_PER_DAY = 3


@dataclass(frozen=True)
class Overview:
    """What the page shows before its charts.

    Attributes:
        sentence: One sentence per day in view (at most ``MAX_DAYS``), in the frames' language.
        events: The events in view in time order (at most ``MAX_EVENTS``), columns named in the
            language: day, event, format, participants, summary; empty cells empty.
        more_events: How many events in view the table leaves out.
    """

    sentence: str
    events: pd.DataFrame
    more_events: int


def overview(shown: Frames) -> Overview:
    """The overview of the filtered frames ``shown``."""
    events = metrics.in_time_order(shown.events)
    # Names and summaries joined for the rows the table shows only: at 50,000 events the joins
    # for all of them took a second.
    first = only_events(shown, events["event_id"].iloc[:MAX_EVENTS].tolist())
    return Overview(
        sentence=_sentence(shown, events),
        events=_table(metrics.timeline_rows(first), shown.language),
        more_events=max(0, len(events) - MAX_EVENTS),
    )


def _table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    summaries = rows["summary"].astype("object").where(rows["summary"].notna(), "")
    return pd.DataFrame(
        {
            t("col.date", lang): [format_day(d.date(), lang) for d in rows["date"]],
            t("col.title", lang): rows["title"].astype("object").tolist(),
            t("col.format", lang): [format_label(f, lang) for f in rows["format"]],
            t("col.participants", lang): rows["participants"].astype("object").tolist(),
            t("col.summary", lang): summaries.tolist(),
        }
    )


def _sentence(shown: Frames, rows: pd.DataFrame) -> str:
    # rows: the events in view, in time order.
    """ "{day} with {people}: {topics}" for each day in view, joined; "" with no events."""
    lang = shown.language
    if not len(rows):
        return ""
    attendance = shown.attendance
    names = dict(zip(shown.participants["participant_id"], shown.participants["name"], strict=True))
    ranks = shown.encoding.people
    topic_names = shown.encoding.topics
    days = sorted(set(rows["date"]))
    parts = []
    for day in days[:MAX_DAYS]:
        events = set(rows.loc[rows["date"] == day, "event_id"])
        people = ranks.ordered(
            sorted(set(attendance.loc[attendance["event_id"].isin(events), "participant_id"]))
        )
        met = [names.get(p, p) for p in people]
        mentions = shown.point_topics[shown.point_topics["event_id"].isin(events)]
        counts = mentions.drop_duplicates(["point_id", "topic_id"])["topic_id"].value_counts()
        top = sorted(counts.index, key=lambda topic: (-counts[topic], topic_names.rank(topic)))
        topics = [topic_names.name(topic) for topic in top[:TOPICS_PER_DAY]]
        parts.append(
            t(
                "overview.day" if topics else "overview.day_no_topics",
                lang,
                day=format_day(day.date(), lang),
                people=_join(met, lang) or t("chart.none", lang),
                topics=_join(topics, lang),
            )
        )
    more = len(days) - MAX_DAYS
    if more > 0:
        parts.append(t("overview.more_days", lang, days=more))
    return t("overview.separator", lang).join(parts) + t("overview.end", lang)


def _join(items: list[str], lang: str) -> str:
    """ "a", "a and b", "a, b and c", in the language."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("and", lang) + items[-1]
