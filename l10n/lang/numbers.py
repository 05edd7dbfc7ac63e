"""Chinese numbers, dates and punctuation in English drafts, and the number-consistency check.

Two jobs share one scanner, so that what ``to_english`` rewrites and what the check counts can
never drift apart:

- ``to_english`` / ``punctuation_to_english`` / ``normalize_draft`` clean a machine-translated
  draft: "1130亿美元" becomes "$113 billion", "2025年7月3日" becomes "July 3, 2025", "，" becomes
  ", ". Formatting comes from Babel's English locale data.
- ``source_numbers`` / ``target_numbers`` / ``compare_numbers`` list the quantities a segment
  mentions, after unit conversion, so "1130亿" in the source and "113 billion" in the translation
  are the same number (a naive digit comparison would flag them).

Invariants:
- Pure: no disk, no network, no global state beyond compiled regexes and Babel's data.
- Text inside inline code, fenced code, URLs, Markdown link targets and reference definitions,
  HTML tags, Hugo shortcodes, heading IDs and footnote references is never changed and never
  counted.
- ``to_english`` rewrites only quantities written with Chinese (numerals, 万/亿 units, 美元, 年月日,
  百分之, classifiers); plain Arabic numbers and English prose come back unchanged.
- ``normalize_draft(normalize_draft(t)) == normalize_draft(t)`` (rewrites repeat to a fixed point).
- Lone numerals inside words (一个, 三国杀), ordinals (第三, 3rd), list numbers and spelled-out
  English numbers up to ten are mentions that excuse a number on the other side but need none.
- For a quantity the scanner rewrites, ``target_numbers(to_english(t)) == source_numbers(t)``:
  the rendering is lossless (a scale word is used only when at most three decimals express the
  value exactly; otherwise all digits are written out with grouping).
- Numbers are compared as absolute values: "-5%" and "下降5%" both mention 5.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from babel.dates import format_date, format_skeleton, get_month_names
from babel.numbers import format_decimal, get_currency_symbol

from l10n.formats import inline

__all__ = [
    "compare_numbers",
    "format_quantity",
    "normalize_draft",
    "parse_chinese_number",
    "punctuation_to_english",
    "source_numbers",
    "target_numbers",
    "to_english",
]

# ---------------------------------------------------------------------------------------------
# Protected spans

# Inline markup whose digits are not quantities: code, shortcodes, tags, link destinations and
# labels, footnote references, URLs.
_PROTECTED_TOKENS = inline.NOT_PROSE
# What the inline tokenizer does not see: block syntax (a caller may pass raw Markdown) and text
# conventions that are not numbers.
_PROTECT_PATTERNS: tuple[re.Pattern[str], ...] = (
    # Fenced code blocks.
    re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.M),
    # Link reference definitions (not footnote definitions, whose text is prose).
    re.compile(r"^[ \t]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S+[^\n]*$", re.M),
    # Numeric citations [12].
    re.compile(r"\[[0-9]+\]"),
    # Heading IDs {#id-2}.
    re.compile(r"\{#[^}\n]*\}"),
)

_PH_FIRST = 0xF0000  # Supplementary Private Use Area-A: never produced by any engine or editor.
_PH_CHAR_MIN = chr(_PH_FIRST)


@dataclass
class _Masked:
    """Text with each protected span replaced by one private-use character."""

    text: str
    pieces: dict[str, str] = field(default_factory=dict)

    def unmask(self, text: str) -> str:
        if not self.pieces:
            return text
        return "".join(self.pieces.get(c, c) for c in text)


def _protected_spans(text: str, extra: Iterable[re.Pattern[str]] = ()) -> list[tuple[int, int]]:
    spans = [(tok.start, tok.end) for tok in inline.tokenize(text) if tok.kind in _PROTECTED_TOKENS]
    for rx in (*_PROTECT_PATTERNS, *extra):
        spans.extend((m.start(), m.end()) for m in rx.finditer(text) if m.end() > m.start())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _mask(text: str, extra: Iterable[re.Pattern[str]] = ()) -> _Masked:
    spans = _protected_spans(text, extra)
    if not spans:
        return _Masked(text)
    used = {c for c in text if ord(c) >= _PH_FIRST}
    codepoint = _PH_FIRST
    parts: list[str] = []
    pieces: dict[str, str] = {}
    last = 0
    for start, end in spans:
        while chr(codepoint) in used:
            codepoint += 1
        ph = chr(codepoint)
        codepoint += 1
        pieces[ph] = text[start:end]
        parts.append(text[last:start])
        parts.append(ph)
        last = end
    parts.append(text[last:])
    return _Masked("".join(parts), pieces)


# ---------------------------------------------------------------------------------------------
# Chinese numerals

_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "亿": 10**8}
_UNIT_CHARS = "十百千万亿"
_ZH_NUM_CHARS = "零〇一二两三四五六七八九十百千万亿"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９％", "0123456789%")


@dataclass(frozen=True)
class _Tok:
    kind: str  # "num", "zero", "unit", "big"
    value: Decimal
    raw: str


_TOKEN_RX = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?|.", re.S)


def _tokenize(s: str) -> list[_Tok] | None:
    toks: list[_Tok] = []
    for m in _TOKEN_RX.finditer(s):
        raw = m.group()
        if raw[0].isascii() and raw[0].isdigit():
            try:
                toks.append(_Tok("num", Decimal(raw.replace(",", "")), raw))
            except InvalidOperation:
                return None
        elif raw in ("零", "〇"):
            toks.append(_Tok("zero", Decimal(0), raw))
        elif raw in _ZH_DIGITS:
            toks.append(_Tok("num", Decimal(_ZH_DIGITS[raw]), raw))
        elif raw in _SMALL_UNITS:
            toks.append(_Tok("unit", Decimal(_SMALL_UNITS[raw]), raw))
        elif raw in _BIG_UNITS:
            toks.append(_Tok("big", Decimal(_BIG_UNITS[raw]), raw))
        else:
            return None
    return toks


def _is_single_digit(tok: _Tok) -> bool:
    return tok.kind == "num" and len(tok.raw) == 1 and tok.value != 0


def _parse_section(toks: list[_Tok], first: bool) -> Decimal | None:
    """A value below 10,000 built from digits and 十/百/千, or one Arabic number of any size."""
    if not toks:
        return None
    if len(toks) == 1 and toks[0].kind == "num":
        return toks[0].value
    total = Decimal(0)
    pending: _Tok | None = None
    last_unit = Decimal(10**9)
    zero_since_unit = False
    for i, tok in enumerate(toks):
        if tok.kind == "num":
            if pending is not None:
                return None  # digit after digit: 三五, 一一 (idioms, not numbers)
            pending = tok
        elif tok.kind == "zero":
            if pending is not None or last_unit > 1000 or zero_since_unit:
                return None
            zero_since_unit = True
        elif tok.kind == "unit":
            if pending is None:
                # 十二, 百亿: a leading unit implies one, but only where a number starts.
                if not (i == 0 and first):
                    return None
                coef = Decimal(1)
            else:
                coef = pending.value
            if tok.value >= last_unit or (zero_since_unit and tok.value * 10 >= last_unit):
                return None  # 一百零五十 skips nothing: not a number
            total += coef * tok.value
            last_unit = tok.value
            pending = None
            zero_since_unit = False
        else:
            return None
    if pending is not None:
        if last_unit > 1000:
            return None
        if zero_since_unit:
            if pending.value >= last_unit / 10:
                return None
            total += pending.value
        elif _is_single_digit(pending):
            total += pending.value * last_unit / 10  # 两千五 = 2500, 一百二 = 120
        elif pending.value < last_unit and pending.value == pending.value.to_integral_value():
            total += pending.value  # 3千500 = 3500
        else:
            return None
    elif zero_since_unit:
        return None
    return total


def _parse_tokens(toks: list[_Tok], bigs: tuple[str, ...], first: bool) -> Decimal | None:
    for big in bigs:
        positions = [i for i, t in enumerate(toks) if t.kind == "big" and t.raw == big]
        if not positions:
            continue
        idx = positions[-1]
        mult = Decimal(_BIG_UNITS[big])
        inner = ("万",) if big == "亿" else ()
        left = toks[:idx]
        right = toks[idx + 1 :]
        if not left:
            return None
        lv = _parse_tokens(left, inner, first)
        if lv is None or lv == 0:
            return None
        zero = bool(right) and right[0].kind == "zero"
        if zero:
            right = right[1:]
            if not right:
                return None
        if not right:
            rv = Decimal(0)
        elif not zero and len(right) == 1 and _is_single_digit(right[0]):
            rv = right[0].value * mult / 10  # 三万五 = 35,000, 一亿五 = 150,000,000
        else:
            parsed = _parse_tokens(right, inner, zero)
            if parsed is None or parsed >= mult:
                return None
            rv = parsed
        return lv * mult + rv
    if any(t.kind == "big" for t in toks):
        return None
    return _parse_section(toks, first)


def parse_chinese_number(text: str) -> Decimal | None:
    """The value of a number written with Chinese numerals and/or Arabic digits plus 十百千万亿.

    "1130亿" → 113000000000, "百亿" → 1e10, "三百五十" → 350, "3万零5" → 30005, "100多万" → 1e6.
    Returns None for strings that are not a well-formed number ("三五", "万一", "一一").
    """
    s = re.sub(r"[ \t\u3000]", "", text.translate(_FULLWIDTH_DIGITS))
    more = re.fullmatch(r"(.+?)[多余]([十百千万亿]+)", s)
    multiplier = Decimal(1)
    if more:
        s = more.group(1)
        for c in more.group(2):
            multiplier *= _SMALL_UNITS.get(c, 0) or _BIG_UNITS[c]
    toks = _tokenize(s)
    if not toks:
        return None
    if len(toks) == 1 and toks[0].kind == "zero":
        return Decimal(0) * multiplier
    # An Arabic number followed by Chinese digits ("3一") is not a number.
    if any(
        a.kind == "num" and a.raw[0].isascii() and b.kind in ("num", "zero") and not b.raw[0].isascii()
        for a, b in zip(toks, toks[1:], strict=False)
    ):
        return None
    value = _parse_tokens(toks, ("亿", "万"), True)
    return None if value is None else value * multiplier


# ---------------------------------------------------------------------------------------------
# English formatting (Babel)

_SCALES: tuple[tuple[Decimal, str], ...] = (
    (Decimal(10**12), "trillion"),
    (Decimal(10**9), "billion"),
    (Decimal(10**6), "million"),
)
_EN_SCALE_WORDS = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_THOUSANDTH = Decimal("0.001")


def _canonical(v: Decimal) -> Decimal:
    v = abs(v)
    try:
        if v == v.to_integral_value():
            return v.quantize(Decimal(1))
        return v.normalize()
    except InvalidOperation:  # more digits than the context's precision: keep as written
        return v


def _fmt(v: Decimal) -> str:
    """Grouped digits, every decimal kept, no trailing zeros: 113000000000 → "113,000,000,000"."""
    return format_decimal(_canonical(v), locale="en", decimal_quantization=False)


def _scaled(v: Decimal) -> tuple[Decimal, str] | None:
    for size, word in _SCALES:
        if v >= size:
            q = v / size
            return (q, word) if q == q.quantize(_THOUSANDTH) else None
    return None


def format_quantity(value: Decimal) -> str:
    """English for a count: ≥ 1e6 as "N million/billion/trillion" when at most three decimals say it
    exactly ("97.4 billion"), otherwise grouped digits ("200,000", "123,456,789,012")."""
    scaled = _scaled(_canonical(value))
    if scaled is None:
        return _fmt(value)
    return f"{_fmt(scaled[0])} {scaled[1]}"


_CURRENCIES = {
    "美元": "USD",
    "美金": "USD",
    "欧元": "EUR",
    "英镑": "GBP",
    "日元": "JPY",
    "港元": "HKD",
    "港币": "HKD",
    "元人民币": "CNY",
    "人民币": "CNY",
    "块钱": "CNY",
    "元": "CNY",
    "US$": "USD",
    "$": "USD",
    "HK$": "HKD",
    "€": "EUR",
    "£": "GBP",
    "¥": "CNY",
    "￥": "CNY",
}


def _money(amount: str, code: str) -> str:
    if code == "CNY":
        return f"{amount} yuan"
    return f"{get_currency_symbol(code, locale='en')}{amount}"


_MONTHS = get_month_names("wide", locale="en_US")


def _pluralize(word: str) -> str:
    if word.isupper() and word.endswith("S"):
        return word  # QPS, TPS: the S already stands for a plural
    if word.isupper() or word[-1].isdigit():
        return word + "s"  # GPUs, H100s
    if word.endswith("s"):
        return word  # already plural (chips)
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(?:x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


# ---------------------------------------------------------------------------------------------
# The scanner


@dataclass(frozen=True)
class _Mention:
    value: Decimal
    text: str
    main: bool  # False: ordinals and spelled-out small numbers, which excuse but are not required


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    mentions: tuple[_Mention, ...]
    replacement: str | None = None


_Handler = Callable[[re.Match[str]], "_Hit | None"]

_ARABIC = r"(?:[0-9]{1,3}(?:,[0-9]{3}(?![0-9]))+|[0-9]+)(?:\.[0-9]+)?"
# Units must separate Arabic groups: "1234亿5678万9012", "3万零5" (and no catastrophic backtracking).
# 百 before 分之 belongs to 百分之 (per cent), never to the number before it.
_UNIT = "(?:[十千万亿]|百(?!分之))"
_ARABIC_PART = rf"{_ARABIC}(?:[ \t\u3000]*{_UNIT}{{1,3}}(?:零?{_ARABIC}{_UNIT}{{1,3}})*(?:零?{_ARABIC})?)?"
_CORE = rf"(?:{_ARABIC_PART}|(?:[零〇一二两三四五六七八九十千万亿]|百(?!分之))+)(?:[多余]{_UNIT}+)?"
_NOT_AFTER_WORD = r"(?<![A-Za-z0-9.])"
_SMALL = r"[0-9]{1,2}|[零〇一二三四五六七八九十]{1,3}"
_YEAR = r"1[0-9]{3}|2[0-9]{3}|[〇零一二三四五六七八九]{4}"
_REL = r"(?:(?P<rel>今年|去年|明年|前年)[ \t\u3000]*)?"
# Chinese typesetting often puts blanks between digits and ideographs: "2021 年 9 月 8 日".
_NIAN, _YUE, _RI = r"[ \t\u3000]*年[ \t\u3000]*", r"[ \t\u3000]*月", r"[ \t\u3000]*(?P<dd>[日号])"
_REL_EN = {"今年": "this year", "去年": "last year", "明年": "next year", "前年": "two years ago"}
_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?)"
_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten"
_EN_NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
}


def _small(text: str) -> int | None:
    value = parse_chinese_number(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


def _year(text: str) -> int | None:
    if text.isascii():
        return int(text)
    return int("".join(str(_ZH_DIGITS[c]) for c in text))


def _month_number(name: str) -> int:
    key = name.rstrip(".").lower()[:3]
    return [m.lower()[:3] for m in _MONTHS.values()].index(key) + 1


def _m(value: int | Decimal, text: str, main: bool = True) -> _Mention:
    return _Mention(_canonical(Decimal(value)), text, main)


def _h_date_full(m: re.Match[str]) -> _Hit | None:
    y, mo, d = _year(m["y"]), _small(m["m"]), _small(m["d"])
    if y is None or mo is None or d is None:
        return None
    try:
        when = date(y, mo, d)
    except ValueError:
        return None
    text = format_date(when, format="long", locale="en_US")
    mentions = (_m(y, m["y"] + "年"), _m(mo, m["m"] + "月"), _m(d, m["d"] + m["dd"]))
    return _Hit(m.start(), m.end(), mentions, text)


def _h_date_slash(m: re.Match[str]) -> _Hit | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    try:
        when = date(y, mo, d)
    except ValueError:
        return None
    text = format_date(when, format="long", locale="en_US")
    return _Hit(m.start(), m.end(), (_m(y, m["y"]), _m(mo, m["m"]), _m(d, m["d"])), text)


def _h_date_iso(m: re.Match[str]) -> _Hit | None:
    return _Hit(
        m.start(), m.end(), (_m(int(m["y"]), m["y"]), _m(int(m["m"]), m["m"]), _m(int(m["d"]), m["d"]))
    )


def _h_year_month(m: re.Match[str]) -> _Hit | None:
    y, mo = _year(m["y"]), _small(m["m"])
    if y is None or mo is None or not 1 <= mo <= 12:
        return None
    text = format_skeleton("yMMMM", date(y, mo, 1), locale="en_US")
    return _Hit(m.start(), m.end(), (_m(y, m["y"] + "年"), _m(mo, m["m"] + "月")), text)


def _h_year_range(m: re.Match[str]) -> _Hit | None:
    sep = "-" if m["sep"].strip() in "-–~～" else " to "
    return _Hit(
        m.start(),
        m.end(),
        (_m(int(m["a"]), m["a"]), _m(int(m["b"]), m["b"] + "年")),
        f"{m['a']}{sep}{m['b']}",
    )


def _h_decade(m: re.Match[str]) -> _Hit | None:
    return _Hit(m.start(), m.end(), (_m(int(m["y"]), m["y"] + "年代"),), f"{m['y']}s")


_PART_OF = {"初": "early", "底": "late", "末": "late"}


def _h_year(m: re.Match[str]) -> _Hit | None:
    y = _year(m["y"])
    if y is None:
        return None
    text = f"{_PART_OF[m['part']]} {y}" if m["part"] else str(y)
    return _Hit(m.start(), m.end(), (_m(y, m["y"] + "年"),), text)


def _with_rel(text: str, m: re.Match[str]) -> str:
    return f"{text} {_REL_EN[m['rel']]}" if m["rel"] else text


def _h_month_range(m: re.Match[str]) -> _Hit | None:
    a, b = _small(m["a"]), _small(m["b"])
    if a is None or b is None or not (1 <= a <= 12 and 1 <= b <= 12):
        return None
    sep = "-" if m["sep"].strip() in "-–~～" else " to "
    text = _with_rel(f"{_MONTHS[a]}{sep}{_MONTHS[b]}", m)
    return _Hit(m.start(), m.end(), (_m(a, m["a"]), _m(b, m["b"] + "月")), text)


def _h_month_day(m: re.Match[str]) -> _Hit | None:
    mo, d = _small(m["m"]), _small(m["d"])
    if mo is None or d is None:
        return None
    try:
        when = date(2000, mo, d)  # a leap year, so 2月29日 is valid
    except ValueError:
        return None
    text = _with_rel(format_skeleton("MMMMd", when, locale="en_US"), m)
    return _Hit(m.start(), m.end(), (_m(mo, m["m"] + "月"), _m(d, m["d"] + m["dd"])), text)


def _h_month(m: re.Match[str]) -> _Hit | None:
    mo = _small(m["m"])
    if mo is None or not 1 <= mo <= 12:
        return None
    return _Hit(m.start(), m.end(), (_m(mo, m["m"] + "月"),), _with_rel(_MONTHS[mo], m))


def _h_percent_zh(m: re.Match[str]) -> _Hit | None:
    raw = m["p"]
    if "点" in raw:
        whole, frac = raw.split("点")
        int_part = _small(whole)
        if int_part is None:
            return None
        value = Decimal(f"{int_part}.{''.join(str(_ZH_DIGITS[c]) for c in frac)}")
    else:
        parsed = parse_chinese_number(raw)
        if parsed is None:
            return None
        value = parsed
    return _Hit(m.start(), m.end(), (_m(value, m.group()),), f"{_fmt(value)}%")


def _h_ordinal_zh(m: re.Match[str]) -> _Hit | None:
    value = parse_chinese_number(m["n"])
    mentions = () if value is None else (_m(value, m.group(), main=False),)
    return _Hit(m.start(), m.end(), mentions)


def _h_ordinal_en(m: re.Match[str]) -> _Hit | None:
    return _Hit(m.start(), m.end(), (_m(int(m["n"]), m.group(), main=False),))


def _h_list_number(m: re.Match[str]) -> _Hit | None:
    return _Hit(m.start(), m.end(), (_m(int(m["n"]), m.group().strip(), main=False),))


def _h_skip(m: re.Match[str]) -> _Hit | None:
    return _Hit(m.start(), m.end(), ())


def _h_en_date(m: re.Match[str]) -> _Hit | None:
    groups = m.groupdict()
    found: list[tuple[int, _Mention]] = [(m.start("mon"), _m(_month_number(m["mon"]), m["mon"]))]
    if groups.get("d"):
        d = int(m["d"])
        if not 1 <= d <= 31:
            return None
        found.append((m.start("d"), _m(d, m["d"])))
    if groups.get("y"):
        found.append((m.start("y"), _m(int(m["y"]), m["y"])))
    return _Hit(m.start(), m.end(), tuple(mention for _, mention in sorted(found, key=lambda f: f[0])))


def _h_en_month(m: re.Match[str]) -> _Hit | None:
    if m["mon"] == "May":
        # "May" opening a sentence is more often the verb ("May the best model win") than the month.
        before = m.string[: m.start()].rstrip(" \t*_\"'(")
        verb = re.match(
            r"[ \t\u3000]+(?!(?:this|last|next|of|and|or|to|through|until)\b)[a-z]", m.string[m.end() :]
        )
        if (not before or before[-1] in ".!?:\n") and verb:
            return None
    return _Hit(m.start(), m.end(), (_m(_month_number(m["mon"]), m["mon"]),))


def _h_word_scale(m: re.Match[str]) -> _Hit | None:
    value = _EN_NUMBER_WORDS[m["w"].lower()] * _EN_SCALE_WORDS[m["s"].lower()]
    return _Hit(m.start(), m.end(), (_m(value, m.group()),))


def _h_word(m: re.Match[str]) -> _Hit | None:
    return _Hit(m.start(), m.end(), (_m(_EN_NUMBER_WORDS[m.group().lower()], m.group(), main=False),))


_LATIN_SUFFIX = {
    "k": 10**3,
    "K": 10**3,
    "M": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "B": 10**9,
    "bn": 10**9,
    "T": 10**12,
    "tn": 10**12,
}


def _trailing_multiplier(core: str) -> Decimal:
    """The scale a range's second number lends its first: 20亿 → 1e8, 五千万 → 1e7, 二十 → 1."""
    tail = re.search(r"[十百千]?[万亿]+$", core)
    if tail is None:
        return Decimal(1)
    result = Decimal(1)
    for c in tail.group():
        result *= _SMALL_UNITS.get(c, 0) or _BIG_UNITS[c]
    return result


