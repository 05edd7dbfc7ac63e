"""Fidelity through the whole pipeline: source → PO text → (identity | pseudo) translation → merge."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CORPUS
from test_markdown import structure

from l10n.app.article_jobs import extract_text, merge_text
from l10n.app.config import Config
from l10n.document import decode, parse_article
from l10n.formats.po import parse_po
from l10n.model import Catalog

CONFIG = Config(extra_keys=("main_topics",), drop_keys=())


def through_po(text: str, path: str, translate: str, front_matter: bool = True) -> str:
    """Extract to PO text, parse it back, fill every msgstr, and merge."""
    article = parse_article(text, path, front_matter=front_matter)
    po_text, _, _ = extract_text(article, None, path + ".po", CONFIG)
    catalog: Catalog = parse_po(po_text, path + ".po")
    for e in catalog.entries:
        e.msgstr = e.msgid if translate == "identity" else f"⟦{e.msgid}⟧"
    out, done, total, missing = merge_text(article, catalog, CONFIG, include_fuzzy=False)
    assert not missing and done == total
    return out


def _files(pattern: str) -> list[Path]:
    return sorted(CORPUS.glob(pattern)) if CORPUS.is_dir() else []


ARTICLES = _files("articles/cloudwego/zh/**/*.md") + _files("seed/*.md")
FOOTNOTES = _files("footnotes/cases/*.md")


@pytest.mark.skipif(not ARTICLES, reason="../shared/corpus is absent")
@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_real_articles_round_trip(path: Path) -> None:
    text, _ = decode(path.read_bytes(), str(path))
    assert through_po(text, str(path), "identity") == text
    pseudo = through_po(text, str(path), "pseudo")
    body = parse_article(text, "x").body_start
    pbody = parse_article(pseudo, "x").body_start
    assert structure(pseudo[pbody:]) == structure(text[body:])


@pytest.mark.skipif(not FOOTNOTES, reason="../shared/corpus is absent")
@pytest.mark.parametrize("path", FOOTNOTES, ids=lambda p: p.name)
def test_footnote_cases_through_po(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert through_po(text, str(path), "identity", front_matter=False) == text


def test_spec_examples_through_po() -> None:
    spec = CORPUS / "commonmark" / "spec.json"
    if not spec.is_file():
        pytest.skip("../shared/corpus is absent")
    examples = json.loads(spec.read_text(encoding="utf-8"))
    for name in ("gfm/spec.json", "gfm/extensions.json"):
        examples += json.loads((CORPUS / name).read_text(encoding="utf-8"))
    failures = [
        ex["example"]
        for ex in examples
        if through_po(ex["markdown"], "spec.md", "identity", front_matter=False) != ex["markdown"]
    ]
    assert failures == []


def test_no_source_text_left_unwrapped_in_pseudo() -> None:
    text = (REPO_SAMPLE := Path(__file__).resolve().parents[1] / "content/zh/news/xai-funding.md").read_text(
        encoding="utf-8"
    )
    pseudo = through_po(text, str(REPO_SAMPLE), "pseudo")
    # Outside code blocks, every Han character must sit inside a ⟦…⟧ wrapper.
    depth = 0
    in_code = False
    for line in pseudo.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        for ch in line:
            if ch == "⟦":
                depth += 1
            elif ch == "⟧":
                depth -= 1
            elif "\u4e00" <= ch <= "\u9fff":
                assert depth > 0, line


def test_front_matter_untouched_fields_byte_identical() -> None:
    text = (
        "---\n# a comment\ntitle: 标题\ndate: 2025-07-03T11:10:04+08:00\ndraft: false\n"
        "featured_image: \"/a b.jpg\"\nweight: 3\nisCJKLanguage: true\ntags: [甲, '乙']\n\n"
        "aliases:\n  - /old/\n---\n正文。\n"
    )
    config = replace(CONFIG, drop_keys=("isCJKLanguage",))
    article = parse_article(text, "a.md")
    po_text, _, _ = extract_text(article, None, "a.po", config)
    catalog = parse_po(po_text, "a.po")
    en = {"标题": "Title: with colon", "甲": "A, b", "乙": "it's", "正文。": "Body."}
    for e in catalog.entries:
        e.msgstr = en[e.msgid]
    out, *_ = merge_text(article, catalog, config, include_fuzzy=False)
    assert out == (
        '---\n# a comment\ntitle: "Title: with colon"\ndate: 2025-07-03T11:10:04+08:00\ndraft: false\n'
        "featured_image: \"/a b.jpg\"\nweight: 3\ntags: [\"A, b\", 'it''s']\n\n"
        "aliases:\n  - /old/\n---\nBody.\n"
    )


def test_toml_front_matter() -> None:
    text = '+++\ntitle = "标题"\ndate = 2025-07-03\ntags = ["甲"]\n+++\n\n正文。\n'
    article = parse_article(text, "a.md")
    po_text, _, _ = extract_text(article, None, "a.po", CONFIG)
    catalog = parse_po(po_text, "a.po")
    for e in catalog.entries:
        e.msgstr = {"标题": 'Say "hi"', "甲": "A", "正文。": "Body."}[e.msgid]
    out, *_ = merge_text(article, catalog, CONFIG, include_fuzzy=False)
    assert out == '+++\ntitle = "Say \\"hi\\""\ndate = 2025-07-03\ntags = ["A"]\n+++\n\nBody.\n'


def test_bom_and_crlf_are_kept() -> None:
    raw = "\ufeff---\r\ntitle: 标题\r\n---\r\n\r\n第一行\r\n第二行\r\n".encode()
    text, bom = decode(raw, "a.md")
    assert bom
    article = parse_article(text, "a.md", bom)
    po_text, _, _ = extract_text(article, None, "a.po", CONFIG)
    catalog = parse_po(po_text, "a.po")
    for e in catalog.entries:
        e.msgstr = {"标题": "Title", "第一行第二行": "Line one\nline two"}[e.msgid]
    out, *_ = merge_text(article, catalog, CONFIG, include_fuzzy=False)
    assert out == "\ufeff---\r\ntitle: Title\r\n---\r\n\r\nLine one\r\nline two\r\n"
