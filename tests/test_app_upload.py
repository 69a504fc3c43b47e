"""The page's other logs, run by Streamlit's AppTest: the sidebar uploader and ``-- --data PATH``.

AppTest 1.67 drives ``st.file_uploader`` itself (``FileUploader.set_value`` registers the bytes
with its in-memory upload manager), so these go through the real widget, not a stand-in.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import panels
from tests.sections import every_figure

ROOT = Path(__file__).resolve().parents[1]
OTHER = ROOT / "tests" / "fixtures" / "other_visit"
CORPUS = ROOT / "tests" / "corpus"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "events.yaml"
SHIPPED_FIGURES = ["3", "22", "26", "3"]
OTHER_FIGURES = ["3", "4", "4", "4"]

pytestmark = pytest.mark.xdist_group("apptest")

Upload = tuple[str, bytes, str]


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()


def _figures(app: AppTest) -> list[dict[str, Any]]:
    return [json.loads(element.proto.spec) for element in app.get("plotly_chart")]


def _metrics(app: AppTest) -> list[str]:
    return [m.value for m in app.metric]


def _other_visit() -> list[Upload]:
    log = [("events.yaml", (OTHER / "events.yaml").read_bytes(), "application/x-yaml")]
    sources = [
        (p.name, p.read_bytes(), "text/plain") for p in sorted((OTHER / "sources").iterdir())
    ]
    return log + sources


def _corpus_case(name: str) -> list[Upload]:
    note = CORPUS / "sources" / "note.en.txt"
    return [
        (name, (CORPUS / name).read_bytes(), "application/x-yaml"),
        (note.name, note.read_bytes(), "text/plain"),
    ]


def _upload(app: AppTest, files: list[Upload]) -> AppTest:
    return app.file_uploader(key="upload").set_value(files).run()


def _footer(app: AppTest) -> str:
    return _unescaped(app.main.caption[-1].value)


def _unescaped(text: str) -> str:
    # Problems are shown as escaped Markdown; compare against what the reader sees.
    return text.replace("\\", "")


def test_valid_upload_replaces_the_charts_for_this_session() -> None:
    """The other visit, uploaded with both its sources, becomes the page's log: title, figures, charts."""
    app = _app()
    before = _figures(app)
    assert _metrics(app) == SHIPPED_FIGURES
    _upload(app, _other_visit())
    assert not app.exception
    assert not app.error
    assert app.title[0].value == "Test delegation in Lisbon"
    assert _metrics(app) == OTHER_FIGURES
    after = list(every_figure(app).values())
    assert len(after) == len(panels.CHARTS)
    assert after != before
    text = json.dumps(after, ensure_ascii=False)
    assert "Fisheries" in text
    assert "Syria" not in text
    assert "events.yaml" in _footer(app)  # the footer names the upload


def test_invalid_upload_lists_its_problems_and_keeps_the_shipped_charts() -> None:
    """A corpus case is refused with its file, line and field, and the shipped view stays as it was."""
    app = _app()
    before = _figures(app)
    _upload(app, _corpus_case("unknown-topic.yaml"))
    app.run()
    assert not app.exception
    message = _unescaped(app.error[0].value)
    assert "The uploaded log was not opened" in message
    assert "unknown-topic.yaml:32: events[0].points[0].topics[0]:" in message
    assert "'tariffs' is not a known topic id" in message
    assert _metrics(app) == SHIPPED_FIGURES
    assert _figures(app) == before


def test_invalid_upload_after_a_valid_one_keeps_the_uploaded_charts() -> None:
    """The previous view is whatever this session showed last, here an earlier upload."""
    app = _upload(_app(), _other_visit())
    uploaded = _figures(app)
    _upload(app, _corpus_case("duplicate-key.yaml"))
    app.run()  # and on every later run, not only the one that rejected the upload
    message = _unescaped(app.error[0].value)
    assert "duplicate-key.yaml:" in message
    assert "the key 'date' appears twice" in message
    assert app.title[0].value == "Test delegation in Lisbon"
    assert _metrics(app) == OTHER_FIGURES
    assert _figures(app) == uploaded


def test_back_to_the_start_log_after_an_upload() -> None:
    """The uploader's button shows the start log again, though its files stay in the uploader."""
    app = _upload(_app(), _other_visit())
    assert _metrics(app) == OTHER_FIGURES
    app.button(key="unload").click().run()
    assert not app.exception
    assert app.title[0].value.startswith("UN Secretary")
    assert _metrics(app) == SHIPPED_FIGURES
    app.run()  # any later rerun must not reopen them either
    assert _metrics(app) == SHIPPED_FIGURES
    _upload(app, [])  # removed, then chosen again: they open again
    _upload(app, _other_visit())
    assert _metrics(app) == OTHER_FIGURES


def test_data_argument_chooses_the_log_and_wins_over_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``streamlit run streamlit_app.py -- --data PATH`` shows PATH's log, even with $VISIT_LOG set."""
    monkeypatch.setenv("VISIT_LOG", str(HOSTILE))
    # streamlit run hands the script only what follows "--"; Streamlit's own flags never reach it.
    monkeypatch.setattr(sys, "argv", ["streamlit_app.py", "--data", str(OTHER / "events.yaml")])
    app = _app()
    assert not app.exception
    assert not app.error
    assert app.title[0].value == "Test delegation in Lisbon"
    assert _metrics(app) == OTHER_FIGURES
    assert "events.yaml" in _footer(app)


def test_data_argument_naming_a_missing_file_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A mistyped --data path is reported on the page, not replaced by the shipped log."""
    missing = tmp_path / "nowhere.yaml"
    monkeypatch.setattr(sys, "argv", ["streamlit_app.py", "--data", str(missing)])
    app = _app()
    assert not app.exception
    assert "missing" in _unescaped(app.error[0].value)
    assert not app.metric


def test_a_view_of_an_upload_says_its_link_needs_the_upload() -> None:
    """With an upload shown, the page says a link needs the upload again, and the link says
    which log it was made from."""
    app = _upload(_app(), _other_visit())
    assert _metrics(app) == OTHER_FIGURES
    assert any("A link to it opens on the shared log" in c.value for c in app.caption)
    assert app.query_params["upload"] == "events.yaml"
