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

from l10n.formats import inline
from l10n.formats.inline import Token, TokenKind
from l10n.lang.script import is_cjk

__all__ = ["is_cjk", "join_sentences", "protected_regions", "sentence_spans", "split_sentences"]

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

# Where a sentence end may extend to: closing tags and shortcodes, footnote references.
_CLOSERS = frozenset({TokenKind.FOOTNOTE})


def protected_regions(text: str) -> list[tuple[int, int]]:
    """Spans of inline markup (code, links, tags, shortcodes, URLs, emphasis) that must stay whole."""
    return inline.regions(text)


def _is_closing(tok: Token) -> bool:
    """Closing HTML tags and closing shortcodes stay with the sentence they end: "<b>好。</b>"."""
    if tok.kind is TokenKind.HTML:
        return tok.role == "close"
    if tok.kind is TokenKind.SHORTCODE:
        return tok.name.startswith("/")
    return tok.kind in _CLOSERS


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


def _absorb_closers(
    text: str, j: int, closers: frozenset[str], reach: list[int], starts: dict[int, Token]
) -> int:
    """Extend a sentence end past closing quotes, footnote refs, closing tags and emphasis markers."""
    n = len(text)
    while j < n:
        c = text[j]
        if c in closers:
            j += 1
            continue
        tok = starts.get(j)
        if tok is not None and _is_closing(tok):
            j = tok.end
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
    tokens = inline.tokenize(text)
    starts = {tok.start: tok for tok in tokens}
    reach = _reach(n, inline.regions(text, tokens))
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
                j = _absorb_closers(text, j, _CJK_CLOSERS, reach, starts)
            if reach[j] <= j:
                cuts.append(j)
            i = j
            continue
        if c in _ASCII_TERMINATORS:
            j = i
            while j < n and text[j] in _ASCII_TERMINATORS:
                j += 1
            run = text[i:j]
            j = _absorb_closers(text, j, _ASCII_CLOSERS, reach, starts)
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
