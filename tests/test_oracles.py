"""Interoperability oracles: polib reads every PO file l10n writes to the same entries, and
python-frontmatter reads the same front-matter values l10n extracts (both are test-only dependencies)."""

from __future__ import annotations

from pathlib import Path

import frontmatter as pyfrontmatter
import polib
import pytest
from conftest import CORPUS

from l10n.app.article_jobs import extract_text
from l10n.app.config import Config
from l10n.document import decode, parse_article
from l10n.formats import frontmatter as fm
from l10n.formats.po import parse_po

REPO = Path(__file__).resolve().parents[1]
CONFIG = Config(extra_keys=("main_topics",))


def _articles() -> list[Path]:
    found = sorted((REPO / "content" / "zh").rglob("*.md"))
    if CORPUS.is_dir():
        found += sorted((CORPUS / "articles" / "cloudwego" / "zh").rglob("*.md"))
        found += sorted((CORPUS / "seed").glob("*.md"))
    return found


def _po_text(path: Path) -> str:
    text, bom = decode(path.read_bytes(), str(path))
    po, _, _ = extract_text(parse_article(text, str(path), bom), None, str(path) + ".po", CONFIG)
    return po


def _same_entries(po: str) -> None:
    ours = parse_po(po, "x.po")
    theirs = polib.pofile(po)
    assert [e.msgid for e in theirs] == [e.msgid for e in ours.entries if not e.obsolete]
    for a, b in zip(theirs, [e for e in ours.entries if not e.obsolete], strict=True):
        assert (a.msgctxt, a.msgstr, a.comment.split("\n") if a.comment else []) == (
            b.context,
            b.msgstr,
            b.extracted_comments,
        )
        assert a.fuzzy == b.fuzzy
    assert theirs.metadata["Language"] == ours.header_value("Language")


def test_polib_reads_the_sample_po_files() -> None:
    for po in sorted((REPO / "po").rglob("*.po")):
        _same_entries(po.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", _articles(), ids=lambda p: p.name)
def test_polib_reads_generated_po_files(path: Path) -> None:
    _same_entries(_po_text(path))


def _yaml_values(path: Path) -> None:
    text, bom = decode(path.read_bytes(), str(path))
    article = parse_article(text, str(path), bom)
    if article.block is None or article.block.kind != "yaml":
        return
    post = pyfrontmatter.loads(text)
    keys = [k for k in post.metadata if isinstance(k, str)]
    for f in fm.fields(text, article.block, keys, str(path)):
        value = post.metadata[f.key]
        expected = value[f.index] if f.index is not None else value
        assert f.value == expected, (f.key, f.index)


@pytest.mark.parametrize("path", _articles(), ids=lambda p: p.name)
def test_python_frontmatter_reads_the_same_values(path: Path) -> None:
    _yaml_values(path)
