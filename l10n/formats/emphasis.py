"""Just enough of CommonMark's inline parser to tell whether removing a line break changes a paragraph.

Joining hard-wrapped Chinese lines drops the newline between them. That newline is whitespace to
Markdown: a delimiter run (``*``, ``_``, ``~``) next to it flanks differently once it is gone, and
a bare URL next to it may swallow the following text or stop being recognised. ``joined_breaks``
finds the joins that would change the parse, so ``document.join_lines`` can keep those newlines.

Model (CommonMark 0.31 / GFM, as markdown-it-py and Hugo's goldmark implement them):

* delimiter runs and their flanking (Unicode whitespace: Zs, tab, LF, FF, CR; punctuation: the P
  and S categories), paired by the spec's *process emphasis* procedure (openers bottom, the rule
  of 3); a ``~`` run counts as ``length // 2`` "~~" units that pair with any other (markdown-it's
  strikethrough);
* backslash escapes, code spans, ``<…>`` autolinks and HTML tags, and bare URLs hold no
  delimiters; link text and image descriptions (``[…](…)``, ``[…][…]``) pair among themselves,
  and link destinations hold no delimiters.

Why a model of its own next to ``l10n.formats.inline`` (the tokenizer every other consumer
uses): this question needs CommonMark's exact rules (flanking by Unicode category, linkify-it's
URL ends, the rule of 3), where the tokenizer is deliberately practical (a URL stops at Chinese
text, ``$$`` math is a token). Agreement with markdown-it-py is what the property test checks.

Invariants: pure and total (any string is accepted); the model only has to agree with a real
parser on *whether two spellings of one paragraph differ at a join*, which the property test in
``tests/test_join.py`` checks against markdown-it-py on every multi-line paragraph of the corpus.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["breaks_autolink", "joined_breaks", "pairing"]

_DELIMS = "*_~"
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_WHITESPACE = set("\t\n\f\r ")


def _is_space(ch: str) -> bool:
    return ch in _WHITESPACE or unicodedata.category(ch) == "Zs"


def _is_punct(ch: str) -> bool:
    return ch in _ASCII_PUNCT or unicodedata.category(ch)[0] in "PS"


def _ends_url(ch: str) -> bool:
    """Whitespace, ``<`` and non-ASCII punctuation (P, not symbols) end a bare URL (linkify-it)."""
    return _is_space(ch) or ch == "<" or (not ch.isascii() and unicodedata.category(ch)[0] == "P")


@dataclass
class _Run:
    char: str
    length: int  # original length (the rule of 3 uses it)
    count: int  # delimiters still unmatched
    can_open: bool
    can_close: bool
    active: bool = True


def _flanking(char: str, before: str, after: str) -> tuple[bool, bool]:
    """(can_open, can_close) of a run of ``char`` between ``before`` and ``after`` (line ends: " ")."""
    b_space, a_space = _is_space(before), _is_space(after)
    b_punct, a_punct = _is_punct(before), _is_punct(after)
    left = not a_space and (not a_punct or b_space or b_punct)
    right = not b_space and (not b_punct or a_space or a_punct)
    if char == "_":
        return left and (not right or b_punct), right and (not left or a_punct)
    return left, right


_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>|<[\w.!#$%&'*+/=?^`{|}~\-]+@[\w.\-]+>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9\-]*(?:\s[^<>]*)?/?>|<!--.*?-->|<\?.*?\?>|<![A-Z][^>]*>", re.S)
_URL_START = re.compile(r"(?i)(?:https?://|ftp://|www\.)")
_EMAIL_TAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\Z")
_SCHEME_OPEN = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:")
_EMAIL_HEAD = re.compile(r"[\w.+\-]+@[\w\-]+\.")


_TICKS = re.compile(r"`+")
_INNER_LINK = re.compile(r"\][(\[]")


def _url_end(text: str, i: int, end: int) -> int:
    """End of a bare URL starting at ``i``, as linkify-it finds it: whitespace and ``<`` end it; in
    the host, non-ASCII punctuation ends it too (in the path it does not: ``/a。更多`` is one URL);
    trailing ``?!.,:*_~'")`` are not part of it (GFM's rule)."""
    scheme = text.find("//", i, min(end, i + 10))
    j = scheme + 2 if scheme >= 0 else i
    while j < end and text[j] not in "/?#" and not _ends_url(text[j]):
        j += 1
    if j < end and text[j] in "/?#":
        while j < end and not _is_space(text[j]) and text[j] != "<":
            j += 1
    while j > i and text[j - 1] in "?!.,:*_~'\")":
        j -= 1
    return j


def _scan(text: str, start: int, end: int, groups: list[list[int]], runs: list[_Run]) -> None:
    """Collect the delimiter runs of ``text[start:end]`` into one group; link texts get their own."""
    group: list[int] = []
    groups.append(group)
    i = start
    while i < end:
        c = text[i]
        if c == "\\" and i + 1 < end and text[i + 1] in _ASCII_PUNCT:
            i += 2
        elif c == "`":
            m = _TICKS.match(text, i, end)
            assert m is not None
            i = m.end()
            for other in _TICKS.finditer(text, i, end):
                if len(other.group()) == len(m.group()):
                    i = other.end()
                    break
        elif c == "<":
            m = _AUTOLINK.match(text, i, end) or _HTML_TAG.match(text, i, end)
            i = m.end() if m else i + 1
        elif c in "hHfFwW" and _URL_START.match(text, i, end):
            i = max(i + 1, _url_end(text, i, end))
        elif c == "[" or (c == "!" and i + 1 < end and text[i + 1] == "["):
            open_at = i + 1 if c == "[" else i + 2
            close = _matching(text, open_at, end, "[", "]")
            # A link cannot contain another link (an image can): then its brackets are literal.
            nested = c == "[" and close >= 0 and _INNER_LINK.search(text, open_at, close) is not None
            if close >= 0 and close + 1 < end and text[close + 1] in "([" and not nested:
                closing = ")" if text[close + 1] == "(" else "]"
                dest_end = _matching(text, close + 2, end, text[close + 1], closing)
                if dest_end >= 0:
                    _scan(text, open_at, close, groups, runs)
                    i = dest_end + 1
                    continue
            i = open_at
        elif c in _DELIMS:
            j = i
            while j < end and text[j] == c:
                j += 1
            before = text[i - 1] if i > 0 else " "
            after = text[j] if j < end else " "
            can_open, can_close = _flanking(c, before, after)
            # A "~" run is (length // 2) "~~" units: a lone "~" strikes nothing.
            count = (j - i) // 2 if c == "~" else j - i
            group.append(len(runs))
            runs.append(_Run(c, j - i, count, can_open, can_close))
            i = j
        else:
            i += 1


def _matching(text: str, start: int, end: int, opening: str, closing: str) -> int:
    """Index of the bracket closing the one just before ``start`` (escapes skipped), or -1."""
    depth = 1
    i = start
    while i < end:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == opening and opening != closing:
            depth += 1
        elif c == closing:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _process(group: list[int], runs: list[_Run]) -> list[tuple[int, int, int]]:
    """CommonMark's *process emphasis* over one group; the (opener, closer, used) matches in order."""
    matches: list[tuple[int, int, int]] = []
    bottoms: dict[tuple[str, bool, int], int] = {}
    pos = 0
    while pos < len(group):
        closer = runs[group[pos]]
        if not (closer.active and closer.count and closer.can_close):
            pos += 1
            continue
        key = (closer.char, closer.can_open, closer.length % 3)
        found = -1
        k = pos - 1
        while k >= bottoms.get(key, 0):
            opener = runs[group[k]]
            if opener.active and opener.count and opener.can_open and opener.char == closer.char:
                if closer.char == "~":
                    ok = True  # "~~" units pair whatever their runs' lengths (markdown-it)
                else:
                    odd = (opener.can_close or closer.can_open) and (opener.length + closer.length) % 3 == 0
                    ok = not odd or (opener.length % 3 == 0 and closer.length % 3 == 0)
                if ok:
                    found = k
                    break
            k -= 1
        if found < 0:
            bottoms[key] = pos
            if not closer.can_open:
                closer.active = False
            pos += 1
            continue
        opener = runs[group[found]]
        used = 1 if closer.char == "~" else (2 if opener.count >= 2 and closer.count >= 2 else 1)
        matches.append((group[found], group[pos], used))
        for k in range(found + 1, pos):
            runs[group[k]].active = False
        opener.count -= used
        closer.count -= used
        if closer.count == 0:
            pos += 1
    return matches


