"""End-to-end MT tests with a real (tiny, copy-model) Argos package: no downloads, no network.

The package is built by tests/argos_tiny.py, installed with argostranslate's own
``install_from_path`` into a temporary packages directory, and loaded by ``ArgosTranslator`` and by
``argostranslate.translate`` (with its sentence splitter replaced, since MiniSBD/Stanza download
models on first use).
"""

from __future__ import annotations

import importlib
import importlib.util
import socket
import sys
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

for _mod in ("argostranslate", "ctranslate2", "sentencepiece"):
    if importlib.util.find_spec(_mod) is None:
        pytest.skip(f"{_mod} is not installed (pip install 'l10n[mt]')", allow_module_level=True)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from argos_tiny import PACKAGE_VERSION, build_tiny_argosmodel  # noqa: E402

from l10n import mt  # noqa: E402
from l10n.glossary import Glossary, Term  # noqa: E402
from l10n.model import Catalog, Entry, L10nError  # noqa: E402
from l10n.mt import ArgosTranslator, MTCache, draft_catalog, draft_hash  # noqa: E402
from l10n.mt.placeholders import protect  # noqa: E402

# --------------------------------------------------------------------------------------------
# Network guard and the isolated Argos installation


class _Guard:
    """Makes every IP connection attempt raise and remembers it (so a swallowed one still fails)."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def install(self, mp: pytest.MonkeyPatch) -> None:
        real_connect = socket.socket.connect

        def connect(sock: socket.socket, address: Any) -> None:
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                self.refuse(address)
            real_connect(sock, address)

        mp.setattr(socket.socket, "connect", connect)
        mp.setattr(socket.socket, "connect_ex", lambda sock, address: self.refuse(address))
        mp.setattr(socket, "create_connection", lambda *a, **k: self.refuse(a[:1]))
        mp.setattr(socket, "getaddrinfo", lambda *a, **k: self.refuse(a[:2]))

    def refuse(self, what: object) -> Any:
        self.attempts.append(repr(what))
        raise OSError(f"network access attempted in a test: {what!r}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Guard]:
    guard = _Guard()
    guard.install(monkeypatch)
    yield guard
    assert not guard.attempts, f"network access attempted: {guard.attempts}"


@dataclass
class ArgosEnv:
    root: Path
    packages: Path
    model_file: Path


@pytest.fixture(scope="session")
def argos_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArgosEnv]:
    """Build the tiny model once and install it into a private Argos packages dir."""
    root = tmp_path_factory.mktemp("argos")
    packages = root / "packages"
    packages.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        guard = _Guard()
        guard.install(mp)
        with pytest.MonkeyPatch.context() as env:
            # argostranslate.settings reads these once, at import, and creates the directories;
            # they are restored right after so other tests see the real environment.
            env.setenv("XDG_DATA_HOME", str(root / "data"))
            env.setenv("XDG_CONFIG_HOME", str(root / "config"))
            env.setenv("XDG_CACHE_HOME", str(root / "cache"))
            env.setenv("ARGOS_PACKAGES_DIR", str(packages))
            env.setenv("ARGOS_DEVICE_TYPE", "cpu")
            settings = importlib.import_module("argostranslate.settings")
        # Also right when another test imported argostranslate first, with other settings.
        mp.setattr(settings, "package_data_dir", packages)
        mp.setattr(settings, "package_dirs", [packages])
        mp.setattr(settings, "downloads_dir", root / "downloads")
        model_file = build_tiny_argosmodel(root / "dist")
        mt.install_model(model_file)
        assert not guard.attempts
        yield ArgosEnv(root, packages, model_file)


@pytest.fixture(scope="session")
def translator(argos_env: ArgosEnv) -> ArgosTranslator:
    return ArgosTranslator(threads=1)


# --------------------------------------------------------------------------------------------
# Installation and loading


def test_installed_through_argos(argos_env: ArgosEnv) -> None:
    import argostranslate.package

    pkgs = argostranslate.package.get_installed_packages()
    zh_en = [p for p in pkgs if (p.from_code, p.to_code) == ("zh", "en")]
    assert len(zh_en) == 1 and zh_en[0].package_version == PACKAGE_VERSION
    assert (zh_en[0].package_path / "model" / "model.bin").is_file()
    status = mt.model_status()
    assert status == [
        {
            "name": "translate-zh_en",
            "from": "zh",
            "to": "en",
            "version": PACKAGE_VERSION,
            "path": str(zh_en[0].package_path),
            "packages_dir": str(argos_env.packages),
        }
    ]
    assert mt.argos_packages_dir() == argos_env.packages


def test_model_is_a_deterministic_zip(argos_env: ArgosEnv, tmp_path: Path) -> None:
    again = build_tiny_argosmodel(tmp_path)
    assert again.read_bytes() == argos_env.model_file.read_bytes()
    with zipfile.ZipFile(again) as a, zipfile.ZipFile(argos_env.model_file) as b:
        names = a.namelist()
        assert names == b.namelist()
        assert "translate-zh_en-tiny/metadata.json" in names
        assert "translate-zh_en-tiny/sentencepiece.model" in names
        assert "translate-zh_en-tiny/model/model.bin" in names


def test_translator_copies_input(translator: ArgosTranslator) -> None:
    assert translator.version == f"translate-zh_en {PACKAGE_VERSION}"
    src = [
        "我们使用Kubernetes部署服务。",
        "这是XQ1X重要XQ2X的XQ3X命令，见XQ4X。",
        "罕见字龘齉与表情😀也能往返。",
        "English text, with punctuation!",
    ]
    calls = translator.model_calls
    assert translator.translate_batch(src) == src
    assert translator.model_calls == calls + 1
    assert translator.translate_batch([]) == []


def test_argostranslate_translate_offline(argos_env: ArgosEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    import argostranslate.sbd
    import argostranslate.translate

    # Argos splits sentences with MiniSBD/Stanza/spaCy, which download models: use whole text.
    for cls in ("MiniSBDSentencizer", "StanzaSentencizer", "SpacySentencizerSmall"):
        monkeypatch.setattr(getattr(argostranslate.sbd, cls), "split_sentences", lambda self, text: [text])
    argostranslate.translate.get_installed_languages.cache_clear()
    assert argostranslate.translate.translate("今天发布了新版本。", "zh", "en") == "今天发布了新版本。"


def test_missing_model_is_an_exact_error(argos_env: ArgosEnv, tmp_path: Path) -> None:
    with pytest.raises(L10nError) as exc:
        ArgosTranslator(package_dirs=[tmp_path])
    assert str(exc.value) == mt.NO_MODEL_MESSAGE
    assert "l10n model install FILE.argosmodel" in str(exc.value)


def test_install_rejects_non_models(argos_env: ArgosEnv, tmp_path: Path) -> None:
    bad = tmp_path / "x.argosmodel"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(L10nError, match="zip"):
        mt.install_model(bad)
    with pytest.raises(L10nError, match="no such file"):
        mt.install_model(tmp_path / "missing.argosmodel")
    empty = tmp_path / "empty.argosmodel"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("readme.txt", "hi")
    with pytest.raises(L10nError, match="metadata.json"):
        mt.install_model(empty)


def test_download_fails_fast_offline(argos_env: ArgosEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float] = []

    def offline(url: str, timeout: float = 0) -> Any:
        seen.append(timeout)
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(L10nError) as exc:
        mt.download_model(timeout=2)
    assert "you appear to be offline" in str(exc.value)
    assert "l10n model install FILE" in str(exc.value)
    assert seen == [2]


def test_network_guard_catches_connections(no_network: Any) -> None:
    with pytest.raises(OSError, match="network access"):
        socket.create_connection(("127.0.0.1", 9))
    assert no_network.attempts
    no_network.attempts.clear()


# --------------------------------------------------------------------------------------------
# Drafting with the real engine


# The real glossary: the engine path must work with what `l10n translate` passes in.
GLOSSARY = Glossary(
    [Term("服务网格", "service mesh"), Term("Kitex", "Kitex", flags=frozenset({"do-not-translate"}))]
)


def catalog() -> Catalog:
    return Catalog(
        entries=[
            Entry("字节跳动开源了Kitex框架。它支持服务网格！", context="a"),
            Entry("运行`make test`命令，见[文档](https://example.com/a_b)和脚注[^1]。", context="b"),
            Entry("这是**重要**的 max_tokens 参数。", context="c"),
            Entry("已审校。", "Reviewed.", context="d"),
            Entry("人工草稿。", "Human draft.", context="e", flags=["fuzzy"]),
        ]
    )


def test_drafts_are_fuzzy_and_markup_survives(translator: ArgosTranslator) -> None:
    cat = catalog()
    stats = draft_catalog(cat, translator, glossary=GLOSSARY)
    idx = cat.by_context()
    assert stats.drafted == 3 and stats.skipped == 2 and stats.flagged == 0
    for ctx in "abc":
        e = idx[ctx]
        assert e.fuzzy
        assert e.translator_comments == [
            f"mt: argos translate-zh_en {PACKAGE_VERSION} sha1={draft_hash(e.msgstr)}"
        ]
    # The copy model returns its input, so the draft is the source with terms pinned.
    assert "service mesh" in idx["a"].msgstr and "Kitex" in idx["a"].msgstr
    assert "服务网格" not in idx["a"].msgstr
    assert "`make test`" in idx["b"].msgstr
    assert "[文档](https://example.com/a_b)" in idx["b"].msgstr and "[^1]" in idx["b"].msgstr
    assert "**重要**" in idx["c"].msgstr and "max_tokens" in idx["c"].msgstr
    assert idx["d"].msgstr == "Reviewed." and not idx["d"].fuzzy
    assert idx["e"].msgstr == "Human draft." and idx["e"].translator_comments == []


def test_cache_makes_rerun_free(translator: ArgosTranslator, tmp_path: Path) -> None:
    with MTCache(tmp_path / "mt.sqlite") as cache:
        first = catalog()
        draft_catalog(first, translator, glossary=GLOSSARY, cache=cache)
        calls = translator.model_calls
        second = catalog()
        stats = draft_catalog(second, translator, glossary=GLOSSARY, cache=cache)
        assert translator.model_calls == calls  # zero model calls on the re-run
        assert stats.translated == 0 and stats.cached > 0
        assert [e.msgstr for e in second.entries] == [e.msgstr for e in first.entries]


def test_refresh_redoes_untouched_drafts_only(translator: ArgosTranslator) -> None:
    cat = catalog()
    draft_catalog(cat, translator, glossary=GLOSSARY)
    idx = cat.by_context()
    idx["b"].msgstr = "Run `make test`, see [the docs](https://example.com/a_b)[^1]."  # human edit
    a_before = idx["a"].msgstr
    calls = translator.model_calls
    stats = draft_catalog(cat, translator, glossary=GLOSSARY, refresh=True)
    assert translator.model_calls == calls + 1
    assert ("a", "redraft by MT") in stats.actions and ("c", "redraft by MT") in stats.actions
    assert all(ctx != "b" for ctx, _ in stats.actions)
    assert idx["a"].msgstr == a_before
    assert idx["b"].msgstr.startswith("Run `make test`")


def test_truncated_output_is_flagged(translator: ArgosTranslator) -> None:
    # CTranslate2 stops at 256 target tokens (Argos's default); the tail and its markup are lost.
    text = "很长" * 200 + "，见`code`和[^2]"
    cat = Catalog(entries=[Entry(text, context="long")])
    stats = draft_catalog(cat, translator)
    e = cat.entries[0]
    assert stats.flagged == 1 and e.fuzzy
    assert "mt-flag: lost code span `code`" in e.translator_comments
    assert "mt-flag: lost footnote reference [^2]" in e.translator_comments
    assert "mt-flag: MT output cut off at the engine's length limit" in e.translator_comments


def test_truncated_output_without_markup_is_flagged_and_not_cached(
    translator: ArgosTranslator, tmp_path: Path
) -> None:
    cat = Catalog(entries=[Entry("长" * 400 + "。", context="long")])
    with MTCache(tmp_path / "c.sqlite") as cache:
        stats = draft_catalog(cat, translator, cache=cache)
        assert stats.flagged == 1
        assert "mt-flag: MT output cut off at the engine's length limit" in cat.entries[0].translator_comments
        assert len(cache) == 0


def test_placeholders_survive_the_engine(translator: ArgosTranslator) -> None:
    p = protect('运行`ls -la`并访问 https://a.b/c?d=1 ，再看<b>粗体</b>和{{< ref "x.md" >}}。')
    out = translator.translate_batch([p.text])[0]
    assert out == p.text


# --------------------------------------------------------------------------------------------
# The command line, end to end on the tiny model


def test_cli_translate_end_to_end(argos_env: ArgosEnv, site: Path) -> None:
    from typer.testing import CliRunner

    from l10n.app.cli import app
    from l10n.formats.po import parse_po

    runner = CliRunner()
    assert runner.invoke(app, ["extract"]).exit_code == 0
    dry = runner.invoke(app, ["translate", "--dry-run"])
    assert dry.exit_code == 0 and "would draft by MT [fm.title]" in dry.output
    result = runner.invoke(app, ["translate"])
    assert result.exit_code == 0, result.output
    assert "29 drafted" in result.output
    po = site / "po/en/news/xai-funding.po"
    cat = parse_po(po.read_text(encoding="utf-8"), str(po))
    title = cat.by_context()["fm.title"]
    assert title.fuzzy and any(c.startswith("mt: argos") for c in title.translator_comments)
    # The copy model returns its input; glossary targets were pinned through placeholders.
    assert "Musk" in title.msgstr and "first principles" in title.msgstr
    footnote = next(e for e in cat.entries if e.msgid.startswith("[xAI融资公告]"))
    assert "(https://example.com/xai/funding-2025)" in footnote.msgstr
    again = runner.invoke(app, ["translate"])
    assert again.exit_code == 0 and "0 drafted" in again.output
    status = runner.invoke(app, ["status", "--format", "json"])
    assert '"fuzzy_mt": 29' in status.output
    check = runner.invoke(app, ["check", "--only", "fuzzy-mt"])
    assert check.exit_code == 1 and "MT drafts to review: 29" in check.output
    model = runner.invoke(app, ["model", "status"])
    assert model.exit_code == 0 and "zh→en" in model.output