def _has_zh(s: str) -> bool:
    return any(c in _ZH_NUM_CHARS or c in "多余" for c in s)


def _h_number(m: re.Match[str]) -> _Hit | None:
    n1, n2 = m["n1"], m["n2"]
    if n1 in ("千万", "万万") and m.string[m.end("n1") : m.end("n1") + 1] in tuple("别不要记莫务"):
        return _Hit(m.start(), m.end("n1"), ())  # 千万不要: "by all means", not ten million
    v1 = parse_chinese_number(n1)
    v2 = parse_chinese_number(n2) if n2 else None
    if v1 is None:
        return None  # not a number ("零一万物" is a company); later text may still hold one
    if n2 and v2 is None:
        # Not a range after all: the first number stands alone, unconverted.
        return _Hit(m.start(), m.end("n1"), (_m(v1, n1, not (len(n1) == 1 and not n1.isascii())),))
    pre = (m["pre"] or "").strip()
    lsuf, escale, cur, cls, noun = m["lsuf"], m["escale"], m["cur"], m["cls"], m["noun"]
    end = m.end()
    if noun and noun.split()[0].lower() in _FUNCTION_WORDS:
        noun, end = None, m.end("cls")  # "3名about": the classifier ends the quantity
    mult = Decimal(1)
    if lsuf and (lsuf != "m" or pre in ("$", "US$", "€", "£")):  # "5m" alone is five metres
        mult = Decimal(_LATIN_SUFFIX.get(lsuf, 1))
    if escale:
        mult = Decimal(_EN_SCALE_WORDS[escale.strip(" \t\u3000-").lower()])
    # "10-20亿" and "1-2 billion": the first number borrows the second one's scale.
    shared = n2 is not None and not re.search("[万亿]", n1)
    borrowed = _trailing_multiplier(re.split("[多余]", n2)[0]) if n2 and shared else Decimal(1)
    # "1-2 billion" shares the scale word; "10,000 to 1 million" does not.
    own = mult if v2 is None or v1 < 1000 else Decimal(1)
    values = [v1 * own * borrowed] + ([] if v2 is None else [v2 * mult])
    suffix_text = (lsuf or "") + (escale or "")
    if n2 is not None and (borrowed != 1 or suffix_text):
        whole = m.string[m.start("n1") : m.end("n2")] + suffix_text
        texts = [whole, whole]
    else:
        texts = [n1 + suffix_text] + ([n2] if n2 else [])
    zh = _has_zh(n1) or (n2 is not None and _has_zh(n2))
    context = bool(cur or m["pct"] or m["pp"] or pre in ("人民币", "¥", "￥"))
    # A lone numeral is part of a word far more often than a quantity: 一个, 三国杀, 百度.
    single_char = len(n1) == 1 and not n1.isascii() and n2 is None
    main = not single_char or context
    mentions = tuple(_m(v, t, main) for v, t in zip(values, texts, strict=True))
    if single_char and not context:
        return _Hit(m.start(), end, mentions)
    if not (zh or cur or m["pp"] or (cls and noun)):
        return _Hit(m.start(), end, mentions)
    if m.string[m.start() - 1 : m.start()] == "双":
        return _Hit(m.start(), end, mentions)  # 双十一 is a shopping festival (Singles' Day)
    if suffix_text or (pre and cur and _CURRENCIES.get(pre) != _CURRENCIES[cur]):
        # Already English ("5 billion"), or two currencies ("$100元"): a person has to decide.
        return _Hit(m.start(), end, mentions)
    text, consumed = _render_number(m, values, shared, noun)
    return _Hit(m.start(), end + consumed, mentions, text)


