"""Tests for l10n.lang.sentences: the offline Chinese/English sentence splitter."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.lang.sentences import join_sentences, protected_regions, sentence_spans, split_sentences

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def check_invariants(text: str) -> None:
    spans = sentence_spans(text)
    pos = 0
    for s, e in spans:
        assert pos <= s < e <= len(text)
        assert text[pos:s].strip() == "", (text, spans)
        assert not text[s].isspace() and not text[e - 1].isspace()
        pos = e
    assert text[pos:].strip() == ""
    if text.strip():
        assert spans
    # Reassembly with the gaps gives the text back.
    rebuilt = []
    prev = 0
    for s, e in spans:
        rebuilt.append(text[prev:s])
        rebuilt.append(text[s:e])
        prev = e
    rebuilt.append(text[prev:])
    assert "".join(rebuilt) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "国家统计局周一公布的数据显示，十月份社会消费品零售总额同比增长4.8%。"
            "分析人士认为，消费复苏势头仍在延续！但外需走弱是否会拖累增长？",
            [
                "国家统计局周一公布的数据显示，十月份社会消费品零售总额同比增长4.8%。",
                "分析人士认为，消费复苏势头仍在延续！",
                "但外需走弱是否会拖累增长？",
            ],
        ),
        (
            "发言人表示：“我们将继续推进改革。”随后，记者会结束。",
            ["发言人表示：“我们将继续推进改革。”", "随后，记者会结束。"],
        ),
        (
            "市场普遍预期央行将降息；也有机构持谨慎态度。",
            ["市场普遍预期央行将降息；", "也有机构持谨慎态度。"],
        ),
        ("他沉默了许久……最终点了点头。", ["他沉默了许久……", "最终点了点头。"]),
        ("真的吗！？没人知道。", ["真的吗！？", "没人知道。"]),
        ("关键是“格式是否对齐？”。下一句。", ["关键是“格式是否对齐？”。", "下一句。"]),
        ("《报告》指出（见附表。）下一步如何？", ["《报告》指出（见附表。）", "下一步如何？"]),
        ("引用「这很重要。」之后", ["引用「这很重要。」", "之后"]),
        ("用了英文问号?是的。", ["用了英文问号?", "是的。"]),
        ("  前后有空格。  第二句。 ", ["前后有空格。", "第二句。"]),
    ],
)
def test_chinese_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
    check_invariants(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The index rose 3.5 points. Analysts expected less.",
            ["The index rose 3.5 points.", "Analysts expected less."],
        ),
        ("Version 1.2.3 shipped. It fixes bugs!", ["Version 1.2.3 shipped.", "It fixes bugs!"]),
        (
            "Mr. Wang met Dr. Li in the U.S. Army base. They talked.",
            ["Mr. Wang met Dr. Li in the U.S. Army base.", "They talked."],
        ),
        ("Use a cache, e.g. Redis. Then measure.", ["Use a cache, e.g. Redis.", "Then measure."]),
        ("John F. Kennedy spoke.", ["John F. Kennedy spoke."]),
        ("It works. but lower case continues", ["It works. but lower case continues"]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("Wait... What happened?", ["Wait...", "What happened?"]),
        (
            "See https://example.com/v1.2/a. Then read on.",
            ["See https://example.com/v1.2/a.", "Then read on."],
        ),
        ("What? Really! Yes.", ["What?", "Really!", "Yes."]),
        ("英文后接中文. 这是新句子。", ["英文后接中文.", "这是新句子。"]),
        ("Done. 然后继续。", ["Done.", "然后继续。"]),
        ("1.\n在解码步骤时跳过。然后继续。", ["1.\n在解码步骤时跳过。", "然后继续。"]),
        ("2. Install it. Then run.", ["2. Install it.", "Then run."]),
        ("It grew in 2023. The next year too.", ["It grew in 2023.", "The next year too."]),
    ],
)
def test_english_and_mixed(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
    check_invariants(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("运行 `make test。build` 命令。然后检查。", ["运行 `make test。build` 命令。", "然后检查。"]),
        ("运行 ``a ` b。c`` 即可。好。", ["运行 ``a ` b。c`` 即可。", "好。"]),
        ("参见[官方文档。第二章](https://example.com/a。b)了解详情。好。", None),
        ("图片![示意图。一](img/a.png)如上。好。", None),
        ("参见[文档。说明][ref]。好。", None),
        ("链接<https://example.com/x。y>有效。好。", None),
        ('标签<span title="a。b">文字</span>结束。好。', None),
        ('短代码{{< figure src="a.png" caption="图。一" >}}之后。好。', None),
        ("短代码{{% note %}}之后。好。", None),
        ("见脚注[^1]。好。", ["见脚注[^1]。", "好。"]),
        ("这里有脚注。[^note]下一句。", ["这里有脚注。[^note]", "下一句。"]),
        ("**这一点非常重要。**下一句。", ["**这一点非常重要。**", "下一句。"]),
        ("**第一句。第二句。**第三句。", ["**第一句。第二句。**", "第三句。"]),
        ("*强调。内容*之后。", ["*强调。内容*之后。"]),
        ("<b>加粗。</b>下一句。", ["<b>加粗。</b>", "下一句。"]),
        ("See `x. Y` here. Next.", ["See `x. Y` here.", "Next."]),
        ("See [a. B](u) here. Next.", ["See [a. B](u) here.", "Next."]),
        ("Read https://a.example/x.Y?q=1. Next.", ["Read https://a.example/x.Y?q=1.", "Next."]),
        ("转义\\`不是代码。好。", ["转义\\`不是代码。", "好。"]),
    ],
)
def test_markup_never_split(text: str, expected: list[str] | None) -> None:
    parts = split_sentences(text)
    if expected is not None:
        assert parts == expected
    else:
        assert len(parts) == 2 and parts[1] == "好。", parts
    check_invariants(text)


def test_blank_line_is_a_boundary() -> None:
    assert split_sentences("第一段没有句号\n\n第二段") == ["第一段没有句号", "第二段"]
    # A single line break inside a paragraph is not a boundary by itself.
    assert split_sentences("同一段\n继续") == ["同一段\n继续"]


def test_empty_and_whitespace() -> None:
    assert sentence_spans("") == []
    assert sentence_spans("  \n ") == []
    assert split_sentences("无标点") == ["无标点"]


def test_protected_regions_ignore_markup_inside_code() -> None:
    text = "`[a](b)` and [c](d)"
    regions = protected_regions(text)
    assert (0, 8) in regions and (13, 19) in regions
    assert all(not (s > 0 and e < 8) for s, e in regions if (s, e) != (0, 8))


def test_join_sentences() -> None:
    assert join_sentences(["It rose.", " Analysts agreed. ", ""]) == "It rose. Analysts agreed."
    assert join_sentences(["第一句。", "第二句。"], "zh") == "第一句。第二句。"
    assert join_sentences(["第一句。", "第二句。"], "zh_CN") == "第一句。第二句。"
    assert join_sentences(["A.", "B."], "en-US") == "A. B."
    assert join_sentences([]) == ""


_ALPHABET = st.sampled_from(
    list("中文句子测试。！？；…”’」』）》“「（《 \n\t.!?\"'()[]<>{}%`*_~^#/:abcXYZ019")
    + ["https://e.com/a", "[^1]", "`c。d`", "{{< x >}}", "<b>", "</b>", "](u)", "e.g. ", "U.S. "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_invariants_property(text: str) -> None:
    check_invariants(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join))
def test_no_split_inside_regions_property(text: str) -> None:
    regions = protected_regions(text)
    for _s, e in sentence_spans(text)[:-1]:
        assert not any(rs < e < re_ for rs, re_ in regions), (text, e)


def test_corpus_seed_article() -> None:
    seed = CORPUS / "seed" / "grok4-xai.md"
    if not seed.is_file():
        pytest.skip("shared corpus not present")
    text = seed.read_text(encoding="utf-8")
    # Per paragraph, as the extractor would hand them over.
    for para in text.split("\n\n"):
        check_invariants(para)
        for sent in split_sentences(para):
            # Every Chinese full stop ends a sentence unless it sits inside markup.
            inner = sent.rstrip("”’」』）》)]").rstrip("。！？；…")
            if "。" in inner and not any(ch in sent for ch in "`[<{*_"):
                pytest.fail(f"unsplit full stop in {sent!r}")
