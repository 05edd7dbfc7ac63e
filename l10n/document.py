"""Articles and their segments: one walk that both extracts segments and puts translations back.

An article is split into *slots*: non-overlapping spans of its text that a translation may replace
(a front-matter value, the pieces of a Markdown unit) or that the English output drops (Hugo's
``isCJKLanguage``). Everything between slots is copied verbatim.

Invariants:
- ``render(article, lambda seg: None)`` and ``render(article, lambda seg: seg.source)`` return the
  article text byte for byte (with ``drop_keys`` empty): a slot whose every segment is untranslated
  or translated to its own source keeps its original characters, line breaks included.
- Segment IDs depend only on kind and text (``p-1a2b3c4d``; front-matter scalars use the key,
  ``fm.title``), plus ``-2``, ``-3``... for repeated text, so edits elsewhere never change them.
- Hard-wrapped lines are joined without a space when either side is CJK, with one space otherwise;
  a hard line break (two trailing spaces or a backslash) stays a newline in the msgid.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from l10n.formats import frontmatter as fm
from l10n.formats.markdown import Unit, scan
from l10n.lang.sentences import is_cjk, join_sentences, sentence_spans
from l10n.model import Kind, ParseError, Segment

__all__ = [
    "Article",
    "Document",
    "Slot",
    "decode",
    "parse_article",
    "parse_document",
    "render",
    "segments",
    "slots",
]

# Only real line breaks: str.splitlines() would also split on \f, \v, U+2028... inside the text.
_NEWLINE = re.compile(r"\r\n|\r|\n")

@dataclass(frozen=True)
class Article:
    """A source article as text. ``text`` has no BOM; ``bom`` says whether the file had one."""

    path: str
    text: str
    bom: bool = False
    block: fm.Block | None = None

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text[:4096] else "\n"

    @property
    def body_start(self) -> int:
        return self.block.end if self.block is not None else 0


def decode(data: bytes, path: str) -> tuple[str, bool]:
    """UTF-8 text and whether a BOM was present; invalid UTF-8 is a ParseError at its line."""
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ParseError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", path, line
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ParseError("NUL character in text file", path, line)
    return text, bom


def parse_article(text: str, path: str, bom: bool = False, front_matter: bool = True) -> Article:
    """Parse front matter boundaries (ParseError on invalid YAML/TOML); the body needs no validation.

    ``front_matter=False`` reads the whole text as Markdown (for snippets such as spec examples).
    """
    return Article(path=path, text=text, bom=bom, block=fm.split(text, path) if front_matter else None)


@dataclass(frozen=True)
class Slot:
    """A replaceable span. ``segments`` is empty for spans the English output drops."""

    start: int
    end: int
    segments: tuple[Segment, ...]
    render: Callable[[Sequence[str]], str]
    unit: Unit | None = None  # the Markdown unit of a body slot (its pieces and container prefix)


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()


def join_lines(parts: Sequence[str]) -> str:
    """Join the text of hard-wrapped source lines the way a reader would read them."""
    out = ""
    for part in parts:
        if not out:
            out = part
            continue
        stripped = out.rstrip(" \t")
        if out.endswith("\\") or len(out) - len(stripped) >= 2:
            out = out + "\n" + part  # a hard line break is content
            continue
        out = stripped
        if not part:
            continue
        if not out or is_cjk(out[-1]) or is_cjk(part[0]):
            out += part
        else:
            out += " " + part
    return out


class _Ids:
    """Deterministic distinct IDs: the first occurrence of a base ID keeps it, repeats get -2, -3..."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, base: str) -> str:
        n = self.seen.get(base, 0) + 1
        self.seen[base] = n
        return base if n == 1 else f"{base}-{n}"


