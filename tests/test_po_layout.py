"""PO files saved by translators' tools: ``extract`` must not rewrite what nobody changed.

Each client (polib, Translate Toolkit's PO storage as Weblate uses it, a no-wrap layout as Poedit
writes, ``msgcat`` at width 79) saves a translated PO file in its own layout. A no-op ``extract``
must then return the file byte for byte; after a source edit only the changed entries and the
header's ``POT-Creation-Date`` may change, every other entry keeps its bytes.

References to files whose names hold spaces are written as gettext 0.22+ does (the name between
U+2068 and U+2069) and read in both forms.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from conftest import CORPUS, REPO, invoke_cli

from l10n.app.article_jobs import extract_text
from l10n.app.config import Config
from l10n.document import decode, parse_article
from l10n.formats.po import generate_po, parse_po, split_references
from l10n.model import Catalog, Entry

CONFIG = Config(extra_keys=("main_topics",), drop_keys=())
MSGCAT = shutil.which("msgcat")
SAMPLE = REPO / "content" / "zh" / "news" / "xai-funding.md"
SAMPLE_REF = "content/zh/news/xai-funding.md"

Client = Callable[[str, Path], str]


def _translation(i: int, msgid: str) -> str:
    # Long enough to need wrapping, with a newline now and then: layouts differ visibly.
    text = f"T{i} " + " ".join(reversed(msgid.split())) + " and some more English words" * (i % 3)
    return text + ("\nsecond line" if i % 5 == 4 else "")


def save_polib(text: str, tmp: Path, wrapwidth: int = 78) -> str:
    path = tmp / "polib.po"
    path.write_text(text, encoding="utf-8")
    po = polib.pofile(str(path), wrapwidth=wrapwidth)
    for i, e in enumerate(po):
        e.msgstr = _translation(i, e.msgid)
    po.save()
    return path.read_text(encoding="utf-8")


def save_poedit_style(text: str, tmp: Path) -> str:
    """Poedit's layout: no wrapping (a line per "\\n"), its own header fields updated."""
    path = tmp / "poedit.po"
    path.write_text(text, encoding="utf-8")
    po = polib.pofile(str(path), wrapwidth=0)
    po.metadata["Last-Translator"] = "Translator <t@example.com>"
    po.metadata["PO-Revision-Date"] = "2025-07-05 10:00+0200"
    po.metadata["X-Generator"] = "Poedit 3.2"
    for i, e in enumerate(po):
        e.msgstr = _translation(i, e.msgid)
        e.flags = [f for f in e.flags if f != "fuzzy"]
    po.save()
    return path.read_text(encoding="utf-8")


def save_translate_toolkit(text: str, tmp: Path) -> str:
    """What Weblate writes: Translate Toolkit's PO storage, units edited one by one."""
    from translate.storage import po as ttpo

    path = tmp / "tt.po"
    path.write_text(text, encoding="utf-8")
    store = ttpo.pofile.parsefile(str(path))
    for i, unit in enumerate(store.units):
        if not unit.isheader():
            unit.target = _translation(i, unit.source)
    store.save()
    return path.read_text(encoding="utf-8")


def save_msgcat(text: str, tmp: Path) -> str:
    path = tmp / "cat.po"
    path.write_text(save_polib(text, tmp, wrapwidth=0), encoding="utf-8")
    assert MSGCAT is not None
    return subprocess.run([MSGCAT, str(path)], capture_output=True, check=True, timeout=120).stdout.decode()


def save_no_wrap(text: str, tmp: Path) -> str:
    """Every string on one line per "\\n" (our own writer at an unbounded width)."""
    catalog = parse_po(text, "x.po")
    for i, e in enumerate(catalog.entries):
        e.msgstr = _translation(i, e.msgid)
    return generate_po(catalog, width=1 << 30)


CLIENTS: dict[str, Client] = {
    "polib": save_polib,
    "translate-toolkit": save_translate_toolkit,
    "poedit-no-wrap": save_poedit_style,
    "no-wrap": save_no_wrap,
    "msgcat": save_msgcat,
}


def client(name: str) -> Client:
    if name == "msgcat" and MSGCAT is None:
        pytest.skip("GNU gettext msgcat is not installed")
    if name == "translate-toolkit":
        pytest.importorskip("translate.storage.po")
    return CLIENTS[name]


