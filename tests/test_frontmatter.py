"""Tests for l10n.formats.frontmatter: locating, rendering and splicing values byte-faithfully."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.app.article_jobs import extract_text, merge_text
from l10n.app.config import Config
from l10n.document import parse_article
from l10n.formats.frontmatter import Block, Field, drop_key_spans, fields, split
from l10n.formats.po import parse_po
from l10n.model import ParseError

KEYS = {"title", "linkTitle", "description", "summary", "tags", "categories", "keywords",
        "featured_image", "main_topics"}

YAML_DOC = """\
---
title: "Grok 4 发布：最强推理模型？"
linkTitle: 'Grok 4'
date: 2025-07-03T11:10:04+08:00
lastmod: ""
draft: false
# The cover image; commas and spaces are fine in a plain scalar.
featured_image: /images/grok 4, cover.png

summary: >-
  xAI 发布了 Grok 4，
  声称在多项基准测试中领先。
description: 这是一个 plain
  multi-line value
tags: [AI, "大模型", 'xAI', 2025]
categories:
  - 新闻   # trailing comment
  - "科技"
  - 42
  - true
main_topics:
  - 推理能力
  - 'it''s multi'
weight: 10
isCJKLanguage: true
menu:
  main:
    weight: 40
keywords: |
  first line
  second line
---

# 正文

Body text with --- and +++ inside.
"""

YAML_FIELDS = [
    ("title", None, "Grok 4 发布：最强推理模型？", '"Grok 4 发布：最强推理模型？"', 2),
    ("linkTitle", None, "Grok 4", "'Grok 4'", 3),
    ("featured_image", None, "/images/grok 4, cover.png", "/images/grok 4, cover.png", 8),
    ("summary", None, "xAI 发布了 Grok 4， 声称在多项基准测试中领先。",
     ">-\n  xAI 发布了 Grok 4，\n  声称在多项基准测试中领先。", 10),
    ("description", None, "这是一个 plain multi-line value", "这是一个 plain\n  multi-line value", 13),
    ("tags", 0, "AI", "AI", 15),
    ("tags", 1, "大模型", '"大模型"', 15),
    ("tags", 2, "xAI", "'xAI'", 15),
    ("categories", 0, "新闻", "新闻", 17),
    ("categories", 1, "科技", '"科技"', 18),
    ("main_topics", 0, "推理能力", "推理能力", 22),
    ("main_topics", 1, "it's multi", "'it''s multi'", 23),
    ("keywords", None, "first line\nsecond line\n", "|\n  first line\n  second line", 29),
]

TOML_DOC = """\
+++
title = "Kitex 发布 \\"v1.0\\""  # a comment
linkTitle = 'C:\\path\\to'
date = 2025-07-03T11:10:04+08:00
published = 1979-05-27 07:32:00Z
draft = false

featured_image = "/img/a b, c.png"
description = \"\"\"
第一行
says "hi\"\"\"\"\"
summary = '''raw \\n
text'''
"keywords" = []
tags = [
  "RPC",   # comment with "quotes" and ]
  'Go',
  1.5,
  \"\"\"多行\"\"\",
]
categories = ["a", "b",]
isCJKLanguage = true
extra.title = "dotted, not top-level"
inline = { title = "}", list = ["]"] }

