"""Translatable text inside a raw HTML block, found with the standard library's ``html.parser``.

``html_units(text, start, end)`` returns, for ``text[start:end]`` (one HTML block of an article):

- text runs: maximal stretches of character data, entity references and inline elements
  (``<b>``, ``<a>``, ``<code>``, ``<br>``…) between block-level tags; the inline tags stay inside
  the run, where translators and MT keep them like inline HTML in a paragraph;
- attributes that hold prose: ``alt`` and ``title`` of ``<img>``, ``<a>`` and ``<abbr>``, for tags
  that are not inside a run (a run carries its tags' attributes with it).

Only runs and values with Chinese text are returned: English or empty text needs no translation.
The content of ``<script>``, ``<style>``, ``<pre>``, ``<code>`` (outside a run), ``<textarea>`` and
comments is never returned. ``skipped`` lists those spans so an audit can leave them out.

Invariants: every span lies inside ``[start, end)``; spans do not overlap; the caller replaces
``text[s:e]`` and every other byte of the block stays as it was. Malformed markup (a tag that
never closes its ``>`` or quote) gives a warning and no units, so the block is kept byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from l10n.lang.script import ZH_RUN_RE

__all__ = ["HtmlAttr", "HtmlScan", "html_units", "render_attr"]

_SKIP = frozenset({"script", "style", "pre", "textarea", "code"})
_INLINE = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em font i img ins kbd mark q rp rt ruby s samp small "
    "span strike strong sub sup time tt u var wbr".split()
)
_ATTR_TAGS = frozenset({"img", "a", "abbr"})
_PROSE_ATTRS = ("alt", "title")
_ATTR = re.compile(r"""\s([A-Za-z_:][\w.:-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


@dataclass(frozen=True)
class HtmlAttr:
    """A prose attribute value: ``text[start:end]`` is the value with its quotes (if any)."""

    tag: str
    name: str
    value: str
    start: int
    end: int
    quote: str
    line_offset: int  # offset of the tag, for line numbers


@dataclass
class HtmlScan:
    """What ``html_units`` found in one block."""

    runs: list[list[tuple[int, int]]] = field(default_factory=list)  # per run: per-line pieces
    attrs: list[HtmlAttr] = field(default_factory=list)
    skipped: list[tuple[int, int]] = field(default_factory=list)
    warning: tuple[int, str] | None = None


class _Events(HTMLParser):
    """Records (kind, tag, start offset) for every piece of the input, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[str, str, tuple[int, int]]] = []

    def _add(self, kind: str, tag: str = "") -> None:
        self.events.append((kind, tag, self.getpos()))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("start", tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("void", tag)

    def handle_endtag(self, tag: str) -> None:
        self._add("end", tag)

    def handle_data(self, data: str) -> None:
        self._add("data")

    def handle_entityref(self, name: str) -> None:
        self._add("ref")

    def handle_charref(self, name: str) -> None:
        self._add("ref")

    def handle_comment(self, data: str) -> None:
        self._add("comment")

    def handle_decl(self, decl: str) -> None:
        self._add("comment")

    def handle_pi(self, data: str) -> None:
        self._add("comment")

    def unknown_decl(self, data: str) -> None:
        self._add("comment")


def _offsets(block: str) -> list[int]:
    starts = [0]
    i = block.find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = block.find("\n", i + 1)
    return starts


def _has_zh(text: str) -> bool:
    return ZH_RUN_RE.search(text) is not None


def _visible(block: str, events: list[tuple[str, str, int, int]]) -> str:
    return "".join(block[s:e] for kind, _, s, e in events if kind in ("data", "ref"))


def html_units(text: str, start: int, end: int) -> HtmlScan:
    """Text runs and prose attributes of the HTML block ``text[start:end]``; see the module doc."""
    block = text[start:end]
    out = HtmlScan()
    parser = _Events()
    try:
        parser.feed(block)
        parser.close()
    except Exception as exc:  # html.parser is lenient; anything it still rejects keeps the block
        out.warning = (start, f"cannot read this HTML block ({exc}); it is kept as it is")
        return out
    lines = _offsets(block)
    raw = [(k, tag, lines[ln - 1] + col) for k, tag, (ln, col) in parser.events]
    # The events partition the input, so each one ends where the next begins.
    ends = [s for _, _, s in raw[1:]] + [len(block)]
    events = [(k, tag, s, e) for (k, tag, s), e in zip(raw, ends, strict=True)]
    for k, _, s, e in events:
        if k == "data" and re.search(r"<[A-Za-z/!]", block[s:e]):
            out.warning = (start + s, "malformed HTML (a tag is not closed); the block is kept as it is")
            return out

    run: list[tuple[str, str, int, int]] = []
    skip_tag = ""
    skip_from = 0

    def flush() -> None:
        if run:
            _emit_run(block, start, run, out)
            run.clear()

    for k, tag, s, e in events:
        if skip_tag:
            if k == "end" and tag == skip_tag:
                out.skipped.append((start + skip_from, start + e))
                skip_tag = ""
            continue
        if k == "comment":
            flush()
            out.skipped.append((start + s, start + e))
            continue
        if k == "start" and tag in _SKIP and not (tag == "code" and run and _visible(block, run).strip()):
            flush()
            skip_tag, skip_from = tag, s
            continue
        if k in ("data", "ref") or (k in ("start", "end", "void") and tag in _INLINE):
            run.append((k, tag, s, e))
            continue
        flush()
        if k in ("start", "void") and tag in _ATTR_TAGS:
            _emit_attrs(block, start, tag, s, e, out)
    flush()
    if skip_tag:
        out.skipped.append((start + skip_from, end))
    return out


def _emit_run(block: str, base: int, run: list[tuple[str, str, int, int]], out: HtmlScan) -> None:
    if not _has_zh(_visible(block, run)):
        for k, tag, s, e in run:
            if k in ("start", "void") and tag in _ATTR_TAGS:
                _emit_attrs(block, base, tag, s, e, out)
        return
    s, e = run[0][2], run[-1][3]
    while s < e and block[s].isspace():
        s += 1
    while e > s and block[e - 1].isspace():
        e -= 1
    pieces: list[tuple[int, int]] = []
    pos = s
    while pos < e:
        nl = block.find("\n", pos, e)
        line_end = e if nl < 0 else nl
        ls, le = pos, line_end
        while ls < le and block[ls] in " \t":
            ls += 1
        while le > ls and block[le - 1] in " \t\r":
            le -= 1
        if ls < le:
            pieces.append((base + ls, base + le))
        pos = line_end + 1
    if pieces:
        out.runs.append(pieces)


def _emit_attrs(block: str, base: int, tag: str, s: int, e: int, out: HtmlScan) -> None:
    raw = block[s:e]
    close = raw.find(">")
    raw = raw[: close + 1] if close >= 0 else raw
    for m in _ATTR.finditer(raw):
        name, value = m.group(1).lower(), m.group(2)
        if name not in _PROSE_ATTRS or not value:
            continue
        quote = value[0] if value[0] in "\"'" else ""
        inner = value[1:-1] if quote else value
        if not _has_zh(inner):
            continue
        vs = s + m.start(2)
        out.attrs.append(HtmlAttr(tag, name, inner, base + vs, base + vs + len(value), quote, base + s))


def render_attr(new: str, quote: str) -> str:
    """``new`` as an attribute value in the original quoting (quotes escaped as entities)."""
    if quote == "'":
        return "'" + new.replace("'", "&#39;") + "'"
    if quote == "" and new and not re.search(r"[\s\"'=<>`]", new):
        return new
    return '"' + new.replace('"', "&quot;") + '"'
