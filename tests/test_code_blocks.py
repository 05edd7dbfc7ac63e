"""Code blocks that hold Chinese are segments; import fills them, rewritten blocks pair by position,
and merge keeps the English page's own front-matter quoting."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import invoke_cli

from l10n.app.article_jobs import merge_text
from l10n.app.config import Config
from l10n.document import Document, parse_article, parse_document
from l10n.formats.po import generate_po, parse_po
from l10n.model import Catalog, Entry, Kind, Segment
from l10n.mt import FakeTranslator, draft_catalog
from l10n.mt.drafts import code_parts
from l10n.qa.checks import check_code

GO = '```go\nx := 1 // 设置初始值\nfmt.Println("你好")\n```\n'


def doc(text: str, code_blocks: str = "chinese") -> Document:
    return parse_document(parse_article(text, "a.md"), ["title", "tags"], code_blocks=code_blocks)


def render(d: Document, fn: object) -> str:
    return d.render(lambda s: fn(s) if callable(fn) else None)  # type: ignore[operator]


def catalog_for(d: Document, values: dict[str, str]) -> Catalog:
    cat = Catalog()
    for seg in d.segments:
        cat.entries.append(Entry(msgid=seg.source, msgstr=values.get(seg.source, ""), context=seg.id))
    return cat


# --------------------------------------------------------------------------- segments


def test_code_with_chinese_is_one_segment_and_plain_code_is_not() -> None:
    text = "# 标题\n\n" + GO + "\n```sh\nls -l\n```\n\n    # 缩进的注释\n    x = 1\n"
    segs = [s for s in doc(text).segments if s.kind is Kind.CODE]
    assert [(s.label, s.source, s.line) for s in segs] == [
        ("code block (go)", 'x := 1 // 设置初始值\nfmt.Println("你好")', 4),
        ("code block", "# 缩进的注释\nx = 1", 12),
    ]
    assert segs[0].id.startswith("code-")
    assert not [s for s in doc(text, "copy").segments if s.kind is Kind.CODE]


@pytest.mark.parametrize(
    "text",
    [
        GO,
        "> ```\n> // 引用里的注释\n> a\n> ```\n",
        "- 项\n\n  ```\n  // 列表里的注释\n\n  b\n  ```\n",
        "> - x\n>\n>   ```\n>   —\n>\n>   —\n>\n>   ```\n",
        "    // 缩进\n    b\n\n正文\n",
        "```go\r\n// 注释\r\nx\r\n```\r\n",
        "```\n// 没有结束的代码块\n",
    ],
)
def test_code_round_trips_and_keeps_its_container(text: str) -> None:
    d = doc(text)
    assert render(d, lambda s: s.source) == text
    assert render(d, None) == text
    out = render(d, lambda s: s.source.replace("注释", "comment") + "\nextra")
    again = doc(out, "copy")
    # The same blocks: the code block is still one code block with one more line, in the same place.
    before = [r.kind for r in d.raw]
    after = [r.kind for r in again.raw]
    assert before == after
    for r_old, r_new in zip(d.raw, again.raw, strict=True):
        if r_old.body and any("\u4e00" <= c <= "\u9fff" or c == "—" for c in text[r_old.start : r_old.end]):
            lines = [out[a:b] for a, b in r_new.body]
            assert lines[-1] == "extra" or lines[-2] == "extra"


def test_translated_comment_changes_only_the_comment() -> None:
    d = doc(GO)
    out = render(d, lambda s: s.source.replace("设置初始值", "initial value").replace("你好", "hello"))
    assert out == '```go\nx := 1 // initial value\nfmt.Println("hello")\n```\n'


def test_a_translation_that_closes_the_fence_is_not_used() -> None:
    d = doc(GO)
    seg = d.segments[0]
    cat = catalog_for(d, {seg.source: "x := 1\n```\n# injected heading"})
    blocked: list[tuple[Segment, str]] = []
    out, done, total, missing = merge_text(d, cat, Config(), False, None, blocked)
    assert out == GO and done == 0 and missing == [seg]
    assert blocked and "would close the code block" in blocked[0][1]


def test_markup_check_wants_every_line_of_code_kept() -> None:
    src = 'x := 1 // 设置初始值\nfmt.Println("你好")'
    assert check_code(src, 'x := 1 // initial value\nfmt.Println("hello")') == []
    assert check_code("// 注释\nx := 1\ny := 2", "// comment\nx := 1\n\ny := 2  ") == []
    problems = check_code("// 注释\nx := 1\ny := 2", "// comment\nx := 2\ny := 2")
    assert problems and "'x := 1'" in problems[0]


def test_mt_translates_only_the_chinese_stretch_of_each_line() -> None:
    assert code_parts('x := 1 // 设置初始值\nfmt.Println("你好")') == [
        ("x := 1 // ", False),
        ("设置初始值", True),
        ("\n", False),
        ('fmt.Println("', False),
        ("你好", True),
        ('")', False),
    ]
    entry = Entry(msgid='x := 1 // 设置初始值\nfmt.Println("你好")', context="code-12345678")
    cat = Catalog(entries=[entry])
    fake = FakeTranslator({"设置初始值": "initial value", "你好": "hello"})
    stats = draft_catalog(cat, fake)
    assert stats.drafted == 1 and fake.calls == [["设置初始值", "你好"]]
    assert entry.msgstr == 'x := 1 // initial value\nfmt.Println("hello")' and entry.fuzzy


# --------------------------------------------------------------------------- import


def pair(tmp_path: Path, zh: str, en: str) -> Path:
    root = tmp_path / "site"
    for lang, text in (("zh", zh), ("en", en)):
        p = root / "content" / lang / "a.md"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    (root / "l10n.toml").write_text("", encoding="utf-8")
    return root


ZH = (
    "---\ntitle: 组件\n---\n\n## 更新\n\n"
    "- 修复 default logger 使用错误的 call depth\n- 升级 Netpoll 到 v0.0.3\n\n"
    "```\n// 如果 name 前缀为 __Host，则 Path 必须为/\ncookie.SetPath(path)\n```\n"
)
EN = (
    "---\ntitle: 'Eino: Components'\n---\n\n## Updates\n\n- Defaultlogger wrong calldepth\n"
    "- Upgrade Netpoll to v0.0.3\n\n"
    "```\n// If name has the prefix __Host, Path must be /\ncookie.SetPath(path)\n```\n"
)


def test_import_fills_code_pairs_by_position_and_merge_gives_the_page_back(tmp_path: Path) -> None:
    root = pair(tmp_path, ZH, EN)
    code, out = invoke_cli(root, "import")
    assert code == 0 and "merge reproduces the English page" in out, out
    assert "1 paired by position only" in out and "content/en/a.md:7:" in out, out
    po = root / "po/en/a.po"
    entries = {e.msgid: e for e in parse_po(po.read_text(encoding="utf-8"), str(po)).entries}
    code_entry = entries["// 如果 name 前缀为 __Host，则 Path 必须为/\ncookie.SetPath(path)"]
    assert code_entry.msgstr == "// If name has the prefix __Host, Path must be /\ncookie.SetPath(path)"
    loose = entries["修复 default logger 使用错误的 call depth"]
    assert loose.msgstr == "Defaultlogger wrong calldepth" and loose.fuzzy
    assert any(c.endswith("(score 0.70, by position)") for c in loose.translator_comments)
    code, out = invoke_cli(root, "merge", "--include-fuzzy")
    assert code == 0, out
    assert (root / "content/en/a.md").read_text(encoding="utf-8") == EN


def test_position_never_pairs_across_a_dropped_block(tmp_path: Path) -> None:
    en = EN.replace("- Defaultlogger wrong calldepth\n", "")
    root = pair(tmp_path, ZH, en)
    code, out = invoke_cli(root, "import")
    assert code == 0, out
    po = root / "po/en/a.po"
    entries = {e.msgid: e.msgstr for e in parse_po(po.read_text(encoding="utf-8"), str(po)).entries}
    assert entries["修复 default logger 使用错误的 call depth"] == ""
    assert entries["升级 Netpoll 到 v0.0.3"] == "Upgrade Netpoll to v0.0.3"


# --------------------------------------------------------------------------- front-matter forms


def test_merge_keeps_the_english_pages_quoting(tmp_path: Path) -> None:
    zh = "---\ntitle: 组件\ntags: [中文]\n---\n\n正文。\n"
    d = doc(zh)
    values = {"组件": "Eino: Components", "中文": "Chinese", "正文。": "Body."}
    cat = catalog_for(d, values)
    plain = merge_text(d, cat, Config(), False)[0]
    assert plain == '---\ntitle: "Eino: Components"\ntags: [Chinese]\n---\n\nBody.\n'
    page = "---\ntitle: 'Eino: Components'\ntags: [\"Chinese\"]\n---\n\nBody.\n"
    kept = merge_text(d, cat, Config(), False, previous=page)[0]
    assert kept == page
    assert merge_text(d, cat, Config(), False, previous=kept)[0] == kept  # stable
    # A value the page does not hold (the translation changed) gets merge's own form.
    cat2 = catalog_for(d, {**values, "组件": "Eino: Parts"})
    assert merge_text(d, cat2, Config(), False, previous=page)[0].startswith('---\ntitle: "Eino: Parts"\n')
    # A multi-line or block-context form is never carried over into another context.
    block_page = "---\ntitle: >-\n  Eino: Components\ntags:\n  - Chinese\n---\n\nBody.\n"
    assert merge_text(d, cat, Config(), False, previous=block_page)[0] == plain


def test_check_and_merge_agree_on_a_hand_quoted_page(site: Path) -> None:
    code, out = invoke_cli(site, "extract")
    po = site / "po/en/news/xai-funding.po"
    cat = parse_po(po.read_text(encoding="utf-8"), str(po))
    for e in cat.entries:
        e.msgstr = e.msgid if not e.context or not e.context.startswith("fm.title") else "Title: xAI"
    po.write_text(generate_po(cat), encoding="utf-8")
    code, out = invoke_cli(site, "merge")
    assert code == 0, out
    en = site / "content/en/news/xai-funding.md"
    text = en.read_text(encoding="utf-8")
    assert 'title: "Title: xAI"' in text
    en.write_text(text.replace('title: "Title: xAI"', "title: 'Title: xAI'"), encoding="utf-8")
    code, out = invoke_cli(site, "check", "--only", "stale-en")
    assert "stale-en" not in out, out
    code, out = invoke_cli(site, "merge")
    assert code == 0 and "'Title: xAI'" in en.read_text(encoding="utf-8"), out