[params]
title = "inside a table"
+++
Body
"""

TOML_FIELDS = [
    ("title", None, 'Kitex 发布 "v1.0"', '"Kitex 发布 \\"v1.0\\""', 2),
    ("linkTitle", None, "C:\\path\\to", "'C:\\path\\to'", 3),
    ("featured_image", None, "/img/a b, c.png", '"/img/a b, c.png"', 8),
    ("description", None, '第一行\nsays "hi""', '"""\n第一行\nsays "hi"""""', 9),
    ("summary", None, "raw \\n\ntext", "'''raw \\n\ntext'''", 12),
    ("tags", 0, "RPC", '"RPC"', 16),
    ("tags", 1, "Go", "'Go'", 17),
    ("tags", 3, "多行", '"""多行"""', 19),
    ("categories", 0, "a", '"a"', 21),
    ("categories", 1, "b", '"b"', 21),
]


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def load(text: str, block: Block) -> dict[str, Any]:
    """Parse a block the way Hugo-compatible readers would, as an independent oracle."""
    content = text[block.content_start : block.content_end]
    if block.kind == "toml":
        return tomllib.loads(content)
    data = yaml.safe_load(content)
    return data if data is not None else {}


def field_summary(text: str, found: list[Field]) -> list[tuple[str, int | None, str, str, int]]:
    return [(f.key, f.index, f.value, text[f.start : f.end], f.line) for f in found]


def with_item(data: dict[str, Any], key: str, index: int | None, new: str) -> dict[str, Any]:
    expected = dict(data)
    if index is None:
        expected[key] = new
    else:
        expected[key] = list(expected[key])
        expected[key][index] = new
    return expected


# --------------------------------------------------------------------------- split


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_split_yaml_offsets(newline: str) -> None:
    text = YAML_DOC.replace("\n", newline)
    block = split(text, "a.md")
    assert block is not None
    assert (block.kind, block.start, block.line) == ("yaml", 0, 1)
    assert text[block.start : block.content_start] == "---" + newline
    assert text[block.content_end : block.end] == "---" + newline
    assert text[block.content_start :].startswith("title:")
    assert text[block.end :].startswith(newline + "# 正文")


def test_split_toml_offsets() -> None:
    block = split(TOML_DOC, "a.md")
    assert block is not None
    assert block.kind == "toml"
    assert TOML_DOC[block.content_end : block.end] == "+++\n"
    assert TOML_DOC[block.end :] == "Body\n"


def test_split_bom_and_trailing_spaces() -> None:
    text = "\ufeff---  \ntitle: x\n--- \t\nbody"
    block = split(text, "a.md")
    assert block == Block("yaml", 1, 7, 16, 22, 1)
    assert split(crlf("\ufeff+++\ntitle = 'x'\n+++"), "a.md") == Block("toml", 1, 6, 19, 22, 1)


@pytest.mark.parametrize("text", [
    "", "# Title\n", "----\n---\n", "--- x\n---\n", "text\n---\na: 1\n---\n", " ---\na: 1\n---\n",
    "++\n", "\n---\na: 1\n---\n",
])
def test_split_without_front_matter(text: str) -> None:
    assert split(text, "a.md") is None


def test_split_empty_and_comment_only_blocks() -> None:
    for text in ("---\n---\n", "---\n# only a comment\n\n---\nbody", "+++\n+++\n", "---\n---"):
        block = split(text, "a.md")
        assert block is not None
        assert fields(text, block, KEYS, "a.md") == []
        assert drop_key_spans(text, block, {"isCJKLanguage"}) == []


ERRORS = [
    # (text, file line, message fragment)
    ("---\ntitle: x\n  date: y\n---\n", 3, "mapping values are not allowed"),
    ("---\ndraft: true\ntitle: \"unterminated\ndate: x\n---\nbody\n", 3, "quoted scalar"),
    ("---\ntags: [a, b\ntitle: x\n---\n", 3, "flow sequence (line 2)"),
    ("---\ntitle: x\ntitle2: [\n---\n", 3, "YAML"),
    ("---\na: 1\n- b\n---\n", 3, "YAML"),
    ("---\n- a\n- b\n---\n", 2, "mapping"),
    ("---\njust a string\n---\n", 2, "mapping"),
    ("---\na: 1\ndate: 2025-13-45\n---\n", 3, "month"),
    ("---\na: 1\nb: \x01\n---\n", 3, "YAML"),
    ("---\ntitle: x\n", 1, "unterminated front matter"),
    ("---", 1, "unterminated front matter"),
    ("\ufeff+++\ntitle = 'x'\n---\n", 1, "unterminated front matter"),
    ("+++\ntitle = \"x\"\ndraft = yes\n+++\n", 3, "TOML"),
    ("+++\ntitle = \"unterminated\ndraft = true\n+++\n", 2, "TOML"),
    ("+++\na = 1\na = 2\n+++\n", 3, "TOML"),
    ("+++\n\n\ntags = [\"a\",\n+++\n", 5, "TOML"),
]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize(("text", "line", "fragment"), ERRORS)
def test_split_errors_report_file_lines(text: str, line: int, fragment: str, newline: str) -> None:
    text = text.replace("\n", newline)
    with pytest.raises(ParseError) as info:
        split(text, "content/zh/a.md")
    err = info.value
    assert (err.path, err.line) == ("content/zh/a.md", line), str(err)
    assert fragment in err.message
    assert str(err).startswith(f"content/zh/a.md:{line}: ")


def test_error_line_counts_lines_before_the_block_with_bom() -> None:
    with pytest.raises(ParseError) as info:
        split("\ufeff---\na: 1\n\n\nb: [\n---\n", "a.md")
    assert info.value.line == 5


# --------------------------------------------------------------------------- fields


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_yaml_fields(newline: str, bom: str) -> None:
    text = bom + YAML_DOC.replace("\n", newline)
    block = split(text, "a.md")
    assert block is not None
    got = field_summary(text, fields(text, block, KEYS, "a.md"))
    want = [(k, i, v, src.replace("\n", newline), line) for k, i, v, src, line in YAML_FIELDS]
    assert got == want
    data = load(text, block)
    for f in fields(text, block, KEYS, "a.md"):
        assert f.value == (data[f.key] if f.index is None else data[f.key][f.index])


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_toml_fields(newline: str, bom: str) -> None:
    text = bom + TOML_DOC.replace("\n", newline)
    block = split(text, "a.md")
    assert block is not None
    got = field_summary(text, fields(text, block, KEYS, "a.md"))
    want = [(k, i, v, src.replace("\n", newline), line) for k, i, v, src, line in TOML_FIELDS]
    assert got == want


def test_fields_only_requested_keys_in_document_order() -> None:
    text = "---\ntags: [b]\ntitle: a\nauthor: someone\n---\n"
    block = split(text, "a.md")
    assert block is not None
    assert [(f.key, f.value) for f in fields(text, block, ["title", "tags"], "a.md")] == [
        ("tags", "b"), ("title", "a")]
    assert fields(text, block, [], "a.md") == []


@pytest.mark.parametrize("value", [
    "2025", "12.5", "true", "no", "null", "~", "", '""', "''", "2025-07-03", "2025-07-03T11:10:04+08:00",
    "{a: b}", "[1, 2.0, false]", "\n  nested: x", "!!int '3'",
])
def test_yaml_non_strings_are_skipped(value: str) -> None:
    text = f"---\ntitle: {value}\n---\n"
    block = split(text, "a.md")
    assert block is not None
    assert fields(text, block, KEYS, "a.md") == []


def test_yaml_explicit_str_tag_and_anchor() -> None:
    text = "---\ntitle: !!str 2025\nlinkTitle: &t 标题\ndescription: *t\nother: &o x\nsummary: *o\n---\n"
    block = split(text, "a.md")
    assert block is not None
    got = field_summary(text, fields(text, block, KEYS, "a.md"))
    # The alias is not a span of its own: translating the anchor translates both.
    assert got == [("title", None, "2025", "2025", 2), ("linkTitle", None, "标题", "标题", 3)]
    title = fields(text, block, KEYS, "a.md")[0]
    new = text[: title.start] + title.render("2026") + text[title.end :]
    assert yaml.safe_load(new[4:-4])["title"] == "2026"


def test_yaml_flow_root_mapping() -> None:
    text = "---\n{title: a, tags: [x, y]}\n---\n"
    block = split(text, "a.md")
    assert block is not None
    found = fields(text, block, KEYS, "a.md")
    assert [(f.value, f.flow) for f in found] == [("a", True), ("x", True), ("y", True)]
    assert found[0].render("b, c") == '"b, c"'
    with pytest.raises(ParseError):
        drop_key_spans(text, block, {"title"})


def test_toml_non_strings_and_tables_are_skipped() -> None:
    text = ("+++\ntitle = 2025\nlinkTitle = 2025-07-03\ndescription = ''\ntags = [1, [\"nested\"], {a='b'}]\n"
            "summary.x = 'dotted'\n[keywords]\nx = 'y'\n+++\n")
    block = split(text, "a.md")
    assert block is not None
    assert fields(text, block, KEYS, "a.md") == []


# --------------------------------------------------------------------------- render


def splice(text: str, f: Field, new: str) -> str:
    return text[: f.start] + f.render(new) + text[f.end :]


def yaml_field(source: str, key: str = "title", index: int | None = None) -> tuple[str, Field]:
    text = f"---\n{source}\n---\n"
    block = split(text, "a.md")
    assert block is not None
    [f] = [f for f in fields(text, block, [key], "a.md") if f.index == index]
    return text, f


@pytest.mark.parametrize(("source", "new", "rendered"), [
    ("title: plain", "Grok 4 released", "Grok 4 released"),
    ("title: plain", "Grok 4: released", '"Grok 4: released"'),
    ("title: plain", "C#, F#", "C#, F#"),
    ("title: plain", "a #comment", '"a #comment"'),
    ("title: plain", "*bold*", '"*bold*"'),
    ("title: plain", "- item", '"- item"'),
    ("title: plain", "true", '"true"'),
    ("title: plain", "Yes", '"Yes"'),
    ("title: plain", "123", '"123"'),
    ("title: plain", "0o17", '"0o17"'),
    ("title: plain", "1_000", '"1_000"'),
    ("title: plain", ".inf", '".inf"'),
    ("title: plain", "2025-07-03", '"2025-07-03"'),
    ("title: plain", "ends with:", '"ends with:"'),
    ("title: plain", " padded", '" padded"'),
    ("title: plain", "a, b [c] {d}", "a, b [c] {d}"),
    ("title: plain", "中文：标题", "中文：标题"),
    ("title: plain", 'say "hi" \\ bye', 'say "hi" \\ bye'),
    ("title: plain", "two\nlines", '"two\\nlines"'),
    ("title: plain", "", '""'),
    ("tags: [x, y]", "a, b", '"a, b"'),
    ("tags: [x, y]", "a b", "a b"),
    ("tags: [x, y]", "a:b", '"a:b"'),
    ("title: 'single'", "it's", "'it''s'"),
    ("title: 'single'", "tab\there", "'tab\there'"),
    ("title: 'single'", "new\nline", '"new\\nline"'),
    ('title: "double"', 'q"uote\\', '"q\\"uote\\\\"'),
    ('title: "double"', "plain", '"plain"'),
    ('title: "double"', "\x00\x07\x7f\x85\u2028\ufeff", '"\\0\\x07\\x7F\\x85\\u2028\\uFEFF"'),
    ("title: >-\n  folded\n  text", "plain", '"plain"'),
    ("title: |\n  literal", "x", '"x"'),
    ("title: multi\n  line plain", "x", '"x"'),
])
def test_yaml_render(source: str, new: str, rendered: str) -> None:
    key = "tags" if source.startswith("tags") else "title"
    text, f = yaml_field(source, key, 0 if key == "tags" else None)
    assert f.render(new) == rendered
    data = yaml.safe_load(splice(text, f, new)[4:-4])
    assert (data[key][0] if key == "tags" else data[key]) == new


def test_block_scalar_span_keeps_following_lines() -> None:
    text = "---\nsummary: >-\n  一\n  二\n\n\n# note\nweight: 1\n---\n"
    block = split(text, "a.md")
    assert block is not None
    [f] = fields(text, block, KEYS, "a.md")
    assert text[f.start : f.end] == ">-\n  一\n  二"
    assert splice(text, f, "One, two") == '---\nsummary: "One, two"\n\n\n# note\nweight: 1\n---\n'


@pytest.mark.parametrize(("source", "new", "rendered"), [
    ('title = "x"', "it's", '"it\'s"'),
    ('title = "x"', 'a "b" \\ c', '"a \\"b\\" \\\\ c"'),
    ('title = "x"', "l1\nl2\tt\r\x00\x7f\x1b", '"l1\\nl2\\tt\\r\\u0000\\u007F\\u001B"'),
    ("title = 'x'", "C:\\dir", "'C:\\dir'"),
    ("title = 'x'", "it's", '"it\'s"'),
    ("title = 'x'", "a\nb", '"a\\nb"'),
    ('title = """\nx"""', "a\nb", '"a\\nb"'),
    ("title = '''x'''", "a", '"a"'),
])
def test_toml_render(source: str, new: str, rendered: str) -> None:
    text = f"+++\n{source}\n+++\n"
    block = split(text, "a.md")
    assert block is not None
    [f] = fields(text, block, ["title"], "a.md")
    assert f.render(new) == rendered
    assert tomllib.loads(splice(text, f, new)[4:-4])["title"] == new


# --------------------------------------------------------------------------- splice property

SIMPLE_YAML = """\
---
title: Plain title
tags: [a, "b", 'c']
summary: |-
  literal
---
"""
SIMPLE_TOML = "+++\ntitle = 'lit'\ntags = [\n  \"a\", # c\n  '''b''',\n]\n+++\n"

DOCS = {
    "yaml": YAML_DOC,
    "yaml-crlf-bom": "\ufeff" + crlf(YAML_DOC),
    "yaml-simple": SIMPLE_YAML,
    "toml": TOML_DOC,
    "toml-crlf": crlf(TOML_DOC),
    "toml-simple": SIMPLE_TOML,
}


def _cases() -> list[tuple[str, int]]:
    out = []
    for name, text in DOCS.items():
        block = split(text, name)
        assert block is not None
        out += [(name, i) for i in range(len(fields(text, block, KEYS, name)))]
    return out


CASES = _cases()
TRICKY = ["", ": ", " #", "*", "-", "- x", "'", '"', "\\", "\\n", "中文：测试", "true", "false", "123",
          "1.5e3", "2025-07-03", "2025-07-03T11:10:04+08:00", "null", "~", "yes", "on", "---", "...", "+++",
          "[a]", "{a}", "a, b", "&anchor", "!tag", "%x", "@x", "`x`", "|", ">", "?", "#", " ", "\t", "\n",
          "\r\n", "\u2028", "\x85", "\ufeff", "\x00", "\x7f", "'''", '"""', "😀", "é", "a:b", "a: b"]
