"""Links that lead English readers to English pages, and heading anchors that survive translation.

Pure functions; whether a target page exists is the caller's ``mapper``'s business.

- ``map_prefix(url, prefixes)``: the URL with its first matching source prefix replaced
  (``/zh/docs/a/`` → ``/en/docs/a/``), or None when no prefix matches.
- ``rewrite_links(text, mapper)``: every inline link or image destination, reference definition
  destination and ``ref``/``relref`` shortcode path in ``text`` passed through ``mapper`` (None keeps
  it). Only those bytes change.
- ``heading_slug(text)``: the anchor Hugo generates for a heading (goldmark's ``github`` style):
  letters, digits and ``_`` lower-cased, spaces and ``-`` become ``-``, everything else dropped,
  computed from the heading's plain text (markup removed).
- ``anchors(text)``: the anchors a Markdown page defines (heading IDs, explicit or generated, with
  Hugo's ``-1``, ``-2`` for repeats; HTML ``id``/``name`` attributes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from urllib.parse import unquote

from l10n.formats import inline
from l10n.formats.inline import TokenKind
from l10n.formats.markdown import Unit, scan_blocks
from l10n.formats.shortcodes import parse_calls
from l10n.model import Kind

__all__ = [
    "anchors",
    "broken_anchors",
    "heading_slug",
    "link_definitions",
    "map_prefix",
    "rewrite_links",
    "split_url",
]

Mapper = Callable[[str], str | None]

_LINK_DEF = re.compile(r"^([ \t]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)", re.M)
_HEADING_ID = re.compile(r"\{#([^{}\s]+)\}[ \t]*$")
_HTML_ID = re.compile(r"""<[A-Za-z][^<>]*?\s(?:id|name)\s*=\s*["']?([^"'\s>]+)""")
_REF = frozenset({"ref", "relref"})


def map_prefix(url: str, prefixes: Sequence[tuple[str, str]]) -> str | None:
    for src, dst in prefixes:
        if src and url.startswith(src):
            return dst + url[len(src) :]
    return None


def split_url(url: str) -> tuple[str, str]:
    """``(path, suffix)``: the suffix is the ``?query`` and ``#fragment`` part."""
    m = re.search(r"[?#]", url)
    return (url, "") if m is None else (url[: m.start()], url[m.start() :])


def _replace_in(text: str, start: int, end: int, old: str) -> tuple[int, int] | None:
    """The span of ``old`` inside ``text[start:end]`` (first occurrence)."""
    k = text.find(old, start, end)
    return None if k < 0 or not old else (k, k + len(old))


def rewrite_links(text: str, mapper: Mapper) -> str:
    """``text`` with link destinations, definitions and ref/relref paths passed through ``mapper``."""
    edits: list[tuple[int, int, str]] = []
    for tok in inline.tokenize(text):
        if tok.kind is TokenKind.LINK_CLOSE and tok.text.startswith("](") and tok.target:
            new = mapper(tok.target)
            span = _replace_in(text, tok.start, tok.end, tok.target)
            if new is not None and span is not None:
                edits.append((span[0], span[1], new))
        elif tok.kind is TokenKind.SHORTCODE and tok.name in _REF:
            calls, _ = parse_calls(text, tok.start, tok.end)
            for call in calls:
                for p in call.params[:1]:
                    if p.name is None:
                        new = mapper(p.value)
                        if new is not None:
                            q = 1 if p.quote else 0
                            edits.append((p.start + q, p.end - q, new))
    return _apply(text, edits)


def link_definitions(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """``(start, end, url)`` of reference definition destinations in ``text[start:end]``."""
    out = []
    for m in _LINK_DEF.finditer(text, start, end):
        dest = m.group(2)
        s = m.start(2) + (1 if dest.startswith("<") else 0)
        url = dest[1:-1] if dest.startswith("<") else dest
        out.append((s, s + len(url), url))
    return out


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    if not edits:
        return text
    out: list[str] = []
    pos = 0
    for s, e, new in sorted(edits):
        if s < pos:
            continue
        out.append(text[pos:s])
        out.append(new)
        pos = e
    out.append(text[pos:])
    return "".join(out)


def plain_text(markdown: str) -> str:
    """A heading's text as a reader sees it: markup removed, code and link text kept."""
    out: list[str] = []
    pos = 0
    for tok in inline.tokenize(markdown):
        out.append(markdown[pos : tok.start])
        k = tok.kind
        if k is TokenKind.CODE:
            out.append(tok.text.strip("`").strip())
        elif k is TokenKind.ESCAPE:
            out.append(tok.text[1:])
        elif k in (TokenKind.URL, TokenKind.AUTOLINK):
            out.append(tok.target or tok.text)
        pos = tok.end
    out.append(markdown[pos:])
    text = "".join(out)
    return re.sub(r"[*_~]{1,3}(?=\S)|(?<=\S)[*_~]{1,3}", "", text)


def heading_slug(text: str) -> str:
    """Hugo's (goldmark ``github``) anchor for a heading whose Markdown text is ``text``."""
    out = []
    for ch in plain_text(text).strip():
        if ch in " -":
            out.append("-")
        elif ch.isalnum() or ch == "_":
            out.append(ch.lower())
    return "".join(out)


class SlugCounter:
    """Hugo's duplicates: the second ``intro`` is ``intro-1``, the third ``intro-2``."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, slug: str) -> str:
        n = self.seen.get(slug, 0)
        self.seen[slug] = n + 1
        return slug if n == 0 else f"{slug}-{n}"


def _defined(text: str, units: Sequence[Unit], start: int) -> set[str]:
    count = SlugCounter()
    out: set[str] = set()
    for unit in units:
        if unit.kind is not Kind.HEADING:
            continue
        line_end = text.find("\n", unit.pieces[-1][1])
        tail = text[unit.pieces[-1][1] : len(text) if line_end < 0 else line_end]
        m = _HEADING_ID.search(tail)
        if m is not None:
            out.add(m.group(1))
            continue
        out.add(count(heading_slug(" ".join(text[s:e] for s, e in unit.pieces))))
    out.update(m.group(1) for m in _HTML_ID.finditer(text, start))
    return out


def anchors(text: str, start: int = 0) -> set[str]:
    """Anchors the page ``text[start:]`` defines (see the module docstring)."""
    return _defined(text, scan_blocks(text, start).units, start)


def broken_anchors(text: str, start: int = 0) -> list[tuple[int, str]]:
    """``(offset, anchor)`` of every ``[..](#anchor)`` in ``text[start:]``'s prose whose anchor the
    page does not define. One block scan serves both sides; a page without in-page links costs
    a substring search."""
    if "](#" not in text[start:]:
        return []
    units = scan_blocks(text, start).units
    defined = _defined(text, units, start)
    out = []
    for unit in units:
        s, e = unit.pieces[0][0], unit.pieces[-1][1]
        for tok in inline.tokenize(text[s:e]):
            if tok.kind is TokenKind.LINK_CLOSE and tok.text.startswith("](#") and len(tok.target) > 1:
                anchor = tok.target[1:]
                if anchor not in defined and unquote(anchor) not in defined:
                    out.append((s + tok.start, anchor))
    return out
