"""Shared fixtures. Every test runs with outbound network connections made to fail."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Fast profile by default (CI); `pytest --slow` or L10N_SLOW=1 runs the long profile.
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "slow", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="run the long property/fuzz/kill profile")


def pytest_configure(config: pytest.Config) -> None:
    slow = config.getoption("--slow") or os.environ.get("L10N_SLOW") == "1"
    if slow:
        os.environ["L10N_SLOW"] = "1"
    settings.load_profile("slow" if slow else "ci")


def slow_mode() -> bool:
    """True under the long profile; tests scale their own loops (kill points, edit sequences) with it."""
    return os.environ.get("L10N_SLOW") == "1"


REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


class NetworkBlocked(RuntimeError):
    pass


def _blocked(*args: object, **kwargs: object) -> None:
    raise NetworkBlocked(f"network access attempted in a test: {args!r}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _blocked(address)
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", _blocked)
    monkeypatch.setattr(socket, "getaddrinfo", _blocked)


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751500000")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    """A copy of the shipped sample site (content, glossary, settings) in a temporary directory."""
    root = tmp_path / "site"
    root.mkdir()
    shutil.copytree(REPO / "content" / "zh", root / "content" / "zh")
    shutil.copytree(REPO / "glossary", root / "glossary")
    (root / "l10n.toml").write_text('extra_keys = ["main_topics"]\n', encoding="utf-8")
    old = os.getcwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(old)


def invoke_cli(root: Path, *args: str) -> tuple[int, str]:
    """``l10n -C root ARGS`` in-process; an uncaught exception (a traceback) fails the test."""
    from typer.testing import CliRunner

    from l10n.app.cli import app

    result = CliRunner().invoke(app, ["-C", str(root), *args])
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        raise AssertionError(f"traceback from `l10n {' '.join(args)}`: {exc!r}") from exc
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS
