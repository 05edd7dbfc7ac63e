"""Segmentation of Markdown bodies: spec-parametrised round trips and extraction rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CORPUS
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from l10n.document import parse_article, parse_document, render, segments, slots

_MD = MarkdownIt("commonmark").enable("table").enable("strikethrough").use(footnote_plugin)


def structure(text: str) -> list[tuple[str, str, int]]:
    """Block structure as an independent parser sees it (inline content ignored)."""
    return [(t.type, t.tag, t.level) for t in _MD.parse(text) if t.type != "inline"]


def _examples() -> list[tuple[str, int, str]]:
    out = []
    for name in ("commonmark/spec.json", "gfm/spec.json", "gfm/extensions.json", "gfm/regression.json"):
        path = CORPUS / name
        if path.is_file():
            for ex in json.loads(path.read_text(encoding="utf-8")):
                out.append((name, ex["example"], ex["markdown"]))
    return out


EXAMPLES = _examples()


def _body(text: str, fn: Callable[[str], str | None]) -> str:
    article = parse_article(text, "example.md", front_matter=False)
    return render(article, slots(article, ()), lambda seg: fn(seg.source))


@pytest.mark.skipif(not EXAMPLES, reason="../shared/corpus is absent")
@pytest.mark.parametrize(("name", "number", "markdown"), EXAMPLES, ids=[f"{n}#{e}" for n, e, _ in EXAMPLES])
def test_spec_example_identity_and_pseudo(name: str, number: int, markdown: str) -> None:
    assert _body(markdown, lambda s: s) == markdown
    assert _body(markdown, lambda s: None) == markdown
    pseudo = _body(markdown, lambda s: f"⟦{s}⟧")
    assert structure(pseudo) == structure(markdown)
    # Idempotency: extracting the pseudo-translated text finds the same number of segments.
    a1 = parse_article(markdown, "x", front_matter=False)
    a2 = parse_article(pseudo, "x", front_matter=False)
    assert len(segments(slots(a2, ()))) == len(segments(slots(a1, ())))


def units(text: str) -> list[tuple[str, str]]:
    article = parse_article(text, "t.md", front_matter=False)
    return [(s.label, s.source) for s in segments(slots(article, ()))]


def test_container_syntax_never_in_msgid() -> None:
    text = (
        "### 标题一 {#custom-id}\n\n"
        "> 引用第一行，\n> 引用第二行。\n>\n> > 嵌套引用\n\n"
        "1. 第一项\n   继续\n\n   第二段\n   - 子项 *强调*\n2. [ ] 待办\n\n"
        "| 列一 | 列二 |\n| --- | :-: |\n| 甲 | 乙 \\| 丙 |\n\n"
        "[^1]: 脚注内容[链接](https://example.com)\n\n"
        "> [!NOTE]\n> 提示内容\n"
    )
    got = units(text)
    assert got == [
        ("heading h3", "标题一"),
        ("block quote", "引用第一行，引用第二行。"),
        ("block quote", "嵌套引用"),
        ("list item", "第一项继续"),
        ("list item paragraph", "第二段"),
        ("list item", "子项 *强调*"),
        ("list item", "待办"),
        ("table header (row 1, column 1)", "列一"),
        ("table header (row 1, column 2)", "列二"),
        ("table cell (row 2, column 1)", "甲"),
        ("table cell (row 2, column 2)", "乙 \\| 丙"),
        ("footnote [^1]", "脚注内容[链接](https://example.com)"),
        ("alert NOTE", "提示内容"),
    ]


def test_not_translated_blocks() -> None:
    # Comments, link definitions, math and shortcode calls stay as they are; the text of an HTML
    # block is translated (it ships to the English page), and so is code that holds Chinese.
    text = (
        '```go\nfmt.Println("你好")\n```\n\n    缩进代码\n\n<div>\n中文 HTML\n</div>\n\n<!-- 注释 -->\n\n'
        '[ref]: https://example.com "标题"\n\n---\n\n$$\nE = mc^2\n$$\n\n{{< figure src="a.png" >}}\n\n'
        "{{% notice %}}\n提示里的文字\n{{% /notice %}}\n"
    )
    assert units(text) == [
        ("code block (go)", 'fmt.Println("你好")'),
        ("code block", "缩进代码"),
        ("HTML text", "中文 HTML"),
        ("paragraph", "提示里的文字"),
    ]
    article = parse_article(text, "t.md", front_matter=False)
    copied = parse_document(article, (), code_blocks="copy").segments
    expected = [("HTML text", "中文 HTML"), ("paragraph", "提示里的文字")]
    assert [(s.label, s.source) for s in copied] == expected


def test_cjk_line_joining() -> None:
    assert units("中文第一行\n第二行 with\nLatin words\n和中文。\n") == [
        ("paragraph", "中文第一行第二行 with Latin words和中文。")
    ]


def test_hard_break_stays_a_newline() -> None:
    assert units("第一行  \n第二行\\\n第三行\n") == [("paragraph", "第一行  \n第二行\\\n第三行")]


def test_translation_with_newline_keeps_container_prefix() -> None:
    text = "> 第一行\n> 第二行\n"
    out = _body(text, lambda s: "line one\nline two")
    assert out == "> line one\n> line two\n"
    crlf = "- 项目\r\n  继续\r\n"
    assert _body(crlf, lambda s: "item\ncontinued") == "- item\r\n  continued\r\n"


def test_table_cell_translation_escapes_pipes() -> None:
    text = "| 甲 | 乙 |\n| - | - |\n| 丙 | 丁 |\n"
    assert _body(text, lambda s: "a|b\nc") == "| a\\|b c | a\\|b c |\n| - | - |\n| a\\|b c | a\\|b c |\n"


def test_ids_are_stable_under_insertion_and_moves() -> None:
    def ids(text: str) -> dict[str, str]:
        article = parse_article(text, "t.md", front_matter=False)
        return {s.source: s.id for s in segments(slots(article, ()))}

    before = ids("# 标题\n\n甲段落。\n\n乙段落。\n")
    after = ids("# 标题\n\n新插入。\n\n乙段落。\n\n甲段落。\n")
    for source, sid in before.items():
        assert after[source] == sid


def test_duplicates_get_distinct_deterministic_ids() -> None:
    article = parse_article("同样。\n\n同样。\n\n同样。\n", "t.md", front_matter=False)
    got = [s.id for s in segments(slots(article, ()))]
    assert len(set(got)) == 3
    assert got[1] == got[0] + "-2" and got[2] == got[0] + "-3"


def test_sentence_mode_splits_and_reassembles() -> None:
    text = "第一句。第二句！\n第三句？\n"
    article = parse_article(text, "t.md", front_matter=False)
    sl = slots(article, (), mode="sentence")
    segs = segments(sl)
    assert [s.source for s in segs] == ["第一句。", "第二句！", "第三句？"]
    en = {"第一句。": "One.", "第二句！": "Two!", "第三句？": "Three?"}
    assert render(article, sl, lambda s: en[s.source]) == "One. Two! Three?\n"
    assert render(article, sl, lambda s: s.source) == text


@pytest.mark.parametrize("path", sorted(CORPUS.glob("footnotes/cases/*.md")) if CORPUS.is_dir() else [])
def test_footnote_cases_round_trip(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _body(text, lambda s: s) == text
    assert structure(_body(text, lambda s: f"⟦{s}⟧")) == structure(text)
