"""Glossary files: TSV and TBX parsing and generation (pure text in, terms out).

TSV format (``glossary/*.tsv``, UTF-8):

- The first line that is neither blank nor a ``#`` comment is the header. Its first two columns are
  ``source`` and ``target``; then optionally ``note`` and ``flags`` (in that order).
- A row has at least the two first columns and at most as many as the header; missing trailing
  optional columns are empty (spreadsheets drop trailing empty cells). Cells are stripped of spaces.
- ``flags`` is comma-separated: ``case-sensitive``, ``do-not-translate``, ``forbidden``.
  ``do-not-translate``: the source is kept as is in English; the target is empty or equal to the
  source and is stored as the source. ``forbidden``: the target must *not* be used for that source.
- Merging several files: the same source with the same target twice is fine (the first row wins);
  the same source with two different non-forbidden targets, or a target both pinned and forbidden,
  is a ``ParseError`` naming both ``file:line``.

TBX format (ISO 30042; TBX-Basic ``<martif>`` v2 is written, v2 and v3 ``<tbx>`` are read):

- One ``termEntry`` (v3: ``conceptEntry``) per source; ``langSet``/``langSec`` with ``xml:lang``
  ``zh*`` holds the source term(s), ``en*`` the targets, each in a ``tig``/``ntig``/``termSec``.
- Forbidden target: ``<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>``
  (``supersededTerm-admn-sts`` and ``normativeAuthorization`` ``deprecatedTerm`` also read as
  forbidden). The pinned target is the first ``preferredTerm-admn-sts`` term, else the first term
  that is not forbidden.
- TBX-Basic has no data category for do-not-translate or case-sensitivity, so they travel as
  ``<termNote type="x-l10n-flags">do-not-translate,case-sensitive</termNote>`` on the target term
  (``x-`` marks a private category; other tools keep it as an unknown termNote). A TBX reader that
  ignores it still sees the correct target, since a do-not-translate target equals its source.
- A term's note is the ``<note>``/``<descrip>`` text of its target ``tig``; the pinned target also
  takes entry-level and English ``langSet``-level notes. Several notes join with ``"; "``.
- DOCTYPE and ENTITY declarations are rejected, so no entity expansion can happen.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

from l10n.model import ParseError

CASE_SENSITIVE = "case-sensitive"
DO_NOT_TRANSLATE = "do-not-translate"
FORBIDDEN = "forbidden"
# Canonical order, used whenever flags are written out.
FLAGS: tuple[str, ...] = (CASE_SENSITIVE, DO_NOT_TRANSLATE, FORBIDDEN)

HINT_PREFIX = "glossary: "


@dataclass(frozen=True)
class Term:
    """One glossary row.

    Invariants (enforced by the parsers): ``source`` is non-empty; ``target`` is non-empty; a
    do-not-translate term has ``target == source``; ``flags`` only holds names from ``FLAGS`` and
    never both do-not-translate and forbidden. ``path``/``line`` say where the row came from and
    take no part in equality.
    """

    source: str
    target: str
    note: str = ""
    flags: frozenset[str] = frozenset()
    path: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    @property
    def case_sensitive(self) -> bool:
        return CASE_SENSITIVE in self.flags

    @property
    def do_not_translate(self) -> bool:
        return DO_NOT_TRANSLATE in self.flags

    @property
    def forbidden(self) -> bool:
        return FORBIDDEN in self.flags

    def where(self) -> str:
        if self.path is None:
            return "<terms>"
        return f"{self.path}:{self.line}" if self.line is not None else self.path


# --------------------------------------------------------------------------------------------
# TSV




_HEADER_OPTIONAL = ("note", "flags")


def _parse_header(cells: list[str], path: str, lineno: int) -> list[str]:
    names = [c.strip().lower() for c in cells]
    if names[:2] != ["source", "target"]:
        shown = "<TAB>".join(cells)
        raise ParseError(
            f"bad header {shown!r}: expected 'source<TAB>target<TAB>note' "
            "(note and a final flags column optional)",
            path,
            lineno,
        )
    rest = names[2:]
    allowed = [n for n in _HEADER_OPTIONAL if n in rest]
    if rest != allowed or len(rest) != len(set(rest)):
        raise ParseError(
            f"bad header column(s) {rest!r}: after source and target only 'note' then 'flags' may follow",
            path,
            lineno,
        )
    return names


def _parse_flags(cell: str, path: str, lineno: int) -> frozenset[str]:
    flags = set()
    for raw in cell.split(","):
        name = raw.strip().lower()
        if not name:
            continue
        if name not in FLAGS:
            raise ParseError(f"unknown flag {name!r} (known: {', '.join(FLAGS)})", path, lineno)
        flags.add(name)
    return frozenset(flags)


def _make_term(
    source: str, target: str, note: str, flags: frozenset[str], path: str, lineno: int | None
) -> Term:
    """Validate one row and bring it to the ``Term`` invariants."""
    if not source:
        raise ParseError("empty source term", path, lineno)
    if DO_NOT_TRANSLATE in flags and FORBIDDEN in flags:
        raise ParseError(f"{source!r}: flags do-not-translate and forbidden exclude each other", path, lineno)
    if DO_NOT_TRANSLATE in flags:
        if target and target != source:
            raise ParseError(
                f"{source!r} is do-not-translate but has target {target!r} (leave it empty or equal "
                "to the source)",
                path,
                lineno,
            )
        target = source
    elif not target:
        kind = "forbidden term" if FORBIDDEN in flags else "term"
        raise ParseError(f"empty target for {kind} {source!r}", path, lineno)
    return Term(source, target, note, flags, path, lineno)


def parse_tsv(text: str, path: str) -> list[Term]:
    """Parse one TSV glossary (already decoded). Duplicates within the file are checked by ``merge_terms``."""
    header: list[str] | None = None
    terms: list[Term] = []
    for lineno, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        if not raw.strip() or raw.lstrip(" ").startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = _parse_header(cells, path, lineno)
            continue
        if len(cells) < 2 or len(cells) > len(header):
            raise ParseError(
                f"expected {len(header)} tab-separated columns ({', '.join(header)}), found {len(cells)}",
                path,
                lineno,
            )
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        flags = _parse_flags(row.get("flags", ""), path, lineno)
        terms.append(_make_term(row["source"], row["target"], row.get("note", ""), flags, path, lineno))
    if header is None:
        raise ParseError("missing header 'source<TAB>target<TAB>note'", path, 1)
    return terms


def tsv_cell(text: str) -> str:
    # A TSV cell cannot hold a tab or a line break; TBX notes may have both.
    return " ".join(text.split()) if any(c in text for c in "\t\r\n") else text


def _flags_text(flags: Iterable[str]) -> str:
    present = set(flags)
    return ",".join(f for f in FLAGS if f in present)


def generate_tsv(terms: Iterable[Term]) -> str:
    """Write terms as TSV (``parse_tsv`` gives them back). The flags column appears only when needed."""
    items = list(terms)
    with_flags = any(t.flags for t in items)
    lines = ["source\ttarget\tnote" + ("\tflags" if with_flags else "")]
    for t in items:
        cells = [tsv_cell(t.source), tsv_cell(t.target), tsv_cell(t.note)]
        if with_flags:
            cells.append(_flags_text(t.flags))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"



def append_tsv(text: str, terms: Iterable[Term]) -> str:
    """``text`` (a TSV glossary, already valid) with ``terms`` appended as rows.

    Every existing line (comments, order, notes) is kept byte for byte; only the header gains the
    ``note`` / ``flags`` columns when a new row needs them.
    """
    items = list(terms)
    if not items:
        return text
    lines = text.split("\n")
    header_at = next(
        i for i, raw in enumerate(lines) if raw.strip() and not raw.lstrip(" ").startswith("#")
    )
    header = lines[header_at].rstrip("\r").split("\t")
    width = len(header)
    want = 4 if any(t.flags for t in items) else 3 if any(t.note for t in items) else 2
    if want > width:
        missing = ["note", "flags"][width - 2 : want - 2]
        eol = "\r" if lines[header_at].endswith("\r") else ""
        lines[header_at] = lines[header_at].rstrip("\r") + "".join("\t" + m for m in missing) + eol
        width = want
    out = "\n".join(lines)
    if out and not out.endswith("\n"):
        out += "\n"
    for t in items:
        cells = [tsv_cell(t.source), tsv_cell(t.target), tsv_cell(t.note), _flags_text(t.flags)][:width]
        while len(cells) > 2 and not cells[-1]:
            cells.pop()
        out += "\t".join(cells) + "\n"
    return out


def parse_file(text: str, path: str) -> list[Term]:
    """Parse by file name: ``*.tbx`` (any case) as TBX, anything else as TSV."""
    if path.lower().endswith(".tbx"):
        return parse_tbx(text, path)
    return parse_tsv(text, path)


# --------------------------------------------------------------------------------------------
# TBX

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DECL_RX = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_FORBIDDEN_STATUS = {"deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecatedterm", "forbidden"}


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: ET.Element, *names: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) in names]


def _text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _lang(el: ET.Element) -> str:
    raw = el.get(_XML_LANG) or el.get("lang") or ""
    return raw.replace("_", "-").split("-")[0].lower()


def _notes(el: ET.Element) -> list[str]:
    """Direct note-like children (``note``, ``descrip``, also inside ``descripGrp``)."""
    out: list[str] = []
    for c in el:
        name = _local(c.tag)
        if name in ("note", "descrip"):
            if _text(c):
                out.append(_text(c))
        elif name == "descripGrp":
            out.extend(_notes(c))
    return out


@dataclass
class _TbxTerm:
    text: str
    status: str
    flags: set[str]
    notes: list[str]


def _tbx_terms(lang_el: ET.Element) -> list[_TbxTerm]:
    out: list[_TbxTerm] = []
    for holder in _children(lang_el, "tig", "ntig", "termSec"):
        # ntig nests term and termNotes in a termGrp; flatten one level.
        parts = [holder, *_children(holder, "termGrp")]
        text = ""
        status = ""
        flags: set[str] = set()
        notes: list[str] = []
        for part in parts:
            for c in part:
                name = _local(c.tag)
                if name == "term" and not text:
                    text = _text(c)
                elif name == "termNote":
                    kind = (c.get("type") or "").strip()
                    value = _text(c)
                    if kind in ("administrativeStatus", "normativeAuthorization"):
                        status = value.lower()
                    elif kind == "x-l10n-flags":
                        flags.update(f.strip().lower() for f in value.split(",") if f.strip())
            notes.extend(_notes(part))
        if text:
            out.append(_TbxTerm(text, status, flags, notes))
    return out


def parse_tbx(text: str, path: str, source_lang: str = "zh", target_lang: str = "en") -> list[Term]:
    """Read a TBX file (mapping in the module docstring). Entries lacking either language are skipped."""
    decl = _DECL_RX.search(text)
    if decl is not None:
        raise ParseError(
            f"TBX with a {decl.group(1).upper()} declaration is not accepted (entity expansion risk)",
            path,
            text.count("\n", 0, decl.start()) + 1,
        )
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        line = e.position[0] if e.position else None
        raise ParseError(f"not well-formed XML: {e}", path, line) from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise ParseError(
            f"not a TBX file: root element <{_local(root.tag)}>, expected <martif> or <tbx>", path, 1
        )
    flag_names = set(FLAGS)
    terms: list[Term] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        sources: list[_TbxTerm] = []
        targets: list[_TbxTerm] = []
        target_level_notes: list[str] = []
        for lang_el in _children(entry, "langSet", "langSec"):
            lang = _lang(lang_el)
            if lang == source_lang:
                sources.extend(_tbx_terms(lang_el))
            elif lang == target_lang:
                targets.extend(_tbx_terms(lang_el))
                target_level_notes.extend(_notes(lang_el))
        if not sources or not targets:
            continue
        forbidden = [t for t in targets if t.status in _FORBIDDEN_STATUS]
        allowed = [t for t in targets if t.status not in _FORBIDDEN_STATUS]
        preferred = [t for t in allowed if t.status.startswith("preferredterm")]
        main = (preferred or allowed)[0] if allowed else None
        entry_id = entry.get("id")
        where = f"{path}#{entry_id}" if entry_id else path
        for src in sources:
            if src.status in _FORBIDDEN_STATUS:
                continue
            if main is not None:
                unknown = main.flags - flag_names
                if unknown:
                    raise ParseError(
                        f"unknown flag(s) {sorted(unknown)} in entry {entry_id or src.text!r}", where
                    )
                note = "; ".join([*_notes(entry), *target_level_notes, *main.notes])
                flags = frozenset(main.flags - {FORBIDDEN})
                target = "" if DO_NOT_TRANSLATE in flags and main.text == src.text else main.text
                terms.append(_make_term(src.text, target, note, flags, where, None))
            for bad in forbidden:
                flags = frozenset((bad.flags & flag_names) - {DO_NOT_TRANSLATE} | {FORBIDDEN})
                terms.append(_make_term(src.text, bad.text, "; ".join(bad.notes), flags, where, None))
    return terms


def generate_tbx(terms: Iterable[Term], source_lang: str = "zh", target_lang: str = "en") -> str:
    """Write terms as TBX-Basic (``<martif>``), one ``termEntry`` per distinct source, in first-seen order.

    ``parse_tbx(generate_tbx(ts)) == ts`` when each source has at most one pinned target listed before
    its forbidden ones (as ``merge_terms`` guarantees up to order).
    """
    groups: dict[str, list[Term]] = {}
    for t in terms:
        groups.setdefault(t.source, []).append(t)
    root = ET.Element("martif", {"type": "TBX-Basic", _XML_LANG: target_lang})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    source_desc = ET.SubElement(file_desc, "sourceDesc")
    ET.SubElement(source_desc, "p").text = "l10n glossary export"
    ET.SubElement(header, "encodingDesc")
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for n, (source, group) in enumerate(groups.items(), start=1):
        entry = ET.SubElement(body, "termEntry", {"id": f"t{n}"})
        src_set = ET.SubElement(entry, "langSet", {_XML_LANG: source_lang})
        ET.SubElement(ET.SubElement(src_set, "tig"), "term").text = source
        tgt_set = ET.SubElement(entry, "langSet", {_XML_LANG: target_lang})
        for t in sorted(group, key=lambda t: t.forbidden):
            tig = ET.SubElement(tgt_set, "tig")
            ET.SubElement(tig, "term").text = t.target
            status = "deprecatedTerm-admn-sts" if t.forbidden else "preferredTerm-admn-sts"
            ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
            extra = _flags_text(t.flags - {FORBIDDEN})
            if extra:
                ET.SubElement(tig, "termNote", {"type": "x-l10n-flags"}).text = extra
            if t.note:
                ET.SubElement(tig, "note").text = t.note
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
