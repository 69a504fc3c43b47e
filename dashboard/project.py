"""Where the files around the package live: the checkout's root, or its copy inside a wheel.

The page reads more than Python modules: ``streamlit_app.py`` (the script Streamlit runs),
``.streamlit/config.toml`` (theme, upload limit, no tracebacks for readers) and the shipped log in
``data/``. In a checkout they sit at the repository's root, where Streamlit and its hosts look
for them. A wheel can only carry files inside a package, so ``pyproject.toml`` maps the root to
the subpackage ``dashboard.root``: an installed copy finds the same files at
``dashboard/root/``, and Streamlit reads the config beside the script it runs.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# The wheel's copy of the root, if this is an installed package; else the checkout itself.
_PACKAGED_ROOT = PACKAGE / "root"
INSTALLED = (_PACKAGED_ROOT / "streamlit_app.py").is_file()
ROOT = _PACKAGED_ROOT if INSTALLED else PACKAGE.parent

PAGE_SCRIPT = ROOT / "streamlit_app.py"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
DEFAULT_LOG = ROOT / "data" / "events.yaml"


def cache_home() -> Path:
    """Where built frames are kept by default: ``.cache/`` in a checkout, as before; for an
    installed package, the user's cache folder, since site-packages may be read-only and is
    no place for data."""
    if not INSTALLED:
        return ROOT / ".cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "visit-dashboard"
