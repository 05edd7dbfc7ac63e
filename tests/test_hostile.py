"""Translator mistakes in PO files and hostile or odd input.

PO mistakes either fail with one clear line, ``po/en/a.po:LINE: message`` (exit 1, no traceback, the PO
file left exactly as the translator saved it), or are recovered from without losing any translation.

Hostile input (deep nesting, 1 MB lines, NUL and control characters, lone surrogates, symlinks and
``..`` leading outside the site, odd file names) never produces a traceback or a hang (every call runs
under a deadline) and nothing is written outside the configured output directories. The Markdown,
front-matter and PO parsers are also fuzzed: they answer or raise ParseError, nothing else.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from conftest import invoke_cli, slow_mode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.app.article_jobs import extract_text, merge_text
from l10n.app.config import Config
from l10n.document import parse_article
from l10n.formats.po import generate_po, parse_po
from l10n.model import L10nError, ParseError

ARTICLE = """---
title: 标题文字
tags: [甲标签, 乙标签]
---

第一段文字，讲述融资的细节。

第二段文字，讲述算力的规模。

第三段文字，讲述模型的发布。
"""
PO_NAME = "po/en/a.po"


class Hang(BaseException):
    """Raised by the deadline; a BaseException so that CliRunner does not swallow it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run(root: Path, *args: str, timeout: float = 30) -> tuple[int, str]:
    """The CLI in-process under a deadline; an uncaught exception (a traceback) fails the test."""
    with deadline(timeout):
        return invoke_cli(root, *args)


def marker(msgid: str) -> str:
    return f"EN[{msgid}]"


def make_site(root: Path, text: str = ARTICLE, name: str = "a.md") -> Path:
    (root / "content" / "zh").mkdir(parents=True)
    (root / "content" / "zh" / name).write_text(text, encoding="utf-8")
    (root / "l10n.toml").write_text("threshold = 0\ndrop_keys = []\n", encoding="utf-8")
    return root


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    """A one-article site whose PO file is fully translated (msgstr = marker of the msgid)."""
    root = make_site(tmp_path / "site")
    assert run(root, "extract")[0] == 0
    po = root / PO_NAME
    cat = parse_po(po.read_text(encoding="utf-8"), PO_NAME)
    for e in cat.entries:
        e.msgstr = marker(e.msgid)
    po.write_text(generate_po(cat), encoding="utf-8")
    return root


def line_of(text: str, needle: str, start: int = 1) -> int:
    for no, line in enumerate(text.split("\n"), 1):
        if no >= start and needle in line:
            return no
    raise AssertionError(f"{needle!r} not in text")


def entry_block(text: str, msgid: str) -> str:
    """The lines of the entry whose msgid is ``msgid`` (comments included), with its trailing blank line."""
    blocks = text.split("\n\n")
    return next(b for b in blocks if f'msgid "{msgid}"' in b) + "\n\n"


# --------------------------------------------------------------------------- PO mistakes: clear errors

P2 = "第二段文字，讲述算力的规模。"
M2 = marker(P2)


def _unterminated(t: str) -> tuple[str, int]:
    t = t.replace(f'msgstr "{M2}"', f'msgstr "{M2}', 1)
    return t, line_of(t, f'msgstr "{M2}')


def _bad_keyword(t: str) -> tuple[str, int]:
    t = t.replace(f'msgstr "{M2}"', f'msgstrr "{M2}"', 1)
    return t, line_of(t, "msgstrr")


def _stray_text(t: str) -> tuple[str, int]:
    t = t.replace(f'msgstr "{M2}"\n', f'msgstr "{M2}"\n这是译者随手写的一行\n', 1)
    return t, line_of(t, "这是译者随手写的一行")


def _bad_escape(t: str) -> tuple[str, int]:
    t = t.replace(f'msgstr "{M2}"', f'msgstr "{M2}\\q"', 1)
    return t, line_of(t, "\\q")


def _no_msgstr(t: str) -> tuple[str, int]:
    t = t.replace(f'msgstr "{M2}"\n', "", 1)
    return t, line_of(t, f'msgid "{P2}"')


def _broken_header(t: str) -> tuple[str, int]:
    t = t.replace('"Language: en\\n"', '"Language en\\n"', 1)
    return t, line_of(t, '"Language en')