def pairing(text: str) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[int, int, int], ...]]:
    """The delimiter runs of ``text`` (char, length) and how emphasis pairs them."""
    runs: list[_Run] = []
    groups: list[list[int]] = []
    _scan(text, 0, len(text), groups, runs)
    shape = tuple((r.char, r.length) for r in runs)
    matches: list[tuple[int, int, int]] = []
    for group in groups:
        matches.extend(_process(group, runs))
    return shape, tuple(sorted(matches))


def breaks_autolink(left: str, right: str) -> bool:
    """Would writing ``left`` and ``right`` with nothing between them change an autolink?

    A bare URL or e-mail address ending ``left`` would run on into what starts ``right``;
    one starting ``right`` would no longer start after whitespace (GFM and goldmark recognise
    ``www.``/``http://`` links only after whitespace, ``*``, ``_``, ``~`` or ``(``); an unclosed
    ``<scheme:`` in ``left`` could close in ``right``.
    """
    if not left or not right:
        return False
    first, last = right[0], left[-1]
    tail = left.rsplit(None, 1)[-1]
    starts = list(_URL_START.finditer(tail))
    if starts:
        at = len(left) - len(tail) + starts[-1].start()
        in_destination = left[:at].endswith(("](", "<"))  # a link's or autolink's, not a bare URL
        if not in_destination and _url_end(left + right, at, len(left) + len(right)) > len(left):
            return True
    if not _ends_url(first) and _EMAIL_TAIL.search(tail):
        return True
    if not _is_space(last) and last not in "*_~(":
        head = right.split(None, 1)[0]
        if _URL_START.match(head) or _EMAIL_HEAD.match(head):
            return True
    opened = tail.rfind("<")
    return opened >= 0 and ">" not in tail[opened:] and _SCHEME_OPEN.match(tail, opened) is not None


def joined_breaks(chunks: Sequence[str]) -> set[int]:
    """Which joins must stay line breaks so that the paragraph pairs its delimiters as written.

    Join ``k`` sits between ``chunks[k]`` and ``chunks[k + 1]``; the source has a newline there,
    the joined form nothing. Joins are tried left to right, each left unspaced only while the
    delimiter runs and their pairing stay those of the source (later joins still newlines).
    """

    def text(seps: list[str]) -> str:
        out = [chunks[0]]
        for k in range(1, len(chunks)):
            out.append(seps[k - 1])
            out.append(chunks[k])
        return "".join(out)

    n = len(chunks) - 1
    reference = pairing(text(["\n"] * n))
    if pairing(text([""] * n)) == reference:
        return set()
    keep: set[int] = set()
    trial = ["\n"] * n
    for k in range(n):
        trial[k] = ""
        if pairing(text(trial)) != reference:
            trial[k] = "\n"
            keep.add(k)
    return keep
