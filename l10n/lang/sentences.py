"""Rule-based sentence splitting for Chinese (and mixed Chinese/English) Markdown text.

We deliberately do not use Stanza, MiniSBD or spaCy: they download models at run time, and the
tool must work offline.

Invariants of ``sentence_spans(text)``:
- spans are ``(start, end)`` offsets into ``text``, in order, non-empty, non-overlapping;
- a span never begins or ends with whitespace;
- the text before the first span, between consecutive spans and after the last span is
  whitespace only, so ``text`` is exactly the spans joined with those gaps;
- a boundary never falls strictly inside an inline code span, a Markdown link or image
  (``[..](..)``, ``[..][..]``), an autolink or HTML tag, a Hugo shortcode, a footnote reference,
  a bare URL or an emphasis pair (``**..**``, ``*..*``, ``__..__``, ``_.._``, ``~~..~~``), so every
  sentence carries balanced inline markup.

The splitter prefers to under-split: joining two sentences only makes one MT input longer,
whereas a wrong split hands the engine two fragments and loses the sentence's meaning.
"""

from __future__ import annotations

import re

__all__ = ["sentence_spans", "split_sentences", "join_sentences"]

# Chinese full-width terminators end a sentence with no following space.
_CJK_TERMINATORS = frozenset("。！？；…．")
_ASCII_TERMINATORS = frozenset(".!?")
# Closing quotes/brackets that belong to the sentence they follow.
_CJK_CLOSERS = frozenset("”’」』）》】〕〉)]")
# After an ASCII terminator an ASCII quote can only be a closing one: `He said "Go." Then`.
_ASCII_CLOSERS = _CJK_CLOSERS | frozenset("\"'")
_EMPHASIS_CHARS = frozenset("*_~")
# Characters that may begin a new sentence after ". " (besides upper case letters and CJK).
_OPENERS = frozenset("“‘\"'「『（(《【〔〈[*_`<{#¿¡")

# Abbreviations (lower case, without the final period) after which ". X" does not end a
# sentence. Company suffixes and months are included on purpose: under-splitting is harmless.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms mx dr prof sr jr st mt gen sen rep gov lt col capt sgt rev hon pres supt messrs
    vs cf approx fig figs no nos vol vols ch chap sec p pp ed eds al ca op repr
    inc ltd co corp dept univ assn bros est
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
# Dotted acronyms and single letters: "U.S", "e.g", "i.e", "a.m", "J" (as in "John F. Kennedy").
_DOTTED = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")

_BACKTICKS = re.compile(r"`+")
_SHORTCODE = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}", re.DOTALL)
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>|<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>")
_HTML_TAG = re.compile(
    r"<!--.*?-->"
    r"|</[A-Za-z][A-Za-z0-9\-]*\s*>"
    r"|<[A-Za-z][A-Za-z0-9\-]*(?:\s+(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?/?>",
    re.DOTALL,
)
# Closing HTML tags and closing shortcodes stay with the sentence they end: "<b>好。</b>".
_CLOSING_TAG = re.compile(r"</[A-Za-z][A-Za-z0-9\-]*\s*>|\{\{<\s*/.*?>\}\}|\{\{%\s*/.*?%\}\}")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
# Bare URLs stop at whitespace, angle brackets and full-width punctuation; trailing ASCII
# punctuation is trimmed afterwards because "see https://a.b/c." ends with a period, not a URL char.
_URL = re.compile(
    r"(?<![A-Za-z0-9])(?:https?://|ftp://|www\.)[^\s<>\"'`，。！？；：、（）《》「」『』“”‘’【】]+"
)
_URL_TRAILING = ".,;:!?*_~'\""
# Emphasis pairs and the length of their delimiter runs.
_EMPHASIS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"\*\*\*(?=[^\s*])(?:(?!\*\*\*).)+?(?<=[^\s*])\*\*\*(?!\*)"), 3),
    (re.compile(r"\*\*(?=\S)(?:(?!\*\*).)+?(?<=\S)\*\*"), 2),
    (re.compile(r"(?<![A-Za-z0-9_])__(?=\S)(?:(?!__).)+?(?<=\S)__(?![A-Za-z0-9_])"), 2),
    (re.compile(r"~~(?=\S)(?:(?!~~).)+?(?<=\S)~~"), 2),
    (re.compile(r"(?<!\*)\*(?=[^\s*])[^*\n]+?(?<=[^\s*])\*(?!\*)"), 1),
    (re.compile(r"(?<![A-Za-z0-9_])_(?=[^\s_])[^_\n]+?(?<=[^\s_])_(?![A-Za-z0-9_])"), 1),
]
_MASK = "\x01"
# Longest inline code span we look for (a longer one is plain text); keeps unmatched runs cheap.
_MAX_CODE = 10000


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs, kana and hangul: characters that may start a sentence unspaced."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0x3040 <= o <= 0x30FF
        or 0xAC00 <= o <= 0xD7AF
        or 0x20000 <= o <= 0x3FFFF
    )