_FUNCTION_WORDS = frozenset(
    "a an the in on at of for to from with by and or but as that which who are is were was be been "
    "have has had will would can could may might per each than into over under across".split()
)


def _render_number(
    m: re.Match[str], values: list[Decimal], shared: bool, noun: str | None
) -> tuple[str, int]:
    """The English for a quantity match, and how many characters after the match it also took."""
    cur, pct, pp = m["cur"], m["pct"], m["pp"]
    dash = m["rsep"] is not None and m["rsep"].strip() in ("-", "–", "~", "～")
    sep = "-" if dash else " to "
    code = _CURRENCIES.get(cur or "") or _CURRENCIES.get((m["pre"] or "").strip())

    def one(v: Decimal, digits: bool = False) -> str:
        amount = _fmt(v) if digits else format_quantity(v)
        return _money(amount, code) if code else amount

    if pct:
        text = "-".join(_fmt(v) for v in values) + "%" if dash else " to ".join(f"{_fmt(v)}%" for v in values)
    elif pp:
        text = f"{sep.join(_fmt(v) for v in values)} percentage point{'' if values[-1] == 1 else 's'}"
    elif len(values) == 1:
        text = one(values[0])
    else:
        lo, hi = values
        scaled_hi = _scaled(_canonical(hi))
        # "500 to 1 million" would read as 500 million: write out the second number too.
        text = f"{one(lo)}{sep}{one(hi, digits=_scaled(_canonical(lo)) is None)}"
        if dash and shared and scaled_hi is not None:
            size = next(size for size, word in _SCALES if word == scaled_hi[1])
            q = lo / size
            if lo > 0 and q == q.quantize(_THOUSANDTH):
                span = f"{_fmt(q)}-{_fmt(scaled_hi[0])} {scaled_hi[1]}"
                text = _money(span, code) if code else span
    if re.search("[多余]", m["n1"]):
        text = "more than " + text
    consumed = 0
    if noun:
        words = re.split("[ \t\u3000]+", noun)
        rest = m.string[m.end() :]
        # "3家 state funds": a lowercase word followed by another content word is a modifier.
        after = re.match(r"[ \t\u3000]+([a-z]+)", rest)
        if after is None or not words[-1].islower() or after.group(1) in _FUNCTION_WORDS:
            if values[-1] != 1:
                words[-1] = _pluralize(words[-1])
        elif values[-1] != 1 and not re.match(r"[ \t\u3000]*[A-Za-z0-9]", rest[after.end() :]):
            # The head ends the phrase: "2 个 tool call" → "2 tool calls".
            words.append(_pluralize(after.group(1)))
            consumed = after.end()
        text = f"{text} {' '.join(words)}"
    return text, consumed


