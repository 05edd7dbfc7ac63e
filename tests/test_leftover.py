"""No Chinese left unseen: inline shortcodes, shortcode parameters, HTML text and attributes become
segments; `check` reports (`leftover`) what still ships in Chinese; `status` counts it."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import CORPUS, invoke_cli
from markdown_it import MarkdownIt
from test_markdown import structure

from l10n.app.article_jobs import document, extract_text, merge_text
from l10n.app.config import Config
from l10n.document import parse_article
from l10n.formats.po import parse_po
from l10n.lang.script import HAN_RE
from l10n.qa.leftover import leftovers

REPRODUCER = """---
title: 测试
linktitle: 测试
---

{{% alert %}} 我们推荐使用[自动配置](#auto)模块。 {{% /alert %}}

{{< figure src="a.png" caption="架构图" alt="系统架构" >}}

{{% alert title="重要" color="warning" %}}
警告内容。
{{% /alert %}}

<div align="center">图 1：系统架构</div>

<img src="x.png" alt="架构图">
"""


def segs(text: str, config: Config | None = None) -> list[tuple[str, str]]:
    doc = document(parse_article(text, "a.md"), config or Config())
    return [(s.id.split("-")[0].split(".")[0], s.source) for s in doc.segments]


def through(text: str, fn: object, config: Config | None = None) -> str:
    cfg = config or Config(drop_keys=())
    article = parse_article(text, "a.md")
    po, _, _ = extract_text(article, None, "a.po", cfg)
    cat = parse_po(po, "a.po")
    for e in cat.entries:
        e.msgstr = fn(e.msgid)  # type: ignore[operator]
    out, done, total, missing = merge_text(article, cat, cfg, include_fuzzy=False)
    assert not missing
    return out


def test_the_issue_reproducer_is_fully_extracted() -> None:
    assert segs(REPRODUCER) == [
        ("fm", "测试"),
        ("fm", "测试"),
        ("p", "{{% alert %}} 我们推荐使用[自动配置](#auto)模块。 {{% /alert %}}"),
        ("sc", "架构图"),
        ("sc", "系统架构"),
        ("sc", "重要"),
        ("p", "警告内容。"),
        ("html", "图 1：系统架构"),
        ("html", "架构图"),
    ]
    doc = document(parse_article(REPRODUCER, "a.md"), Config())
    assert leftovers(doc) == []


def test_round_trip_identity_and_pseudo() -> None:
    assert through(REPRODUCER, lambda m: m) == REPRODUCER
    out = through(REPRODUCER, lambda m: f"EN {m}")
    assert 'caption="EN 架构图" alt="EN 系统架构"' in out
    assert '{{% alert title="EN 重要" color="warning" %}}' in out
    assert '<div align="center">EN 图 1：系统架构</div>' in out
    assert '<img src="x.png" alt="EN 架构图">' in out
    assert "linktitle: EN 测试" in out
    assert structure(out) == structure(REPRODUCER)


def test_parameter_quoting_on_merge() -> None:
    text = '{{< figure caption="图" title=标题 alt=`替代` >}}\n\n<img alt=\'图\' title=图二>\n'
    out = through(text, lambda m: f'say "{m}" it\'s')
    assert 'caption="say \\"图\\" it\'s"' in out
    assert 'title="say \\"标题\\" it\'s"' in out  # a bare value with spaces gets quotes
    assert "alt=`say \"替代\" it's`" in out  # a raw string can hold both quotes
    assert "alt='say \"图\" it&#39;s'" in out
    assert 'title="say &quot;图二&quot; it\'s"' in out


def test_shortcode_params_setting() -> None:
    text = '{{< card header="卡片标题" title="标题" >}}\n\n{{< hint "提示文字" >}}\n'
    assert segs(text) == [("sc", "标题")]
    cfg = Config(shortcode_params={"*": ("title",), "card": ("header",), "hint": ("0",)})
    assert segs(text, cfg) == [("sc", "卡片标题"), ("sc", "提示文字")]


def test_html_runs_keep_inline_tags_and_skip_code() -> None:
    text = (
        "<p>运行 <code>make</code> 命令，<b>重要</b>。</p>\n<script>var a = '中文'</script>\n\n"
        "<pre>代码 中文</pre>\n\n<!-- 注释 -->\n\n<div>English only</div>\n"
    )
    assert segs(text) == [("html", "运行 <code>make</code> 命令，<b>重要</b>。")]
    doc = document(parse_article(text, "a.md"), Config())
    assert leftovers(doc) == []


def test_multi_line_html_text_becomes_one_line() -> None:
    text = "<div>\n  第一行\n  第二行\n</div>\n"
    assert segs(text) == [("html", "第一行第二行")]
    assert through(text, lambda m: "one\ntwo") == "<div>\n  one two\n</div>\n"


def test_inline_shortcode_paragraph_is_protected_in_mt_and_checked() -> None:
    from l10n.mt.placeholders import protect

    msgid = "{{< hint >}} 这是一个很长的提示 {{< /hint >}}"
    assert segs("{{< hint >}} 这是一个很长的\n提示 {{< /hint >}}\n") == [("p", msgid)]
    prot = protect(msgid)
    assert "{{<" not in prot.text


def test_existing_ids_do_not_change() -> None:
    # A paragraph after a shortcode line keeps the ID it had when shortcode lines were opaque.
    old = "{{< figure src=\"a.png\" >}}\n\n正文段落。\n"
    new = "{{< figure src=\"a.png\" caption=\"图\" >}}\n\n正文段落。\n"
    a = document(parse_article(old, "a.md"), Config()).segments
    b = document(parse_article(new, "a.md"), Config()).segments
    assert a[0].id == b[-1].id


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{< figure caption=\"图\n\n正文。\n", "unbalanced quote"),
        ("{{< figure src=\"a.png\"\n\n正文。\n", "unterminated shortcode"),
        ('<div><img alt="图>\n</div>\n\n正文。\n', "malformed HTML"),
    ],
)
def test_bad_input_is_kept_with_a_warning(text: str, message: str) -> None:
    doc = document(parse_article(text, "a.md"), Config())
    assert [s.source for s in doc.segments] == ["正文。"]
    assert doc.warnings and message in doc.warnings[0][1] and doc.warnings[0][0] == 1
    assert through(text, lambda m: m) == text


def test_bad_input_warning_on_the_cli(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "content" / "zh").mkdir(parents=True)
    (root / "content" / "zh" / "a.md").write_text('正文。\n\n{{< x caption="图 >}}\n', encoding="utf-8")
    (root / "l10n.toml").write_text("", encoding="utf-8")
    code, out = invoke_cli(root, "extract")
    assert code == 0 and "content/zh/a.md:3: unbalanced quote" in out


def test_leftover_check_status_and_suppression(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "content" / "zh").mkdir(parents=True)
    (root / "content" / "zh" / "a.md").write_text(
        "---\ntitle: 标题\nauthor: 张三\nslug: 中文\n---\n\n正文。\n\n"
        '{{< card header="卡片" >}}\n\n<!-- l10n: ignore leftover -->\n{{< card header="忽略" >}}\n',
        encoding="utf-8",
    )
    (root / "l10n.toml").write_text("", encoding="utf-8")
    assert invoke_cli(root, "extract")[0] == 0
    code, out = invoke_cli(root, "check", "--only", "leftover")
    assert code == 1
    assert "content/zh/a.md\n" in out
    assert "3: error leftover: Chinese that no PO entry covers ships as is: 张三" in out
    assert "9: error leftover: Chinese that no PO entry covers ships as is: 卡片" in out
    assert "忽略" not in out and "中文" not in out  # suppressed line; slug is a keep_keys value
    code, out = invoke_cli(root, "status", "--format", "json")
    st = json.loads(out[out.index("{") :])["articles"][0]
    assert st["leftover"] == 2 and st["untranslated"] == 2 + 2 and st["total"] == 4
    (root / "l10n.toml").write_text(
        'leftover_ignore = ["张三"]\nshortcode_params = { card = ["header"] }\n', encoding="utf-8"
    )
    assert invoke_cli(root, "extract")[0] == 0
    code, out = invoke_cli(root, "check", "--only", "leftover")
    assert code == 0, out


def test_front_matter_keys_are_case_insensitive() -> None:
    text = "---\nLinkTitle: 链接标题\nCategories: [分类]\nisCJKLanguage: true\n---\n正文。\n"
    assert segs(text)[:2] == [("fm", "链接标题"), ("fm", "分类")]
    out = through(text, lambda m: f"EN {m}", Config(drop_keys=("iscjklanguage",)))
    assert "isCJKLanguage" not in out and "LinkTitle: EN 链接标题" in out


# ------------------------------------------------------------------------------------------------
# The measurement on ../shared: pseudo-translate every entry, merge, and count with an independent
# parser (markdown-it-py, PyYAML, tomllib) the Han characters left outside translated text and code.

_MD = MarkdownIt("commonmark").enable("table")
_PSEUDO = re.compile(r"⟦[^⟦⟧]*⟧")
_SKIP_HTML = re.compile(r"<!--.*?-->|<(script|style|pre|code)\b.*?</\1>", re.S | re.I)
KEEP = set(Config().keep_keys)


def _han(text: str) -> int:
    return len(HAN_RE.findall(text))


def _values(data: object, key: str = "") -> int:
    if key in KEEP:
        return 0
    if isinstance(data, str):
        return _han(data)
    if isinstance(data, dict):
        return sum(_values(v, str(k)) for k, v in data.items())
    if isinstance(data, list):
        return sum(_values(v, key) for v in data)
    return 0


def _left_in_english(text: str) -> int:
    """Han characters a reader would see, outside ⟦translated⟧ text and code."""
    while _PSEUDO.search(text):
        text = _PSEUDO.sub("", text)
    body, count = text, 0
    m = re.match(r"(---|\+\+\+)\n(.*?)\n\1\n", text, re.S)
    if m:
        data = yaml.safe_load(m.group(2)) if m.group(1) == "---" else tomllib.loads(m.group(2))
        count += _values(data)
        body = text[m.end() :]
    for tok in _MD.parse(body):
        if tok.type == "html_block":
            count += _han(_SKIP_HTML.sub("", tok.content))
        elif tok.type == "inline":
            for child in tok.children or []:
                if child.type in ("text", "html_inline"):
                    count += _han(_SKIP_HTML.sub("", child.content))
                elif child.type == "image":
                    count += _han(child.content)
    return count


def _corpus_site(tmp_path: Path, settings: str) -> Path:
    root = tmp_path / "site"
    shutil.copytree(CORPUS / "articles" / "cloudwego" / "zh", root / "content" / "zh")
    (root / "l10n.toml").write_text(settings, encoding="utf-8")
    return root


def _pseudo_merge(root: Path) -> int:
    assert invoke_cli(root, "extract")[0] == 0
    for po in sorted((root / "po").rglob("*.po")):
        cat = parse_po(po.read_text(encoding="utf-8"), str(po))
        for e in cat.entries:
            e.msgstr = f"⟦{e.msgid}⟧"
        from l10n.formats.po import generate_po

        po.write_text(generate_po(cat), encoding="utf-8")
    code, out = invoke_cli(root, "merge")
    assert code == 0, out
    english = sorted((root / "content" / "en").rglob("*.md"))
    return sum(_left_in_english(p.read_text(encoding="utf-8")) for p in english)


def test_cloudwego_leftover_is_zero(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    # Defaults, plus the two things this site shows in Chinese: authors and card headers. Two pages
    # name their menu parent in Chinese (`menu.main.parent`), a reference to the Chinese menu's
    # entries that stays as it is: leftover_ignore lists them (4 characters).
    root = _corpus_site(
        tmp_path,
        'extra_keys = ["author"]\nshortcode_params = { card = ["header"] }\n'
        'leftover_ignore = ["社区", "文档"]\n',
    )
    left = _pseudo_merge(root)
    print(f"cloudwego zh: {left} Han characters left outside translated text and code (leftover_ignore)")
    assert left == 4
    code, out = invoke_cli(root, "check", "--only", "leftover")
    assert code == 0, out


def test_cloudwego_leftover_check_sees_what_defaults_miss(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    root = _corpus_site(tmp_path, "")
    left = _pseudo_merge(root)
    code, out = invoke_cli(root, "check", "--only", "leftover", "--format", "json")
    findings = json.loads(out[out.index("{") :])["findings"]
    print(f"cloudwego zh, default settings: {left} Han characters left, {len(findings)} leftover findings")
    # Every character the independent count finds is on a line `check` reports.
    assert left > 0 and code == 1
    assert sum(_han(f["message"].rsplit(": ", 1)[1]) for f in findings) == left
