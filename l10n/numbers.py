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
- ``normalize_draft(normalize_draft(t)) == normalize_draft(t)``.
- For a quantity the scanner rewrites, ``target_numbers(to_english(t)) == source_numbers(t)``:
  the rendering is lossless (a scale word is used only when at most three decimals express the
  value exactly; otherwise all digits are written out with grouping).
- Numbers are compared as absolute values: "-5%" and "下降5%" both mention 5.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from babel.dates import format_date, format_skeleton, get_month_names
from babel.numbers import format_decimal, get_currency_symbol

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

_PROTECT_PATTERNS: tuple[re.Pattern[str], ...] = (
    # Fenced code blocks (a segment may be a whole block when callers pass raw Markdown).
    re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.M),
    # Inline code: a backtick run closed by a run of the same length.
    re.compile(r"(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)"),
    # Hugo shortcodes.
    re.compile(r"\{\{[<%][\s\S]*?[%>]\}\}"),
    # HTML tags, comments and autolinks (<https://...>).
    re.compile(r"<!--[\s\S]*?-->|<[A-Za-z/!?][^<>\n]*>"),
    # Inline link/image targets, with optional title and one level of nested parentheses.
    re.compile(r"\]\((?:[^()\n]|\([^()\n]*\))*\)"),
    # Reference-style link labels: [text][label].
    re.compile(r"\]\[[^\]\n]*\]"),
    # Link reference definitions (not footnote definitions, whose text is prose).
    re.compile(r"^[ \t]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S+[^\n]*$", re.M),
    # Footnote references and the label of a footnote definition; numeric citations [12].
    re.compile(r"\[\^[^\]\s]+\]|\[[0-9]+\]"),
    # Bare URLs; trailing sentence punctuation is not part of the URL.
    re.compile(
        r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'`\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]*"
        r"[^\s<>\"'`\u3000-\u303f\uff00-\uffef\u4e00-\u9fff.,;:!?)\]]"
    ),
    # Heading IDs {#id-2}.
    re.compile(r"\{#[^}\n]*\}"),
)

# Ordered-list markers count as structure, not as quantities (only for the check).
_LIST_MARKER = re.compile(r"^[ \t]*(?:>[ \t]*)*(?:[-*+][ \t]+)?[0-9]{1,9}[.)、](?=[ \t]|$)", re.M)

_PH_FIRST = 0xF0000  # Supplementary Private Use Area-A: never produced by any engine or editor.
_PH_CLASS = "\U000f0000-\U000ffffd"


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
    spans: list[tuple[int, int]] = []
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

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
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
                if not (i == 0 and (first or tok.raw == "十")):
                    return None
                coef = Decimal(1)
            else:
                coef = pending.value
            if tok.value >= last_unit:
                return None
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
    s = text.translate(_FULLWIDTH_DIGITS)
    more = re.fullmatch(r"(.+?)[多余]([十百千万亿]+)", s)
    multiplier = Decimal(1)
    if more:
        s = more.group(1)
        for c in more.group(2):
            multiplier *= _SMALL_UNITS.get(c, 0) or _BIG_UNITS[c]
    toks = _tokenize(s)
    if not toks:
        return None
    # An Arabic number followed by Chinese digits ("3一") is not a number.
    if any(a.kind == "num" and a.raw[0].isascii() and b.kind in ("num", "zero") and not b.raw[0].isascii()
           for a, b in zip(toks, toks[1:], strict=False)):
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
    if v == v.to_integral_value():
        return v.quantize(Decimal(1))
    return v.normalize()


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
    "美元": "USD", "美金": "USD", "欧元": "EUR", "英镑": "GBP", "日元": "JPY", "港元": "HKD", "港币": "HKD",
    "元人民币": "CNY", "人民币": "CNY", "块钱": "CNY", "元": "CNY",
    "US$": "USD", "$": "USD", "HK$": "HKD", "€": "EUR", "£": "GBP", "¥": "CNY", "￥": "CNY",
}


def _money(amount: str, code: str) -> str:
    if code == "CNY":
        return f"{amount} yuan"
    return f"{get_currency_symbol(code, locale='en')}{amount}"


_MONTHS = get_month_names("wide", locale="en_US")