class _Brackets:
    """Matching ``[]`` and ``()`` pairs of a text, found in one pass per kind.

    Honours backslash escapes and code spans (brackets inside code are literal); a blank line
    closes everything (links never cross paragraphs). ``match(i, "[", "]")`` is the index just
    past the bracket matching ``text[i]``, or -1.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._pairs: dict[str, dict[int, int]] = {}

    def match(self, i: int, open_ch: str, close_ch: str) -> int:
        pairs = self._pairs.get(open_ch)
        if pairs is None:
            pairs = self._pairs[open_ch] = self._scan(open_ch, close_ch)
        return pairs.get(i, -1)

    def _scan(self, open_ch: str, close_ch: str) -> dict[int, int]:
        text = self.text
        n = len(text)
        pairs: dict[int, int] = {}
        stack: list[int] = []
        j = 0
        while j < n:
            c = text[j]
            if c == "\\":
                j += 2
                continue
            if c == "`":
                end = _code_span_end(text, j)
                if end > 0:
                    j = end
                    continue
                j += len(_BACKTICKS.match(text, j).group())  # type: ignore[union-attr]
                continue
            if c == "\n" and text[j + 1 : j + 2] == "\n":
                stack.clear()
            elif c == open_ch:
                stack.append(j)
            elif c == close_ch and stack:
                pairs[stack.pop()] = j + 1
            j += 1
        return pairs


def _code_span_end(text: str, i: int) -> int:
    """If a code span opens at ``i`` return the index just past its closing run, else -1."""
    m = _BACKTICKS.match(text, i)
    if m is None:
        return -1
    run = m.group()
    j = m.end()
    limit = i + _MAX_CODE
    while True:
        k = text.find(run, j, limit)
        if k < 0:
            return -1
        end = k + len(run)
        # The closing run must be exactly as long as the opening one.
        if text[k - 1] != "`" and (end >= len(text) or text[end] != "`"):
            return end
        j = end
        while j < len(text) and text[j] == "`":
            j += 1


def protected_regions(text: str) -> list[tuple[int, int]]:
    """Spans of inline markup (code, links, tags, shortcodes, URLs, emphasis) that must stay whole."""
    regions: list[tuple[int, int]] = []
    brackets = _Brackets(text)
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            end = _code_span_end(text, i)
            if end > 0:
                regions.append((i, end))
                i = end
            else:
                i += len(_BACKTICKS.match(text, i).group())  # type: ignore[union-attr]
            continue
        if c == "{" and text.startswith(("{{<", "{{%"), i):
            m = _SHORTCODE.match(text, i)
            if m:
                regions.append((i, m.end()))
                i = m.end()
                continue
        if c == "<":
            m = _AUTOLINK.match(text, i) or _HTML_TAG.match(text, i)
            if m:
                regions.append((i, m.end()))
                i = m.end()
                continue
        if c == "[" or (c == "!" and text.startswith("![", i)):
            start = i
            b = i + 1 if c == "!" else i
            m = _FOOTNOTE.match(text, b)
            if m and c == "[":
                regions.append((start, m.end()))
                i = m.end()
                continue
            end = brackets.match(b, "[", "]")
            if end > 0:
                # A following "(destination)" or "[ref]" belongs to the same link.
                if end < n and text[end] == "(":
                    end2 = brackets.match(end, "(", ")")
                    if end2 > 0:
                        end = end2
                elif end < n and text[end] == "[":
                    end2 = brackets.match(end, "[", "]")
                    if end2 > 0:
                        end = end2
                regions.append((start, end))
                i = end
                continue
        if c in "hfw":
            m = _URL.match(text, i)
            if m:
                end = m.end()
                while end > i and text[end - 1] in _URL_TRAILING:
                    end -= 1
                # A URL may legitimately end in ")" only when its parentheses balance.
                while end > i and text[end - 1] == ")" and text.count("(", i, end) < text.count(")", i, end):
                    end -= 1
                regions.append((i, end))
                i = end
                continue
        i += 1
    # Emphasis is found on a copy with the other regions masked out, so "*" or "_" inside code,
    # URLs or link targets never pairs up; masking keeps offsets unchanged.
    masked = list(text)
    for s, e in regions:
        masked[s:e] = _MASK * (e - s)
    mtext = "".join(masked)
    for pat, _ in _EMPHASIS:
        for m in pat.finditer(mtext):
            regions.append((m.start(), m.end()))
    regions.sort()
    return regions


def _reach(n: int, regions: list[tuple[int, int]]) -> list[int]:
    """``reach[p]``: the largest end of a region starting before ``p`` (-1 if none).

    Position ``p`` lies strictly inside some region iff ``reach[p] > p``, and then ``reach[p]`` is
    the end of the outermost such region.
    """
    reach = [-1] * (n + 1)
    for s, e in regions:
        if s + 1 <= n and e > reach[s + 1]:
            reach[s + 1] = e
    for p in range(1, n + 1):
        if reach[p - 1] > reach[p]:
            reach[p] = reach[p - 1]
    return reach


def _absorb_closers(text: str, j: int, closers: frozenset[str], reach: list[int]) -> int:
    """Extend a sentence end past closing quotes, footnote refs, closing tags and emphasis markers."""
    n = len(text)
    while j < n:
        c = text[j]
        if c in closers:
            j += 1
            continue
        if c == "[":
            m = _FOOTNOTE.match(text, j)
            if m:
                j = m.end()
                continue
        if c in "<{":
            m = _CLOSING_TAG.match(text, j)
            if m:
                j = m.end()
                continue
        if c in _EMPHASIS_CHARS:
            # Only the closing markers of an emphasis pair that contains the terminator.
            end = reach[j]
            if end > j and all(ch in _EMPHASIS_CHARS or ch in closers for ch in text[j:end]):
                j = end
                continue
        break
    return j


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the word before the period at ``dot`` an abbreviation (so ". X" continues the sentence)?"""
    k = dot
    while k > 0 and not text[k - 1].isspace() and text[k - 1] not in "([{\"'“‘（":
        k -= 1
    word = text[k:dot]
    if not word:
        return False
    if word.lower() in _ABBREVIATIONS:
        return True
    return _DOTTED.fullmatch(word) is not None and (len(word) == 1 or "." in word)


