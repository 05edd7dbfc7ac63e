"""Tests for l10n.glossary: TSV/TBX parsing, matching, hints, checks and suggestions."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.glossary import (
    HINT_PREFIX,
    Candidate,
    Glossary,
    Term,
    generate_tbx,
    generate_tsv,
    merge_terms,
    normalize,
    parse_file,
    parse_tbx,
    parse_tsv,
    suggest,
    suggestions_tsv,
)
from l10n.model import ParseError

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

DNT = frozenset({"do-not-translate"})
FORB = frozenset({"forbidden"})
CS = frozenset({"case-sensitive"})


def t(source: str, target: str = "", note: str = "", flags: frozenset[str] = frozenset()) -> Term:
    return Term(source, target or source, note, flags)


@pytest.fixture(scope="module")
def g() -> Glossary:
    return Glossary(
        [
            t("马斯克", "Musk", "surname"),
            t("埃隆·马斯克", "Elon Musk"),
            t("xAI", flags=DNT),
            t("Grok 4", flags=DNT),
            t("Grok", flags=DNT),
            t("NVIDIA", flags=DNT),
            t("英伟达", "NVIDIA"),
            t("算力", "computing power"),
            t("算力", "calculation power", "literal", FORB),
            t("第一性原理", "first principles"),
            t("公司", "company"),
            t("GPU", "GPU"),
            t("匹配", "match"),
            t("AMD", flags=DNT | CS),
            t("人工智能", "AI"),
            t("通用人工智能", "artificial general intelligence"),
            t("ABC", "ABC"),
        ]
    )


def spans(g: Glossary, text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.term.target) for m in g.find(text)]


# ---------------------------------------------------------------------------------------------
# Matching


def test_longest_match_wins(g: Glossary) -> None:
    assert spans(g, "埃隆·马斯克说，马斯克") == [("埃隆·马斯克", "Elon Musk"), ("马斯克", "Musk")]
    assert spans(g, "通用人工智能与人工智能") == [
        ("通用人工智能", "artificial general intelligence"),
        ("人工智能", "AI"),
    ]


def test_offsets_point_into_original_text(g: Glossary) -> None:
    text = "据报道，ＸＡＩ公司的算力"
    ms = g.find(text)
    assert [(m.start, m.end) for m in ms] == [(4, 7), (7, 9), (10, 12)]
    assert [text[m.start : m.end] for m in ms] == ["ＸＡＩ", "公司", "算力"]


def test_overlaps_resolve_leftmost_longest() -> None:
    gl = Glossary([t("甲乙", "x"), t("乙丙丁", "y"), t("甲乙丙", "z"), t("丙丁戊", "w")])
    # Candidates: 甲乙@0, 甲乙丙@0, 乙丙丁@1, 丙丁戊@2; leftmost-longest takes 甲乙丙, then none overlap it.
    assert spans(gl, "甲乙丙丁戊") == [("甲乙丙", "z")]
    # Latin terms glued to each other are not on word boundaries at all.
    assert Glossary([t("AB", "x"), t("ABC", "z")]).find("ABCD") == []
    gl2 = Glossary([t("甲乙", "ab"), t("乙丙丁", "bcd")])
    # Leftmost wins over longest: 甲乙 starts first, so the longer 乙丙丁 is not taken.
    assert spans(gl2, "甲乙丙丁") == [("甲乙", "ab")]
    assert spans(gl2, "乙丙丁甲乙") == [("乙丙丁", "bcd"), ("甲乙", "ab")]


def test_width_variants_match(g: Glossary) -> None:
    assert spans(g, "ＡＢＣ和ABC") == [("ＡＢＣ", "ABC"), ("ABC", "ABC")]
    gl = Glossary([t("Grok 4", flags=DNT), t("H100", "H100")])
    assert spans(gl, "Ｇｒｏｋ\u3000４与Ｈ１００") == [("Ｇｒｏｋ\u3000４", "Grok 4"), ("Ｈ１００", "H100")]
    # A soft line break inside a paragraph still matches a two-word term.
    assert spans(gl, "Grok\n4") == [("Grok\n4", "Grok 4")]


@pytest.mark.parametrize("dot", ["·", "・", "•", "‧", "･"])
def test_middle_dot_variants_match(g: Glossary, dot: str) -> None:
    text = f"埃隆{dot}马斯克"
    assert spans(g, text) == [(text, "Elon Musk")]


def test_middle_dot_variant_in_term() -> None:
    gl = Glossary([t("萨姆・奥特曼", "Sam Altman")])
    assert spans(gl, "萨姆·奥特曼") == [("萨姆·奥特曼", "Sam Altman")]


def test_latin_case_insensitive_by_default(g: Glossary) -> None:
    assert spans(g, "XAI、xai、Xai") == [("XAI", "xAI"), ("xai", "xAI"), ("Xai", "xAI")]
    assert spans(g, "nvidia和Nvidia") == [("nvidia", "NVIDIA"), ("Nvidia", "NVIDIA")]


def test_latin_case_sensitive_flag(g: Glossary) -> None:
    assert spans(g, "AMD与amd与Amd") == [("AMD", "AMD")]


def test_latin_word_boundaries(g: Glossary) -> None:
    assert g.find("xAIs") == []
    assert g.find("taxAIm") == []
    assert g.find("the xAI_bot") == []
    assert spans(g, "xAI's model") == [("xAI", "xAI")]
    assert spans(g, "(xAI)") == [("xAI", "xAI")]
    assert spans(g, "GPUs") == []
    # "Grok 4" must not match inside "Grok 40" or "Grok 4.5"; plain "Grok" then matches instead.
    assert spans(g, "Grok 40") == [("Grok", "Grok")]
    assert spans(g, "Grok 4.5") == [("Grok", "Grok")]
    assert spans(g, "Grok 4。") == [("Grok 4", "Grok 4")]


def test_latin_next_to_chinese_is_a_boundary(g: Glossary) -> None:
    assert spans(g, "xAI公司") == [("xAI", "xAI"), ("公司", "company")]
    assert spans(g, "由xAI发布的Grok 4模型") == [("xAI", "xAI"), ("Grok 4", "Grok 4")]
    assert spans(g, "英伟达GPU") == [("英伟达", "NVIDIA"), ("GPU", "GPU")]


def test_chinese_terms_match_anywhere(g: Glossary) -> None:
    # No word boundaries in Chinese: a term inside a longer word still matches.
    assert spans(g, "大算力集群") == [("算力", "computing power")]


def test_forbidden_alternative_travels_with_match(g: Glossary) -> None:
    (m,) = g.find("算力")
    assert m.term.target == "computing power"
    assert [x.target for x in m.also] == ["calculation power"]
    assert [x.target for x in m.terms] == ["computing power", "calculation power"]


def _reference_find(sources: list[str], text: str) -> list[tuple[int, int]]:
    """Naive leftmost-longest over normalised strings (Han-only alphabet: no boundary rules)."""
    keys = {normalize(s) for s in sources}
    folded = normalize(text)
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(folded):
        best = max((len(k) for k in keys if folded.startswith(k, i)), default=0)
        if best:
            out.append((i, i + best))
            i += best
        else:
            i += 1
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text("甲乙丙·", min_size=1, max_size=4), min_size=1, max_size=8),
    st.text("甲乙丙·・•丁", max_size=40),
)
def test_find_agrees_with_naive_leftmost_longest(sources: list[str], text: str) -> None:
    gl = Glossary([Term(s, f"t{i}") for i, s in enumerate(dict.fromkeys(normalize(s) for s in sources))])
    found = gl.find(text)
    assert [(m.start, m.end) for m in found] == _reference_find(sources, text)
    for m in found:
        assert normalize(text[m.start : m.end]) == normalize(m.term.source)


def test_empty_glossary_and_text() -> None:
    assert Glossary([]).find("任何文本") == []
    assert Glossary([t("马斯克", "Musk")]).find("") == []


def test_normalize_keeps_length() -> None:
    s = "ＡＢＣ\u3000İstanbul・埃隆\u00b7x\t１２"
    assert len(normalize(s)) == len(s)
    assert normalize("ＡＢＣ・") == "abc\u00b7"
    assert normalize("ＡＢＣ", casefold=False) == "ABC"


def test_contains(g: Glossary) -> None:
    assert "马斯克" in g
    assert "XAI" in g
    assert "特斯拉" not in g


# ---------------------------------------------------------------------------------------------
# Hints


def test_hints_format(g: Glossary) -> None:
    hints = g.hints("埃隆·马斯克的xAI公司用算力训练，马斯克说xAI很强")
    assert hints == [
        "glossary: 埃隆·马斯克 → Elon Musk",
        "glossary: xAI → xAI (do not translate)",
        "glossary: 公司 → company",
        "glossary: 算力 → computing power",
        "glossary: 算力 ≠ calculation power (forbidden) (literal)",
        "glossary: 马斯克 → Musk (surname)",
    ]
    assert all(h.startswith(HINT_PREFIX) for h in hints)
    assert g.hints("没有术语") == []


def test_hint_note_is_one_line() -> None:
    gl = Glossary([t("马斯克", "Musk", "line one\nline two")])
    assert gl.hints("马斯克") == ["glossary: 马斯克 → Musk (line one line two)"]


# ---------------------------------------------------------------------------------------------
# Check


def kinds(g: Glossary, source: str, target: str) -> list[tuple[str, str]]:
    return [(v.kind, v.expected) for v in g.check(source, target)]


def test_check_passes_with_inflection_and_case(g: Glossary) -> None:
    assert kinds(g, "第一性原理", "He reasons from first principles.") == []
    assert kinds(g, "第一性原理", "a First Principle approach") == []
    assert kinds(g, "第一性原理", "first-principles thinking") == []
    assert kinds(g, "公司", "Both companies agreed.") == []
    assert kinds(g, "公司", "The Company said") == []
    assert kinds(g, "匹配", "it matches") == []
    assert kinds(g, "二十万块GPU", "200,000 GPUs") == []
    assert kinds(g, "马斯克", "Musk's plan") == []
    assert kinds(g, "算力", "more computing\npower") == []


def test_check_missing(g: Glossary) -> None:
    vs = g.check("马斯克表示", "Elon said")
    assert [(v.kind, v.expected) for v in vs] == [("missing", "Musk")]
    assert "马斯克" in vs[0].message and "Musk" in vs[0].message
    # Word boundaries: "Musk" inside another word is not the term.
    assert kinds(g, "马斯克", "Muskrat") == [("missing", "Musk")]
    assert kinds(g, "公司", "accompany") == [("missing", "company")]


def test_check_forbidden(g: Glossary) -> None:
    vs = g.check("算力", "Calculation Power and computing power")
    assert [(v.kind, v.expected) for v in vs] == [("forbidden", "calculation power")]
    assert "calculation power" in vs[0].message and "computing power" in vs[0].message
    assert kinds(g, "算力", "calculation powerful") == [("missing", "computing power")]
    # The forbidden rule applies only when its source term is in the source.
    assert kinds(g, "马斯克", "Musk used calculation power") == []


def test_check_do_not_translate(g: Glossary) -> None:
    assert kinds(g, "xAI公司", "xAI, the company") == []
    assert kinds(g, "xAI公司", "XAI, the company") == []  # not case-sensitive
    assert kinds(g, "xAI公司", "the X company") == [("do-not-translate", "xAI")]
    assert kinds(g, "AMD", "amd chips") == [("do-not-translate", "AMD")]
    assert kinds(g, "AMD", "AMD chips") == []
    assert kinds(g, "Grok 4发布", "Grok 4 launches") == []
    assert kinds(g, "Grok 4发布", "Grok-4 launches") == [("do-not-translate", "Grok 4")]
    msg = g.check("xAI", "the company")[0].message
    assert "xAI" in msg and "do not translate" in msg


def test_check_empty_target_has_no_findings(g: Glossary) -> None:
    assert g.check("马斯克的xAI用算力", "") == []
    assert g.check("马斯克的xAI用算力", "   ") == []


def test_check_reports_each_term_once(g: Glossary) -> None:
    assert kinds(g, "马斯克和马斯克", "he and he") == [("missing", "Musk")]


# ---------------------------------------------------------------------------------------------
# TSV

HEADER = "source\ttarget\tnote\tflags\n"


def test_parse_tsv_basic() -> None:
    text = (
        "\ufeff# a comment\n\n"
        + HEADER
        + "马斯克\tMusk\tsurname\n"
        + "  # indented comment\n"
        + "xAI\t\tcompany\tdo-not-translate\n"
        + "算力\tcalculation power\t\tforbidden, case-sensitive\n"
        + "英伟达\tNVIDIA\r\n"
    )
    terms = parse_tsv(text, "g.tsv")
    assert terms == [
        Term("马斯克", "Musk", "surname"),
        Term("xAI", "xAI", "company", DNT),
        Term("算力", "calculation power", "", frozenset({"forbidden", "case-sensitive"})),
        Term("英伟达", "NVIDIA"),
    ]
    assert [x.line for x in terms] == [4, 6, 7, 8]
    assert terms[0].path == "g.tsv"


def test_parse_tsv_two_column_header() -> None:
    assert parse_tsv("source\ttarget\n马斯克\tMusk\n", "g.tsv") == [Term("马斯克", "Musk")]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("src\ttgt\tnote\n马斯克\tMusk\n", 1, "header"),
        ("# only a comment\n\n", 1, "missing header"),
        ("source\ttarget\tflags\tnote\n", 1, "header"),
        ("source\ttarget\tnote\n\n马斯克\tMusk\n\tMissing\n", 4, "empty source"),
        ("source\ttarget\tnote\n马斯克\t\tnote\n", 2, "empty target"),
        ("source\ttarget\tnote\n马斯克\tMusk\tnote\textra\n", 2, "columns"),
        ("source\ttarget\tnote\n马斯克 Musk\n", 2, "columns"),
        (HEADER + "马斯克\tMusk\t\tshouting\n", 2, "unknown flag"),
        (HEADER + "xAI\tX AI\t\tdo-not-translate\n", 2, "do-not-translate"),
        (HEADER + "算力\t\t\tforbidden\n", 2, "empty target"),
        (HEADER + "算力\tcalc\t\tforbidden,do-not-translate\n", 2, "exclude"),
    ],
)
def test_parse_tsv_errors(text: str, line: int, fragment: str) -> None:
    with pytest.raises(ParseError) as e:
        parse_tsv(text, "glossary/bad.tsv")
    assert e.value.path == "glossary/bad.tsv"
    assert e.value.line == line
    assert fragment in e.value.message
    assert str(e.value).startswith(f"glossary/bad.tsv:{line}: ")


def test_merge_conflict_names_both_files() -> None:
    a = parse_tsv("source\ttarget\tnote\n\n马斯克\tMusk\n", "glossary/a.tsv")
    b = parse_tsv("source\ttarget\tnote\n# x\n英伟达\tNVIDIA\n马斯克\tMask\n", "glossary/b.tsv")
    with pytest.raises(ParseError) as e:
        merge_terms([a, b])
    assert (e.value.path, e.value.line) == ("glossary/b.tsv", 4)
    assert "glossary/a.tsv:3" in e.value.message and "glossary/b.tsv:4" in e.value.message
    assert "Musk" in e.value.message and "Mask" in e.value.message


def test_merge_repeats_and_forbidden_alternatives() -> None:
    a = parse_tsv("source\ttarget\n马斯克\tMusk\n算力\tcomputing power\n", "a.tsv")
    b = parse_tsv(HEADER + "马斯克\tMusk\tdup\n算力\tcalculation power\t\tforbidden\n", "b.tsv")
    merged = merge_terms([a, b])
    assert [(x.source, x.target, x.forbidden) for x in merged] == [
        ("马斯克", "Musk", False),
        ("算力", "computing power", False),
        ("算力", "calculation power", True),
    ]
    assert merged[0].path == "a.tsv"
    # Width/case variants of one source are the same source.
    c = parse_tsv("source\ttarget\nＸＡＩ\tX company\n", "c.tsv")
    d = parse_tsv(HEADER + "xai\t\t\tdo-not-translate\n", "d.tsv")
    with pytest.raises(ParseError, match="conflicting targets"):
        merge_terms([c, d])


def test_merge_pinned_and_forbidden_same_target() -> None:
    a = parse_tsv("source\ttarget\n算力\tcomputing power\n", "a.tsv")
    b = parse_tsv(HEADER + "算力\tComputing Power\t\tforbidden\n", "b.tsv")
    with pytest.raises(ParseError, match="both pinned and forbidden") as e:
        merge_terms([a, b])
    assert "a.tsv:2" in e.value.message and "b.tsv:2" in e.value.message


def test_glossary_from_files_and_conflict_in_one_file() -> None:
    gl = Glossary.from_files([("a.tsv", "source\ttarget\n马斯克\tMusk\n"), ("b.tsv", HEADER)])
    assert len(gl) == 1
    with pytest.raises(ParseError) as e:
        Glossary.from_files([("a.tsv", "source\ttarget\n马斯克\tMusk\n马斯克\tMask\n")])
    assert (e.value.path, e.value.line) == ("a.tsv", 3)


def test_generate_tsv_round_trip() -> None:
    terms = [
        Term("马斯克", "Musk", "surname"),
        Term("xAI", "xAI", "", DNT | CS),
        Term("算力", "calculation power", "tab\there", FORB),
    ]
    text = generate_tsv(terms)
    assert text.splitlines()[0] == "source\ttarget\tnote\tflags"
    assert "case-sensitive,do-not-translate" in text
    back = parse_tsv(text, "x.tsv")
    assert back[:2] == terms[:2]
    assert back[2].note == "tab here"
    assert generate_tsv([Term("马斯克", "Musk")]) == "source\ttarget\tnote\n马斯克\tMusk\t\n"


def test_sample_glossary_parses() -> None:
    path = REPO / "glossary" / "terms.tsv"
    text = path.read_text(encoding="utf-8-sig")
    terms = parse_tsv(text, "glossary/terms.tsv")
    assert 20 <= len(terms) <= 40
    gl = Glossary(terms)
    assert len(gl) == len(terms)  # no repeats, no conflicts
    by_source = {x.source: x for x in terms if not x.forbidden}
    assert by_source["第一性原理"].target == "first principles"
    assert by_source["埃隆·马斯克"].target == "Elon Musk"
    assert by_source["xAI"].do_not_translate and by_source["Grok 4"].do_not_translate
    assert any(x.forbidden for x in terms)
    assert all(x.note for x in terms if x.do_not_translate)
    sentence = "埃隆・马斯克的xAI公司完成百亿美元融资，用于在孟菲斯扩充算力，Grok 4即将发布。"
    found = [sentence[m.start : m.end] for m in gl.find(sentence)]
    assert found == ["埃隆・马斯克", "xAI", "百亿美元", "孟菲斯", "算力", "Grok 4"]
    assert gl.check(sentence, "") == []


# ---------------------------------------------------------------------------------------------
# TBX


def test_tbx_round_trip() -> None:
    terms = [
        Term("马斯克", "Musk", "surname; later mentions"),
        Term("xAI", "xAI", "company <name> & co", DNT),
        Term("AMD", "AMD", "", DNT | CS),
        Term("算力", "computing power", "one per article"),
        Term("算力", "calculation power", "literal", FORB),
        Term("算力", "compute power", "", FORB | CS),
        Term("第一性原理", "first principles"),
    ]
    text = generate_tbx(terms)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic"')
    assert "deprecatedTerm-admn-sts" in text
    back = parse_tbx(text, "g.tbx")
    assert back == terms
    assert all(x.path == "g.tbx#t" + str(i) for i, x in zip([1, 2, 3, 4, 4, 4, 5], back, strict=True))
    assert generate_tbx(back) == text
    assert parse_file(text, "G.TBX") == terms


def test_tbx_v3_and_third_party_shapes() -> None:
    text = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Core" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <descrip type="definition">CEO of Tesla</descrip>
      <langSec xml:lang="zh-CN"><termSec><term>马斯克</term></termSec></langSec>
      <langSec xml:lang="en-US">
        <termSec><term>Mr Musk</term>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>Musk</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          <note>surname</note></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="ja"><termSec><term>計算</term></termSec></langSec>
      <langSec xml:lang="en"><termSec><term>compute</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>"""
    assert parse_tbx(text, "v3.tbx") == [Term("马斯克", "Musk", "CEO of Tesla; surname")]
    v2 = """<martif type="TBX" xml:lang="en"><text><body>
      <termEntry><langSet xml:lang="zh"><ntig><termGrp><term>算力</term></termGrp></ntig></langSet>
      <langSet xml:lang="en"><ntig><termGrp><term>calculation power</term>
        <termNote type="normativeAuthorization">deprecatedTerm</termNote></termGrp></ntig></langSet>
      </termEntry></body></text></martif>"""
    assert parse_tbx(v2, "v2.tbx") == [Term("算力", "calculation power", "", FORB)]


