"""Articles and their segments: one walk that both extracts segments and puts translations back.

An article is split into *slots*: non-overlapping spans of its text that a translation may replace
(a front-matter value, the pieces of a Markdown unit) or that the English output drops (Hugo's
``isCJKLanguage``). Everything between slots is copied verbatim.

Invariants:
- ``render(article, lambda seg: None)`` and ``render(article, lambda seg: seg.source)`` return the
  article text byte for byte (with ``drop_keys`` empty): a slot whose every segment is untranslated
  or translated to its own source keeps its original characters, line breaks included.
- Text without a letter or digit (``✅``, ``-``, ``...``) is never a segment: it is copied.
- Segment IDs depend only on kind and text (``p-1a2b3c4d``; front-matter scalars use the key,
  ``fm.title``), plus ``-2``, ``-3``... for repeated text, so edits elsewhere never change them.
- Hard-wrapped lines are joined without a space when either side is CJK, with one space otherwise;
  a hard line break (two trailing spaces or a backslash) stays a newline in the msgid, and so does
  a join that would change how the paragraph parses (``join_lines``): the msgid always parses to
  the same inline tree as the source lines.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from l10n.formats import frontmatter as fm
from l10n.formats.emphasis import breaks_autolink, joined_breaks
from l10n.formats.html import HtmlScan, html_units, render_attr
from l10n.formats.markdown import _BLOCK_TAGS, RawBlock, Scan, Unit, scan_blocks
from l10n.formats.shortcodes import parse_calls, render_value
from l10n.lang.script import ZH_RUN_RE
from l10n.lang.sentences import is_cjk, join_sentences, sentence_spans
from l10n.model import Kind, ParseError, Segment

__all__ = [
    "Article",
    "Document",
    "Slot",
    "block_markup",
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
        head = self.text[:4096]
        if "\r\n" in head:
            return "\r\n"
        # Classic Mac line ends (lone CR): a line break a translation adds must be one too.
        return "\r" if "\r" in head and "\n" not in head else "\n"

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
    # A body block whose translation keeps its line breaks (paragraph, list item, quote, footnote,
    # setext heading): each translated line starts a line of the page, so it could start a block.
    multiline: bool = False
    unit: Unit | None = None  # the Markdown unit of a body slot (its pieces and container prefix)
    # Code-block slots only: the opening fence ("" for an indented block), which no line of a
    # translation may repeat (``code_breaks``).
    fence: str | None = None
    form: fm.Field | None = None  # front-matter slots: the value as written (``previous_forms``)


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()


def join_lines(parts: Sequence[str]) -> str:
    """Join the text of hard-wrapped source lines the way a reader would read them.

    Lines join without a space when either side is CJK, with one space otherwise; a hard line break
    (two trailing spaces or a backslash) stays a newline. So does an unspaced join that would change
    the Markdown (see ``l10n.formats.emphasis``): a delimiter run that would flank differently and so
    pair differently (``**不灵活。**`` then ``例如`` would leave the closing ``**`` unable to close),
    or a bare URL that would run on or stop being one.
    """
    out = ""
    cuts: list[int] = []  # offsets of unspaced joins next to a delimiter run: may have to stay newlines
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
            if breaks_autolink(out, part):
                out += "\n" + part
                continue
            if out[-1] in _DELIMITERS or part[0] in _DELIMITERS:
                cuts.append(len(out))
            out += part
        elif _UNCLOSED_DESTINATION.search(out) and _CLOSES_DESTINATION.match(part):
            out += "\n" + part  # `](<foo` + ` bar>)` would become a valid link destination
        else:
            out += " " + part
    cuts = sorted({c for c in cuts if 0 < c < len(out)})
    if not cuts:
        return out
    bounds = [0, *cuts, len(out)]
    chunks = [out[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    keep = joined_breaks(chunks)
    if not keep:
        return out
    return "".join(chunk + ("\n" if k in keep else "") for k, chunk in enumerate(chunks))


_DELIMITERS = "*_~"
_UNCLOSED_DESTINATION = re.compile(r"\]\(<[^<>\n]*\Z")
_CLOSES_DESTINATION = re.compile(r"[^<>\n]*>")


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
    raw: tuple[RawBlock, ...] = ()  # blocks kept byte for byte (code, HTML, shortcodes, math)
    warnings: tuple[tuple[int, str], ...] = ()  # (line, message): input kept as it is
    # Spans inside HTML blocks that no reader sees as text (comments, <script>, <pre>…).
    silent: tuple[tuple[int, int], ...] = ()

    @property
    def segments(self) -> list[Segment]:
        """All segments in document order."""
        return segments(self.slots)

    def output_slots(self) -> list[Slot]:
        if not self.drop_keys:
            return list(self.slots)
        drop = Caseless(self.drop_keys)
        # A dropped key's own value slot lies inside the dropped span, so it must not render too.
        kept = [s for s in self.slots if not (s.segments and s.segments[0].field in drop)]
        return sorted([*kept, *self.dropped], key=lambda s: s.start)

    def output_segments(self) -> list[Segment]:
        return segments(self.output_slots())

    def render(self, lookup: Callable[[Segment], str | None], extra: Sequence[Slot] = ()) -> str:
        """The output text; see ``render``. ``extra`` slots (no segments) rewrite more spans."""
        slots = self.output_slots()
        if extra:
            slots = sorted([*slots, *extra], key=lambda s: s.start)
        return render(self.article, slots, lookup)


# Named parameters that hold prose in any shortcode (Hugo's own and common themes'). "name" is
# not here: it is an identifier in most shortcodes, and a setting can add it where it is prose.
DEFAULT_SHORTCODE_PARAMS: dict[str, tuple[str, ...]] = {
    "*": ("title", "caption", "alt", "description", "text", "label", "attr", "summary"),
}


class Caseless(Collection[str]):
    """Front-matter key names matched as Hugo matches them: ``linktitle`` is ``linkTitle``."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = tuple(keys)
        self._folded = frozenset(k.casefold() for k in self._keys)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.casefold() in self._folded

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def shortcode_params(config: Mapping[str, Sequence[str]], name: str) -> frozenset[str]:
    """The parameters of shortcode ``name`` that hold prose: its own list if configured, else ``*``.

    Positional parameters are named by their 0-based position (``"0"``).
    """
    return frozenset(config.get(name, config.get("*", ())))