def _is_list_marker(text: str, dot: int, sentence_start: int) -> bool:
    """A number opening the sentence ("1. 第一步"): an enumeration, not a sentence of its own."""
    k = dot
    while k > sentence_start and text[k - 1].isdigit():
        k -= 1
    return k < dot and not text[sentence_start:k].strip()


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or is_cjk(ch) or ch in _OPENERS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans; see the module docstring for the invariants."""
    n = len(text)
    regions = protected_regions(text)
    reach = _reach(n, regions)
    cuts: list[int] = []  # sentence end offsets (exclusive); the next sentence starts after spaces
    i = 0
    while i < n:
        c = text[i]
        if c in _CJK_TERMINATORS or (
            # "真的吗?下一句": ASCII !/? between CJK characters ends a sentence without a space.
            c in "!?" and i > 0 and is_cjk(text[i - 1])
        ):
            j = i
            # "？”。" is one sentence end: terminators, closers, terminators again.
            while j < n and (text[j] in _CJK_TERMINATORS or text[j] in "!?"):
                while j < n and (text[j] in _CJK_TERMINATORS or text[j] in "!?"):
                    j += 1
                j = _absorb_closers(text, j, _CJK_CLOSERS, reach)
            if reach[j] <= j:
                cuts.append(j)
            i = j
            continue
        if c in _ASCII_TERMINATORS:
            j = i
            while j < n and text[j] in _ASCII_TERMINATORS:
                j += 1
            run = text[i:j]
            j = _absorb_closers(text, j, _ASCII_CLOSERS, reach)
            if j < n and text[j].isspace() and reach[j] <= j:
                k = j
                while k < n and text[k].isspace():
                    k += 1
                if (
                    k < n
                    and _starts_sentence(text[k])
                    and not (run == "." and _is_abbreviation(text, i))
                    and not (run == "." and _is_list_marker(text, i, cuts[-1] if cuts else 0))
                ):
                    cuts.append(j)
            i = j
            continue
        if c == "\n":
            # A blank line always ends a sentence (it ends the paragraph).
            k = i
            while k < n and text[k].isspace():
                k += 1
            if text.count("\n", i, k) >= 2 and reach[i] <= i:
                cuts.append(i)
            i = k
            continue
        i += 1

    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*cuts, n]:
        while start < cut and text[start].isspace():
            start += 1
        end = cut
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
        start = max(start, cut)
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (whitespace around them dropped)."""
    return [text[s:e] for s, e in sentence_spans(text)]


# Languages written without spaces between sentences.
_UNSPACED = frozenset({"zh", "ja", "yue", "wuu", "lzh"})


def join_sentences(parts: list[str], target_lang: str = "en") -> str:
    """Join translated sentences: one space between them, none for Chinese/Japanese targets.

    Each part is stripped and empty parts are dropped, so an engine that returns stray
    whitespace or an empty string never produces double spaces.
    """
    lang = target_lang.strip().lower().replace("_", "-").split("-")[0]
    sep = "" if lang in _UNSPACED else " "
    return sep.join(p.strip() for p in parts if p.strip())