def _pluralize(word: str) -> str:
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
_ARABIC_PART = rf"{_ARABIC}(?:[{_UNIT_CHARS}]{{1,3}}(?:零?{_ARABIC}[{_UNIT_CHARS}]{{0,3}})*)?"
_CORE = rf"(?:{_ARABIC_PART}|[{_ZH_NUM_CHARS}]+)(?:[多余][{_UNIT_CHARS}]+)?"
_NOT_AFTER_WORD = r"(?<![A-Za-z0-9_.])"
_SMALL = r"[0-9]{1,2}|[零〇一二三四五六七八九十]{1,3}"
_YEAR = r"1[0-9]{3}|2[0-9]{3}|[〇零一二三四五六七八九]{4}"
_REL = r"(?P<rel>今年|去年|明年|前年)?"
_REL_EN = {"今年": "this year", "去年": "last year", "明年": "next year", "前年": "two years ago"}
_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?)"
_EN_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1,
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
    return _Hit(m.start(), m.end(), (_m(int(m["y"]), m["y"]), _m(int(m["m"]), m["m"]), _m(int(m["d"]), m["d"])))


def _h_year_month(m: re.Match[str]) -> _Hit | None:
    y, mo = _year(m["y"]), _small(m["m"])
    if y is None or mo is None or not 1 <= mo <= 12:
        return None
    text = format_skeleton("yMMMM", date(y, mo, 1), locale="en_US")
    return _Hit(m.start(), m.end(), (_m(y, m["y"] + "年"), _m(mo, m["m"] + "月")), text)


def _h_year_range(m: re.Match[str]) -> _Hit | None:
    sep = "-" if m["sep"].strip() in "-–~～" else " to "
    return _Hit(m.start(), m.end(), (_m(int(m["a"]), m["a"]), _m(int(m["b"]), m["b"] + "年")),
                f"{m['a']}{sep}{m['b']}")


def _h_decade(m: re.Match[str]) -> _Hit | None:
    return _Hit(m.start(), m.end(), (_m(int(m["y"]), m["y"] + "年代"),), f"{m['y']}s")


def _h_year(m: re.Match[str]) -> _Hit | None:
    y = _year(m["y"])
    if y is None:
        return None
    return _Hit(m.start(), m.end(), (_m(y, m["y"] + "年"),), str(y))


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


def _h_skip(m: re.Match[str]) -> _Hit | None:
    return _Hit(m.start(), m.end(), ())


def _h_en_date(m: re.Match[str]) -> _Hit | None:
    groups = m.groupdict()
    mentions: list[_Mention] = []
    if groups.get("mon"):
        mentions.append(_m(_month_number(m["mon"]), m["mon"]))
    if groups.get("d"):
        d = int(m["d"])
        if not 1 <= d <= 31:
            return None
        mentions.insert(1 if groups.get("first") == "mon" else 0, _m(d, m["d"]))
    if groups.get("y"):
        mentions.append(_m(int(m["y"]), m["y"]))
    return _Hit(m.start(), m.end(), tuple(mentions))


def _h_en_month(m: re.Match[str]) -> _Hit | None:
    if m["mon"] == "May":
        # "May" opening a sentence is more often the verb than the month.
        before = m.string[: m.start()].rstrip(" \t*_\"'(")
        if not before or before[-1] in ".!?:\n" or before[-1] >= _PH_CHAR_MIN:
            return None
    return _Hit(m.start(), m.end(), (_m(_month_number(m["mon"]), m["mon"]),))


_PH_CHAR_MIN = chr(_PH_FIRST)


def _h_word_scale(m: re.Match[str]) -> _Hit | None:
    value = _EN_NUMBER_WORDS[m["w"].lower()] * _EN_SCALE_WORDS[m["s"].lower()]
    return _Hit(m.start(), m.end(), (_m(value, m.group()),))


def _h_word(m: re.Match[str]) -> _Hit | None:
    return _Hit(m.start(), m.end(), (_m(_EN_NUMBER_WORDS[m.group().lower()], m.group(), main=False),))


