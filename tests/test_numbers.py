"""Chinese numbers, dates and punctuation in English drafts; the number-consistency check."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.lang.numbers import (
    compare_numbers,
    format_quantity,
    normalize_draft,
    parse_chinese_number,
    punctuation_to_english,
    source_numbers,
    target_numbers,
    to_english,
)

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def D(*values: int | str) -> list[Decimal]:
    return [Decimal(v) for v in values]


# ---------------------------------------------------------------------------------------------
# to_english


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("1130亿美元", "$113 billion"),
        ("20万块GPU", "200,000 GPUs"),
        ("100万", "1 million"),
        ("3.5亿", "350 million"),
        ("百亿美元", "$10 billion"),
        ("50亿美元", "$5 billion"),
        ("974亿美元", "$97.4 billion"),
        ("615亿美元", "$61.5 billion"),
        ("25亿美元", "$2.5 billion"),
        ("170亿美元", "$17 billion"),
        ("3000亿美元", "$300 billion"),
        ("800亿美元", "$80 billion"),
        ("330亿美元", "$33 billion"),
        ("1万", "10,000"),
        ("1.2万", "12,000"),
        ("两千", "2,000"),
        ("三百五十", "350"),
        ("十二", "12"),
        ("12亿元", "1.2 billion yuan"),
        ("12亿人民币", "1.2 billion yuan"),
        ("人民币12亿元", "1.2 billion yuan"),
        ("5亿元人民币", "500 million yuan"),
        ("百分之三十", "30%"),
        ("百分之3.5", "3.5%"),
        ("百分之八十五点五", "85.5%"),
        ("三十%", "30%"),
        ("30个百分点", "30 percentage points"),
        ("2025/7/3", "July 3, 2025"),
        ("2025年7月3日", "July 3, 2025"),
        ("2025 年 7 月 3 日", "July 3, 2025"),
        ("二〇二五年七月三日", "July 3, 2025"),
        ("2025年7月", "July 2025"),
        ("7月3日", "July 3"),
        ("2月29日", "February 29"),
        ("今年5月", "May this year"),
        ("去年3月", "March last year"),
        ("1至3月", "January to March"),
        ("2025年", "2025"),
        ("2025年底", "late 2025"),
        ("2025年初", "early 2025"),
        ("2025年初创企业", "2025初创企业"),  # 初创: a start-up, not early in the year
        ("2024-2025年", "2024-2025"),
        ("1990年代", "1990s"),
        ("约170亿美元", "about $17 billion"),
        ("大约5亿美元", "about $500 million"),
        ("5亿美元左右", "about $500 million"),
        ("超过2000亿美元", "more than $200 billion"),
        ("100多万", "more than 1 million"),
        ("10-20亿美元", "$1-2 billion"),
        ("3到5万", "30,000 to 50,000"),
        ("三万五", "35,000"),
        ("一亿五", "150 million"),
        ("3万零5", "30,005"),
        ("1234亿5678万9012", "123,456,789,012"),
        ("4万亿美元", "$4 trillion"),
        ("5000万", "50 million"),
        ("3千万", "30 million"),
        ("560万美元", "$5.6 million"),
        ("10亿欧元", "€1 billion"),
        ("50美元", "$50"),
        ("100万块H100 GPU", "1 million H100 GPUs"),
        ("1块GPU", "1 GPU"),
        ("3家startup", "3 startups"),
        ("有 3 个 GPU", "有 3 GPUs"),
        ("1万个 QPS", "10,000 QPS"),
        ("2 个 tool call", "2 tool calls"),
        ("2 个 tool call results", "2 tool call results"),
        ("3家 state funds", "3 state funds"),
        ("xAI约170亿美元的", "xAI about $17 billion的"),
        ("raised 1130亿美元in", "raised $113 billion in"),  # digits glued after a letter are a name
    ],
)
def test_to_english(zh: str, en: str) -> None:
    assert to_english(zh) == en


@pytest.mark.parametrize(
    "text",
    [
        "2025-07-03",  # ISO dates stay as they are
        "2025-07-03T11:10:04+08:00",
        "Grok 4 and GPT-4o cost $3 per 1,000 tokens on 5 GPUs.",
        "H100 and A100 chips, 1.2k stars, 7B parameters, v0.6.2",
        "第一性原理",  # ordinal
        "一个",  # lone numerals inside words are words
        "三国杀",
        "百度和千问",
        "零一万物",  # a company name, not a malformed number
        "万一失败",
        "千万不要",  # "by all means", not ten million
        "一一对应",
        "3个月",  # a duration: no classifier to drop
        "3家公司",  # Arabic number, classifier kept with its Chinese noun
        "纽约",
        "双十一大促",  # Singles' Day
        "五元组",  # a 5-tuple, not five yuan
        "`1130亿美元`",  # inline code
        "[链接](https://example.com/1130亿美元)",
        '<a href="/2025年7月3日">x</a>',
    ],
)
def test_to_english_leaves_alone(text: str) -> None:
    assert to_english(text) == text


def test_to_english_does_not_take_new_york_for_about() -> None:
    assert to_english("纽约100万人") == "纽约1 million人"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1130亿", 113_000_000_000),
        ("百亿", 10_000_000_000),
        ("三百五十", 350),
        ("十二", 12),
        ("两千五", 2500),
        ("一百零五", 105),
        ("一千零五十", 1050),
        ("十万零一十", 100_010),
        ("一亿零十万", 100_100_000),
        ("一万亿", 10**12),
        ("3万零5", 30_005),
        ("1,130亿", 113_000_000_000),
        ("１２万", 120_000),
        ("100多万", 1_000_000),
        ("0", 0),
    ],
)
def test_parse_chinese_number(text: str, value: int) -> None:
    assert parse_chinese_number(text) == value


@pytest.mark.parametrize(
    "text", ["三五", "一一", "万一", "亿", "一百零", "一百零五十", "零一万", "3一", "千千万万"]
)
def test_parse_chinese_number_rejects(text: str) -> None:
    assert parse_chinese_number(text) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("0", "0"),
        ("999999", "999,999"),
        ("1000000", "1 million"),
        ("1234000", "1.234 million"),
        ("1234500", "1,234,500"),  # four decimals in millions: written out, never rounded
        ("97400000000", "97.4 billion"),
        ("1000000000000", "1 trillion"),
        ("12000.5", "12,000.5"),
    ],
)
def test_format_quantity(value: str, text: str) -> None:
    assert format_quantity(Decimal(value)) == text


# ---------------------------------------------------------------------------------------------
# punctuation_to_english


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("你好，世界。", "你好, 世界."),
        ("Hello ，world  ！", "Hello, world!"),
        ("第一：第二；第三？", "第一: 第二; 第三?"),
        ("xAI（埃隆·马斯克的公司）宣布融资", "xAI (埃隆·马斯克的公司) 宣布融资"),
        ("（注）", "(注)"),
        ("（ 注 ）。", "(注)."),
        ("他说：“你好。”然后走了。", '他说: "你好." 然后走了.'),
        ("《纽约时报》报道", '"纽约时报" 报道'),
        ("「引用」和『双引』", '"引用" 和 "双引"'),
        ("‘单引’", "'单引'"),
        ("xAI’s model", "xAI's model"),
        ("苹果、谷歌、微软", "苹果, 谷歌, 微软"),
        ("等等……然后", "等等... 然后"),
        ("AI——尤其是大模型——很重要。", "AI — 尤其是大模型 — 很重要."),
        ("时间是10：30。", "时间是10:30."),
        ("1、介绍", "1\\. 介绍"),  # escaped: "1. " would start a Markdown list
        ("## 1、概述", "## 1. 概述"),
        ("0。估值", "0\\. 估值"),
        ("2）第二", "2\\) 第二"),
        ("见（1）", "见 (1)"),
        ("这是**重点。**然后", "这是**重点.** 然后"),
        ("句子。[^1]", "句子.[^1]"),
        ("<b>粗体</b>，正常", "<b>粗体</b>, 正常"),
        ("结尾。  ", "结尾."),
        ("a\n\n你好。  \n下一行", "a\n\n你好.\n下一行"),
        ("行尾两个空格  \n硬换行", "行尾两个空格  \n硬换行"),  # a Markdown hard break survives
        ("ＧＰＵ　１００", "GPU 100"),
        ("　　段落开头。", "段落开头."),  # a Chinese paragraph indent would make a code block
        ("见`a，b`，以及[链接](https://x.com/a，b)。", "见`a，b`, 以及[链接](https://x.com/a，b)."),
        ("访问 https://example.com/路径。", "访问 https://example.com/路径."),
        ('{{< figure src="a，b.png" >}}，然后', '{{< figure src="a，b.png" >}}, 然后'),
    ],
)
def test_punctuation_to_english(zh: str, en: str) -> None:
    assert punctuation_to_english(zh) == en


# ---------------------------------------------------------------------------------------------
# normalize_draft on realistic drafts (tech news on AI funding)

DRAFTS = [
    (
        "据报道，xAI已完成百亿美元融资，估值达到1130亿美元。",
        "据报道, xAI已完成$10 billion融资, 估值达到$113 billion.",
    ),
    (
        "xAI has closed a 百亿美元 funding round，valuing the company at 1130亿美元。",
        "xAI has closed a $10 billion funding round, valuing the company at $113 billion.",
    ),
    (
        "OpenAI在2025年3月完成了400亿美元融资，估值高达3000亿美元；Anthropic的估值则为615亿美元。",
        "OpenAI在March 2025完成了$40 billion融资, 估值高达$300 billion; Anthropic的估值则为$61.5 billion.",
    ),
    (
        "The company plans to deploy 100万块GPU in Memphis（20万块GPU are already running）。",
        "The company plans to deploy 1 million GPUs in Memphis (200,000 GPUs are already running).",
    ),
    (
        "The startup raised 约170亿美元 in total, and its revenue grew 百分之三十 in 2024年.",
        "The startup raised about $17 billion in total, and its revenue grew 30% in 2024.",
    ),
    (
        "On 2025年7月3日，xAI said it had closed a 50亿美元 debt round：half notes，half loans。",
        "On July 3, 2025, xAI said it had closed a $5 billion debt round: half notes, half loans.",
    ),
    (
        "Microsoft、Google and Amazon spent 超过2000亿美元——a record！",
        "Microsoft, Google and Amazon spent more than $200 billion — a record!",
    ),
    (
        "《The Wall Street Journal》said the round was “far above expectations”，with 1.2万名 investors.",
        '"The Wall Street Journal" said the round was "far above expectations", with 12,000 investors.',
    ),
    (
        "DeepSeek’s training run cost only 560万美元？The claim remains disputed……",
        "DeepSeek's training run cost only $5.6 million? The claim remains disputed...",
    ),
    (
        "Nvidia’s market value passed 4万亿美元 on 7月3日，up 百分之八十五点五 year on year。",
        "Nvidia's market value passed $4 trillion on July 3, up 85.5% year on year.",
    ),
    (
        "Zhipu raised 10-20亿元人民币 in 今年5月，from 3家 state funds.",
        "Zhipu raised 1-2 billion yuan in May this year, from 3 state funds.",
    ),
    (
        "See [the report](https://example.com/2025/07/03/xai-10b)，or run `pip install grok==4.0`。",
        "See [the report](https://example.com/2025/07/03/xai-10b), or run `pip install grok==4.0`.",
    ),
]


@pytest.mark.parametrize(("draft", "expected"), DRAFTS)
def test_normalize_draft(draft: str, expected: str) -> None:
    assert normalize_draft(draft) == expected
    assert normalize_draft(expected) == expected
    assert compare_numbers(draft, expected) == []


@pytest.mark.parametrize(
    "text",
    [
        "xAI raised $10 billion at a $113 billion valuation on July 3, 2025.",
        "Revenue grew 30% (from 1,200 to 1,560 units); see https://example.com/a?b=1, c.",
        "Grok 4 ships in 2 versions: Grok 4 and Grok 4 Code.",
        "It costs $5.6 million — or about 40 million yuan.",
    ],
)
def test_normalize_draft_leaves_english_alone(text: str) -> None:
    assert normalize_draft(text) == text


_DRAFT_ALPHABET = st.sampled_from(
    list("，。：；！？（）“”‘’《》「」『』、…—　 \n")
    + list("0123456789.,-%$")
    + list("零一二两三四五六七八九十百千万亿年月日号美元块个第约多")
    + list("abcAZ`[]()<>*_")
    + [
        "https://x.io/1",
        "GPU",
        "亿美元",
        "百分之",
        "今年",
        "人民币",
        "percent",
        " to ",
        "May ",
        "Million",
        "bn",
    ]
)


@given(st.lists(_DRAFT_ALPHABET, max_size=40).map("".join))
def test_normalize_draft_is_idempotent(text: str) -> None:
    once = normalize_draft(text)
    assert normalize_draft(once) == once


@given(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126, exclude_characters="/"), max_size=60)
)
def test_normalize_draft_is_identity_on_ascii_text(text: str) -> None:
    """No Chinese, no full-width punctuation: nothing to do (dates with slashes aside)."""
    text = re.sub(r"(?<=\S) {2,}(?=\S)", " ", text).rstrip(" ")
    assert normalize_draft(text) == text


@given(st.lists(_DRAFT_ALPHABET, max_size=40).map("".join))
def test_punctuation_leaves_no_chinese_punctuation(text: str) -> None:
    out = punctuation_to_english(text)
    # Protected spans (code, URLs, link targets and labels) keep theirs.
    masked = re.sub(
        r"(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)|https?://\S+|\]\[[^\]]*\]|\]\([^)]*\)|<[^<>]*>", "", out
    )
    assert not re.search("[，。：；！？（）“”‘’《》「」『』、…]", masked)
    assert not re.search(r"(?<=\S)  +(?=\S)", out)


# ---------------------------------------------------------------------------------------------
# source_numbers / target_numbers


@pytest.mark.parametrize(
    ("zh", "values"),
    [
        ("估值1130亿美元", D(113_000_000_000)),
        ("完成百亿美元融资", D(10_000_000_000)),
        ("部署20万块GPU", D(200_000)),
        ("2025年7月3日", D(2025, 7, 3)),
        ("增长百分之三十", D(30)),
        ("增长了30%", D(30)),
        ("两千名员工", D(2000)),
        ("第一性原理与第3代芯片", []),  # ordinals
        ("一个模型和三国杀", []),  # lone numerals inside words
        ("见[原文](https://example.com/2025/07/03/p?id=42)[^1]", []),
        ("运行 `grok --version 4.0.1` 后", []),
        ('<img src="a-2025.png" width="640">图', []),
        ("1. 第一条\n2. 第二条", []),  # ordered-list markers
        ("下降5%，至-3.5亿", D(5, "350000000")),
        ("从1.2万增长到3万", D(12_000, 30_000)),
        ("10-20亿元", D(1_000_000_000, 2_000_000_000)),
    ],
)
def test_source_numbers(zh: str, values: list[Decimal]) -> None:
    assert source_numbers(zh) == values


@pytest.mark.parametrize(
    ("en", "values"),
    [
        ("a $113 billion valuation", D(113_000_000_000)),
        ("113,000,000,000 dollars", D(113_000_000_000)),
        ("$113B and $97.4bn", D(113_000_000_000, 97_400_000_000)),
        ("5 Million Users", D(5_000_000)),
        ("July 3, 2025", D(7, 3, 2025)),
        ("3 July 2025", D(3, 7, 2025)),
        ("on July 3rd", D(7, 3)),
        ("in May this year", D(5)),
        ("May the best model win", []),
        ("a million GPUs and two billion users", D(1_000_000, 2_000_000_000)),
        ("$1-2 billion", D(1_000_000_000, 2_000_000_000)),
        ("from 3 to 5 million", D(3_000_000, 5_000_000)),
        ("grew 30% to 7B parameters", D(30, 7_000_000_000)),
        ("the 1990s", D(1990)),
        ("the 3rd and 21st models, two GPUs", []),  # ordinals and small number words
        ("H100, GPT-4o, Qwen2.5, v1.2", []),  # digits glued to letters are names
        ("Grok 4 and GPT-4", D(4, 4)),
        ("see [the post](https://x.com/2025/07/03)[^2]", []),
    ],
)
def test_target_numbers(en: str, values: list[Decimal]) -> None:
    assert target_numbers(en) == values


# ---------------------------------------------------------------------------------------------
# compare_numbers


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("xAI估值1130亿美元。", "xAI is valued at $113 billion."),
        ("xAI估值1130亿美元。", "xAI is valued at 113,000,000,000 US dollars."),
        ("完成百亿美元融资", "closed a $10 billion round"),
        ("完成百亿美元融资", "closed a ten billion dollar round"),
        ("拥有20万块GPU", "has 200,000 GPUs"),
        ("拥有100万块GPU", "has a million GPUs"),
        ("2025年7月3日发布", "released on July 3, 2025"),
        ("2025年7月3日发布", "released on 3 July 2025"),
        ("2025年7月发布", "released in July 2025"),
        ("今年5月", "in May this year"),
        ("营收增长百分之三十", "revenue grew 30%"),
        ("营收增长30%", "revenue grew 30 percent"),
        ("推出两个版本", "launched two versions"),
        ("推出2个版本", "launched two versions"),  # spelled-out small numbers excuse the digit
        ("三家公司", "3 companies"),  # a lone numeral excuses the digit
        ("第3代芯片", "third-generation chips"),
        ("第三代芯片", "3rd-generation chips"),
        ("10-20亿元", "1-2 billion yuan"),
        ("10-20亿元", "1 billion to 2 billion yuan"),
        (
            "参见[原文](https://example.com/p/3362593214236680)[^1]",
            "See [the original](https://example.com/en)[^3]",
        ),
        ("使用 `--port 8080`", "use `--port 9090`"),
        ("Grok 4泄露", "Grok 4 leaked"),
        ("", ""),
    ],
)
def test_compare_numbers_passes(zh: str, en: str) -> None:
    assert compare_numbers(zh, en) == []


@pytest.mark.parametrize(
    ("zh", "en", "problems"),
    [
        (
            "xAI估值1130亿美元。",
            "xAI is valued at $11.3 billion.",
            [
                "number 1130亿 (113,000,000,000) missing in translation",
                "number 11.3 billion (11,300,000,000) in translation not in source",
            ],
        ),
        ("完成融资", "closed a round of 42 investors", ["number 42 in translation not in source"]),
        (
            "拥有20万块GPU",
            "has 20,000 GPUs",
            [
                "number 20万 (200,000) missing in translation",
                "number 20,000 in translation not in source",
            ],
        ),
        (
            "2025年7月3日发布",
            "released on July 4, 2025",
            [
                "number 3日 (3) missing in translation",
                "number 4 in translation not in source",
            ],
        ),
        ("2025年7月发布", "released in 2025", ["number 7月 (7) missing in translation"]),
        (
            "营收增长百分之三十",
            "revenue grew 13%",
            [
                "number 百分之三十 (30) missing in translation",
                "number 13 in translation not in source",
            ],
        ),
        (
            "两千名员工",
            "200 employees",
            [
                "number 两千 (2,000) missing in translation",
                "number 200 in translation not in source",
            ],
        ),
        # multiset: a number stated twice must appear twice
        (
            "估值从800亿美元升至800亿美元以上",
            "valued at $80 billion",
            [
                "number 800亿 (80,000,000,000) missing in translation",
            ],
        ),
        (
            "投资100万",
            "invested 1 million, says page 7 of https://x.com/10",
            [
                "number 7 in translation not in source",
            ],
        ),
    ],
)
def test_compare_numbers_fails(zh: str, en: str, problems: list[str]) -> None:
    assert compare_numbers(zh, en) == problems


def test_naive_digit_check_would_flag_what_we_accept() -> None:
    zh, en = "xAI以1130亿美元估值完成百亿美元融资", "xAI raised $10 billion at a $113 billion valuation"
    assert re.findall(r"\d+", zh) != re.findall(r"\d+", en)
    assert compare_numbers(zh, en) == []


# ---------------------------------------------------------------------------------------------
# Property: to_english is lossless for the quantities it rewrites

_ZH_DIGITS = "零一二三四五六七八九"


def _zh_section(n: int, leading: bool) -> str:
    """0 < n < 10,000 in Chinese numerals; ``leading`` allows 十二 for 一十二."""
    out = []
    zero = started = False
    for digit, unit in zip((n // 1000, n // 100 % 10, n // 10 % 10, n % 10), "千百十 ", strict=True):
        if digit == 0:
            zero = zero or started
            continue
        if zero:
            out.append("零")
            zero = False
        if not (unit == "十" and digit == 1 and leading and not started):
            out.append(_ZH_DIGITS[digit])
        out.append(unit.strip())
        started = True
    return "".join(out)


def zh_numerals(n: int, leading: bool = True) -> str:
    if n == 0:
        return "零"
    if n >= 10**8:
        high, low = divmod(n, 10**8)
        text = zh_numerals(high, leading) + "亿"
        return text + (
            ("零" + zh_numerals(low, False) if low < 10**7 else zh_numerals(low, False)) if low else ""
        )
    if n >= 10**4:
        high, low = divmod(n, 10**4)
        text = _zh_section(high, leading) + "万"
        return text + (
            ("零" + _zh_section(low, False) if low < 1000 else _zh_section(low, False)) if low else ""
        )
    return _zh_section(n, leading)


def zh_units(n: int) -> str:
    """n in Arabic digits with 万/亿 units, as Chinese news writes it: 1234亿5678万9012."""
    if n >= 10**8:
        high, low = divmod(n, 10**8)
        return zh_units(high) + "亿" + ((("零" if low < 10**7 else "") + zh_units(low)) if low else "")
    if n >= 10**4:
        high, low = divmod(n, 10**4)
        return f"{high}万" + ((("零" if low < 1000 else "") + str(low)) if low else "")
    return str(n)


@pytest.mark.parametrize(
    ("n", "units", "numerals"),
    [
        (12, "12", "十二"),
        (30_005, "3万零5", "三万零五"),
        (100_010, "10万零10", "十万零一十"),
        (113_000_000_000, "1130亿", "一千一百三十亿"),
        (10**12, "1万亿", "一万亿"),
    ],
)
def test_formatters_of_the_property(n: int, units: str, numerals: str) -> None:
    assert zh_units(n) == units
    assert zh_numerals(n) == numerals
    assert parse_chinese_number(units) == parse_chinese_number(numerals) == n


TEMPLATES = ["{}", "{}美元", "估值{}美元。", "部署{}块GPU", "The round raised {}元人民币, sources said."]


@given(
    n=st.integers(min_value=0, max_value=10**12),
    numerals=st.booleans(),
    template=st.sampled_from(TEMPLATES),
)
def test_to_english_keeps_the_numbers(n: int, numerals: bool, template: str) -> None:
    zh = template.format(zh_numerals(n) if numerals else zh_units(n))
    en = to_english(zh)
    assert source_numbers(zh) == target_numbers(en)
    assert compare_numbers(zh, en) == []
    lone_numeral = numerals and len(zh_numerals(n)) == 1 and template in ("{}", "部署{}块GPU")
    assert source_numbers(zh) == ([] if lone_numeral else [Decimal(n)])


_PREFIXES = ["", "", "约", "超过", "人民币", "第", "今年", "$"]
_SUFFIXES = [
    "",
    "",
    "美元",
    "元",
    "块GPU",
    "个",
    "%",
    "个百分点",
    "年",
    "月",
    "日",
    "左右",
    "名 investors",
    "-20亿",
    "到5万",
]
_SEPARATORS = [
    "，",
    "。",
    " ",
    "估值",
    "公司",
    "（",
    "）",
    "“",
    "”",
    "、",
    "xAI",
    " raised ",
    "`code 5`",
    "[^1]",
]
_SEPARATORS += [" https://a.io/3 ", "——", "……"]
_NUMBER = st.builds(
    lambda n, numerals: zh_numerals(n) if numerals else zh_units(n), st.integers(0, 10**12), st.booleans()
)
_PART = st.one_of(
    st.builds(
        "".join,
        st.tuples(
            st.sampled_from(_PREFIXES), _NUMBER, st.sampled_from(_SUFFIXES), st.sampled_from(_SEPARATORS)
        ),
    ),
    st.builds(
        lambda n, numerals, sep: "百分之" + (zh_numerals(n) if numerals else str(n)) + sep,
        st.integers(0, 999),
        st.booleans(),
        st.sampled_from(_SEPARATORS),
    ),
)


@given(st.lists(_PART, max_size=6).map("".join))
def test_drafts_keep_the_numbers_of_their_source(text: str) -> None:
    """Sentences of quantities with prefixes, units, currencies and punctuation: the cleaned draft
    states exactly the numbers of the source."""
    assert compare_numbers(text, to_english(text)) == []
    assert compare_numbers(text, normalize_draft(text)) == []


# ---------------------------------------------------------------------------------------------
# Corpus


def _corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


def test_seed_article_round_trip() -> None:
    text = (_corpus() / "seed" / "grok4-xai.md").read_text(encoding="utf-8")
    draft = normalize_draft(text)
    assert normalize_draft(draft) == draft
    assert compare_numbers(text, draft) == []
    assert "$113 billion" in draft and "200,000 GPUs" in draft and "about $17 billion" in draft
    assert not re.search("[，。：；！？“”（）]", re.sub(r"\]\([^)]*\)", "", draft))


def _paragraphs(text: str) -> list[str]:
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_human_translations_rarely_flagged() -> None:
    """Paired zh/en CloudWeGo articles with the same paragraph count: a human translation should
    almost never be flagged (measured: 16 of 4,150 paragraph pairs, all real differences such as
    a year added by the translator or a changelog line dropped)."""
    root = _corpus() / "articles" / "cloudwego"
    pairs = flagged = 0
    for zh_path in sorted((root / "zh").rglob("*.md")):
        en_path = root / "en" / zh_path.relative_to(root / "zh")
        if not en_path.exists():
            continue
        zh, en = (
            _paragraphs(zh_path.read_text(encoding="utf-8")),
            _paragraphs(en_path.read_text(encoding="utf-8")),
        )
        if len(zh) != len(en):
            continue
        for a, b in zip(zh, en, strict=True):
            pairs += 1
            flagged += bool(compare_numbers(a, b))
    if pairs == 0:
        pytest.skip("no paired articles")
    assert flagged / pairs < 0.01
