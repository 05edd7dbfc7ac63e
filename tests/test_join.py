"""Joining hard-wrapped lines must not change the Markdown (``document.join_lines``).

The referee is markdown-it-py (CommonMark + GFM strikethrough + linkify + footnotes): the joined
msgid must parse to the same inline tree as the source lines, for every multi-line paragraph of
../shared and for generated lines; and a paragraph the plain join (no space between CJK, one
space between Latin words) already got right must keep that msgid, so its segment ID is stable.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from conftest import CORPUS
from hypothesis import given
from hypothesis import strategies as st

from l10n.document import join_lines, parse_article
from l10n.formats.emphasis import pairing
from l10n.formats.markdown import scan
from l10n.lang.sentences import is_cjk

markdown_it = pytest.importorskip("markdown_it")
pytest.importorskip("linkify_it")
from mdit_py_plugins.footnote import footnote_plugin  # noqa: E402

MD = (
    markdown_it.MarkdownIt("commonmark", {"linkify": True})
    .enable(["table", "strikethrough", "linkify"])
    .use(footnote_plugin)
)


def tree(text: str, env: dict[str, Any] | None = None) -> list[tuple[object, ...]]:
    """The inline tree, blind to whitespace: token types, tags, attributes and text without spaces."""
    out: list[tuple[object, ...]] = []
    buf: list[str] = []

    def flush() -> None:
        joined = "".join(buf)
        if joined:
            out.append(("text", joined))
        buf.clear()

    tokens = MD.parseInline(text, dict(env or {}))[0].children or []
    stack = [iter(tokens)]
    while stack:
        token = next(stack[-1], None)
        if token is None:
            stack.pop()
            continue
        if token.type == "softbreak":
            continue
        if token.type == "text":
            buf.append("".join(token.content.split()))
            continue
        flush()
        attrs = tuple(sorted((k, "".join(str(v).split())) for k, v in token.attrs.items()))
        out.append((token.type, token.tag, attrs, "".join(token.content.split()), token.markup))
        if token.children:
            stack.append(iter(token.children))
    flush()
    return out


def plain_join(parts: Sequence[str]) -> str:
    """The join before markup-aware joins: what segment IDs of unaffected paragraphs derive from."""
    out = ""
    for part in parts:
        if not out:
            out = part
            continue
        stripped = out.rstrip(" \t")
        if out.endswith("\\") or len(out) - len(stripped) >= 2:
            out = out + "\n" + part
            continue
        out = stripped
        if not part:
            continue
        out += part if not out or is_cjk(out[-1]) or is_cjk(part[0]) else " " + part
    return out


def corpus_paragraphs() -> Iterator[tuple[str, list[str], dict[str, Any]]]:
    docs: list[tuple[str, str, bool]] = []
    for path in sorted(CORPUS.rglob("*.md")):
        docs.append((str(path.relative_to(CORPUS)), path.read_text(encoding="utf-8"), True))
    for name in ("commonmark/spec.json", "gfm/spec.json", "gfm/extensions.json", "gfm/regression.json"):
        path = CORPUS / name
        if path.is_file():
            for ex in json.loads(path.read_text(encoding="utf-8")):
                docs.append((f"{name}#{ex['example']}", ex["markdown"], False))
    for name, text, front_matter in docs:
        try:
            article = parse_article(text, name, front_matter=front_matter)
        except Exception:  # noqa: BLE001 -- a broken file has no paragraphs to check
            continue
        env: dict[str, Any] = {}
        MD.parse(article.text[article.body_start :], env)  # reference definitions and footnotes
        for unit in scan(article.text, article.body_start):
            if len(unit.pieces) > 1:
                yield f"{name}:{unit.line}", [article.text[s:e] for s, e in unit.pieces], env


# ----------------------------------------------------------------------------- examples


def test_issue_example_keeps_the_newline() -> None:
    parts = ["**运维扩展时间成本高，不灵活。**", "例如处理不当。"]
    joined = join_lines(parts)
    assert joined == "**运维扩展时间成本高，不灵活。**\n例如处理不当。"
    assert tree(joined) == tree("\n".join(parts))
    assert tree(plain_join(parts)) != tree("\n".join(parts))  # the old join rendered literal **


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["中文**粗体**", "例如"], "中文**粗体**例如"),  # still closes: unchanged msgid
        (["这是", "**「引用」**。"], "这是\n**「引用」**。"),  # would no longer open
        (["*强调*", "*另一个*"], "*强调* *另一个*"),
        (["中文~~删除~~", "例如"], "中文~~删除~~例如"),
        (["参考：https://github.com/samber/do", "参考文献"], "参考：https://github.com/samber/do\n参考文献"),
        (["地址 https://example.com/a。", "更多"], "地址 https://example.com/a。\n更多"),  # a path runs on
        (["地址 https://example.com。", "更多"], "地址 https://example.com。更多"),  # 。 ends a host
        (["参考", "www.example.com 网站"], "参考\nwww.example.com 网站"),
        (["邮件 a@example.com", "联系"], "邮件 a@example.com\n联系"),
        (["[链接](<foo", "bar>)"], "[链接](<foo\nbar>)"),
        (["[链接](https://a.com/x_y)", "和"], "[链接](https://a.com/x_y)和"),  # a destination, not a bare URL
        (["English words", "continue here"], "English words continue here"),
        (["中文", "继续"], "中文继续"),
        (["hard  ", "break"], "hard  \nbreak"),
    ],
)
def test_join_examples(parts: list[str], joined: str) -> None:
    assert join_lines(parts) == joined
    assert tree(joined) == tree("\n".join(parts))


def test_pairing_sees_through_code_links_and_escapes() -> None:
    shape, matches = pairing("`**` \\* [*a*](u_b_) **b**")
    assert shape == (("*", 1), ("*", 1), ("*", 2), ("*", 2))
    assert matches == ((0, 1, 1), (2, 3, 2))


# ----------------------------------------------------------------------------- properties

_TOKENS = st.sampled_from(
    ["中", "文", "。", "，", "「", "」", "（", "）", "a", "word", " ", "**", "*", "***", "_", "__", "~~", "~",
     "`", "`x`", "[", "](u)", "(", ")", "\\", "\\*", "✅", "!", "1", ".", ":"]
)  # fmt: skip
_LINE = st.lists(_TOKENS, min_size=1, max_size=10).map(lambda t: "".join(t).strip()).filter(bool)


@given(st.lists(_LINE, min_size=2, max_size=4))
def test_generated_lines_parse_alike(lines: list[str]) -> None:
    assert tree(join_lines(lines)) == tree("\n".join(lines))


def test_every_corpus_paragraph_parses_alike() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    differ = []
    changed_ids = []
    total = 0
    for where, parts, env in corpus_paragraphs():
        total += 1
        source = tree("\n".join(parts), env)
        joined = join_lines(parts)
        if tree(joined, env) != source:
            differ.append(where)
        old = plain_join(parts)
        if joined != old and tree(old, env) == source:
            changed_ids.append(where)  # a paragraph that was fine must keep its msgid
    assert total > 1000
    assert differ == []
    assert changed_ids == []
