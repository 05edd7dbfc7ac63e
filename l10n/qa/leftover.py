"""The `leftover` audit: Chinese that would ship on the English page without any PO entry.

``leftovers(doc, keep_keys, ignore)`` looks at everything ``merge`` copies from the source as it
is, that is the article minus its segments: front-matter string values, text outside translatable
blocks, shortcode calls (parameters that are not prose parameters), HTML the scanner could not
split, link definitions. It does not look at code (fenced, indented, inline), math, HTML comments
and ``<script>``/``<style>``/``<pre>`` content, URLs and link destinations, values of ``keep_keys``
(slugs, aliases…) or keys ``merge`` drops.

A leftover is a run of Han characters and Chinese punctuation that holds at least one Han
character (punctuation alone is never offered for translation, like any text without letters).
Text matching a ``leftover_ignore`` regex is not reported, nor a line carrying the comment
``l10n: ignore leftover`` (on that line or the line before, e.g. ``<!-- l10n: ignore leftover -->``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from l10n.document import Caseless, Document
from l10n.formats import frontmatter as fm
from l10n.formats import inline
from l10n.formats.inline import TokenKind
from l10n.lang.script import HAN, ZH_RUN_RE
from l10n.model import ParseError

__all__ = ["Leftover", "leftovers"]

_MARK = re.compile(r"l10n:\s*ignore\s+[^\n]*\bleftover\b")
# Punctuation alone is never a segment (text without letters is copied), so it is not reported.
_SIGNIFICANT = re.compile(f"[{HAN}]")
_NOT_SHIPPED = (
    TokenKind.CODE,
    TokenKind.URL,
    TokenKind.AUTOLINK,
    TokenKind.LINK_CLOSE,
    TokenKind.MATH,
)
_RAW_SKIPPED = frozenset({"fence", "icode", "math"})


@dataclass(frozen=True)
class Leftover:
    """One run of Chinese at ``line`` of the source article."""

    line: int
    text: str


def _subtract(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` minus ``holes`` (both sorted by start)."""
    out: list[tuple[int, int]] = []
    holes = sorted(holes)
    for s, e in spans:
        pos = s
        for hs, he in holes:
            if he <= pos or hs >= e:
                continue
            if hs > pos:
                out.append((pos, hs))
            pos = max(pos, he)
        if pos < e:
            out.append((pos, e))
    return out


def leftovers(doc: Document, keep_keys: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Leftover]:
    """Chinese the English page would carry unseen by any translator; see the module docstring."""
    article = doc.article
    text = article.text
    audit: list[tuple[int, int]] = []
    if article.block is not None:
        keep = Caseless(keep_keys)
        try:
            found = fm.value_spans(text, article.block, article.path)
        except ParseError:
            found = []
        audit.extend((s, e) for key, s, e in found if key not in keep)
    audit.append((article.body_start, len(text)))
    holes = [(s.start, s.end) for s in doc.slots] + [(s.start, s.end) for s in doc.dropped]
    holes.extend(doc.silent)  # comments, <script>, <pre>… found when the document was parsed
    for raw in doc.raw:
        if raw.kind in _RAW_SKIPPED or (raw.kind == "html" and raw.html_type <= 5):
            holes.append((raw.start, raw.end))
    if article.block is not None:
        holes.append((article.block.start, article.block.content_start))
    body_and_values = _subtract(sorted(audit), sorted(holes))
    ignore_res = [re.compile(rx) for rx in ignore]
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out: list[Leftover] = []
    for s, e in body_and_values:
        chunk = text[s:e]
        if not ZH_RUN_RE.search(chunk):
            continue
        # Length-preserving masks keep offsets valid for line numbers.
        hidden = [
            (t.start, t.end)
            for t in inline.tokenize(chunk)
            if t.kind in _NOT_SHIPPED or (t.kind is TokenKind.HTML and t.role == "comment")
        ]
        masked = inline.mask(chunk, hidden)
        for rx in ignore_res:
            masked = rx.sub(lambda m: inline.MASK * len(m.group(0)), masked)
        for m in ZH_RUN_RE.finditer(masked):
            if not _SIGNIFICANT.search(m.group(0)):
                continue
            line = bisect_right(line_starts, s + m.start())
            if _suppressed(text, line_starts, line):
                continue
            out.append(Leftover(line, m.group(0)))
    return out


def _suppressed(text: str, line_starts: list[int], line: int) -> bool:
    for no in (line, line - 1):
        if 1 <= no <= len(line_starts):
            start = line_starts[no - 1]
            end = text.find("\n", start)
            if _MARK.search(text, start, end if end >= 0 else len(text)):
                return True
    return False