def parse_document(
    article: Article,
    keys: Sequence[str],
    drop_keys: Sequence[str] = (),
    mode: str = "block",
    target_lang: str = "en",
    params: Mapping[str, Sequence[str]] | None = None,
    code_blocks: str = "chinese",
) -> Document:
    """Walk the article once: front-matter fields of ``keys``, then the Markdown body.

    ``code_blocks = "chinese"`` makes a segment of each code block whose code holds Chinese (a
    comment, a string), so it is translated rather than shipped as it is; ``"copy"`` never does.
    """
    sc_params = DEFAULT_SHORTCODE_PARAMS if params is None else params
    silent: list[tuple[int, int]] = []
    content, found = _content_slots(
        article, tuple(keys), mode, target_lang, sc_params, silent, code_blocks == "chinese"
    )
    dropped: tuple[Slot, ...] = ()
    if article.block is not None and drop_keys:
        spans = fm.drop_key_spans(article.text, article.block, Caseless(drop_keys))
        dropped = tuple(Slot(s, e, (), lambda _t: "") for s, e in spans)
    return Document(article, content, tuple(drop_keys), dropped, found.raw, found.warnings, tuple(silent))


def slots(
    article: Article,
    keys: Sequence[str],
    drop_keys: Sequence[str] = (),
    mode: str = "block",
    target_lang: str = "en",
) -> list[Slot]:
    """Every output slot of the article in document order (``parse_document(...).output_slots()``)."""
    return parse_document(article, keys, drop_keys, mode, target_lang).output_slots()


def _content_slots(
    article: Article,
    keys: tuple[str, ...],
    mode: str,
    target_lang: str,
    params: Mapping[str, Sequence[str]],
    silent: list[tuple[int, int]],
    code: bool = True,
) -> tuple[tuple[Slot, ...], Scan]:
    """The translatable slots: front-matter fields of ``keys``, then the units of the body.

    IDs are handed out in this order (front matter, Markdown units, then the raw blocks' HTML
    text and shortcode parameters); the raw blocks' kinds have prefixes of their own, so adding
    them never renumbers a Markdown segment's ``-2``.
    """
    text = article.text
    ids = _Ids()
    out: list[Slot] = []
    nl = article.newline
    block = article.block
    if block is not None:
        for f in fm.fields(text, block, Caseless(keys), article.path):
            if not has_words(f.value):
                continue
            sid = ids(f"fm.{f.key}" if f.index is None else f"fm.{f.key}.{_hash(f.value)}")
            seg = Segment(sid, Kind.FRONT_MATTER, f"front matter {f.key}", f.value, f.line, field=f.key)
            out.append(Slot(f.start, f.end, (seg,), _field_render(f), form=f))
    line_starts = _line_index(text)
    found = scan_blocks(text, article.body_start)
    for unit in found.units:
        slot = _unit_slot(text, unit, ids, nl, mode, target_lang, line_starts)
        if slot is not None:
            out.append(slot)
    warnings = list(found.warnings)
    for raw in found.raw:
        if raw.body and code:
            slot = _code_slot(text, raw, ids, nl)
            if slot is not None:
                out.append(slot)
        elif raw.kind == "shortcode":
            out.extend(_shortcode_slots(text, raw, ids, params, line_starts, warnings))
        elif raw.kind == "html" and raw.html_type >= 6 and not raw.quoted:
            found_html = html_units(text, raw.start, raw.end)
            silent.extend(found_html.skipped)
            out.extend(_html_slots(text, found_html, ids, nl, mode, target_lang, line_starts, warnings))
    out.sort(key=lambda s: s.start)
    return tuple(out), Scan(found.units, found.raw, tuple(warnings))


