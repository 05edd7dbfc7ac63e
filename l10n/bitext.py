"""A Chinese article and its existing English page, aligned into translations of the Chinese segments.

Pure (no I/O): two parsed documents in, ``Bitext`` out. Both sides are split by the same segmenter
(``document.parse_document``), front-matter values included; ``l10n.align`` pairs the blocks.

Invariants:
- A ``Fill`` is made only from a pair the aligner scores above 0.5 and whose English side is not
  Chinese text; every English text block that no fill comes from is listed in ``unaligned``.
- The msgstr of a body block is the English block's text with its hard-wrapped lines kept as
  ``\\n`` whenever ``Document.render`` turns them back into exactly the English lines (same line
  ending and container prefix), so ``merge`` reproduces an English page of the same structure
  byte for byte. Otherwise (headings, table cells, another container prefix) it is the joined text,
  the same join the Chinese side uses (``document.join_lines``).
- With sentence segmentation, the sentences inside each aligned block are aligned the same way; a
  sentence msgstr is a span of the block's English text, so joining them gives the block back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from l10n.align import FIXED, Item, Model, Pair, align, han_share, local, make_item, moved
from l10n.document import Document, Slot, code_pieces
from l10n.formats import frontmatter as fm
from l10n.formats.markdown import RawBlock
from l10n.lang.sentences import sentence_spans
from l10n.model import Kind, ParseError, Segment

__all__ = [
    "CHINESE",
    "FILL",
    "Bitext",
    "Fill",
    "Note",
    "align_documents",
    "block_key",
    "english_text",
    "front_matter_changes",
]

CHINESE = 0.5  # han_share at or above which a text is Chinese, not an English translation
# Pairs scoring this or less are not imported: on perturbed cloudwego pairs, a fifth of the few
# wrong pairs score in (0.5, 0.6], against under 1 % of the right ones.
FILL = 0.6


@dataclass(frozen=True)
class Fill:
    """``segment`` (Chinese) is translated by ``msgstr``, from the English block at ``line``."""

    segment: Segment
    msgstr: str
    score: float
    line: int
    by_position: bool = False  # paired by its place alone (see ``_position_pairs``)


@dataclass(frozen=True)
class Note:
    """Something about the English page worth a line in the report (``line`` in the English file).

    ``kind``: ``unaligned`` (an English block with no Chinese counterpart, or only a weak one),
    ``chinese`` (an English block still in Chinese), ``verbatim`` (a code or other verbatim block the
    English page changed), ``front-matter`` (a key the English page changed) or ``position`` (a pair
    imported on its place alone, see ``_position_pairs``).
    """

    line: int
    message: str
    kind: str = "unaligned"


@dataclass
class Bitext:
    fills: list[Fill] = field(default_factory=list)
    unaligned: list[Note] = field(default_factory=list)  # English blocks with no Chinese counterpart
    english_blocks: int = 0  # English text blocks (front-matter values included)


def block_key(seg: Segment) -> str:
    """What a block may pair with: its kind, plus heading level, table cell or footnote label."""
    if seg.kind is Kind.HEADING:
        level = seg.label.rsplit(" ", 1)[-1]
        return level if level[:1] == "h" and level[1:].isdigit() else "h"
    if seg.kind in (Kind.TABLE, Kind.FOOTNOTE):
        return f"{seg.kind.value}:{seg.label}"
    if seg.kind is Kind.FRONT_MATTER:
        return f"fm:{seg.field}"
    return str(seg.kind.value)


# Container and block syntax at the start of a line between units: markers, not content.
_SYNTAX = re.compile(
    r"(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)|\[![A-Za-z]+\]|\[[ xX]\](?=[ \t]|$)))*"
)
_SYNTAX_ONLY = re.compile(r"[\s|:\-=*_#+>`~]*")
# A line that would start a new block (the ``markup`` check's rule).
_BLOCK_START = re.compile(r"(?:#{1,6}\s|>\s?|[-+*]\s|\d{1,9}[.)]\s|`{3,}|~{3,}|\|)")


def _fixed_text(gap: str) -> tuple[str, int]:
    """The content of the text between two units (code, HTML, shortcodes, IDs) without syntax, and
    the offset in ``gap`` of its first line."""
    if _SYNTAX_ONLY.fullmatch(gap):  # most gaps: blank lines, list markers, table pipes
        return "", 0
    lines: list[str] = []
    first = pos = 0
    for line in gap.splitlines(keepends=True):
        m = _SYNTAX.match(line)
        rest = line[m.end() :] if m is not None else line
        if not _SYNTAX_ONLY.fullmatch(rest):
            if not lines:
                first = pos
            lines.append(line.strip())
        pos += len(line)
    return "\n".join(lines), first


@dataclass(frozen=True)
class _Block:
    item: Item
    slot: Slot | None = None  # None for a fixed block
    start: int = 0  # where a fixed block's content starts in the text
    end: int = 0  # where a fixed block's text ends
    # Fixed blocks: the code blocks in its text (``code`` those with a ``code-`` segment), in order.
    raw_code: tuple[RawBlock, ...] = ()
    code: tuple[Slot, ...] = ()

    @property
    def segment(self) -> Segment:
        assert self.slot is not None
        return self.slot.segments[0]


def _body_blocks(doc: Document) -> list[_Block]:
    """The body as alignable blocks: each text unit, and the text between units as one fixed block
    carrying the code blocks (and code segments) that lie in it."""
    text = doc.article.text
    out: list[_Block] = []
    raws = [r for r in doc.raw if r.body]
    codes = [s for s in doc.slots if s.fence is not None]

    def fixed(start: int, end: int) -> None:
        gap, first = _fixed_text(text[start:end])
        if gap:
            raw_code = tuple(r for r in raws if start <= r.start < end)
            code = tuple(c for c in codes if start <= c.start < end)
            out.append(_Block(make_item(FIXED, gap), None, start + first, end, raw_code, code))

    pos = doc.article.body_start
    for slot in doc.slots:
        if slot.unit is None:
            continue
        fixed(pos, slot.start)
        seg = slot.segments[0]
        out.append(_Block(make_item(block_key(seg), seg.source, seg.line), slot))
        pos = slot.end
    fixed(pos, len(text))
    return out


# The score of a pair made by position alone (see ``_position_pairs``): above ``FILL``, so it is
# imported, but always below ``REVIEWED_SCORE``, so ``import_reviewed`` never trusts it.
POSITION = 0.7


_Span = tuple[tuple[int, ...], tuple[int, ...]]


def _position_pairs(
    src: list[_Block], dst: list[_Block], pairs: list[Pair], model: Model
) -> dict[_Span, Pair]:
    """Pairs by position: between two blocks the aligner paired with confidence (or the start or
    end of the page), the blocks left on both sides are the same kinds in the same order (same
    heading level, same table cell…): the k-th Chinese block pairs with the k-th English one. A
    translator who rewrote a release note freely ("修复 default logger 使用错误的 call depth" →
    "Defaultlogger wrong calldepth") leaves little length or anchor evidence, but nothing else can
    be its translation. A deleted, inserted or merged block leaves gaps of different lengths, which
    this never fills.
    """
    sure = sorted((p for p in pairs if p.score > FILL), key=lambda p: p.src[0])
    bounds: list[_Span] = [((), ()), *((p.src, p.dst) for p in sure), ((len(src),), (len(dst),))]
    out: dict[_Span, Pair] = {}
    for (s0, d0), (s1, d1) in zip(bounds, bounds[1:], strict=False):
        i0 = s0[-1] + 1 if s0 else 0
        j0 = d0[-1] + 1 if d0 else 0
        n = s1[0] - i0
        if n < 1 or d1[0] - j0 != n:
            continue
        gap = list(zip(src[i0 : i0 + n], dst[j0 : j0 + n], strict=True))
        if any(a.item.key != b.item.key for a, b in gap):
            continue  # not the same blocks in the same order: a block was added or dropped
        if n > 1 and _crossed(gap, model):
            continue  # blocks the translator reordered: their places say nothing
        for k, (a, b) in enumerate(gap):
            if (a.slot is None) != (b.slot is None):
                continue
            if a.slot is None and not a.code:
                continue  # two verbatim blocks: only code with Chinese in it has a translation
            # Contradicted both ways: none of the Chinese block's anchors (numbers, names, links) is
            # in the English one, and the English one carries a link or code of a kind the Chinese
            # block has none of (a code span with Chinese in it may well be translated). A block the
            # English page replaced with something else, not a free translation.
            kinds = {t[0] for t in a.item.strong}
            foreign = [t for t in b.item.strong - a.item.strong if t[0] not in kinds]
            if a.item.tokens and not a.item.tokens & b.item.tokens and foreign:
                continue
            llr = model.llr(a.item, b.item)
            out[((i0 + k,), (j0 + k,))] = Pair((i0 + k,), (j0 + k,), POSITION, POSITION, llr)
    return out


def _crossed(gap: list[tuple[_Block, _Block]], model: Model) -> bool:
    """Whether some Chinese block of ``gap`` and some other English block prefer each other to their
    own places' partners (a moved block), by the aligner's evidence."""
    text = [(a.item, b.item) for a, b in gap if a.item.key != FIXED]
    own = [model.llr(a, b) for a, b in text]
    for i, (a, _) in enumerate(text):
        for j, (_, b) in enumerate(text):
            if i != j and model.llr(a, b) > max(own[i], own[j]):
                return True
    return False


def _explained(zh: Document, a: _Block, b: _Block, fills: list[Fill]) -> bool:
    """Whether fixed blocks ``a`` (Chinese) and ``b`` (English) differ only in code ``fills`` translate."""
    if not fills:
        return False
    text = zh.article.text
    by_id = {f.segment.id: f.msgstr for f in fills}
    parts, pos = [], a.start
    for slot in a.code:
        if slot.segments[0].id in by_id and slot.start >= pos:
            parts += [text[pos : slot.start], slot.render([by_id[slot.segments[0].id]])]
            pos = slot.end
    parts.append(text[pos : a.end])
    return _fixed_text("".join(parts))[0] == b.item.text


def _code_fills(en: Document, a: _Block, b: _Block, score: float) -> list[Fill] | None:
    """Translations of the Chinese code blocks (``code-`` segments) in the fixed block ``a`` from the
    English page's code blocks in ``b``, paired in order; None when the two hold different numbers
    of code blocks (then nothing is paired). An English block equal to the Chinese one (its
    comments left in Chinese) fills nothing: merge copies it anyway."""
    ours, theirs = a.raw_code, b.raw_code
    if len(theirs) != len(ours):
        return None
    text = en.article.text
    out = []
    for slot in a.code:
        k = next((i for i, r in enumerate(ours) if r.start <= slot.start < r.end), None)
        if k is None:
            continue
        body = code_pieces(text, theirs[k])
        english = "\n".join(text[s:e] for s, e in body)
        seg = slot.segments[0]
        if english != seg.source and english.strip():
            line = text.count("\n", 0, body[0][0]) + 1 if body else 1
            out.append(Fill(seg, english, score, line))
    return out


def english_text(en: Document, en_slot: Slot, zh_slot: Slot, zh_newline: str) -> str:
    """The msgstr that ``merge`` renders in ``zh_slot``'s place as exactly the English block.

    Hard-wrapped English lines stay lines when the render maps a msgstr newline back to the same
    line ending and container prefix; otherwise the joined text (``Segment.source``).
    """
    joined = en_slot.segments[0].source
    unit, zh_unit = en_slot.unit, zh_slot.unit
    if unit is None or zh_unit is None or unit.inline or zh_unit.inline or len(unit.pieces) == 1:
        return joined
    text = en.article.text
    want = zh_newline + zh_unit.cont
    lines = [text[unit.pieces[0][0] : unit.pieces[0][1]]]
    for (_, prev_end), (start, end) in zip(unit.pieces, unit.pieces[1:], strict=False):
        sep = text[prev_end:start]
        indent = sep[len(want) :]
        if not sep.startswith(want) or indent.strip(" \t"):
            return joined
        line = indent + text[start:end]
        if _BLOCK_START.match(line):
            return joined
        lines.append(line)
    return "\n".join(lines)


def _snippet(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _is_chinese(en: str) -> bool:
    """The English side is Chinese text (left untranslated), not a translation."""
    return han_share(en) >= CHINESE


def _sentence_fills(segs: tuple[Segment, ...], english: str, score: float, line: int) -> list[Fill]:
    """Fills for the sentences of one block whose whole English text is ``english``."""
    if len(segs) == 1:
        return [Fill(segs[0], english, score, line)]
    spans = sentence_spans(english)
    if not spans:
        return []
    src = [make_item("s", s.source) for s in segs]
    dst = [make_item("s", english[a:b]) for a, b in spans]
    out = []
    for p in align(src, dst).pairs:
        if len(p.src) == 1:
            start, end = spans[p.dst[0]][0], spans[p.dst[-1]][1]
            out.append(Fill(segs[p.src[0]], english[start:end], score * p.score, line))
    return out


_SPLIT_MARGIN = 1.0  # how much better the chosen sentence boundary must fit than the next best


def _split(model: Model, first: Item, second: Item, english: str) -> tuple[str, str, float, float] | None:
    """Two Chinese blocks merged into one English block: the English cut in two where it fits best,
    with each part's own evidence. None unless the best place between two words is a sentence
    boundary that beats every other sentence boundary by a margin: a wrong cut fills two entries
    wrongly, and a run-on boundary without a full stop cannot be told from its neighbours.
    """
    spans = sentence_spans(english)
    boundaries = {a_end for (_, a_end), _ in zip(spans, spans[1:], strict=False)}
    ranked = sorted(model.split_scores(first, second, english), key=lambda r: -(r[2] + r[3]))
    if not ranked:
        return None
    cut, resume, la, lb = ranked[0]
    if cut not in boundaries:
        return None
    rivals = [r[2] + r[3] for r in ranked[1:] if r[0] in boundaries]
    if rivals and la + lb - rivals[0] < _SPLIT_MARGIN:
        return None
    return english[:cut], english[resume:], la, lb


# The same key on both sides is structural evidence a value's own text cannot add.
_SAME_KEY = 4.0


def _front_matter(zh: Document, en: Document, out: Bitext) -> None:
    """Front-matter values pair by key: a scalar with the scalar, list items by position when the
    lists have the same length, else by alignment within the key."""

    def by_field(doc: Document) -> dict[str, list[Segment]]:
        fields: dict[str, list[Segment]] = {}
        for slot in doc.slots:
            seg = slot.segments[0] if slot.segments else None
            if seg is not None and seg.kind is Kind.FRONT_MATTER and seg.field is not None:
                fields.setdefault(seg.field, []).append(seg)
        return fields

    zh_fields, en_fields = by_field(zh), by_field(en)
    for key, en_segs in en_fields.items():
        out.english_blocks += len(en_segs)
        zh_segs = zh_fields.get(key, [])
        src = [make_item("fm", s.source) for s in zh_segs]
        dst = [make_item("fm", s.source) for s in en_segs]
        found: list[tuple[int, int, float]] = []
        if zh_segs and len(zh_segs) == len(en_segs):
            model = Model(src, dst)
            found = [
                (k, k, local(model.llr(a, b) + _SAME_KEY))
                for k, (a, b) in enumerate(zip(src, dst, strict=True))
            ]
        elif zh_segs:
            found = [
                (p.src[0], p.dst[0], p.posterior * local(p.llr + _SAME_KEY))
                for p in align(src, dst).pairs
                if len(p.src) == 1 and len(p.dst) == 1
            ]
        used: set[int] = set()
        for i, j, score in found:
            zseg, eseg = zh_segs[i], en_segs[j]
            used.add(j)
            what = f"English front matter {key}"
            if _is_chinese(eseg.source):
                out.unaligned.append(
                    Note(eseg.line, f"{what} is still Chinese: {_snippet(eseg.source)!r}", "chinese")
                )
            elif score <= FILL:
                message = f"{what} matches the Chinese value only weakly (score {score:.2f}); not imported"
                out.unaligned.append(Note(eseg.line, f"{message}: {_snippet(eseg.source)!r}"))
            else:
                out.fills.append(Fill(zseg, eseg.source, score, eseg.line))
        for j, seg in enumerate(en_segs):
            if j not in used:
                out.unaligned.append(
                    Note(
                        seg.line,
                        f"English front matter {key} with no Chinese counterpart: {_snippet(seg.source)!r}",
                    )
                )


def align_documents(zh_blocks: Document, en: Document, zh: Document | None = None) -> Bitext:
    """Translations of ``zh``'s segments taken from ``en`` (both parsed with the same keys).

    ``zh_blocks`` is the Chinese article parsed with block segmentation, ``en`` the English page
    likewise; ``zh`` is the Chinese article as the catalog segments it (sentence segmentation), when
    that differs from ``zh_blocks``.
    """
    out = Bitext()
    _front_matter(zh_blocks, en, out)
    target = {slot.start: slot for slot in (zh or zh_blocks).slots if slot.unit is not None}
    src, dst = _body_blocks(zh_blocks), _body_blocks(en)
    out.english_blocks += sum(1 for b in dst if b.slot is not None)
    result = align([b.item for b in src], [b.item for b in dst])
    newline = zh_blocks.article.newline
    used: set[int] = set()

    def fill(block: _Block, english: str, score: float, line: int) -> None:
        assert block.slot is not None
        slot = target.get(block.slot.start)
        if slot is not None:
            out.fills.extend(_sentence_fills(slot.segments, english, score, line))

    pairs = result.pairs + moved([b.item for b in src], [b.item for b in dst], result)
    by_position = _position_pairs(src, dst, pairs, result.model)
    pairs = [p for p in pairs if (p.src, p.dst) not in by_position] + list(by_position.values())
    for p in pairs:
        first = src[p.src[0]]
        if first.slot is None:
            # Fixed blocks anchor the alignment. A Chinese code block with Chinese in it is a
            # segment: the English code block is its translation. Anything else merge copies from
            # the Chinese article, so an English change there is lost: said so.
            fixed = dst[p.dst[0]]
            code = _code_fills(en, first, fixed, p.score)
            if code and (p.src, p.dst) in by_position:
                code = [replace(f, by_position=True) for f in code]
                where = f"the Chinese code block at line {code[0].segment.line}"
                message = f"English code block paired with {where} by position only; imported as fuzzy"
                out.unaligned.append(Note(code[0].line, message, "position"))
            out.fills.extend(code or ())
            if fixed.item.text != first.item.text and not _explained(zh_blocks, first, fixed, code or []):
                text = en.article.text
                line = text.count("\n", 0, fixed.start) + 1
                out.unaligned.append(
                    Note(
                        line,
                        "code or other verbatim block differs from the Chinese article's, which merge "
                        f"copies: {_snippet(fixed.item.text)!r}",
                        "verbatim",
                    )
                )
            continue
        eng = [dst[j] for j in p.dst]
        used.update(p.dst)
        seg = eng[0].segment
        if any(_is_chinese(e.item.text) for e in eng):
            out.unaligned.append(
                Note(seg.line, f"English {seg.label} is still Chinese: {_snippet(seg.source)!r}", "chinese")
            )
            continue
        if p.score <= FILL and (p.src, p.dst) not in by_position:
            out.unaligned.append(
                Note(
                    seg.line,
                    f"English {seg.label} matches the Chinese block at line {first.segment.line} only weakly "
                    f"(score {p.score:.2f}); not imported: {_snippet(seg.source)!r}",
                )
            )
            continue
        if len(p.src) == 1:
            texts = [english_text(en, e.slot, first.slot, newline) for e in eng if e.slot is not None]
            if (p.src, p.dst) in by_position:
                slot = target.get(first.slot.start)
                if slot is not None:
                    out.fills.extend(
                        replace(f, by_position=True)
                        for f in _sentence_fills(slot.segments, " ".join(texts), p.score, seg.line)
                    )
                message = (
                    f"English {seg.label} paired with the Chinese block at line {first.segment.line} by "
                    f"position only (nothing else ties them); imported as fuzzy: {_snippet(seg.source)!r}"
                )
                out.unaligned.append(Note(seg.line, message, "position"))
                continue
            fill(first, " ".join(texts), p.score, seg.line)
            continue
        second = src[p.src[1]]
        assert eng[0].slot is not None
        english = english_text(en, eng[0].slot, first.slot, newline)
        cut = _split(result.model, first.item, second.item, english)
        if cut is None:
            lines = f"{first.segment.line} and {second.segment.line}"
            out.unaligned.append(
                Note(
                    seg.line,
                    f"English {seg.label} translates the Chinese blocks at lines {lines} together and "
                    f"has no clear place to split; not imported: {_snippet(seg.source)!r}",
                )
            )
            continue
        a, b, la, lb = cut
        fill(first, a, p.posterior * local(la), seg.line)
        fill(second, b, p.posterior * local(lb), seg.line)
    for j, block in enumerate(dst):
        if block.slot is not None and j not in used:
            seg = block.segment
            out.unaligned.append(
                Note(seg.line, f"English {seg.label} with no Chinese counterpart: {_snippet(seg.source)!r}")
            )
    out.fills = [f for f in out.fills if f.score > FILL]
    return out


# --------------------------------------------------------------------------- front matter

_YAML_KEY = re.compile(r"""([A-Za-z0-9_"'][^:#\s]*?)\s*:(?:\s|$)""")
_TOML_KEY = re.compile(r"""([A-Za-z0-9_\-."']+)\s*=""")


def _front_matter_keys(text: str, kind: str, first_line: int) -> dict[str, tuple[int, str]]:
    """Top-level key → (line of the key, its source lines): a key owns the lines up to the next one."""
    rx = _YAML_KEY if kind == "yaml" else _TOML_KEY
    keys: dict[str, tuple[int, str]] = {}
    current: str | None = None
    for n, line in enumerate(text.splitlines(), first_line):
        m = rx.match(line) if line[:1] not in (" ", "\t", "-", "#", "") else None
        if m is not None:
            current = m.group(1).strip("\"'")
            keys[current] = (n, line)
        elif current is not None and line.strip():
            at, body = keys[current]
            keys[current] = (at, body + "\n" + line)
    return keys


FM = "front-matter"


def front_matter_changes(merged: str, english: str) -> list[Note]:
    """What differs between the front matter ``merge`` writes and the English page's, per key.

    These are the keys the English page changed on purpose (a later date, another weight, a key of
    its own) or values import could not take over; lines are the English page's.
    """
    try:
        ours = fm.split(merged, "")
        theirs = fm.split(english, "")
    except ParseError:  # pragma: no cover - both were parsed before
        return []
    if ours is None and theirs is None:
        return []
    if ours is None or theirs is None:
        return [
            Note(
                1,
                "front matter only in " + ("the English page" if ours is None else "the Chinese article"),
                FM,
            )
        ]
    a = merged[ours.content_start : ours.content_end]
    b = english[theirs.content_start : theirs.content_end]
    if a == b:
        return []
    if ours.kind != theirs.kind:
        return [
            Note(
                theirs.line,
                f"front matter is {theirs.kind.upper()} here, {ours.kind.upper()} in the Chinese article",
                FM,
            )
        ]
    first_a = merged.count("\n", 0, ours.content_start) + 1
    first_b = english.count("\n", 0, theirs.content_start) + 1
    ka = _front_matter_keys(a, ours.kind, first_a)
    kb = _front_matter_keys(b, theirs.kind, first_b)
    notes = []
    for key, (line, body) in kb.items():
        if key not in ka:
            notes.append(Note(line, f"front matter {key!r} is only in the English page (merge drops it)", FM))
        elif ka[key][1] != body:
            notes.append(
                Note(
                    line, f"front matter {key!r} differs from what merge writes: {_snippet(ka[key][1])!r}", FM
                )
            )
    for key, (_line, body) in ka.items():
        if key not in kb:
            notes.append(
                Note(
                    theirs.line,
                    f"front matter {key!r} is not in the English page (merge writes {_snippet(body)!r})",
                    FM,
                )
            )
    if not notes:
        notes.append(
            Note(theirs.line, "front matter differs from what merge writes (comments, order or spacing)", FM)
        )
    return sorted(notes, key=lambda n: n.line)