_LATIN_SUFFIX = {
    "k": 10**3, "K": 10**3, "M": 10**6, "mn": 10**6, "m": 10**6, "B": 10**9, "bn": 10**9,
    "T": 10**12, "tn": 10**12,
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
    if v1 is None or (n2 and v2 is None):
        # Not a well-formed number ("零一万物" is a company): count plain digits only.
        mentions = tuple(_m(Decimal(a.replace(",", "")), a) for a in re.findall(_ARABIC, m.group()))
        return _Hit(m.start(), m.end(), mentions)
    pre, lsuf, escale, cur, cls, noun = m["pre"], m["lsuf"], m["escale"], m["cur"], m["cls"], m["noun"]
    pre = pre.strip() if pre else None
    mult = Decimal(1)
    if lsuf and (lsuf != "m" or pre in ("$", "US$", "€", "£")):
        mult = Decimal(_LATIN_SUFFIX.get(lsuf, 1))
    if escale:
        mult = Decimal(_EN_SCALE_WORDS[escale.strip(" \t-").lower()])
    shared = Decimal(1)
    if v2 is not None and n2 and not re.search("[万亿]", n1):
        shared = _trailing_multiplier(n2.split("多")[0].split("余")[0])
    v1 = v1 * mult * shared
    values = [v1] if v2 is None else [v1, v2 * mult]
    suffix_text = (lsuf or "") + (escale or "")
    zh = _has_zh(n1) or (n2 is not None and _has_zh(n2))
    single_char = len(n1) == 1 and not n1.isascii() and n2 is None
    context = bool(cur or m["pct"] or m["pp"] or (pre and pre in ("人民币", "¥", "￥")))
    main = not single_char or context
    if n2 is not None and shared != 1:
        texts = [m.group("n1", "rsep", "n2").__str__() and m.string[m.start("n1") : m.end("n2")]] * 2
    else:
        texts = [n1 + (suffix_text if n2 is None else "")] + ([n2 + suffix_text] if n2 else [])
    mentions = tuple(_m(v, t, main) for v, t in zip(values, texts, strict=True))

    convertible = (zh and main) or (
        bool(cur) or m["pp"] is not None or m["pct"] == "％" or (cls is not None and noun is not None)
    )
    if single_char and not context:
        convertible = False
    if not convertible or any(v < 0 for v in values):
        return _Hit(m.start(), m.end(), mentions)
    end = m.end()
    if cls and not noun and not zh:
        end = m.start("cls")  # "3家公司": keep the classifier with its Chinese noun
    replacement = _render_number(m, values, shared != 1 or bool(escale and n2))
    return _Hit(m.start(), end, mentions, replacement)


def _render_number(m: re.Match[str], values: list[Decimal], shared_scale: bool) -> str:
    cur, pct, pp, noun, sep = m["cur"], m["pct"], m["pp"], m["noun"], m["rsep"]
    pre = (m["pre"] or "").strip()
    code = _CURRENCIES.get(cur or "") or _CURRENCIES.get(pre or "")
    more = "多" in m["n1"] or "余" in m["n1"]

    def one(v: Decimal) -> str:
        if pct:
            return f"{_fmt(v)}%"
        if pp:
            return f"{_fmt(v)} percentage point{'' if v == 1 else 's'}"
        amount = format_quantity(v)
        return _money(amount, code) if code else amount

    if len(values) == 1:
        text = one(values[0])
    elif sep.strip() in ("-", "–", "~", "～") and shared_scale and not pp:
        lo, hi = values
        scaled_hi, scaled_lo = _scaled(hi), _scaled(lo)
        word = scaled_hi[1] if scaled_hi else None
        if word and scaled_lo is None and lo > 0:
            size = dict((w, s) for s, w in _SCALES)[word]
            q = lo / size
            scaled_lo = (q, word) if q == q.quantize(_THOUSANDTH) else None
        if scaled_hi and scaled_lo and scaled_lo[1] == word:
            span = f"{_fmt(scaled_lo[0])}-{_fmt(scaled_hi[0])} {word}"
            text = _money(span, code) if code else span
        else:
            text = f"{one(lo)}-{one(hi)}"
        if pct:
            text = f"{_fmt(lo)}-{_fmt(hi)}%"
    elif sep.strip() in ("-", "–", "~", "～"):
        text = f"{one(values[0])}-{one(values[1])}"
    else:
        text = f"{one(values[0])} to {one(values[1])}"
    if more:
        text = "more than " + text
    if noun:
        words = noun.split(" ")
        if values[-1] != 1:
            words[-1] = _pluralize(words[-1])
        text = f"{text} {' '.join(words)}"
    return text


_RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (re.compile(rf"(?<![0-9])(?P<y>{_YEAR})年(?P<m>{_SMALL})月(?P<d>{_SMALL})(?P<dd>[日号])"), _h_date_full),
    (re.compile(rf"(?<![0-9])(?P<y>{_YEAR})年(?P<m>{_SMALL})月份?"), _h_year_month),
    (re.compile(r"(?<![0-9])(?P<a>[12][0-9]{3})(?P<sep>[ \t]*[-–~～至到][ \t]*)(?P<b>[12][0-9]{3})年(?!代)"),
     _h_year_range),
    (re.compile(r"(?<![0-9])(?P<y>[12][0-9]{3})年代"), _h_decade),
    (re.compile(rf"(?<![0-9])(?P<y>{_YEAR})年(?![0-9代])"), _h_year),
    (re.compile(rf"{_REL}(?<![0-9个第每])(?P<a>{_SMALL})(?P<sep>[ \t]*[-–~～至到][ \t]*)(?P<b>{_SMALL})月份?"
                r"(?![0-9零〇一二三四五六七八九十])"), _h_month_range),
    (re.compile(rf"{_REL}(?<![0-9个第每])(?P<m>{_SMALL})月(?P<d>{_SMALL})(?P<dd>[日号])"), _h_month_day),
    (re.compile(rf"{_REL}(?<![0-9个第每])(?P<m>{_SMALL})月份?(?![0-9])"), _h_month),
    (re.compile(r"(?<![0-9/])(?P<y>[12][0-9]{3})/(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})(?![0-9/])"), _h_date_slash),
    (re.compile(r"(?<![0-9])(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
                r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?(?![0-9])"),
     _h_date_iso),
    (re.compile(r"百分之(?P<p>[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)"),
     _h_percent_zh),
    (re.compile(rf"第(?P<n>{_ARABIC}|[零〇一二两三四五六七八九十百千万]+)"), _h_ordinal_zh),
    (re.compile(rf"\b(?P<first>)(?P<mon>{_MONTH_ANY})[ \t]+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?![0-9A-Za-z])"
                r"(?:,?[ \t]+(?P<y>[12][0-9]{3})(?![0-9]))?"), _h_en_date),
    (re.compile(rf"{_NOT_AFTER_WORD}(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?P<mon>{_MONTH_ANY})"
                r"(?![A-Za-z])(?:,?[ \t]+(?P<y>[12][0-9]{3})(?![0-9]))?"), _h_en_date),
    (re.compile(rf"\b(?P<mon>{_MONTH_ANY}),?[ \t]+(?P<y>[12][0-9]{{3}})(?![0-9])"), _h_en_date),
    (re.compile(rf"\b(?P<mon>{_MONTH_FULL})\b"), _h_en_month),
    (re.compile(rf"{_NOT_AFTER_WORD}(?P<n>[0-9]+)(?:st|nd|rd|th)(?![A-Za-z0-9])"), _h_ordinal_en),
    (re.compile(rf"{_NOT_AFTER_WORD}[0-9]+(?:\.[0-9]+){{2,}}(?![0-9])"), _h_skip),
    (re.compile(
        r"(?P<pre>人民币|US\$|HK\$|[$¥￥€£])?"
        rf"{_NOT_AFTER_WORD}(?P<n1>{_CORE})"
        r"(?:(?P<rsep>[ \t]*[-–~～][ \t]*|[ \t]*[至到][ \t]*|[ \t]+to[ \t]+)"
        rf"(?:US\$|[$¥￥€£])?{_NOT_AFTER_WORD}(?P<n2>{_CORE}))?"
        r"(?:(?P<lsuf>bn|mn|tn|[kKMBTmxs×])(?![A-Za-z0-9]))?"
        r"(?P<escale>(?:[ \t]+|-)(?:hundred|thousand|million|billion|trillion)(?![A-Za-z]))?"
        r"(?:(?<=[0-9])(?![A-Za-z0-9])|(?<![0-9]))"
        r"(?:(?P<cur>美元|美金|欧元|英镑|日元|港元|港币|元人民币|人民币|块钱|元(?!宇宙))"
        r"|(?P<pct>[%％])|(?P<pp>个百分点)"
        r"|(?P<cls>[块个台张家名位款])(?![月钱])"
        r"(?:[ \t]?(?P<noun>[A-Za-z][A-Za-z0-9-]*(?:[ \t][A-Z0-9][A-Za-z0-9-]*){0,2}))?)?"
    ), _h_number),
    (re.compile(r"(?i)\b(?P<w>an?|one|two|three|four|five|six|seven|eight|nine|ten)[ \t-]+"
                r"(?P<s>hundred|thousand|million|billion|trillion)\b"), _h_word_scale),
    (re.compile(r"(?i)\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten)\b"), _h_word),
)


def _scan(text: str) -> list[_Hit]:
    """Non-overlapping hits, left to right; at one position the earlier rule wins.

    A handler that rejects its match (an invalid date such as 2月30日) lets the later rules try
    the same position.
    """
    hits: list[_Hit] = []
    pos = 0
    cache: list[re.Match[str] | None] = [None] * len(_RULES)
    searched_from = [-1] * len(_RULES)
    rejected: set[tuple[int, int]] = set()
    while pos < len(text):
        best: tuple[int, int, re.Match[str]] | None = None
        for i, (rx, _handler) in enumerate(_RULES):
            m = cache[i]
            if searched_from[i] < 0 or (m is not None and m.start() < pos) or (m is None and searched_from[i] > pos):
                m = rx.search(text, pos)
                searched_from[i] = pos
            while m is not None and ((i, m.start()) in rejected or m.end() == m.start()):
                m = rx.search(text, m.start() + 1)
            cache[i] = m
            if m is not None and (best is None or m.start() < best[0]):
                best = (m.start(), i, m)
        if best is None:
            break
        start, i, m = best
        hit = _RULES[i][1](m)
        if hit is None:
            rejected.add((i, start))
            continue
        hits.append(hit)
        pos = max(hit.end, start + 1)
    return hits


# ---------------------------------------------------------------------------------------------
# Public API: drafts

_APPROX_BEFORE = (("大约", "about "), ("约", "about "), ("超过", "more than "), ("逾", "more than "))


def _latinish(c: str) -> bool:
    return (c.isascii() and c.isalnum()) or (c >= _PH_CHAR_MIN)


def to_english(text: str) -> str:
    """Rewrite Chinese quantities, dates and percentages inside a (mixed) English draft.

    "1130亿美元" → "$113 billion", "20万块GPU" → "200,000 GPUs", "2025年7月3日" → "July 3, 2025",
    "百分之三十" → "30%", "约170亿美元" → "about $17 billion". Anything else is left as written.
    """
    masked = _mask(text)
    src = masked.text.translate(_FULLWIDTH_DIGITS)
    out: list[str] = []
    last = 0
    for hit in _scan(src):
        if hit.replacement is None:
            continue
        start, end, rep = hit.start, hit.end, hit.replacement
        if hit.mentions and not rep.startswith("more than "):
            for word, english in _APPROX_BEFORE:
                if src.startswith(word, max(last, start - len(word))) and start - len(word) >= last:
                    start -= len(word)
                    rep = english + rep
                    break
            if src.startswith("左右", end) and not rep.startswith(("about ", "more than ")):
                end += 2
                rep = "about " + rep
        if start > 0 and _latinish(src[start - 1]):
            rep = " " + rep
        if end < len(src) and _latinish(src[end]):
            rep += " "
        out.append(src[last:start])
        out.append(rep)
        last = end
    out.append(src[last:])
    return masked.unmask("".join(out))


_SEP = {"，": ",", "、": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?"}
_OPEN = {"（": "(", "“": '"', "‘": "'", "《": '"', "〈": '"', "「": '"', "『": '"'}
_CLOSE = {"）": ")", "”": '"', "’": "'", "》": '"', "〉": '"', "」": '"', "』": '"'}
_NO_SPACE_BEFORE = set(",.;:!?)]}%") | set(_SEP) | set(_CLOSE) | {"…"}
_PUNCT_TOKEN = re.compile(r"…+|[—―]{2,}|.", re.S)
_LIST_NUMBER_LINE = re.compile(r"(?:^|\n)[ \t]*(?:#+[ \t]*)?(?:[0-9]+|[一二三四五六七八九十]+)$")


def _fullwidth_ascii(c: str) -> str:
    if "\uff01" <= c <= "\uff5e":
        return chr(ord(c) - 0xFEE0)
    return c


def punctuation_to_english(text: str) -> str:
    """Chinese punctuation → English punctuation with English spacing.

    "，" → ", ", "。" → ". ", "（注）" → " (注)", "“…”"/"《…》"/"「…」" → '"…"', "……" → "...",
    "——" → " — ". No space before closing punctuation or at the end of the text; runs of blanks
    between words collapse to one. Protected spans (code, URLs, link targets, tags) are untouched.
    """
    masked = _mask(text)
    src = masked.text
    out: list[str] = []
    pending = False  # a space is owed before the next visible character
    swallow = False  # drop blanks until the next visible character

    def strip_blanks() -> None:
        while out and out[-1] in (" ", "\t"):
            out.pop()

    def visible_next(i: int) -> str:
        return src[i] if i < len(src) else ""

    for tok in _PUNCT_TOKEN.finditer(src):
        c = tok.group()
        nxt = visible_next(tok.end())
        prev = out[-1] if out else ""
        if c in _SEP or c[0] == "…":
            strip_blanks()
            ascii_ = "..." if c[0] == "…" else _SEP[c]
            if c == "、" and _LIST_NUMBER_LINE.search("".join(out[-40:])):
                ascii_ = "."
            out.append(ascii_)
            digit_colon = c == "：" and prev.isdigit() and nxt.isascii() and nxt.isdigit()
            pending = not digit_colon
            swallow = True
        elif c in _OPEN:
            if pending:
                out.append(" ")
            elif out and prev not in (" ", "\t", "\n", "(", "[", "{") and not _opened(out):
                out.append(" ")
            out.append(_OPEN[c])
            pending, swallow = False, True
        elif c in _CLOSE:
            if c == "’" and prev.isalnum() and nxt.isascii() and nxt.isalpha():
                out.append("'")  # an apostrophe: xAI’s
                pending = swallow = False
                continue
            strip_blanks()
            out.append(_CLOSE[c])
            pending, swallow = True, True
        elif c[0] in "—―" and len(c) > 1:
            strip_blanks()
            out.append(" — " if out and out[-1] != "\n" else "— ")
            pending, swallow = False, True
        elif c in (" ", "\t", "\u3000"):
            if not swallow:
                out.append(" " if c == "\u3000" else c)
        elif c == "\n":
            out.append(c)
            pending = swallow = False
        else:
            c = _fullwidth_ascii(c)
            if pending and not _closes(c, nxt):
                out.append(" ")
            pending = swallow = False
            out.append(c)
    result = "".join(out)
    result = re.sub(r"(?<=\S) {2,}(?=\S)", " ", result).rstrip(" \t")
    return masked.unmask(result)


def _opened(out: list[str]) -> bool:
    """Whether the output ends with an opening ASCII quote (no space goes between two openers)."""
    if out[-1] not in ('"', "'"):
        return False
    return len(out) == 1 or out[-2] in (" ", "\t", "\n", "(", "[")


def _closes(c: str, nxt: str) -> bool:
    if c in _NO_SPACE_BEFORE:
        return True
    if c in ('"', "'"):
        return not (nxt.isalnum() or nxt >= _PH_CHAR_MIN)
    return False


def normalize_draft(text: str) -> str:
    """``to_english`` then ``punctuation_to_english``; idempotent."""
    return punctuation_to_english(to_english(text))


# ---------------------------------------------------------------------------------------------
# Public API: the numbers check

def _mentions(text: str) -> list[_Mention]:
    masked = _mask(text, (_LIST_MARKER,))
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
    ordinals (3rd) are not counted (they only excuse a source number, see ``compare_numbers``)."""
    return [m.value for m in _mentions(en) if m.main]


def _describe(mention: _Mention) -> str:
    formatted = _fmt(mention.value)
    text = mention.text.strip()
    return text if text in (formatted, str(mention.value)) else f"{text} ({formatted})"


def compare_numbers(zh: str, en: str) -> list[str]:
    """Problems with the numbers of a translation, as one line each; empty when they agree.

    Multiset comparison of the counted quantities of both sides. A source number the translation
    lacks is excused by a spelled-out number or ordinal of the same value in the translation
    ("两" → "two"); a translation number the source lacks is excused by a lone numeral or ordinal
    of the same value in the source ("三家" → "3 companies").
    """
    src = _mentions(zh)
    tgt = _mentions(en)
    tgt_main = Counter(m.value for m in tgt if m.main)
    src_main = Counter(m.value for m in src if m.main)
    tgt_soft = Counter(m.value for m in tgt if not m.main)
    src_soft = Counter(m.value for m in src if not m.main)
    problems: list[str] = []
    for mention in (m for m in src if m.main):
        if tgt_main[mention.value] > 0:
            tgt_main[mention.value] -= 1
            src_main[mention.value] -= 1
        elif tgt_soft[mention.value] > 0:
            tgt_soft[mention.value] -= 1
            src_main[mention.value] -= 1
        else:
            problems.append(f"number {_describe(mention)} missing in translation")
    remaining = Counter({v: n for v, n in tgt_main.items() if n > 0})
    for mention in (m for m in tgt if m.main):
        if remaining[mention.value] <= 0:
            continue
        remaining[mention.value] -= 1
        if src_soft[mention.value] > 0:
            src_soft[mention.value] -= 1
        else:
            problems.append(f"number {_describe(mention)} in translation not in source")
    return problems