def code_pieces(text: str, raw: RawBlock) -> tuple[tuple[int, int], ...]:
    """The spans of a code block's lines that make its segment: blank lines at either end stay
    outside, since they carry no text and a blank line's container prefix may be cut short (``>``
    for ``>   ``), so nothing may be put there."""
    pieces = raw.body
    while pieces and not text[pieces[0][0] : pieces[0][1]].strip():
        pieces = pieces[1:]
    while pieces and not text[pieces[-1][0] : pieces[-1][1]].strip():
        pieces = pieces[:-1]
    return pieces


def _code_slot(text: str, raw: RawBlock, ids: _Ids, nl: str) -> Slot | None:
    """A code block whose code holds Chinese, as one segment: its lines joined by ``\n``.

    A translation's lines replace the code lines one for one, each keeping the separator (line
    ending and container prefix) its line had; extra lines get ``nl`` + ``raw.cont``. So the
    identity translation is exact and a translated comment changes nothing else.
    """
    pieces = code_pieces(text, raw)
    if not pieces:
        return None
    lines = [text[s:e] for s, e in pieces]
    source = "\n".join(lines)
    if ZH_RUN_RE.search(source) is None:
        return None
    seps = [text[a_end:b_start] for (_, a_end), (b_start, _) in zip(pieces, pieces[1:], strict=False)]
    label = f"code block ({raw.lang})" if raw.lang else "code block"
    line = raw.line + text.count("\n", raw.start, pieces[0][0])
    seg = Segment(ids(f"code-{_hash(source)}"), Kind.CODE, label, source, line)

    def render_code(t: Sequence[str]) -> str:
        new = t[0].replace("\r\n", "\n").split("\n")
        out = [new[0]]
        for k, line in enumerate(new[1:]):
            # A blank line's own separator may lack the indentation a line with text needs.
            fits = k < len(seps) and (not line.strip() or lines[k + 1].strip())
            out.append(seps[k] if fits else nl + raw.cont)
            out.append(line)
        return "".join(out)

    return Slot(pieces[0][0], pieces[-1][1], (seg,), render_code, fence=raw.fence)


def code_breaks(translation: str, fence: str) -> str | None:
    """Why a code block's translation would end the block early (a line that closes its fence)."""
    if not fence:
        return None
    for line in translation.splitlines():
        body = line.lstrip(" ")
        if len(line) - len(body) <= 3 and body.rstrip() and set(body.rstrip()) == {fence[0]}:
            if len(body.rstrip()) >= len(fence):
                return f"the line {body.rstrip()!r} would close the code block"
    return None


def _line_at(line_starts: list[int], offset: int) -> int:
    return bisect_right(line_starts, offset)


def _shortcode_slots(
    text: str,
    raw: RawBlock,
    ids: _Ids,
    params: Mapping[str, Sequence[str]],
    line_starts: list[int],
    warnings: list[tuple[int, str]],
) -> list[Slot]:
    calls, problems = parse_calls(text, raw.start, raw.end)
    for offset, message in problems:
        warnings.append((_line_at(line_starts, offset), f"{message}; the call is kept as it is"))
    out: list[Slot] = []
    for call in calls:
        wanted = shortcode_params(params, call.name)
        if not wanted or call.closing:
            continue
        for prm in call.params:
            key = prm.name if prm.name is not None else str(prm.index)
            if key not in wanted or not has_prose(prm.value):
                continue
            label = f"shortcode {call.name} {key}"
            line = _line_at(line_starts, prm.start)
            seg = Segment(ids(f"sc-{_hash(prm.value)}"), Kind.SHORTCODE, label, prm.value, line)
            out.append(Slot(prm.start, prm.end, (seg,), _quoted(render_value, prm.quote)))
    return out