_B = r"[ \t\u3000]"  # a blank, ideographic space included
_NAME_WORD = r"(?=[A-Za-z0-9-]*[A-Za-z])[A-Z0-9][A-Za-z0-9-]*+"  # H100, GPU, Pro; not 10
_RANGE_SEP = rf"{_B}*[-–~～至到]{_B}*"
# A Chinese numeral run is read whole: never start inside one.
_NOT_AFTER_NUMBER = rf"{_NOT_AFTER_WORD}(?:(?<![{_ZH_NUM_CHARS}])|(?=[0-9]))"
_MONTH_START = r"(?<![0-9个第每])"  # 3个月 and 第3月 are not months

_RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    # List numbers ("1. ", "2) ", "3、") are structure: they excuse a number but need none.
    (
        re.compile(r"^[ \t]*(?:>[ \t]*)*(?:[-*+][ \t]+)?(?P<n>[0-9]{1,9})(?:[.)](?=[ \t])|[、）])", re.M),
        _h_list_number,
    ),
    # Chinese dates
    (
        re.compile(rf"(?<![0-9])(?P<y>{_YEAR}){_NIAN}(?P<m>{_SMALL}){_YUE}{_B}*(?P<d>{_SMALL}){_RI}"),
        _h_date_full,
    ),
    (re.compile(rf"(?<![0-9])(?P<y>{_YEAR}){_NIAN}(?P<m>{_SMALL}){_YUE}份?"), _h_year_month),
    (
        re.compile(
            rf"(?<![0-9])(?P<a>[12][0-9]{{3}})(?P<sep>{_RANGE_SEP})(?P<b>[12][0-9]{{3}}){_B}*年(?!代)"
        ),
        _h_year_range,
    ),
    (re.compile(rf"(?<![0-9])(?P<y>[12][0-9]{{3}}){_B}*年代"), _h_decade),
    (re.compile(rf"(?<![0-9])(?P<y>{_YEAR}){_B}*年(?:(?P<part>初(?!创)|底|末))?(?![0-9代])"), _h_year),
    (
        re.compile(
            rf"{_REL}{_MONTH_START}(?P<a>{_SMALL})(?P<sep>{_RANGE_SEP})(?P<b>{_SMALL}){_YUE}份?"
            r"(?![0-9零〇一二三四五六七八九十])"
        ),
        _h_month_range,
    ),
    (re.compile(rf"{_REL}{_MONTH_START}(?P<m>{_SMALL}){_YUE}{_B}*(?P<d>{_SMALL}){_RI}"), _h_month_day),
    (re.compile(rf"{_REL}{_MONTH_START}(?P<m>{_SMALL}){_YUE}份?"), _h_month),
    (
        re.compile(r"(?<![0-9/])(?P<y>[12][0-9]{3})/(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})(?![0-9/])"),
        _h_date_slash,
    ),
    (
        re.compile(
            r"(?<![0-9])(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
            r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
            r"(?![0-9])"
        ),
        _h_date_iso,
    ),
    # Chinese percentages and ordinals
    (
        re.compile(
            rf"百分之(?P<p>{_ARABIC}|(?:[零〇一二两三四五六七八九十千]|百(?!分之))+(?:点[零〇一二三四五六七八九]+)?)"
        ),
        _h_percent_zh,
    ),
    (re.compile(rf"第(?P<n>{_ARABIC}|[零〇一二两三四五六七八九十百千万]+)"), _h_ordinal_zh),
    # English dates: "July 3, 2025", "3 July 2025", "July 2025", "July"
    (
        re.compile(
            rf"(?<![A-Za-z])(?P<mon>{_MONTH_ANY}){_B}+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?![0-9A-Za-z])"
            rf"(?:,?{_B}+(?P<y>[12][0-9]{{3}})(?![0-9]))?"
        ),
        _h_en_date,
    ),
    (
        re.compile(
            rf"{_NOT_AFTER_WORD}(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?{_B}+(?:of{_B}+)?(?P<mon>{_MONTH_ANY})"
            rf"(?![A-Za-z])(?:,?{_B}+(?P<y>[12][0-9]{{3}})(?![0-9]))?"
        ),
        _h_en_date,
    ),
    (re.compile(rf"(?<![A-Za-z])(?P<mon>{_MONTH_ANY}),?{_B}+(?P<y>[12][0-9]{{3}})(?![0-9])"), _h_en_date),
    (re.compile(rf"(?<![A-Za-z])(?P<mon>{_MONTH_FULL})(?![A-Za-z])"), _h_en_month),
    # English ordinals, version numbers (1.2.3: a name, not a quantity)
    (re.compile(rf"{_NOT_AFTER_WORD}(?P<n>[0-9]+)(?:st|nd|rd|th)(?![A-Za-z0-9])"), _h_ordinal_en),
    (re.compile(rf"{_NOT_AFTER_WORD}[0-9]+(?:\.[0-9]+){{2,}}(?![0-9])"), _h_skip),
    # Quantities, in either language
    (
        re.compile(
            r"(?P<pre>人民币|US\$|HK\$|[$¥￥€£])?"
            rf"{_NOT_AFTER_NUMBER}(?P<n1>{_CORE})"
            # A spaced hyphen ("1130亿 - 36氪") is a dash, not a range.
            rf"(?:(?P<rsep>[-–]|{_B}*[~～至到]{_B}*|{_B}+to{_B}+)"
            rf"(?:US\$|[$¥￥€£])?{_NOT_AFTER_WORD}(?P<n2>{_CORE}))?"
            r"(?:(?P<lsuf>bn|mn|tn|[kKMBTmxs×])(?![A-Za-z0-9]))?"
            rf"(?P<escale>(?:{_B}+|-)(?i:hundred|thousand|million|billion|trillion)(?![A-Za-z]))?"
            r"(?:(?<=[0-9])(?![A-Za-z0-9])|(?<![0-9]))"  # digits glued to letters are names: 4o, 5G
            rf"(?:{_B}*(?:(?P<cur>美元|美金|欧元|英镑|日元|港元|港币|元人民币|人民币|块钱|元(?!宇宙|组|素|数据|年|旦))"
            r"|(?P<pct>[%％])|(?P<pp>个百分点)"
            r"|(?P<cls>[块个台张家名位款])(?![月钱])"
            rf"(?:{_B}*(?P<noun>[A-Za-z][A-Za-z0-9-]*+(?:{_B}+{_NAME_WORD}){{0,2}}(?![{_UNIT_CHARS}])))?))?"
        ),
        _h_number,
    ),
    # English number words: "a million" counts; "two" only excuses a source 2
    (
        re.compile(
            rf"(?i)(?<![A-Za-z])(?P<w>an?|{_WORDS})[ \t-]+(?P<s>hundred|thousand|million|billion|trillion)"
            r"(?![A-Za-z])"
        ),
        _h_word_scale,
    ),
    (re.compile(rf"(?i)(?<![A-Za-z])(?:zero|{_WORDS})(?![A-Za-z])"), _h_word),
)


