"""The events in view as an iCalendar file, written by the icalendar library.

Date-only events become all-day entries (the source gave no time, so none is invented); timed
events carry the visit's time zone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import pandas as pd

from dashboard.i18n import format_label, t
from dashboard.load import Frames
from dashboard.metrics import timeline_rows

PRODID = "-//visit-dashboard//event log export//EN"


def calendar(frames: Frames) -> bytes:
    """One VEVENT per event in view, in the frames' language."""
    lang = frames.language
    visit = frames.visit
    try:
        zone = ZoneInfo(visit["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    # DTSTAMP must be present; the visit's first day keeps the file identical for identical input,
    # so its hash in the manifest means something.
    stamp = datetime.fromisoformat(visit["start"]).replace(tzinfo=ZoneInfo("UTC"))
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", visit["title"])
    for row in timeline_rows(frames).to_dict("records"):
        if pd.isna(row["date"]):  # the source does not state its day: no calendar can hold it
            continue
        event = icalendar.Event()
        event.add("uid", f"{row['event_id']}@{visit['id']}")
        event.add("dtstamp", stamp)
        event.add("summary", str(row["title"]))
        day = row["date"].date()
        if pd.isna(row["start_at"]):
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
        else:
            event.add("dtstart", row["start_at"].to_pydatetime().replace(tzinfo=zone))
            if not pd.isna(row["end_at"]):
                event.add("dtend", row["end_at"].to_pydatetime().replace(tzinfo=zone))
        place = row["place"] if not pd.isna(row["place"]) else visit["place"]
        event.add("location", str(place))
        lines = [str(row["summary"])]
        if not row["time_reported"]:
            lines.append(f"({t('time_not_reported', lang)})")
        lines += [
            f"{t('participants', lang)}: {row['participants']}",
            f"{t('topics', lang)}: {row['topics']}",
            f"{t('format', lang)}: {format_label(str(row['format']), lang)}",
        ]
        event.add("description", "\n".join(lines))
        event.add("categories", [str(row["kind"]), str(row["format"])])
        cal.add_component(event)
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data