def _quoted(fn: Callable[[str, str], str], quote: str) -> Callable[[Sequence[str]], str]:
    return lambda t: fn(" ".join(_NEWLINE.split(t[0])), quote)


def _html_slots(
    text: str,
    found: HtmlScan,
    ids: _Ids,
    nl: str,
    mode: str,
    target_lang: str,
    line_starts: list[int],
    warnings: list[tuple[int, str]],
) -> list[Slot]:
    if found.warning is not None:
        warnings.append((_line_at(line_starts, found.warning[0]), found.warning[1]))
        return []
    out: list[Slot] = []
    for pieces in found.runs:
        unit = Unit(Kind.HTML, "HTML text", tuple(pieces), _line_at(line_starts, pieces[0][0]), inline=True)
        slot = _unit_slot(text, unit, ids, nl, mode, target_lang, line_starts)
        if slot is not None:
            out.append(slot)
    for a in found.attrs:
        label = f"HTML {a.tag} {a.name}"
        line = _line_at(line_starts, a.start)
        seg = Segment(ids(f"html-{_hash(a.value)}"), Kind.HTML, label, a.value, line)
        out.append(Slot(a.start, a.end, (seg,), _quoted(render_attr, a.quote)))
    return out


def has_prose(text: str) -> bool:
    """Text a reader of the English page would see as Chinese (Han or Chinese punctuation)."""
    return ZH_RUN_RE.search(text) is not None


def has_words(text: str) -> bool:
    """Whether ``text`` holds a letter or a digit (any script). Text without one (``✅``, ``-``,
    ``...``, emoji) has nothing to translate: it is copied, never offered as a segment."""
    return any(ch.isalnum() for ch in text)


def _field_render(f: fm.Field) -> Callable[[Sequence[str]], str]:
    return lambda t: f.render(t[0])


def _unit_slot(
    text: str, unit: Unit, ids: _Ids, nl: str, mode: str, target_lang: str, line_starts: list[int]
) -> Slot | None:
    """The slot of one Markdown unit, or None when it has nothing to translate (see ``has_words``)."""
    parts = [text[s:e] for s, e in unit.pieces]
    source = join_lines(parts)
    if not has_words(source):
        return None
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
        return Slot(start, end, (seg,), lambda t: fit(t[0]), multiline=not unit.inline, unit=unit)

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
    sentences = [source[s:e] for s, e in spans]
    for (s, _), sentence in zip(spans, sentences, strict=True):
        if not has_words(sentence):
            continue  # copied as it is, between the translated sentences
        line = piece_lines[max(0, bisect_right(bounds, s) - 1)]
        sid = ids(f"{prefix}-{_hash(sentence)}")
        segs.append(Segment(sid, unit.kind, f"{unit.label} (sentence)", sentence, line))

    def assemble(t: Sequence[str]) -> str:
        values = iter(t)
        whole = [next(values) if has_words(sentence) else sentence for sentence in sentences]
        return fit(join_sentences(whole, target_lang))

    return Slot(start, end, tuple(segs), assemble, multiline=True, unit=unit)


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


def previous_forms(
    article: Article, article_slots: Sequence[Slot], previous: str, keys: Sequence[str]
) -> list[Slot]:
    """``article_slots`` where a front-matter value that the previous output (``previous``, the
    English page as it is) already holds keeps the form it has there: ``title: 'Eino: Components'``
    stays single-quoted instead of being re-quoted in the Chinese file's style.

    Only one-line forms of the same key and list position, in the same syntax and context (flow or
    block), are reused, and only when they read back as exactly the new value; the caller keeps
    the plain render if the result does not read back the same (``same_front_matter``).
    """
    if article.block is None or not any(s.form is not None for s in article_slots):
        return list(article_slots)
    try:
        prev = parse_article(previous, article.path)
        if prev.block is None or prev.block.kind != article.block.kind:
            return list(article_slots)
        found = fm.fields(prev.text, prev.block, Caseless(keys), prev.path)
    except ParseError:
        return list(article_slots)
    forms = {(f.key.casefold(), f.index): f for f in found if "\n" not in prev.text[f.start : f.end]}
    out: list[Slot] = []
    for slot in article_slots:
        mine = slot.form
        theirs = forms.get((mine.key.casefold(), mine.index)) if mine is not None else None
        if mine is None or theirs is None or (theirs.syntax, theirs.flow) != (mine.syntax, mine.flow):
            out.append(slot)
            continue
        raw = prev.text[theirs.start : theirs.end]
        out.append(replace(slot, render=_kept_form(raw, theirs.value, slot.render)))
    return out