def test_tbx_with_doctype_is_rejected() -> None:
    text = """<?xml version="1.0"?>
<!DOCTYPE martif [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<martif type="TBX-Basic"><text><body/></text></martif>"""
    with pytest.raises(ParseError) as e:
        parse_tbx(text, "evil.tbx")
    assert (e.value.path, e.value.line) == ("evil.tbx", 2)
    assert "DOCTYPE" in e.value.message


def test_tbx_errors() -> None:
    with pytest.raises(ParseError) as e:
        parse_tbx("<martif>\n<text>\n</martif>", "bad.tbx")
    assert e.value.line == 3
    with pytest.raises(ParseError, match="not a TBX"):
        parse_tbx("<html/>", "x.tbx")


# ---------------------------------------------------------------------------------------------
# Suggest

DOC_A = """---
title: 云原生微服务框架Kitex性能优化
tags:
  - Kitex
  - 微服务
---

# 微服务框架的演进

微服务框架Kitex在字节跳动内部广泛使用。服务治理是微服务框架的核心能力。
访问 https://example.com/服务网格/docs 了解更多，或看 [文档](https://example.com/a/b/c)。

```go
// 代码块中的服务网格不应被统计
client := kitex.NewClient("服务网格服务网格")
```

使用 `服务网格` 这个词的行内代码不算。<span class="服务网格">标签</span>也不算。
"""

