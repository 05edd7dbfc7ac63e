"""The inline tokenizer: token kinds and fields, invariants on every spec example, and its consumers."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS
from hypothesis import given
from hypothesis import strategies as st

from l10n.formats.inline import TokenKind, regions, strip, tokenize, urls
from l10n.lang.numbers import compare_numbers
from l10n.lang.sentences import protected_regions, sentence_spans
from l10n.mt.placeholders import protect, restore


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind.value, t.text) for t in tokenize(text)]


def test_each_kind() -> None:
    text = (
        r"\* `a` `` ` `` {{< fig src=\"x\" >}} <https://a.b> <b>x</b> <!-- c --> [^1] "
        "[t](/u \"T\") ![i](/p.png) [s] https://e.com/x. $$x^2$$"
    )
    got = kinds(text)
    assert ("escape", "\\*") in got
    assert ("code", "`a`") in got and ("code", "`` ` ``") in got
    assert ("shortcode", '{{< fig src=\\"x\\" >}}') in got
    assert ("autolink", "<https://a.b>") in got
    assert ("html", "<b>") in got and ("html", "</b>") in got and ("html", "<!-- c -->") in got
    assert ("footnote", "[^1]") in got
    assert ("link-open", "[") in got and ("link-close", '](/u "T")') in got
    assert ("link-open", "![") in got and ("link-close", "](/p.png)") in got
    assert ("bracket-open", "[") in got and ("bracket-close", "]") in got
    assert ("url", "https://e.com/x") in got  # the final period is the sentence's
    assert ("math", "$$x^2$$") in got


def test_fields() -> None:
    toks = tokenize('[a](<b c> "t") ![x](y.png) {{% /alert %}} <br/> </i> <img src="a.png">')
    opens = [t for t in toks if t.kind is TokenKind.LINK_OPEN]
    closes = [t for t in toks if t.kind is TokenKind.LINK_CLOSE]
    assert [(t.target, t.image) for t in opens] == [("b c", False), ("y.png", True)]
    assert [t.pair for t in opens] == [t.pair for t in closes]
    sc = next(t for t in toks if t.kind is TokenKind.SHORTCODE)
    assert sc.name == "/alert"
    roles = [(t.name, t.role) for t in toks if t.kind is TokenKind.HTML]
    assert roles == [("br", "void"), ("i", "close"), ("img", "void")]


def test_link_text_is_tokenized_and_bounded() -> None:
    # Tokens inside link text never run past it: the URL stops at "]" and the link still closes.
    toks = kinds("[https://a.com](https://a.com) and [`x`](y)")
    assert toks[:3] == [("link-open", "["), ("url", "https://a.com"), ("link-close", "](https://a.com)")]
    assert ("code", "`x`") in toks


def test_urls_stop_at_chinese() -> None:
    assert kinds("访问https://a.b/c获取，或www.x.org。") == [("url", "https://a.b/c"), ("url", "www.x.org")]
    assert urls('<a href="https://a.b/c?d=1">') == ["https://a.b/c?d=1"]


def test_brackets_do_not_cross_blank_lines_or_code() -> None:
    assert not [t for t in tokenize("[a\n\nb](c)") if t.kind is TokenKind.LINK_OPEN]
    assert kinds("`[x](y)`") == [("code", "`[x](y)`")]


def test_strip_and_regions() -> None:
    assert strip("用 `代码` 和 https://x.cn/中", (TokenKind.CODE, TokenKind.URL)) == "用   和  中"
    text = "见[链接](https://a.b)与**重点**。"
    assert regions(text) == [(1, 18), (19, 25)]
    assert protected_regions(text) == regions(text)


def _check_invariants(text: str) -> None:
    toks = tokenize(text)
    pos = 0
    for t in toks:
        assert pos <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        pos = t.end
    opened = {t.pair for t in toks if t.kind is TokenKind.LINK_OPEN}
    closed = {t.pair for t in toks if t.kind is TokenKind.LINK_CLOSE}
    assert closed <= opened


@given(st.text(alphabet="ab中。 \n\\`*_[]()!<>{}%/:hftpsw.$^#", max_size=60))
def test_invariants_on_random_text(text: str) -> None:
    _check_invariants(text)


def _spec_examples() -> list[str]:
    if not CORPUS.is_dir():
        return []
    out = [e["markdown"] for e in json.loads((CORPUS / "commonmark/spec.json").read_text(encoding="utf-8"))]
    for p in sorted((CORPUS / "gfm").glob("*.json")):
        out += [e["markdown"] for e in json.loads(p.read_text(encoding="utf-8"))]
    return out


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_invariants_on_every_spec_example() -> None:
    examples = _spec_examples()
    assert len(examples) > 1000
    for text in examples:
        _check_invariants(text)


def test_consumers_agree_on_markup() -> None:
    # The splitter, MT placeholders and the numbers check all see the same code span and URL.
    text = "运行 `v1.2` 后访问 https://a.b/3。共有 3 个节点。"
    assert len(sentence_spans(text)) == 2
    prot = protect(text)
    assert "`v1.2`" not in prot.text and "https://a.b/3" not in prot.text
    assert restore(prot.text, prot)[0] == text
    assert compare_numbers(text, "Run `v1.2`, then visit https://a.b/3. There are 3 nodes.") == []