def _wrong_charset(t: str) -> tuple[str, int]:
    t = t.replace("charset=UTF-8", "charset=ISO-8859-1", 1)
    return t, line_of(t, "charset=ISO-8859-1")


def _duplicate(t: str) -> tuple[str, int]:
    block = entry_block(t, P2)
    t = t + "\n" + block.rstrip("\n") + "\n"
    return t, line_of(t, f'msgid "{P2}"', line_of(t, f'msgid "{P2}"') + 1)


def _duplicate_other_msgstr(t: str) -> tuple[str, int]:
    block = entry_block(t, P2).replace(M2, "Another rendering.")
    t = t + "\n" + block.rstrip("\n") + "\n"
    return t, line_of(t, f'msgid "{P2}"', line_of(t, f'msgid "{P2}"') + 1)


def _escaped_surrogate(t: str) -> tuple[str, int]:
    t = t.replace(f'msgstr "{M2}"', 'msgstr "half \\355\\240\\200 a surrogate"', 1)
    return t, line_of(t, "half ")


def _truncated(t: str) -> tuple[str, int]:
    cut = t.rindex('msgid "') + 10
    t = t[:cut]
    return t, t.count("\n") + 1


ERRORS: dict[str, Callable[[str], tuple[str, int]]] = {
    "unterminated-string": _unterminated,
    "unknown-keyword": _bad_keyword,
    "stray-text": _stray_text,
    "bad-escape": _bad_escape,
    "msgid-without-msgstr": _no_msgstr,
    "broken-header": _broken_header,
    "wrong-charset": _wrong_charset,
    "duplicate-entry": _duplicate,
    "duplicate-entry-other-msgstr": _duplicate_other_msgstr,
    "escaped-lone-surrogate": _escaped_surrogate,
    "truncated": _truncated,
}


def _assert_clear_error(root: Path, before: bytes, line: int) -> None:
    po = root / PO_NAME
    where = f"{PO_NAME}:{line}: "
    code, out = run(root, "extract")
    assert code == 1 and where in out, out
    assert po.read_bytes() == before, "extract overwrote the translator's PO file"
    code, out = run(root, "merge")
    assert code == 1 and where in out, out
    assert not (root / "content" / "en" / "a.md").exists()
    code, out = run(root, "check")
    assert code == 1 and "po-syntax" in out and PO_NAME in out and f"  {line}: error po-syntax" in out, out
    assert po.read_bytes() == before


@pytest.mark.parametrize("mistake", list(ERRORS))
def test_po_mistake_is_a_clear_error_and_keeps_the_file(translated: Path, mistake: str) -> None:
    po = translated / PO_NAME
    text, line = ERRORS[mistake](po.read_text(encoding="utf-8"))
    po.write_text(text, encoding="utf-8")
    _assert_clear_error(translated, po.read_bytes(), line)


def test_po_saved_in_gbk_is_a_clear_error(translated: Path) -> None:
    po = translated / PO_NAME
    text = po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=GBK")
    po.write_bytes(text.encode("gbk", errors="replace"))
    first_han = next(i for i, ln in enumerate(text.split("\n"), 1) if re.search("[\u4e00-\u9fff]", ln))
    _assert_clear_error(translated, po.read_bytes(), first_han)


def test_raw_lone_surrogate_bytes_are_a_clear_error(translated: Path) -> None:
    po = translated / PO_NAME
    data = po.read_bytes().replace(M2.encode(), b"bad \xed\xa0\x80 bytes", 1)
    po.write_bytes(data)
    line = data[: data.index(b"\xed\xa0\x80")].count(b"\n") + 1
    _assert_clear_error(translated, data, line)


# --------------------------------------------------------------------------- PO mistakes: recovery


def _ctxt(t: str, msgid: str) -> str:
    m = re.search(r'msgctxt "([^"]+)"\nmsgid "' + re.escape(msgid) + '"', t)
    assert m is not None
    return m.group(1)


def _edit_ctxt(t: str) -> str:
    return t.replace(f'msgctxt "{_ctxt(t, P2)}"', 'msgctxt "p-00000000"', 1)