DOC_B = """+++
title = "服务治理实践"
+++

服务治理依赖微服务框架。Kitex 与 Hertz 都支持服务治理，Kitex的RPC性能很好。
马斯克与服务治理无关。the RPC and the RPC of Kitex.
"""

DOC_C = """---
title: 另一篇
---

Hertz 是HTTP框架。微服务框架需要服务治理。10ms 的延迟，2023 年。
"""


def test_suggest_synthetic_docs() -> None:
    gl = Glossary([t("马斯克", "Musk"), t("Hertz", flags=DNT)])
    cands = suggest([("a.md", DOC_A), ("b.md", DOC_B), ("c.md", DOC_C)], gl, limit=20)
    by_term = {c.term: c for c in cands}
    assert by_term["微服务框架"].count == 6 and by_term["微服务框架"].docs == 3
    assert by_term["服务治理"].docs == 3
    assert by_term["Kitex"].count == 6 and by_term["Kitex"].docs == 2
    assert "RPC" in by_term
    # Maximal n-grams only: sub-grams with the same count as 微服务框架 are gone; 微服务 also
    # occurs alone (as a tag) and stays.
    assert "服务框架" not in by_term and "务框架" not in by_term
    assert by_term["微服务"].count == 7
    # Code, inline code, URLs, HTML and front-matter keys are not counted.
    assert "服务网格" not in by_term
    assert not {"title", "tags", "go", "kitex.NewClient", "example.com", "span", "class"} & set(by_term)
    # Known glossary terms, common English, numbers and units are not suggested.
    assert not {"Hertz", "马斯克", "the", "2023", "10ms"} & set(by_term)
    for c in cands:
        assert c.count >= 2 and 1 <= c.docs <= c.count
        assert c.term[0] not in "的了是在和与及等也都而或这那一个为以对将从被把其之中上下"
        assert c.term.lower() in c.example.lower()
    scores = [c.docs * c.count for c in cands]
    assert scores == sorted(scores, reverse=True)
    assert {c.term for c in cands[:5]} == {"服务", "微服务", "框架", "微服务框架", "服务治理"}
    assert by_term["RPC"].count == 3 and "RPC" in by_term["RPC"].example  # examples show the text as written
    assert suggest([("a.md", DOC_A)], gl, limit=0) == []


