"""deploy/serve.py: the nginx config it renders and how it refuses to start.

Running it (nginx, replicas, a replica killed, SIGTERM) is tests/browser/test_replicas.py's job.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.upload import MAX_UPLOAD_BYTES
from deploy import serve

RUN_DIR = Path("/work/run")


def _config(**changes: object) -> str:
    options: dict[str, object] = {
        "run_dir": RUN_DIR,
        "listen": "127.0.0.1",
        "port": 8501,
        "upstreams": ["127.0.0.1:9001", "127.0.0.1:9002"],
    }
    options.update(changes)
    return serve.nginx_config(**options)  # type: ignore[arg-type]


def _directives(config: str) -> list[str]:
    """The config's statements, comments dropped, whitespace collapsed."""
    code = "\n".join(line.split("#", 1)[0] for line in config.splitlines())
    return [" ".join(part.split()) for part in re.split(r"[;{}]", code) if part.strip()]


def test_every_placeholder_is_filled() -> None:
    """The rendered config has no double-braced name left, and nginx's own $variables stay."""
    config = _config()
    assert "{{" not in config and "}}" not in config
    assert "$replica_key" in config and "$http_upgrade" in config


def test_a_placeholder_without_a_value_is_an_error() -> None:
    """render() names a placeholder it has no value for, instead of writing it into the config."""
    with pytest.raises(KeyError, match="no value for servers"):
        serve.render("upstream x { {{ servers }} }", {})


def test_each_replica_is_an_upstream_server_hashed_on_the_sticky_cookie() -> None:
    """Every replica is one `server` line; the balancer hashes the cookie key, consistently."""
    directives = _directives(_config())
    assert "server 127.0.0.1:9001 max_fails=1 fail_timeout=5s" in directives
    assert "server 127.0.0.1:9002 max_fails=1 fail_timeout=5s" in directives
    assert "hash $replica_key consistent" in directives
    assert "map $cookie_visit_replica $replica_key" in directives
    assert "add_header Set-Cookie $replica_cookie always" in directives


def test_without_stickiness_nothing_is_hashed() -> None:
    """--no-sticky leaves nginx's round robin: no hash directive at all."""
    assert not [d for d in _directives(_config(sticky=False)) if d.startswith("hash ")]


def test_websockets_pass_and_stay_open() -> None:
    """The Upgrade handshake is forwarded over HTTP/1.1, and a silent stream is kept for a day."""
    directives = _directives(_config())
    assert "proxy_http_version 1.1" in directives
    assert "proxy_set_header Upgrade $http_upgrade" in directives
    assert "proxy_set_header Connection $connection_upgrade" in directives
    assert "proxy_read_timeout 1d" in directives


def test_an_upload_the_page_accepts_passes_nginx() -> None:
    """nginx's body limit is above the page's own upload limit, so the page words the refusal."""
    (limit,) = [d for d in _directives(_config()) if d.startswith("client_max_body_size ")]
    megabytes = int(limit.split()[1].removesuffix("m"))
    assert megabytes * 1024 * 1024 > MAX_UPLOAD_BYTES


def test_every_path_is_in_the_run_folder() -> None:
    """Logs, the PID file and every temporary folder live under the run folder, never /var."""
    config = _config()
    paths = re.findall(r"(?m)^\s*(?:pid|error_log|access_log|\w+_temp_path) (\S+)", config)
    assert len(paths) == 8
    assert all(path.startswith(f"{RUN_DIR}/") for path in paths), paths
    code = " ".join(_directives(config))
    assert "/var/" not in code and "/etc/" not in code


def test_no_replicas_is_refused() -> None:
    """A config with no upstream at all is refused with what to pass instead."""
    with pytest.raises(ValueError, match="--replicas 1 or more"):
        _config(upstreams=[])


def test_replicas_on_other_machines_are_upstreams_too() -> None:
    """--remote adds a server line per replica on another machine."""
    config = _config(upstreams=["127.0.0.1:9001", "10.0.0.7:8501"])
    assert "server 10.0.0.7:8501 max_fails=1 fail_timeout=5s" in _directives(config)


def test_a_missing_nginx_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without nginx, serve.py exits 1 with the apt-get line, and starts nothing."""
    monkeypatch.setattr(serve, "find_nginx", lambda: None)
    assert serve.main(["--replicas", "1", "--port", "18999"]) == 1
    assert "apt-get install --no-install-recommends nginx" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--replicas", "0"], ["--replicas", "-1"]])
def test_nothing_to_serve_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """No local replica and no remote one: exit 2 and say what is needed."""
    assert serve.main([*argv, "--port", "18999"]) == 2
    assert "--replicas must be 1 or more" in capsys.readouterr().err


def test_the_page_arguments_follow_a_double_dash() -> None:
    """Whatever follows `--` goes to every replica's page, e.g. another log."""
    ours, page = serve._split_page_args(["--replicas", "2", "--", "--data", "x.yaml"])
    assert (ours, page) == (["--replicas", "2"], ["--data", "x.yaml"])
    assert serve._split_page_args(["--replicas", "2"]) == (["--replicas", "2"], [])


def test_replicas_run_without_a_forced_collection_after_each_rerun(tmp_path: Path) -> None:
    """A replica (started in the project root, as serve.py does) reads runner.postScriptGC = false
    from the shipped config, while Streamlit's own default elsewhere is true."""
    ask = "from streamlit import config; print(config.get_option('runner.postScriptGC'))"
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env["HOME"] = str(tmp_path)  # no ~/.streamlit/config.toml of the machine's

    def option(cwd: Path) -> str:
        done = subprocess.run(
            [sys.executable, "-c", ask],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    assert option(serve.ROOT) == "False"
    assert option(tmp_path) == "True"