def _scan(text: str) -> list[_Hit]:
    """Non-overlapping hits, left to right; at one position the earlier rule wins.

    A handler that rejects its match (an invalid date such as 2月30日) lets the later rules try
    that position.
    """
    hits: list[_Hit] = []
    pos = 0
    # Each rule's next match at or after pos; a search from a later position cannot find an
    # earlier match, so a cached match stays valid until pos passes its start.
    cache: list[re.Match[str] | None] = [rx.search(text) for rx, _ in _RULES]
    while pos < len(text):
        best: tuple[int, int] | None = None
        for i, (rx, _handler) in enumerate(_RULES):
            m = cache[i]
            if m is not None and m.start() < pos:
                m = cache[i] = rx.search(text, pos)
            if m is not None and (best is None or m.start() < best[0]):
                best = (m.start(), i)
        if best is None:
            break
        start, i = best
        match = cache[i]
        assert match is not None
        hit = _RULES[i][1](match) if match.end() > start else None
        if hit is None:
            cache[i] = _RULES[i][0].search(text, start + 1)
            continue
        hits.append(hit)
        pos = max(hit.end, start + 1)
    return hits


# ---------------------------------------------------------------------------------------------
# Public API: drafts

_APPROX_BEFORE = (("大约", "about "), ("约", "about "), ("超过", "more than "), ("逾", "more than "))
_NOT_APPROX = set("纽合条预签制节公契邀婚违履隐")  # 纽约 is New York, 合约 a contract ...


