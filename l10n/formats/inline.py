"""The one inline tokenizer: typed spans of Markdown/Hugo inline syntax inside a segment's text.

Every consumer that must know where inline markup is reads it from here: the sentence splitter
(never split inside markup), MT placeholders (protect markup from the engine), the entry checks
(compare markup between source and translation), the numbers check (numbers inside URLs and code
are not quantities), the leftover audit and the glossary (terms inside URLs are not terms). As
markdown-it-py's single ``rules_inline`` serves every renderer.

``tokenize(text)`` returns tokens in text order, non-overlapping, each ``text[start:end]``:

- ``ESCAPE``: a backslash and the ASCII punctuation it escapes (``\\*``);
- ``CODE``: a code span, closed by a backtick run of the same length; ``TICKS``: a run that
  closes nothing (literal backticks);
- ``SHORTCODE``: a Hugo shortcode call ``{{< … >}}`` / ``{{% … %}}`` (``name`` is its name, with
  ``/`` for a closing call);
- ``AUTOLINK``: ``<scheme:…>`` or ``<user@host>`` (``target`` is the address);
- ``HTML``: a tag or comment (``name`` is the tag name, ``role`` is ``open``, ``close``, ``void`` or
  ``comment``);
- ``FOOTNOTE``: a footnote reference ``[^label]``;
- ``LINK_OPEN`` / ``LINK_CLOSE``: ``[`` or ``![`` and ``](destination "title")`` or ``][label]``
  of an inline or full reference link or image; the link text between them is tokenized too. The
  two share ``pair``; ``target`` (on both) is the destination or label, ``image`` says ``![``.
- ``BRACKET_OPEN`` / ``BRACKET_CLOSE``: a matched ``[``…``]`` pair that is not a link (a shortcut
  reference, a citation like ``[1]``), sharing ``pair``;
- ``URL``: a bare ``http(s)://``, ``ftp://`` or ``www.`` URL; it ends at whitespace, quotes, angle
  brackets, CJK text or full-width punctuation, and trailing sentence punctuation is not part of it;
- ``MATH``: inline ``$$…$$`` on one line.

Brackets honour backslash escapes and code spans, and never pair across a blank line. A token
inside link text never runs past the link text. ``emphasis(masked)`` finds ``**``/``*``/``__``/
``_``/``~~`` pairs in a text whose other tokens were masked with ``mask``, so a ``*`` inside code
or a URL never pairs up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

__all__ = [
    "MASK",
    "NOT_PROSE",
    "Token",
    "TokenKind",
    "code_span_end",
    "emphasis",
    "mask",
    "regions",
    "strip",
    "tokenize",
    "urls",
]


class TokenKind(Enum):
    ESCAPE = "escape"
    CODE = "code"
    TICKS = "ticks"
    SHORTCODE = "shortcode"
    AUTOLINK = "autolink"
    HTML = "html"
    FOOTNOTE = "footnote"
    LINK_OPEN = "link-open"
    LINK_CLOSE = "link-close"
    BRACKET_OPEN = "bracket-open"
    BRACKET_CLOSE = "bracket-close"
    URL = "url"
    MATH = "math"


@dataclass(frozen=True)
class Token:
    """One inline token; ``text[start:end]`` is its source. See the module docstring for fields."""

    kind: TokenKind
    start: int
    end: int
    text: str
    name: str = ""
    role: str = ""
    target: str = ""
    pair: int = 0
    image: bool = False


MASK = "\x01"
# Longest inline code span we look for (a longer one is plain text); keeps unmatched runs cheap.
_MAX_CODE = 10000
_BACKTICKS = re.compile(r"`+")
_ESCAPABLE = frozenset("\\`*_{}[]()#+-.!|<>~\"'$%&,/:;=?@^")
_SHORTCODE = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}", re.DOTALL)
_SHORTCODE_NAME = re.compile(r"\{\{[<%]\s*(/?\s*[^\s>%/]+)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>|<([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>")
_HTML_TAG = re.compile(
    r"<!--.*?-->"
    r"|</[A-Za-z][A-Za-z0-9\-]*\s*>"
    r"|<[A-Za-z][A-Za-z0-9\-]*(?:\s+(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?/?>",
    re.DOTALL,
)
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9\-]*)")
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
# CJK ideographs and full-width punctuation end a bare URL: "访问https://a.b/c获取" links a.b/c.
_URL = re.compile(
    r"(?<![A-Za-z0-9])(?:https?://|ftp://|www\.)"
    r"[^\s<>\"'`\u3000-\u303f\uff00-\uffef\u3400-\u4dbf\u4e00-\u9fff“”‘’…—]+"
)
_URL_TRAILING = ".,;:!?*_~'\""
# Characters a token (or a pending link/bracket close) can start at.
_STARTS = frozenset("\\`{<$[!hfw]")
_NEXT = re.compile(r"[\\`{<$\[!hfw\]]")
_MATH = re.compile(r"\$\$[^\n$]+?\$\$")
_LINK_DEST = re.compile(r"\(\s*(?:<([^<>\n]*)>|(\S*?))(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)\Z", re.S)
# Emphasis pairs and the length of their delimiter runs, longest first.
_EMPHASIS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"\*\*\*(?=[^\s*])(?:(?!\*\*\*).)+?(?<=[^\s*])\*\*\*(?!\*)"), 3),
    (re.compile(r"\*\*(?=\S)(?:(?!\*\*).)+?(?<=\S)\*\*"), 2),
    (re.compile(r"(?<![A-Za-z0-9_])__(?=\S)(?:(?!__).)+?(?<=\S)__(?![A-Za-z0-9_])"), 2),
    (re.compile(r"~~(?=\S)(?:(?!~~).)+?(?<=\S)~~"), 2),
    (re.compile(r"(?<!\*)\*(?=[^\s*])[^*\n]+?(?<=[^\s*])\*(?!\*)"), 1),
    (re.compile(r"(?<![A-Za-z0-9_])_(?=[^\s_])[^_\n]+?(?<=[^\s_])_(?![A-Za-z0-9_])"), 1),
]


def code_span_end(text: str, i: int) -> int:
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
                end = code_span_end(text, j)
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


def _url_end(text: str, i: int, limit: int) -> int:
    """End of a bare URL starting at ``i`` (not past ``limit``), or -1."""
    m = _URL.match(text, i, limit)
    if m is None:
        return -1
    end = m.end()
    while end > i and text[end - 1] in _URL_TRAILING:
        end -= 1
    # A URL may legitimately end in ")" only when its parentheses balance.
    while end > i and text[end - 1] == ")" and text.count("(", i, end) < text.count(")", i, end):
        end -= 1
    return end if end > i else -1


def _link_target(close: str) -> str:
    """The destination of ``](dest "title")`` or the label of ``][label]``."""
    body = close[1:]
    if body.startswith("["):
        return body[1:-1]
    m = _LINK_DEST.match(body)
    if m is None:
        return body[1:-1].strip()
    return m.group(1) if m.group(1) is not None else (m.group(2) or "")


@lru_cache(maxsize=2048)
def tokenize(text: str) -> tuple[Token, ...]:
    """The inline tokens of ``text``; see the module docstring for kinds and invariants.

    Memoised (the result is immutable): a check, the splitter and MT often scan the same text.
    """
    tokens: list[Token] = []
    brackets = _Brackets(text)
    n = len(text)
    # Pending link closes: "]" index -> (end, pair, target, image); and bracket closes.
    closes: dict[int, tuple[int, int, str, bool]] = {}
    bracket_closes: dict[int, int] = {}
    limits: list[int] = []  # "]" positions of the link texts we are inside, innermost last
    pair = 0
    i = 0
    search = _NEXT.search
    while i < n:
        if text[i] not in _STARTS:
            # Most characters start nothing: jump to the next one that might.
            m = search(text, i)
            if m is None:
                break
            i = m.start()
        while limits and i >= limits[-1]:
            limits.pop()
        limit = limits[-1] if limits else n
        if i in closes:
            end, key, target, image = closes.pop(i)
            close = Token(TokenKind.LINK_CLOSE, i, end, text[i:end], target=target, pair=key, image=image)
            tokens.append(close)
            i = end
            continue
        if i in bracket_closes:
            tokens.append(Token(TokenKind.BRACKET_CLOSE, i, i + 1, "]", pair=bracket_closes.pop(i)))
            i += 1
            continue
        c = text[i]
        if c == "\\":
            if i + 1 < limit and text[i + 1] in _ESCAPABLE:
                tokens.append(Token(TokenKind.ESCAPE, i, i + 2, text[i : i + 2]))
                i += 2
                continue
            i += 1
            continue
        if c == "`":
            end = code_span_end(text, i)
            if 0 < end <= limit:
                tokens.append(Token(TokenKind.CODE, i, end, text[i:end]))
                i = end
            else:
                run = len(_BACKTICKS.match(text, i).group())  # type: ignore[union-attr]
                tokens.append(Token(TokenKind.TICKS, i, i + run, text[i : i + run]))
                i += run
            continue
        if c == "{" and text.startswith(("{{<", "{{%"), i):
            m = _SHORTCODE.match(text, i)
            if m and m.end() <= limit:
                nm = _SHORTCODE_NAME.match(m.group())
                name = re.sub(r"\s+", "", nm.group(1)) if nm else ""
                tokens.append(Token(TokenKind.SHORTCODE, i, m.end(), m.group(), name=name))
                i = m.end()
                continue
        if c == "<":
            m = _AUTOLINK.match(text, i)
            if m and m.end() <= limit:
                target = m.group(1) if m.group(1) is not None else m.group(2)
                tokens.append(Token(TokenKind.AUTOLINK, i, m.end(), m.group(), target=target))
                i = m.end()
                continue
            m = _HTML_TAG.match(text, i)
            if m and m.end() <= limit:
                tag = m.group()
                nm = _TAG_NAME.match(tag)
                name = nm.group(1).lower() if nm else ""
                if tag.startswith("<!--"):
                    role = "comment"
                elif tag.startswith("</"):
                    role = "close"
                elif tag.endswith("/>") or name in _VOID_TAGS:
                    role = "void"
                else:
                    role = "open"
                tokens.append(Token(TokenKind.HTML, i, m.end(), tag, name=name, role=role))
                i = m.end()
                continue
        if c == "$" and text.startswith("$$", i):
            m = _MATH.match(text, i)
            if m and m.end() <= limit:
                tokens.append(Token(TokenKind.MATH, i, m.end(), m.group()))
                i = m.end()
                continue
        if c == "[" or (c == "!" and text.startswith("![", i)):
            b = i + 1 if c == "!" else i
            if c == "[":
                m = _FOOTNOTE.match(text, b)
                if m and m.end() <= limit:
                    tokens.append(Token(TokenKind.FOOTNOTE, i, m.end(), m.group()))
                    i = m.end()
                    continue
            end = brackets.match(b, "[", "]")
            if 0 < end <= limit:
                if end < n and text[end] in "([":
                    close_ch = ")" if text[end] == "(" else "]"
                    dest_end = brackets.match(end, text[end], close_ch)
                    if 0 < dest_end <= limit:
                        pair += 1
                        target = _link_target(text[end - 1 : dest_end])
                        image = c == "!"
                        opener = text[i : b + 1]
                        kind = TokenKind.LINK_OPEN
                        tokens.append(Token(kind, i, b + 1, opener, target=target, pair=pair, image=image))
                        closes[end - 1] = (dest_end, pair, target, image)
                        limits.append(end - 1)
                        i = b + 1
                        continue
                if c == "[":
                    pair += 1
                    tokens.append(Token(TokenKind.BRACKET_OPEN, i, i + 1, "[", pair=pair))
                    bracket_closes[end - 1] = pair
                    limits.append(end - 1)
                    i += 1
                    continue
        if c in "hfw":
            end = _url_end(text, i, limit)
            if end > 0:
                tokens.append(Token(TokenKind.URL, i, end, text[i:end]))
                i = end
                continue
        i += 1
    return tuple(tokens)


def urls(text: str) -> list[str]:
    """Bare URLs anywhere in ``text`` (inside an HTML tag's attributes, say), by the same rule."""
    out: list[str] = []
    for m in _URL.finditer(text):
        end = _url_end(text, m.start(), len(text))
        if end > 0:
            out.append(text[m.start() : end])
    return out


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span replaced by ``MASK`` characters (offsets unchanged)."""
    chars = list(text)
    for s, e in spans:
        chars[s:e] = MASK * (e - s)
    return "".join(chars)


def emphasis(masked: str) -> list[tuple[int, int, int]]:
    """Emphasis pairs ``(start, end, marker width)`` in ``masked``, longest markers first.

    Pairs of different widths may overlap (``***x***``); callers resolve overlaps their own way.
    """
    out: list[tuple[int, int, int]] = []
    for pat, width in _EMPHASIS:
        for m in pat.finditer(masked):
            out.append((m.start(), m.end(), width))
    return out


# Tokens that stand alone (not link or bracket delimiters, which bound other text).
_ATOMS = frozenset(
    {
        TokenKind.CODE,
        TokenKind.SHORTCODE,
        TokenKind.AUTOLINK,
        TokenKind.HTML,
        TokenKind.FOOTNOTE,
        TokenKind.URL,
        TokenKind.MATH,
    }
)


# Tokens whose text is markup or an address, not prose: glossary suggestions, the numbers check and
# the leftover audit look past them.
NOT_PROSE = frozenset(
    {
        TokenKind.CODE,
        TokenKind.SHORTCODE,
        TokenKind.HTML,
        TokenKind.AUTOLINK,
        TokenKind.LINK_CLOSE,
        TokenKind.FOOTNOTE,
        TokenKind.URL,
        TokenKind.MATH,
    }
)


def regions(text: str, tokens: Sequence[Token] | None = None) -> list[tuple[int, int]]:
    """Spans that must stay whole: atoms, whole links and bracket pairs, and emphasis pairs.

    Sorted by start; regions nest (a link region contains the code span in its text).
    """
    toks = tokenize(text) if tokens is None else tokens
    out: list[tuple[int, int]] = []
    opens: dict[int, int] = {}
    for t in toks:
        if t.kind in _ATOMS:
            out.append((t.start, t.end))
        elif t.kind in (TokenKind.LINK_OPEN, TokenKind.BRACKET_OPEN):
            opens[t.pair] = t.start
        elif t.kind in (TokenKind.LINK_CLOSE, TokenKind.BRACKET_CLOSE) and t.pair in opens:
            out.append((opens.pop(t.pair), t.end))
    masked = mask(text, out)
    out.extend((s, e) for s, e, _ in emphasis(masked))
    out.sort()
    return out


def strip(text: str, kinds: Iterable[TokenKind], tokens: Sequence[Token] | None = None) -> str:
    """``text`` with the tokens of ``kinds`` replaced by one space each (for text-only checks)."""
    wanted = frozenset(kinds)
    toks = tokenize(text) if tokens is None else tokens
    out: list[str] = []
    pos = 0
    for t in toks:
        if t.kind in wanted:
            out.append(text[pos : t.start])
            out.append(" ")
            pos = t.end
    out.append(text[pos:])
    return "".join(out)
