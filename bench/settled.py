"""When a Streamlit page in the browser has settled, as JavaScript for Playwright's waits.

The benchmark's browser driver and ``scripts/load_test.py`` both wait on these, so that "the
page is drawn" means one thing wherever a time is taken.
"""

from __future__ import annotations

from typing import TypedDict

# A chart is drawn once Plotly has put marks in it: bars and lines are paths, heatmaps images.
MARKS = "svg.main-svg .mlayer path, svg.main-svg .mlayer image"


class Want(TypedDict):
    """What a settled page shows: exactly ``charts`` charts (any number if 0), each with ``marks``."""

    charts: int
    marks: str


def want(charts: int = 0, marks: str = MARKS) -> Want:
    """The argument for ``SETTLED_JS`` and ``REDRAWN_JS``."""
    return {"charts": charts, "marks": marks}


# True once the run has ended and every chart has marks; during a rerun the old and the new
# charts can both be in the page, so an exact count, when given, keeps the wait honest. After
# ``WATCH_RUN_JS``, a run must also have happened since. After a run that ended in an exception,
# the exception's text, so that a wait fails at once instead of running out of time.
SETTLED_JS = """(want) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]')) return false;
  if (window.__benchRan === false) return false;
  const error = document.querySelector('[data-testid="stException"]');
  if (error) return 'the page shows an exception: ' + error.innerText.slice(0, 300);
  const charts = [...document.querySelectorAll('.js-plotly-plot')];
  if (want.charts ? charts.length !== want.charts : charts.length < 1) return false;
  return charts.every(chart => chart.querySelector(want.marks) !== null);
}"""

# Any change of the script's state after this (rerun requested, running) proves a run started,
# however quickly it ends. The previous watch is dropped, so it cannot set the flag late.
WATCH_RUN_JS = """() => {
  if (window.__benchWatch) window.__benchWatch.disconnect();
  window.__benchRan = false;
  const app = document.querySelector('[data-testid="stApp"]');
  window.__benchWatch = new MutationObserver(() => { window.__benchRan = true; });
  window.__benchWatch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
# True once a run has started since ``WATCH_RUN_JS``.
RAN_JS = "() => window.__benchRan === true"

# Plotly.react gives a redrawn chart a new `data` array; the old ones are kept before the change.
REMEMBER_JS = """() => { window.__benchOld = [...document.querySelectorAll('.js-plotly-plot')]
  .map(chart => chart.data); }"""

# Settled, and every chart drawn again since ``REMEMBER_JS``.
REDRAWN_JS = f"""(want) => {{ const settled = ({SETTLED_JS})(want);
  if (settled !== true) return settled;
  return [...document.querySelectorAll('.js-plotly-plot')]
    .every((chart, i) => chart.data !== window.__benchOld[i]); }}"""