def _latinish(c: str) -> bool:
    return (c.isascii() and c.isalnum()) or c >= _PH_CHAR_MIN


_MAX_PASSES = 8


def to_english(text: str) -> str:
    """Rewrite Chinese quantities, dates and percentages inside a (mixed) English draft.

    "1130亿美元" → "$113 billion", "20万块GPU" → "200,000 GPUs", "2025年7月3日" → "July 3, 2025",
    "百分之三十" → "30%", "约170亿美元" → "about $17 billion". Anything else is left as written.

    A rewrite changes the context of its neighbours (a numeral glued to a digit is a name, glued
    to "%" it is a number), so passes repeat until nothing changes; each productive pass removes
    Chinese characters, so this ends, and the result is a fixed point: idempotent.
    """
    for _ in range(_MAX_PASSES):
        again = _to_english_once(text)
        if again == text:
            break
        text = again
    return text


def _to_english_once(text: str) -> str:
    masked = _mask(text)
    src = masked.text.translate(_FULLWIDTH_DIGITS)
    out: list[str] = []
    last = 0
    for hit in _scan(src):
        if hit.replacement is None:
            continue
        start, end, rep = hit.start, hit.end, hit.replacement
        quantity = not rep.startswith("more than ") and rep[:1] in "$€£¥HK0123456789"
        if quantity:
            for word, english in _APPROX_BEFORE:
                at = start - len(word)
                if at >= last and src.startswith(word, at) and (at == 0 or src[at - 1] not in _NOT_APPROX):
                    start, rep = at, english + rep
                    break
            else:
                if src.startswith("左右", end):
                    end, rep = end + 2, "about " + rep
        out.append(src[last:start])
        # Judge the left neighbour on the output: it may be the previous rewrite.
        before = out[-1][-1:] if out[-1] else (out[-2][-1:] if len(out) > 1 else "")
        if before and (_latinish(before) or (before == "." and rep[0].isdigit())):
            rep = " " + rep  # ".30%" would read as a decimal fraction
        if end < len(src) and _latinish(src[end]):
            rep += " "
        out.append(rep)
        last = end
    out.append(src[last:])
    return masked.unmask("".join(out))