def _kept_form(raw: str, value: str, plain: Callable[[Sequence[str]], str]) -> Callable[[Sequence[str]], str]:
    return lambda t: raw if t[0] == value else plain(t)


def same_front_matter(a: str, b: str, keys: Sequence[str], path: str) -> bool:
    """Whether two renders of one article read back as the same front-matter values of ``keys``."""
    try:
        pa, pb = parse_article(a, path), parse_article(b, path)
        if pa.block is None or pb.block is None:
            return pa.block is pb.block
        va = [(f.key, f.index, f.value) for f in fm.fields(pa.text, pa.block, Caseless(keys), path)]
        vb = [(f.key, f.index, f.value) for f in fm.fields(pb.text, pb.block, Caseless(keys), path)]
    except ParseError:
        return False
    return va == vb


# --------------------------------------------------------------------------- block-structure guard

# Lines that end a paragraph and start another block (CommonMark/GFM "can interrupt a paragraph"),
# plus the Hugo-site blocks this tool keeps verbatim ($$ math, a line holding only a shortcode).
_INTERRUPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("heading", re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")),
    ("fence", re.compile(r" {0,3}(?:`{3,}(?!.*`)|~{3,})")),
    ("quote", re.compile(r" {0,3}>")),
    ("list item", re.compile(r" {0,3}(?:[-+*]|1[.)])[ \t]+\S")),
    ("rule or heading underline", re.compile(r" {0,3}(?:(?:[*_][ \t]*){3,}|(?:-[ \t]*)+|=+[ \t]*)$")),
    (
        "HTML block",
        re.compile(
            rf" {{0,3}}<(?:(?:script|pre|style|textarea)(?:[\s>]|$)|!--|\?|![A-Za-z]|!\[CDATA\[|"
            rf"/?(?:{_BLOCK_TAGS})(?:[\s/>]|$))",
            re.I,
        ),
    ),
    ("table", re.compile(r" {0,3}(?=[^\n]*\|)(?=[^\n]*-)[|:\- \t]+$")),
    ("footnote", re.compile(r" {0,3}\[\^[^\]]+\]:")),
    ("math block", re.compile(r" {0,3}\$\$")),
    ("shortcode line", re.compile(r" {0,3}\{\{[<%].*[%>]\}\}[ \t]*$")),
)
# Lines that start a block only where a new block may begin (first line, after a blank line).
_AT_BLOCK_START: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("indented code", re.compile(r"(?: {4}| {0,3}\t)")),
    ("list item", re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")),
    ("link definition", re.compile(r" {0,3}\[[^\]]+\]:")),
    ("HTML block", re.compile(r" {0,3}</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>[ \t]*$")),
)


def _block_kinds(text: str, at_line_start: bool) -> list[tuple[str, int, str]]:
    """(kind, line index, line) of every line of ``text`` that would start a block on the page."""
    out = []
    start = at_line_start
    for i, line in enumerate(_NEWLINE.split(text)):
        here = i > 0 or at_line_start
        if not here:
            start = False
            continue
        if not line.strip():
            out.append(("blank line", i, line))
            start = True
            continue
        for kind, rx in _INTERRUPTS + (_AT_BLOCK_START if start else ()):
            if rx.match(line):
                out.append((kind, i, line))
                break
        start = False
    return out


def block_markup(source: str, translation: str, at_line_start: bool = True) -> str | None:
    """Why ``translation``, rendered in place of ``source`` in a multi-line block, would change the
    page's block structure (a line starting a heading, list, fence... where the source has no such
    line), or None when it keeps it.

    ``at_line_start``: the segment's first line starts a line of the page (false for the second and
    later sentences of a block in sentence mode). Only kinds the source lacks (counted) are refused,
    so the identity translation, and any translation that keeps the source's own lines, passes.
    """
    if "\n" not in translation and "\r" not in translation and not at_line_start:
        return None
    found = _block_kinds(translation, at_line_start)
    if not found:
        return None
    have: dict[str, int] = {}
    for kind, _, _ in _block_kinds(source, at_line_start):
        have[kind] = have.get(kind, 0) + 1
    for kind, i, line in found:
        if have.get(kind, 0) > 0:
            have[kind] -= 1
            continue
        if kind == "blank line":
            return f"translation line {i + 1} is blank, which would split the block in two"
        return f"translation line {i + 1} would start a {kind} ({line.strip()[:12]!r})"
    return None