def test_suggestions_tsv() -> None:
    text = suggestions_tsv(
        [Candidate("服务治理", 5, 3, "…实践。服务治理依赖\t微服务…"), Candidate("Kitex", 4, 2, "")]
    )
    assert text == "source\ttarget\tnote\n服务治理\t\t…实践。服务治理依赖 微服务…\nKitex\t\t\n"


def test_suggest_on_cloudwego_corpus() -> None:
    root = CORPUS / "articles" / "cloudwego" / "zh"
    if not root.is_dir():
        pytest.skip("shared corpus not available")
    docs = [(str(p.relative_to(root)), p.read_text(encoding="utf-8")) for p in sorted(root.rglob("*.md"))]
    started = time.perf_counter()
    cands = suggest(docs, Glossary([]), limit=50)
    elapsed = time.perf_counter() - started
    print(f"\nsuggest over {len(docs)} docs: {elapsed:.2f} s; top 20:")
    for c in cands[:20]:
        print(f"  {c.term}\tcount={c.count}\tdocs={c.docs}\t{c.example}")
    assert 20 <= len(cands) <= 50
    assert len({c.term for c in cands}) == len(cands)
    scores = [c.docs * c.count for c in cands]
    assert scores == sorted(scores, reverse=True)
    for c in cands:
        assert c.count >= 2 and 1 <= c.docs <= min(c.count, len(docs))
        assert c.example and c.term.lower() in c.example.lower()
    assert any(c.term.isascii() for c in cands) and any(not c.term.isascii() for c in cands)


# ---------------------------------------------------------------------------------------------
# Micro benchmark (prints numbers, asserts only correctness)


def _han(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(n))


def test_benchmark_5000_terms_over_1mb() -> None:
    rng = random.Random(7)
    terms = {_han(rng, rng.randint(2, 6)) for _ in range(4000)}
    latin = {f"Term{i}x" for i in range(1000)}
    gl = Glossary([Term(s, f"t{i}") for i, s in enumerate(sorted(terms | latin))])
    pieces: list[str] = []
    size = 0
    pool = sorted(terms | latin)
    while size < 1_000_000:
        piece = rng.choice(pool) if rng.random() < 0.1 else _han(rng, 20) + "，"
        pieces.append(piece)
        size += len(piece)
    text = "".join(pieces)
    started = time.perf_counter()
    found = gl.find(text)
    elapsed = time.perf_counter() - started
    print(f"\nfind: {len(gl)} terms over {len(text):,} chars: {elapsed:.2f} s, {len(found):,} matches")
    assert len(found) >= sum(1 for p in pieces if p in terms or p in latin) // 2
    assert all(found[i].end <= found[i + 1].start for i in range(len(found) - 1))