def _line_index(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


@dataclass(frozen=True)
class Document:
    """An article parsed once for one set of settings: extract, merge and check all read it.

    Invariants: ``slots`` (every translatable key, in document order, non-overlapping) are what
    ``extract`` turns into segments; ``output_slots()`` are what ``merge`` renders: the same
    slots minus those of dropped keys, plus the spans of the dropped keys themselves.
    """

    article: Article
    slots: tuple[Slot, ...]
    drop_keys: tuple[str, ...] = ()
    dropped: tuple[Slot, ...] = ()

    @property
    def segments(self) -> list[Segment]:
        """All segments in document order."""
        return segments(self.slots)

    def output_slots(self) -> list[Slot]:
        if not self.drop_keys:
            return list(self.slots)
        drop = set(self.drop_keys)
        # A dropped key's own value slot lies inside the dropped span, so it must not render too.
        kept = [s for s in self.slots if not (s.segments and s.segments[0].field in drop)]
        return sorted([*kept, *self.dropped], key=lambda s: s.start)

    def output_segments(self) -> list[Segment]:
        return segments(self.output_slots())

    def render(self, lookup: Callable[[Segment], str | None]) -> str:
        """The output text; see ``render``."""
        return render(self.article, self.output_slots(), lookup)


def parse_document(
    article: Article,
    keys: Sequence[str],
    drop_keys: Sequence[str] = (),
    mode: str = "block",
    target_lang: str = "en",
) -> Document:
    """Walk the article once: front-matter fields of ``keys``, then the Markdown body."""
    content = _content_slots(article, tuple(keys), mode, target_lang)
    dropped: tuple[Slot, ...] = ()
    if article.block is not None and drop_keys:
        spans = fm.drop_key_spans(article.text, article.block, drop_keys)
        dropped = tuple(Slot(s, e, (), lambda _t: "") for s, e in spans)
    return Document(article, content, tuple(drop_keys), dropped)


def slots(
    article: Article,
    keys: Sequence[str],
    drop_keys: Sequence[str] = (),
    mode: str = "block",
    target_lang: str = "en",
) -> list[Slot]:
    """Every output slot of the article in document order (``parse_document(...).output_slots()``)."""
    return parse_document(article, keys, drop_keys, mode, target_lang).output_slots()


def _content_slots(article: Article, keys: tuple[str, ...], mode: str, target_lang: str) -> tuple[Slot, ...]:
    """The translatable slots: front-matter fields of ``keys``, then the units of the body."""
    text = article.text
    ids = _Ids()
    out: list[Slot] = []
    nl = article.newline
    block = article.block
    if block is not None:
        for f in fm.fields(text, block, keys, article.path):
            sid = ids(f"fm.{f.key}" if f.index is None else f"fm.{f.key}.{_hash(f.value)}")
            seg = Segment(sid, Kind.FRONT_MATTER, f"front matter {f.key}", f.value, f.line, field=f.key)
            out.append(Slot(f.start, f.end, (seg,), _field_render(f)))
    line_starts = _line_index(text)
    for unit in scan(text, article.body_start):
        out.append(_unit_slot(text, unit, ids, nl, mode, target_lang, line_starts))
    out.sort(key=lambda s: s.start)
    return tuple(out)


def _field_render(f: fm.Field) -> Callable[[Sequence[str]], str]:
    return lambda t: f.render(t[0])


def _unit_slot(
    text: str, unit: Unit, ids: _Ids, nl: str, mode: str, target_lang: str, line_starts: list[int]
) -> Slot:
    parts = [text[s:e] for s, e in unit.pieces]
    source = join_lines(parts)
    prefix = unit.kind.value
    start, end = unit.pieces[0][0], unit.pieces[-1][1]

    def fit(t: str) -> str:
        if unit.table:
            t = " ".join(_NEWLINE.split(t))
            # A bare pipe would end the cell early.
            out, prev = [], ""
            for ch in t:
                out.append("\\|" if ch == "|" and prev != "\\" else ch)
                prev = ch
            return "".join(out)
        if unit.inline:
            return " ".join(_NEWLINE.split(t))
        return t.replace("\r\n", "\n").replace("\n", nl + unit.cont)

    if mode != "sentence" or unit.inline:
        seg = Segment(ids(f"{prefix}-{_hash(source)}"), unit.kind, unit.label, source, unit.line)
        return Slot(start, end, (seg,), lambda t: fit(t[0]), unit)

    spans = sentence_spans(source) or [(0, len(source))]
    # Map each sentence back to its source line through the piece boundaries in the joined text.
    piece_lines = [bisect_right(line_starts, s) for s, _ in unit.pieces]
    bounds: list[int] = []
    pos = 0
    for part in parts:
        found = source.find(part.strip(), pos)
        bounds.append(found if found >= 0 else pos)
        pos = max(pos, found if found >= 0 else pos)
    segs = []
    for s, e in spans:
        sentence = source[s:e]
        line = piece_lines[max(0, bisect_right(bounds, s) - 1)]
        sid = ids(f"{prefix}-{_hash(sentence)}")
        segs.append(Segment(sid, unit.kind, f"{unit.label} (sentence)", sentence, line))
    return Slot(start, end, tuple(segs), lambda t: fit(join_sentences(list(t), target_lang)), unit)


def segments(article_slots: Sequence[Slot]) -> list[Segment]:
    """All segments in document order."""
    return [seg for slot in article_slots for seg in slot.segments]


def render(article: Article, article_slots: Sequence[Slot], lookup: Callable[[Segment], str | None]) -> str:
    """The article with each segment replaced by ``lookup(segment)`` (None keeps the source).

    A slot keeps its original characters when no segment changes, which makes the identity
    translation exact even for wrapped paragraphs and quoted YAML values.
    """
    text = article.text
    out: list[str] = []
    pos = 0
    for slot in article_slots:
        out.append(text[pos : slot.start])
        pos = slot.end
        if not slot.segments:
            out.append(slot.render(()))
            continue
        values = []
        changed = False
        for seg in slot.segments:
            value = lookup(seg)
            if value is None or value == seg.source:
                values.append(seg.source)
            else:
                values.append(value)
                changed = True
        out.append(slot.render(values) if changed else text[slot.start : slot.end])
    out.append(text[pos:])
    return ("\ufeff" if article.bom else "") + "".join(out)