_SEP = {"，": ",", "、": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?"}
_OPEN = {"（": "(", "“": '"', "‘": "'", "《": '"', "〈": '"', "「": '"', "『": '"'}
_CLOSE = {"）": ")", "”": '"', "’": "'", "》": '"', "〉": '"', "」": '"', "』": '"'}
_NO_SPACE_BEFORE = set(",.;:!?)]}%")
_PUNCT_TOKEN = re.compile(r"…+|[—―]{2,}|\*+|_+|~+|.", re.S)
_LIST_NUMBER_LINE = re.compile(r"(?:^|\n)[ \t]*(?:#+[ \t]*)?(?:[0-9]+|[一二三四五六七八九十]+)$")
_BLANKS = (" ", "\t")


_BARE_URL = re.compile(r"(?:https?|ftp)://|www\.")


def _fullwidth_ascii(c: str) -> str:
    if "\uff01" <= c <= "\uff5e":
        return chr(ord(c) - 0xFEE0)
    return c


def punctuation_to_english(text: str) -> str:
    """Chinese punctuation → English punctuation with English spacing.

    "，" → ", ", "。" → ". ", "（注）" → " (注)", "“…”"/"《…》"/"「…」" → '"…"', "……" → "...",
    "——" → " — "; other full-width ASCII forms become ASCII. No space goes before closing
    punctuation, inside brackets or quotes, or at the end of the text; runs of blanks between words
    collapse to one. Protected spans (code, URLs, link targets, tags) are untouched.
    """
    masked = _mask(text)
    src = masked.text
    out: list[str] = []
    pending = False  # a space is owed before the next visible character
    after_url = False  # the owed space also keeps a bare URL from running on into what follows
    swallow = False  # drop blanks until the next visible character

    def strip_blanks() -> None:
        while out and out[-1] in _BLANKS:
            out.pop()

    def hugs(c: str, nxt: str) -> bool:
        """Whether c, following punctuation, takes no space before it."""
        if c in _NO_SPACE_BEFORE:
            return True
        if c in ('"', "'"):
            return not (nxt.isalnum() or nxt >= _PH_CHAR_MIN)
        if c[0] in "*_~":
            # Closing emphasis ("**重点。**"): an odd count of such runs in the paragraph so far.
            paragraph = "".join(out).rsplit("\n\n", 1)[-1]
            return len(re.findall(re.escape(c) + f"(?!{re.escape(c[0])})", paragraph)) % 2 == 1
        piece = masked.pieces.get(c, "")
        return piece.startswith(("[", "</"))  # footnote references and closing tags

    def list_like(ascii_: str) -> str:
        """Escape "." or ")" after a bare number opening a line: "1." would start a Markdown list."""
        parts: list[str] = []
        for piece in reversed(out):
            parts.append(piece.rsplit("\n", 1)[-1])
            if "\n" in piece or len(parts) > 12:
                break
        line = "".join(reversed(parts))
        return "\\" + ascii_ if re.fullmatch(r"[ \t]{0,3}[0-9]{1,9}", line) else ascii_

    for tok in _PUNCT_TOKEN.finditer(src):
        c = tok.group()
        nxt = src[tok.end()] if tok.end() < len(src) else ""
        prev = out[-1] if out else ""
        if c in _SEP or c[0] == "…":
            strip_blanks()
            prev = out[-1] if out else ""
            ascii_ = "..." if c[0] == "…" else _SEP[c]
            if c == "、" and _LIST_NUMBER_LINE.search("".join(out[-12:])):
                ascii_ = "."  # "1、" opening a line numbers it
            if ascii_ == "." and prev.isdigit():
                ascii_ = list_like(ascii_)
            after_url = bool(out) and _BARE_URL.match(masked.pieces.get(out[-1], "")) is not None
            out.append(ascii_)
            pending = not (c == "：" and prev.isdigit() and nxt.isascii() and nxt.isdigit())  # 10：30
            swallow = True
        elif c in _OPEN:
            if pending or (out and prev not in (*_BLANKS, "\n", "(", "[", "{") and not _opened(out)):
                out.append(" ")
            out.append(_OPEN[c])
            pending, swallow = False, True
        elif c in _CLOSE:
            if c == "’" and prev.isalnum() and nxt.isascii() and nxt.isalpha():
                out.append("'")  # an apostrophe: xAI’s
                pending = swallow = False
                continue
            strip_blanks()
            out.append(list_like(")") if c == "）" and out and out[-1].isdigit() else _CLOSE[c])
            pending, swallow, after_url = True, True, False
        elif c[0] in "—―" and len(c) > 1:
            strip_blanks()
            if out and out[-1] != "\n":
                out.append(" ")
            out.extend(("—", " "))
            pending, swallow = False, True
        elif c in (" ", "\t", "\u3000"):
            if c == "\u3000" and (not out or out[-1] == "\n"):
                continue  # a Chinese paragraph indent; four blanks would make a code block
            if not swallow:
                out.append(" " if c == "\u3000" else c)
        elif c == "\n":
            out.append(c)
            pending = swallow = False
        else:
            c = "".join(_fullwidth_ascii(x) for x in c)
            if pending and hugs(c, nxt) and not after_url:
                out.append(c)
                # Closing markup takes the owed space after it: "**重点.** 然后".
                pending = c not in _NO_SPACE_BEFORE
                continue
            if pending:
                out.append(" ")
            pending = swallow = False
            out.append(c)
    result = re.sub(r"(?<=\S) {2,}(?=\S)", " ", "".join(out)).rstrip(" \t")
    return masked.unmask(result)


def _opened(out: list[str]) -> bool:
    """Whether the output ends with an opening ASCII quote (no space goes between two openers)."""
    if out[-1] not in ('"', "'"):
        return False
    return len(out) == 1 or out[-2] in (*_BLANKS, "\n", "(", "[")


def normalize_draft(text: str) -> str:
    """``to_english`` then ``punctuation_to_english``, repeated to a fixed point, so idempotent
    (new spacing can turn a glued numeral into a free one: "_，_0万")."""
    for _ in range(_MAX_PASSES):
        again = punctuation_to_english(to_english(text))
        if again == text:
            break
        text = again
    return text


# ---------------------------------------------------------------------------------------------
# Public API: the numbers check


def _mentions(text: str) -> list[_Mention]:
    masked = _mask(text)
    src = masked.text.translate(_FULLWIDTH_DIGITS)
    return [mention for hit in _scan(src) for mention in hit.mentions]


def source_numbers(zh: str) -> list[Decimal]:
    """The quantities a Chinese segment states, in order, after unit conversion.

    "1130亿美元" → [113000000000]; "2025年7月3日" → [2025, 7, 3]; "百分之三十" → [30]. Ordinals
    (第三), lone numerals inside words (一个, 三国杀), list markers, and digits in URLs, code, link
    targets, HTML and footnote references are not counted.
    """
    return [m.value for m in _mentions(zh) if m.main]


def target_numbers(en: str) -> list[Decimal]:
    """The quantities an English segment states, in order: "$113 billion" → [113000000000],
    "July 3, 2025" → [7, 3, 2025], "a million" → [1000000]. Spelled-out numbers up to ten and
    ordinals (3rd) are not counted: they only excuse a source number (see ``compare_numbers``).

    The same scanner serves both languages, so mixed text is read the same way on either side.
    """
    return [m.value for m in _mentions(en) if m.main]


def _describe(mention: _Mention) -> str:
    formatted = _fmt(mention.value)
    text = mention.text.strip()
    return text if text in (formatted, str(mention.value)) else f"{text} ({formatted})"


def _pair(wanted: list[_Mention], offered: list[_Mention], taken: list[bool], main: bool) -> list[_Mention]:
    """Match each wanted mention to the first untaken offered one of equal value; return the rest."""
    free: dict[Decimal, list[int]] = {}
    for j, mention in enumerate(offered):
        if mention.main == main and not taken[j]:
            free.setdefault(mention.value, []).append(j)
    unmatched: list[_Mention] = []
    for mention in wanted:
        slots = free.get(mention.value)
        if slots:
            taken[slots.pop(0)] = True
        else:
            unmatched.append(mention)
    return unmatched


def compare_numbers(zh: str, en: str) -> list[str]:
    """Problems with the numbers of a translation, one line each; empty when they agree.

    A multiset comparison of the counted quantities of both sides, after unit conversion. A source
    number the translation lacks is excused by an uncounted mention of the same value in the
    translation: a spelled-out number up to ten, an ordinal or a list number ("两" → "two"). A
    translation number the source lacks is excused likewise by a lone numeral, ordinal or list
    number in the source ("三家公司" → "3 companies", "第3代" → "3rd-generation").
    """
    src, tgt = _mentions(zh), _mentions(en)
    tgt_taken = [False] * len(tgt)
    missing = _pair([m for m in src if m.main], tgt, tgt_taken, main=True)
    missing = _pair(missing, tgt, tgt_taken, main=False)
    extra = [m for m, taken in zip(tgt, tgt_taken, strict=True) if m.main and not taken]
    extra = _pair(extra, src, [False] * len(src), main=False)
    return [f"number {_describe(m)} missing in translation" for m in missing] + [
        f"number {_describe(m)} in translation not in source" for m in extra
    ]