def _colliding_ctxt(t: str) -> str:
    first = "第一段文字，讲述融资的细节。"
    return t.replace(f'msgctxt "{_ctxt(t, P2)}"', f'msgctxt "{_ctxt(t, first)}"', 1)


def _no_ctxt(t: str) -> str:
    return t.replace(f'msgctxt "{_ctxt(t, P2)}"\n', "", 1)


def _duplicate_without_ctxt(t: str) -> str:
    block = entry_block(t, P2)
    copy = re.sub(r'msgctxt "[^"]+"\n', "", block).replace(M2, "A second opinion.")
    return t + "\n" + copy.rstrip("\n") + "\n"


def _no_header(t: str) -> str:
    return t[t.index("\n\n") + 2 :]


def _crlf_bom(t: str) -> str:
    return "\ufeff" + t.replace("\n", "\r\n")


def _reordered(t: str) -> str:
    head, *blocks = t.rstrip("\n").split("\n\n")
    return "\n\n".join([head, *reversed(blocks)]) + "\n"


def _entry_deleted(t: str) -> str:
    return t.replace(entry_block(t, "第三段文字，讲述模型的发布。"), "", 1)


def _fuzzy_header(t: str) -> str:
    return t.replace('msgid ""\n', '#, fuzzy\nmsgid ""\n', 1)


RECOVERIES: dict[str, Callable[[str], str]] = {
    "msgctxt-edited": _edit_ctxt,
    "msgctxt-collides-with-another": _colliding_ctxt,
    "msgctxt-deleted": _no_ctxt,
    "duplicate-without-msgctxt": _duplicate_without_ctxt,
    "header-deleted": _no_header,
    "crlf-and-bom": _crlf_bom,
    "entries-reordered": _reordered,
    "entry-deleted": _entry_deleted,
    "fuzzy-header": _fuzzy_header,
}


def _all_msgstrs(root: Path) -> set[str]:
    return {e.msgstr for e in parse_po((root / PO_NAME).read_text(encoding="utf-8"), PO_NAME).entries}


@pytest.mark.parametrize("mistake", list(RECOVERIES), ids=list(RECOVERIES))
def test_po_mistake_is_recovered_without_losing_translations(translated: Path, mistake: str) -> None:
    po = translated / PO_NAME
    text = RECOVERIES[mistake](po.read_text(encoding="utf-8"))
    po.write_text(text, encoding="utf-8")
    before = {e.msgstr for e in parse_po(text, PO_NAME).entries if e.msgstr}
    code, out = run(translated, "extract")
    assert code == 0, out
    after = parse_po(po.read_text(encoding="utf-8"), PO_NAME)
    assert before <= {e.msgstr for e in after.entries}, "a translation was discarded"
    # Every segment whose translation survived sits on its own text.
    for e in after.entries:
        if not e.obsolete and e.msgstr and not e.fuzzy and e.msgstr.startswith("EN["):
            assert e.msgstr == marker(e.msgid)
    expected_active = before & {marker(e.msgid) for e in after.entries if not e.obsolete}
    assert expected_active <= {e.msgstr for e in after.entries if not e.obsolete}
    code, out = run(translated, "merge")
    assert code == 0, out
    assert run(translated, "extract")[1].count("0 PO file(s) updated") == 1  # stable now


def test_obsolete_entry_revived_by_hand(translated: Path) -> None:
    src = translated / "content" / "zh" / "a.md"
    src.write_text(ARTICLE.replace(P2, "完全不同的一句话，与原文无关。"), encoding="utf-8")
    assert run(translated, "extract")[0] == 0
    po = translated / PO_NAME
    text = po.read_text(encoding="utf-8")
    assert f'#~ msgstr "{M2}"' in text
    # The translator deletes the "#~ " markers to bring the old entry back.
    po.write_text(re.sub(r"^#~ ", "", text, flags=re.M), encoding="utf-8")
    code, out = run(translated, "extract")
    assert code == 0, out
    assert M2 in _all_msgstrs(translated)
    # ...and once the old text returns to the article, the translation is used again as is.
    src.write_text(ARTICLE, encoding="utf-8")
    assert run(translated, "extract")[0] == 0
    cat = parse_po(po.read_text(encoding="utf-8"), PO_NAME)
    assert [e for e in cat.entries if e.msgid == P2 and not e.obsolete and not e.fuzzy][0].msgstr == M2
    assert run(translated, "merge")[0] == 0
    assert "Second" not in (translated / "content/en/a.md").read_text(encoding="utf-8")
    assert M2 in (translated / "content/en/a.md").read_text(encoding="utf-8")