def extract(source: str, old: str | None, path: str = SAMPLE_REF) -> str:
    article = parse_article(source, path)
    return extract_text(article, old, path + ".po", CONFIG)[0]


def changed_lines(old: str, new: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(old.splitlines(True), new.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


# ----------------------------------------------------------------------------- no-op extract


@pytest.mark.parametrize("name", sorted(CLIENTS))
def test_noop_extract_keeps_a_client_layout(name: str, tmp_path: Path) -> None:
    save = client(name)
    source = SAMPLE.read_text(encoding="utf-8")
    saved = save(extract(source, None), tmp_path)
    assert saved != extract(source, None)  # the client did change the file
    assert extract(source, saved) == saved


@pytest.mark.parametrize("name", sorted(CLIENTS))
def test_source_edit_rewrites_only_the_edited_entry(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save = client(name)
    source = SAMPLE.read_text(encoding="utf-8")
    saved = save(extract(source, None), tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760000000")  # a later day: POT-Creation-Date moves
    edited = source.replace("摩根士丹利负责安排债务部分", "摩根大通负责安排债务部分")
    assert edited != source
    new = extract(edited, saved)
    old_cat, new_cat = parse_po(saved, "a.po"), parse_po(new, "a.po")
    old_raw = {e.context: e.raw.text for e in old_cat.entries if e.raw is not None}
    changed = [e for e in new_cat.entries if e.raw is not None and old_raw.get(e.context) != e.raw.text]
    assert len(changed) == 1 and changed[0].fuzzy and "摩根大通" in changed[0].msgid
    # Everything else is byte-identical: the diff touches that entry and the header date only.
    diff = changed_lines(saved, new)
    header_lines = [line for line in diff if "POT-Creation-Date" in line]
    assert len(header_lines) == 2
    entry_text = changed[0].raw.text if changed[0].raw is not None else ""
    for line in diff:
        if line not in header_lines and line.startswith("+"):
            assert line[1:] in entry_text
    # A second extract is a no-op.
    assert extract(edited, new) == new


def test_only_header_date_changes_when_a_segment_is_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = SAMPLE.read_text(encoding="utf-8")
    saved = save_polib(extract(source, None), tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760000000")
    added = source + "\n新增的一段。\n"
    new = extract(added, saved)
    diff = changed_lines(saved, new)
    assert all(line.startswith("+") for line in diff if "POT-Creation-Date" not in line)
    assert any("新增的一段" in line for line in diff)


def test_crlf_and_bom_survive() -> None:
    source = SAMPLE.read_text(encoding="utf-8")
    po = extract(source, None)
    crlf = "\ufeff" + po.replace("\n", "\r\n")
    assert extract(source, crlf) == crlf
    # A change keeps the CRLF line ends of the file.
    new = extract(source + "\n新增的一段。\n", crlf)
    assert "\r\n" in new and "\n" not in new.replace("\r\n", "")


def test_unknown_layout_details_survive() -> None:
    """Blank lines inside and between entries, odd comment spacing, flags order: kept while unchanged."""
    text = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n\n'
        "#.paragraph\n#:   a.md:1\n#, python-format,fuzzy\n\nmsgctxt \"p-1\"\nmsgid   \"x\"\nmsgstr \"y\"\n"
        '\n#~ msgid "gone"\n#~ msgstr ""\n'
    )
    catalog = parse_po(text, "a.po")
    assert generate_po(catalog) == text
    catalog.entries[0].msgstr = "z"
    out = generate_po(catalog)
    assert out.endswith('#~ msgid "gone"\n#~ msgstr ""\n')  # untouched, though gettext would drop it
    assert '#. paragraph\n#: a.md:1\n#, python-format, fuzzy\nmsgctxt "p-1"\nmsgid "x"\nmsgstr "z"\n' in out


def test_rewrapped_references_compare_equal() -> None:
    entry = Entry("x", "y", "p-1", references=[f"dir/file{i}.md:{i}" for i in range(12)])
    ours = generate_po(Catalog(entries=[entry]))
    assert ours.count("#:") >= 2
    client_layout = "#: " + " ".join(entry.references) + '\nmsgctxt "p-1"\nmsgid "x"\nmsgstr "y"\n'
    parsed = parse_po(client_layout, "a.po")
    assert parsed.entries[0].references == entry.references
    assert generate_po(parsed) == client_layout


def test_header_rewritten_only_when_a_field_changes() -> None:
    source = SAMPLE.read_text(encoding="utf-8")
    po = extract(source, None)
    odd = po.replace('"Language: en\\n"', '"Language:en\\n"')  # parses to the same value
    assert extract(source, odd) == odd
    other = po.replace('"Language: en\\n"', '"Language: fr\\n"')
    assert '"Language: en\\n"' in extract(source, other)


# ----------------------------------------------------------------------------- references


def test_references_with_spaces_use_isolates() -> None:
    entry = Entry("x", "y", "p-1", references=["content/zh/my post.md:3", "plain.md:4", "no line file"])
    text = generate_po(Catalog(entries=[entry]))
    assert "#: \u2068content/zh/my post.md\u2069:3 plain.md:4 \u2068no line file\u2069\n" in text
    assert parse_po(text, "a.po").entries[0].references == entry.references


def test_references_read_both_forms() -> None:
    assert split_references(" \u2068a b.md\u2069:12 c.md:3") == ["a b.md:12", "c.md:3"]
    assert split_references(" a.md:1  b.md:2") == ["a.md:1", "b.md:2"]
    # An isolate that is never closed is an ordinary token, as before.
    assert split_references(" \u2068a.md:1 b.md:2") == ["\u2068a.md:1", "b.md:2"]


@pytest.mark.skipif(MSGCAT is None, reason="GNU gettext msgcat is not installed")
def test_msgcat_gives_back_references_with_spaces(tmp_path: Path) -> None:
    entries = [
        Entry(f"m{i}", "t", f"p-{i}", references=[ref])
        for i, ref in enumerate(["content/zh/my post.md:3", "content/zh/a b/c d e.md:140", "x y.md"])
    ]
    ours = generate_po(Catalog(header=[("Content-Type", "text/plain; charset=UTF-8")], entries=entries))
    path = tmp_path / "s.po"
    path.write_text(ours, encoding="utf-8")
    assert MSGCAT is not None
    theirs = subprocess.run([MSGCAT, str(path)], capture_output=True, check=True, timeout=60).stdout.decode()
    assert theirs == ours


@pytest.mark.skipif(MSGCAT is None, reason="GNU gettext msgcat is not installed")
def test_long_reference_with_spaces_wrapped_by_old_msgcat_is_unchanged(tmp_path: Path) -> None:
    """gettext before 0.22 breaks a long "#:" line at any space, even inside the isolates (and drops
    a word that repeats inside the name: no such word here)."""
    ref = "content/zh/a directory whose name is rather long/and an article title of many words.md:12"
    entry = Entry("x", "y", "p-1", references=[ref])
    ours = generate_po(Catalog(header=[("Content-Type", "text/plain; charset=UTF-8")], entries=[entry]))
    path = tmp_path / "long.po"
    path.write_text(ours, encoding="utf-8")
    assert MSGCAT is not None
    theirs = subprocess.run([MSGCAT, str(path)], capture_output=True, check=True, timeout=60).stdout.decode()
    parsed = parse_po(theirs, "long.po")
    assert parsed.entries[0].references == [ref]
    assert generate_po(parsed) == theirs  # whatever msgcat made of it, it is not rewritten


def test_site_with_spaces_in_paths(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "content" / "zh" / "my dir").mkdir(parents=True)
    (root / "l10n.toml").write_text("", encoding="utf-8")
    (root / "content" / "zh" / "my dir" / "a post.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    code, out = invoke_cli(root, "extract")
    assert code == 0, out
    po = root / "po" / "en" / "my dir" / "a post.po"
    text = po.read_text(encoding="utf-8")
    assert "#: \u2068content/zh/my dir/a post.md\u2069:1\n" in text
    before = po.read_bytes()
    code, out = invoke_cli(root, "extract")
    assert code == 0 and po.read_bytes() == before
    code, out = invoke_cli(root, "check", "--only", "stale-po")
    assert code == 0, out
    if MSGCAT is not None:
        result = subprocess.run([MSGCAT, str(po)], capture_output=True, check=True, timeout=60)
        assert result.stdout == before


def test_old_form_reference_is_rewritten_once() -> None:
    source = "正文。\n"
    path = "content/zh/my post.md"
    po = extract(source, None, path)
    old_form = po.replace("\u2068content/zh/my post.md\u2069", "content/zh/my post.md")
    assert old_form != po
    assert extract(source, old_form, path) == po


# ----------------------------------------------------------------------------- site level


@pytest.mark.parametrize("name", ["polib", "translate-toolkit", "poedit-no-wrap", "msgcat"])
def test_cli_noop_extract_after_client_save(name: str, site: Path, tmp_path: Path) -> None:
    save = client(name)
    code, out = invoke_cli(site, "extract")
    assert code == 0, out
    po = site / "po" / "en" / "news" / "xai-funding.po"
    po.write_text(save(po.read_text(encoding="utf-8"), tmp_path), encoding="utf-8")
    before = po.read_bytes()
    code, out = invoke_cli(site, "extract")
    assert code == 0, out
    assert po.read_bytes() == before
    code, out = invoke_cli(site, "check", "--only", "stale-po")
    assert code == 0, out


# ----------------------------------------------------------------------------- corpus


def _corpus_articles() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted((CORPUS / "articles" / "cloudwego" / "zh").rglob("*.md"))[:12]


@pytest.mark.parametrize("name", ["polib", "translate-toolkit", "no-wrap", "msgcat"])
def test_corpus_noop_extract_after_client_save(name: str, tmp_path: Path) -> None:
    save = client(name)
    articles = _corpus_articles()
    if not articles:
        pytest.skip("../shared/corpus is absent")
    rewritten = []
    for path in articles:
        rel = path.relative_to(CORPUS).as_posix()
        source, _ = decode(path.read_bytes(), rel)
        saved = save(extract(source, None, rel), tmp_path)
        if extract(source, saved, rel) != saved:
            rewritten.append(rel)
    assert rewritten == []


@pytest.mark.parametrize("width", [20, 50, 79, 200, 1 << 30])
def test_any_width_reads_back_byte_for_byte(width: int) -> None:
    catalog = parse_po(extract(SAMPLE.read_text(encoding="utf-8"), None), "a.po")
    for i, e in enumerate(catalog.entries):
        e.msgstr = _translation(i, e.msgid)
    laid_out = generate_po(catalog, width)
    assert generate_po(parse_po(laid_out, "a.po")) == laid_out
    assert generate_po(parse_po(laid_out, "a.po"), 79) == laid_out


def test_cli_keeps_a_bom_and_crlf(site: Path) -> None:
    code, out = invoke_cli(site, "extract")
    assert code == 0, out
    po = site / "po" / "en" / "news" / "xai-funding.po"
    data = b"\xef\xbb\xbf" + po.read_bytes().replace(b"\n", b"\r\n")
    po.write_bytes(data)
    code, out = invoke_cli(site, "extract")
    assert code == 0 and "0 PO file(s) updated" in out, out
    assert po.read_bytes() == data


@pytest.mark.parametrize("name", ["polib", "poedit-no-wrap"])
def test_lines_moved_by_an_edit_change_only_references(name: str, tmp_path: Path) -> None:
    """Two new lines at the top move every "#: file:LINE"; nothing else of the other entries changes."""
    save = client(name)
    source = SAMPLE.read_text(encoding="utf-8")
    saved = save(extract(source, None), tmp_path)
    body = source.index("\n---\n") + 5
    edited = source[:body] + "\n新的第一段。\n" + source[body:]
    new = extract(edited, saved)
    removed = [line for line in changed_lines(saved, new) if line.startswith("-")]
    assert removed and all(line.startswith("-#: ") for line in removed), removed[:5]
    old_cat, new_cat = parse_po(saved, "a.po"), parse_po(new, "a.po")
    before = {e.context: e for e in old_cat.entries}
    for e in new_cat.entries:
        if e.context in before:
            assert e.fields()[:5] == before[e.context].fields()[:5]
            assert e.references != before[e.context].references or e.context.startswith("fm.")
    assert extract(edited, new) == new