NEW_TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.lists(st.sampled_from(TRICKY + ["x", "标题", " "]), max_size=5).map("".join),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(CASES), new=NEW_TEXT)
def test_splice_render_roundtrips(case: tuple[str, int], new: str) -> None:
    name, i = case
    text = DOCS[name]
    block = split(text, name)
    assert block is not None
    before = fields(text, block, KEYS, name)
    f = before[i]
    rendered = f.render(new)
    assert "\n" not in rendered and "\r" not in rendered
    out = text[: f.start] + rendered + text[f.end :]
    assert out[: f.start] == text[: f.start] and out[f.start + len(rendered) :] == text[f.end :]

    new_block = split(out, name)
    assert new_block is not None and new_block.kind == block.kind
    assert load(out, new_block) == with_item(load(text, block), f.key, f.index, new)

    # The spliced document still yields the same fields, at shifted offsets.
    after = fields(out, new_block, KEYS, name)
    expected = [(g.key, g.index, g.value) for g in before if g is not f]
    if new:
        expected.insert(i, (f.key, f.index, new))
    assert [(g.key, g.index, g.value) for g in after] == expected


# --------------------------------------------------------------------------- drop_key_spans


def apply_drops(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return text


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_drop_keys_yaml(newline: str) -> None:
    text = YAML_DOC.replace("\n", newline)
    block = split(text, "a.md")
    assert block is not None
    spans = drop_key_spans(text, block, {"isCJKLanguage", "menu", "keywords", "summary", "absent"})
    removed = [text[s:e] for s, e in spans]
    assert removed == [
        "summary: >-\n  xAI 发布了 Grok 4，\n  声称在多项基准测试中领先。\n".replace("\n", newline),
        "isCJKLanguage: true" + newline,
        "menu:\n  main:\n    weight: 40\n".replace("\n", newline),
        "keywords: |\n  first line\n  second line\n".replace("\n", newline),
    ]
    out = apply_drops(text, spans)
    expected = text
    for chunk in removed:
        expected = expected.replace(chunk, "", 1)
    assert out == expected
    new_block = split(out, "a.md")
    assert new_block is not None
    data = load(text, block)
    for key in ("isCJKLanguage", "menu", "keywords", "summary"):
        del data[key]
    assert load(out, new_block) == data


def test_drop_keys_yaml_edge_cases() -> None:
    text = ("---\ntitle: a\nisCJKLanguage:\n# keep this comment\nsummary: |\n  x\n\n  y\n\n"
            "draft: true\nkeywords: [a,\n  b]   # flow over lines\nweight: 1\n---\nbody\n")
    block = split(text, "a.md")
    assert block is not None
    out = apply_drops(text, drop_key_spans(text, block, {"isCJKLanguage", "summary", "keywords"}))
    assert out == "---\ntitle: a\n# keep this comment\n\ndraft: true\nweight: 1\n---\nbody\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_drop_keys_toml(newline: str) -> None:
    text = TOML_DOC.replace("\n", newline)
    block = split(text, "a.md")
    assert block is not None
    spans = drop_key_spans(text, block, {"isCJKLanguage", "tags", "summary", "title"})
    removed = [text[s:e] for s, e in spans]
    assert removed == [
        ('title = "Kitex 发布 \\"v1.0\\""  # a comment' + newline),
        "summary = '''raw \\n\ntext'''\n".replace("\n", newline),
        "tags = [\n  \"RPC\",   # comment with \"quotes\" and ]\n  'Go',\n  1.5,\n  \"\"\"多行\"\"\",\n]\n"
        .replace("\n", newline),
        "isCJKLanguage = true" + newline,
    ]
    out = apply_drops(text, spans)
    new_block = split(out, "a.md")
    assert new_block is not None
    data = load(text, block)
    for key in ("isCJKLanguage", "tags", "summary", "title"):
        del data[key]
    assert load(out, new_block) == data  # [params].title stays
    assert out.count(newline) == text.count(newline) - sum(r.count(newline) for r in removed)


# --------------------------------------------------------------------------- real corpus

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
ARTICLES = CORPUS / "articles" / "cloudwego" / "zh"
CORPUS_KEYS = ["title", "linkTitle", "description", "summary", "tags", "categories", "keywords"]


@pytest.mark.skipif(not ARTICLES.is_dir(), reason="shared corpus not present")
def test_corpus_articles_split_and_yield_fields() -> None:
    paths = sorted(ARTICLES.rglob("*.md"))
    assert paths
    total = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        block = split(text, str(path))
        if block is None:
            continue
        found = fields(text, block, CORPUS_KEYS, str(path))
        data = load(text, block)
        for f in found:
            assert f.value == (data[f.key] if f.index is None else data[f.key][f.index]), path
            # Rewriting a value with itself keeps the document's data identical.
            out = splice(text, f, f.value)
            out_block = split(out, str(path))
            assert out_block is not None and load(out, out_block) == data, path
        total += len(found)
    assert total > len(paths)


# --------------------------------------------------------------------------- JSON front matter

JSON_DOC = """\
{
  "title": "Grok 4 发布：\\"最强\\"推理模型？",
  "date": "2025-07-03T11:10:04+08:00",
  "isCJKLanguage": true,
  "tags": ["AI", "大模型", 2025, "x\\u0041i"],
  "params": {"summary": "nested { not a field", "n": [1, {"a": "}"}]},
  "summary": "带 } 和 { 的摘要",
  "weight": 10
}

# 正文

Body text with { and } inside.
"""


def test_split_json() -> None:
    block = split(JSON_DOC, "a.md")
    assert block is not None and block.kind == "json" and block.line == 1
    assert JSON_DOC[block.content_start] == "{" and JSON_DOC[block.content_end - 1] == "}"
    assert JSON_DOC[block.end :].startswith("\n# 正文")
    assert load_json(JSON_DOC, block)["weight"] == 10


def load_json(text: str, block: Block) -> dict[str, Any]:
    data = json.loads(text[block.content_start : block.content_end])
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_json_fields_and_splice(newline: str) -> None:
    text = JSON_DOC.replace("\n", newline)
    block = split(text, "a.md")
    assert block is not None and block.kind == "json"
    found = fields(text, block, KEYS, "a.md")
    assert [(f.key, f.index, f.value, f.line) for f in found] == [
        ("title", None, 'Grok 4 发布："最强"推理模型？', 2),
        ("tags", 0, "AI", 5),
        ("tags", 1, "大模型", 5),
        ("tags", 3, "xAi", 5),
        ("summary", None, "带 } 和 { 的摘要", 7),
    ]
    data = load_json(text, block)
    for f in found:
        for new in ("English \"quoted\" title", "line\nbreak\ttab \\ slash", "中文 }{ ]["):
            out = splice(text, f, new)
            new_block = split(out, "a.md")
            assert new_block is not None
            assert load_json(out, new_block) == with_item(data, f.key, f.index, new)
            # Every byte outside the value is untouched.
            assert out[: f.start] == text[: f.start] and out.endswith(text[f.end :])


def test_json_drop_keys_keep_valid_json() -> None:
    for key in ("title", "isCJKLanguage", "weight", "summary"):
        block = split(JSON_DOC, "a.md")
        assert block is not None
        out = apply_drops(JSON_DOC, drop_key_spans(JSON_DOC, block, {key}))
        new_block = split(out, "a.md")
        assert new_block is not None
        expected = load_json(JSON_DOC, block)
        del expected[key]
        assert load_json(out, new_block) == expected
        assert out.endswith(JSON_DOC[block.content_end :])
    only = '{"isCJKLanguage": true}\n\n正文\n'
    block = split(only, "a.md")
    assert block is not None
    assert json.loads(apply_drops(only, drop_key_spans(only, block, {"isCJKLanguage"})).split("\n")[0]) == {}
    both = '{"a": 1, "isCJKLanguage": true, "b": 2}\n'
    block = split(both, "a.md")
    assert block is not None
    assert apply_drops(both, drop_key_spans(both, block, {"a", "isCJKLanguage"})) == '{"b": 2}\n'


@pytest.mark.parametrize(
    "text",
    ["{{< figure src=\"a.png\" >}}\n\n正文\n", "{ not json\n", "{{% note %}}\n正文\n{{% /note %}}\n"],
)
def test_json_needs_an_object(text: str) -> None:
    assert split(text, "a.md") is None


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('{\n  "title": "a",\n  "tags": [1,\n}\n', 4, "invalid JSON front matter"),
        ('{\n  "title": "a"\n', 1, "unterminated JSON front matter"),
        ('{\n  "title": "a",\n  "draft": false,\n  "title": "b"\n}\n', 4, "duplicate key 'title'"),
        ("---\ntitle: a\ntags: [x]\ntitle: b\n---\n", 4, "'title' in front matter (first at line 2)"),
        ("---\nmenu:\n  main: 1\n  main: 2\n---\n", 4, "duplicate key 'main'"),
    ],
)
def test_front_matter_errors(text: str, line: int, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        split(text, "a.md")
    assert info.value.line == line and fragment in info.value.message, info.value


def test_json_article_through_extract_and_merge() -> None:
    config = Config()
    article = parse_article(JSON_DOC, "content/zh/a.md")
    po, _, segs = extract_text(article, None, "po/en/a.po", config)
    assert [s.id for s in segs][:5] == ["fm.title", *[s.id for s in segs if s.field == "tags"], "fm.summary"]
    catalog = parse_po(po, "a.po")
    for e in catalog.entries:
        e.msgstr = "EN " + e.msgid
    english, done, total, _ = merge_text(article, catalog, config, include_fuzzy=False)
    assert done == total
    block = split(english, "en.md")
    assert block is not None and block.kind == "json"
    data = load_json(english, block)
    assert data["title"] == 'EN Grok 4 发布："最强"推理模型？' and data["tags"][1] == "EN 大模型"
    assert "isCJKLanguage" not in data
    assert data["params"] == json.loads(JSON_DOC[: JSON_DOC.index("\n\n")])["params"]
    # Identity translation: byte for byte (isCJKLanguage kept when nothing is dropped).
    for e in catalog.entries:
        e.msgstr = e.msgid
    identity, _, _, _ = merge_text(article, catalog, Config(drop_keys=()), include_fuzzy=False)
    assert identity == JSON_DOC