def test_nul_escape_in_msgstr_is_refused(translated: Path) -> None:
    po = translated / PO_NAME
    text = po.read_text(encoding="utf-8").replace(f'msgstr "{M2}"', 'msgstr "Second\\000paragraph."', 1)
    po.write_text(text, encoding="utf-8")
    code, out = run(translated, "merge")
    target = translated / "content/en/a.md"
    if code == 1:
        assert f"{PO_NAME}:{line_of(text, 'Second')}: " in out
    else:
        assert b"\x00" not in target.read_bytes()


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10**6),
            st.sampled_from(['"', "\\", "\n", "#~ ", "#| ", "msgid ", "", "x"]),
            st.integers(0, 3),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_po_parser_fuzz(edits: list[tuple[int, str, int]]) -> None:
    """Random damage to a PO file: parse_po answers or raises ParseError at a line of the file."""
    text = _SAMPLE_PO
    for pos, insert, delete in edits:
        pos %= len(text) + 1
        text = text[:pos] + insert + text[pos + delete :]
    try:
        with deadline(10):
            cat = parse_po(text, "x.po")
    except ParseError as exc:
        assert exc.path == "x.po" and exc.line is not None and 1 <= exc.line <= text.count("\n") + 1
        return
    # Whatever was accepted is written back in a form that reads the same.
    again = parse_po(generate_po(cat), "x.po")
    assert [(e.context, e.msgid, e.msgstr, e.obsolete) for e in again.entries] == [
        (e.context, e.msgid, e.msgstr, e.obsolete) for e in cat.entries if e.msgstr or not e.obsolete
    ]


def _sample_po() -> str:
    config = Config(drop_keys=())
    article = parse_article(ARTICLE, "content/zh/a.md")
    po, cat, _ = extract_text(article, None, PO_NAME, config)
    for e in cat.entries:
        e.msgstr = marker(e.msgid)
    article2 = parse_article(ARTICLE.replace("第一段", "第一段新").replace(P2, "别的。"), "content/zh/a.md")
    po2, _, _ = extract_text(article2, generate_po(cat), PO_NAME, config)
    return po2


_SAMPLE_PO = _sample_po()


# --------------------------------------------------------------------------- hostile input


def _snapshot(top: Path, site: Path) -> dict[str, bytes | str]:
    """Everything under ``top`` except what l10n may write: the output roots, its lock and cache."""
    allowed = [site / "po" / "en", site / "content" / "en", site / ".l10n.lock", site / ".l10n-cache"]
    out: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(top):
        d = Path(dirpath)
        dirnames[:] = [n for n in dirnames if d / n not in allowed]
        for n in filenames + [n for n in dirnames if (d / n).is_symlink()]:
            p = d / n
            if p in allowed:
                continue
            out[p.relative_to(top).as_posix()] = os.readlink(p) if p.is_symlink() else p.read_bytes()
    return out


class Guard:
    """Snapshots the tree around a site; at teardown, only l10n's output roots may have changed."""

    def __init__(self, top: Path, site: Path) -> None:
        self.top, self.site = top, site
        self.before = _snapshot(top, site)

    def freeze(self) -> None:
        """Call after the test has written its sources: from here on l10n must not touch them."""
        self.before = _snapshot(self.top, self.site)

    def check(self) -> None:
        assert _snapshot(self.top, self.site) == self.before, "something outside po/en and content/en changed"


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[tuple[Path, Path, Guard]]:
    """A site plus an ``outside`` directory next to it, and a guard checked at teardown."""
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.md").write_text("---\ntitle: 秘密\n---\n秘密段落。\n", encoding="utf-8")
    (outside / "dir" / "ext.md").write_text("外部目录里的文章。\n", encoding="utf-8")
    site = make_site(tmp_path / "site")
    guard = Guard(tmp_path, site)
    yield site, outside, guard
    guard.check()


def _identity_site(site: Path) -> None:
    """extract → msgstr = msgid → merge: every English file must equal its source."""
    code, out = run(site, "extract", timeout=60)
    assert code == 0, out
    for po in (site / "po").rglob("*.po"):
        cat = parse_po(po.read_text(encoding="utf-8"), str(po))
        for e in cat.entries:
            e.msgstr = e.msgid
        po.write_text(generate_po(cat), encoding="utf-8")
    code, out = run(site, "merge", timeout=60)
    assert code == 0, out
    for src in (site / "content" / "zh").rglob("*.md"):
        en = site / "content" / "en" / src.relative_to(site / "content" / "zh")
        assert en.read_bytes() == src.read_bytes(), src


def _write(site: Path, name: str, text: str | bytes) -> Path:
    p = site / "content" / "zh" / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


LIST_DEPTH = 500 if slow_mode() else 150


def test_deep_nesting(hostile: tuple[Path, Path, Guard]) -> None:
    site, _, guard = hostile
    _write(site, "quotes.md", ">" * 500 + " 五百层引用。\n")
    _write(site, "quote-lines.md", "".join("> " * i + f"第{i}层。\n" for i in range(1, 501)))
    _write(site, "lists.md", "".join("  " * i + f"- 第{i}层列表\n" for i in range(LIST_DEPTH)))
    _write(site, "ordered.md", "".join("   " * i + f"1. 第{i}项\n" for i in range(LIST_DEPTH)))
    _write(site, "mixed.md", "".join("  " * i + "- > " + f"第{i}层\n" for i in range(LIST_DEPTH // 3)))
    yaml_md = _write(site, "yaml.md", "---\ntags: " + "[" * 500 + "甲" + "]" * 500 + "\n---\n正文。\n")
    guard.freeze()
    code, out = run(site, "extract", timeout=120)
    # Deep YAML may be read or refused, but only as a one-line error about that file.
    errors = [ln for ln in out.splitlines() if "error" in ln]
    assert all(ln.startswith("l10n: error: content/zh/yaml.md:") for ln in errors), out
    assert code == (1 if errors else 0)
    assert (site / "po/en/lists.po").is_file()
    yaml_md.unlink()
    guard.freeze()
    _identity_site(site)


def test_deep_toml_front_matter_is_a_clear_error(hostile: tuple[Path, Path, Guard]) -> None:
    site, _, guard = hostile
    _write(site, "toml.md", "+++\ntags = " + "[" * 500 + '"甲"' + "]" * 500 + "\n+++\n正文。\n")
    guard.freeze()
    code, out = run(site, "extract")
    assert code == 1 and "content/zh/toml.md:2: " in out, out


def test_deep_list_nesting_is_fast() -> None:
    # 800 levels: linear work is ~1 MB of indentation (well under a second); the cubic scan needs
    # minutes, so a 20-second deadline separates them even on a loaded machine.
    text = "".join("  " * i + f"- 第{i}层列表\n" for i in range(800))
    with deadline(20.0):
        try:
            extract_text(parse_article(text, "a.md"), None, "a.po", Config())
        except Hang as exc:
            raise AssertionError(str(exc)) from None


def test_megabyte_lines(hostile: tuple[Path, Path, Guard]) -> None:
    site, _, guard = hostile
    _write(site, "cjk.md", "---\ntitle: 长\n---\n" + "中文字符" * 250_000 + "\n")
    _write(site, "latin.md", "x" * 1_000_000 + "\n\n" + "word " * 200_000 + "\n")
    cells = 50_000 if slow_mode() else 5_000
    _write(site, "table.md", "| " + " | ".join(["甲"] * cells) + " |\n|" + "-|" * cells + "\n")
    guard.freeze()
    _identity_site(site)


def test_nul_and_control_characters(hostile: tuple[Path, Path, Guard]) -> None:
    site, _, guard = hostile
    nul = _write(site, "nul.md", "第一行。\n\n第二\x00行。\n")
    _write(site, "ctrl.md", "控制\x01字符\x1b[31m红\x7f色\x0b和\x0c换页。\n\n# 标题\x08退格\n")
    guard.freeze()
    code, out = run(site, "extract")
    assert code == 1 and "content/zh/nul.md:3: NUL character" in out, out
    assert (site / "po/en/ctrl.po").is_file() and (site / "po/en/a.po").is_file()
    nul.unlink()
    guard.freeze()
    _identity_site(site)
    if shutil.which("msgfmt"):
        proc = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(site / "po/en/ctrl.po")], capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr


def test_eot_in_source_text_is_rejected(hostile: tuple[Path, Path, Guard]) -> None:
    """gettext uses U+0004 to separate msgctxt from msgid: it cannot appear in a msgid.

    Found by test_properties (TOML ``"\\u0004"`` in a title). Either extract refuses the article with
    its file and line, or the PO it writes must pass ``msgfmt -c``.
    """
    site, _, guard = hostile
    _write(site, "eot.md", '+++\ntitle = "a\\u0004b"\n+++\n第一段\x04文字。\n')
    guard.freeze()
    code, out = run(site, "extract")
    if code == 1:
        assert "content/zh/eot.md:2: " in out or "content/zh/eot.md:4: " in out
        return
    proc = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(site / "po/en/eot.po")], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_symlinked_source_outside_content_is_refused(hostile: tuple[Path, Path, Guard]) -> None:
    site, outside, guard = hostile
    (site / "content" / "zh" / "evil.md").symlink_to(outside / "secret.md")
    guard.freeze()
    code, out = run(site, "extract")
    assert code == 2 and "refusing a source outside content/zh/" in out, out
    assert not (site / "po/en/evil.po").exists()


def test_symlinked_directory_outside_content_is_not_followed(hostile: tuple[Path, Path, Guard]) -> None:
    site, outside, guard = hostile
    (site / "content" / "zh" / "linked").symlink_to(outside / "dir", target_is_directory=True)
    guard.freeze()
    code, out = run(site, "extract")
    assert code in (0, 1), out
    assert not (site / "po/en/linked").exists()


def test_symlinked_po_file_is_not_written_through(hostile: tuple[Path, Path, Guard]) -> None:
    site, outside, guard = hostile
    assert run(site, "extract")[0] == 0
    po = site / PO_NAME
    target = outside / "a.po"
    shutil.move(po, target)
    po.symlink_to(target)
    _write(site, "a.md", ARTICLE + "\n新增的段落。\n")
    guard.freeze()
    code, out = run(site, "extract")
    assert code == 1 and "symlink" in out, out


def test_symlinked_output_subdirectory_is_not_written_through(hostile: tuple[Path, Path, Guard]) -> None:
    site, outside, guard = hostile
    _write(site, "sub/b.md", "子目录文章。\n")
    guard.freeze()
    for sub, cmd in (("po/en/sub", "extract"), ("content/en/sub", "merge")):
        if cmd == "merge":
            assert run(site, "extract")[0] == 0
        (site / sub).parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(site / sub, ignore_errors=True)
        (site / sub).symlink_to(outside / "dir", target_is_directory=True)
        code, out = run(site, cmd)
        assert code == 1 and "refusing to write outside" in out, out
        (site / sub).unlink()


def test_dotdot_paths_on_the_command_line(hostile: tuple[Path, Path, Guard]) -> None:
    site, outside, guard = hostile
    rel = os.path.relpath(outside / "secret.md", Path.cwd())
    for args in (
        ["extract", str(site / "content/zh/../../outside/secret.md")],
        ["extract", str(site / "content/zh/../../outside")],
        ["extract", str(outside)],
        ["merge", str(site / "content/zh/../../outside/secret.md")],
        ["extract", rel],
        ["extract", "/etc/hostname"],
    ):
        code, out = run(site, *args)
        refused = ("refusing a source outside", "no such file", "not a Markdown article")
        assert code == 2 and any(r in out for r in refused), (args, out)
    code, out = run(site, "extract", str(site / "content/zh/../zh/a.md"))
    assert code == 0 and (site / PO_NAME).is_file(), out


def test_file_names_with_spaces_and_chinese(hostile: tuple[Path, Path, Guard]) -> None:
    site, _, guard = hostile
    _write(site, "新闻 稿/文章 一.md", "---\ntitle: 空格 与 中文\n---\n\n正文段落。\n")
    _write(site, "a b#c.md", "井号与空格。\n")
    guard.freeze()
    _identity_site(site)
    po = site / "po/en/新闻 稿/文章 一.po"
    assert "#: \u2068content/zh/新闻 稿/文章 一.md\u2069:2" in po.read_text(encoding="utf-8")  # gettext 0.22+
    assert run(site, "extract")[1].count("0 PO file(s) updated") == 1
    if shutil.which("msgcat"):
        for p in (po, site / "po/en/a b#c.po"):
            cat = subprocess.run(["msgcat", "--force-po", str(p)], capture_output=True)
            assert cat.returncode == 0 and cat.stdout == p.read_bytes(), cat.stderr


def test_check_accepts_paths_with_spaces(hostile: tuple[Path, Path, Guard]) -> None:
    site, _, guard = hostile
    _write(site, "新闻 稿/文章 一.md", "正文段落。\n")
    guard.freeze()
    assert run(site, "extract")[0] == 0
    code, out = run(site, "check", "--only", "stale-po")
    assert code == 0, out


def test_second_run_in_process_after_output_dir_was_deleted(hostile: tuple[Path, Path, Guard]) -> None:
    site, _, guard = hostile
    _write(site, "sub/b.md", "子目录文章。\n")
    guard.freeze()
    assert run(site, "extract")[0] == 0
    shutil.rmtree(site / "po")
    code, out = run(site, "extract")
    assert code == 0 and (site / "po/en/sub/b.po").is_file(), out


def test_second_run_in_process_after_output_dir_became_a_symlink(hostile: tuple[Path, Path, Guard]) -> None:
    site, outside, guard = hostile
    _write(site, "sub/b.md", "子目录文章。\n")
    guard.freeze()
    assert run(site, "extract")[0] == 0
    shutil.rmtree(site / "po/en/sub")
    (site / "po/en/sub").symlink_to(outside / "dir", target_is_directory=True)
    code, out = run(site, "extract")
    assert code == 1 and "refusing to write outside" in out, out
    assert sorted(p.name for p in (outside / "dir").iterdir()) == ["ext.md"]


# --------------------------------------------------------------------------- parser fuzzing

FUZZ_CONFIG = Config(extra_keys=("main_topics",), drop_keys=())


def _fuzz_one(text: str, front_matter: bool = True) -> None:
    try:
        with deadline(10):
            article = parse_article(text, "f.md", front_matter=front_matter)
            po, _, _ = extract_text(article, None, "f.po", FUZZ_CONFIG)
    except L10nError as exc:
        assert exc.path == "f.md" or exc.path is None
        if exc.line is not None:
            assert 1 <= exc.line <= text.count("\n") + 1
        return
    cat = parse_po(po, "f.po")
    for e in cat.entries:
        e.msgstr = e.msgid
    out, *_ = merge_text(article, cat, FUZZ_CONFIG, include_fuzzy=False)
    assert out == text


MD_ALPHABET = st.sampled_from(
    list("#>-*+_`~|[]()!<>{}$\\:= \t\n\r1.)中文字") + ["{{<", "{{%", "$$", "```", "[^1]"]
)
YAML_ALPHABET = st.sampled_from(
    list(":-[]{}'\"#|>&*!%@`,?\\ \t\n中") + ["title", "tags", "\x85", "\u2028", "\ufeff"]
)
TOML_ALPHABET = st.sampled_from(list("=[]{}'\".,#\\ \t\n中") + ["title", "tags", '"""', "'''", "\\u0041"])


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.lists(MD_ALPHABET, max_size=80).map("".join)))
def test_markdown_fuzz(text: str) -> None:
    text = text.replace("\x00", "")
    _fuzz_one(text, front_matter=False)
    _fuzz_one(text)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(YAML_ALPHABET, max_size=60).map("".join), st.text(max_size=20))
def test_yaml_front_matter_fuzz(front: str, body: str) -> None:
    _fuzz_one("---\n" + front + "\n---\n" + body.replace("\x00", ""))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TOML_ALPHABET, max_size=60).map("".join), st.text(max_size=20))
def test_toml_front_matter_fuzz(front: str, body: str) -> None:
    _fuzz_one("+++\n" + front + "\n+++\n" + body.replace("\x00", ""))
