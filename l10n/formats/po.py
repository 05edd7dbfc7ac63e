"""Read and write gettext PO files exactly as GNU gettext 0.21 does.

``parse_po`` is a strict, line-oriented parser that keeps 1-based line numbers (``Entry.lineno`` is
the line of the ``msgid`` keyword) and reports every problem as ``ParseError(message, path, line)``.

``generate_po`` lays a ``Catalog`` out byte for byte the way ``msgcat`` (gettext 0.21, default
options, UTF-8 charset) prints it, so running ``msgcat`` over our output changes nothing and a PO
editor that re-saves through gettext produces no diff noise. Entries read by ``parse_po`` carry
their raw text (``Entry.raw``); ``generate_po`` writes an entry that still holds what was read as
that text, whatever tool laid it out, and a catalog that holds exactly what was read as the whole
file read, so a no-op round trip never rewrites a file (see ``generate_po``). File names with
spaces in references are written between U+2068 and U+2069, as gettext 0.22+ does.

Invariants:

* ``generate_po(parse_po(t, p)) == t`` for every text ``t`` that ``parse_po`` accepts and whose
  entries are in gettext's order (non-obsolete before obsolete).
* ``parse_po(generate_po(c), p)`` equals ``c`` (ignoring ``Entry.lineno``) for every catalog whose
  entries are already in gettext's normal form: non-obsolete entries before obsolete ones, no
  ``fuzzy`` flag on an untranslated entry, no obsolete entry without a translation, references
  without duplicates or a leading ``./``, comments without newlines. ``msgcat`` normalises those
  cases and so does ``generate_po``.
* String wrapping follows gettext's ``wrap()`` (gettext-tools/src/write-po.c) on top of
  libunistring 1.0's ``ulc_width_linebreaks``: UAX #14 break opportunities, East Asian display
  widths, greedy filling to ``width - 1`` columns including the quotes. The Unicode data lives
  in the generated module ``l10n.formats._linebreak``.
* Nothing here touches the disk.

Why not polib: its writer does not reproduce gettext's line wrapping (it differs from ``msgcat``
on thousands of real entries, see ``bench/polib_layout.py``), so every extract would churn the
files translators' editors wrote; its ``find`` is a linear scan; and parsing here is several times
faster. polib stays a test dependency: the tests check that it reads every file we write to the
same entries (an interoperability oracle).

Not reproduced: gettext's refusal to break inside format directives of entries flagged
``c-format``/``python-format`` etc. (our catalogs carry no such flags), and ``msgcat``'s
re-ordering of flags (``generate_po`` keeps catalog order; gettext prints ``fuzzy`` first, then
format flags in its own order, and drops flags it does not know).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from l10n.formats import _linebreak as _lb
from l10n.model import Catalog, Entry, ParseError, RawText

__all__ = ["decode_po", "escape", "generate_po", "parse_po", "split_references", "unescape"]

# ============================================================================ escaping

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE_MAP = {ord(v): "\\" + k for k, v in _ESCAPES.items()}
_NEEDS_ESCAPE = re.compile(r'[\a\b\t\n\v\f\r"\\]')
_COMPLEX_ESCAPE = re.compile(r'\\[^nt"]|\\\Z')
_ESCAPE_SEQ = re.compile(r"\\(?:([ntr\"\\abfv])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.|\Z))", re.DOTALL)


def escape(s: str) -> str:
    """Escape ``s`` as gettext writes it inside a PO string (no surrounding quotes)."""
    if _NEEDS_ESCAPE.search(s) is None:
        return s
    return s.translate(_ESCAPE_MAP)


class _EscapeError(ValueError):
    pass


def unescape(s: str) -> str:
    """Decode the C escapes of a PO string body; raises ``ValueError`` on an invalid escape.

    Octal and hex escapes denote bytes (as in C); the bytes of the whole string must form UTF-8.
    """
    if "\\" not in s:
        return s
    if _COMPLEX_ESCAPE.search(s) is None:
        # Only \n, \t and \" (the escapes real text needs): plain replaces are unambiguous.
        return s.replace("\\n", "\n").replace("\\t", "\t").replace('\\"', '"')
    raw_bytes = False

    def simple(m: re.Match[str]) -> str:
        nonlocal raw_bytes
        if m.group(1) is not None:
            return _ESCAPES[m.group(1)]
        if m.group(2) is not None or m.group(3) is not None:
            raw_bytes = True
            return m.group(0)
        bad = m.group(4)
        raise _EscapeError(f'invalid escape sequence "\\{bad}"' if bad else "backslash at end of string")

    out = _ESCAPE_SEQ.sub(simple, s)
    if not raw_bytes:
        return out
    # Octal/hex escapes are bytes: rebuild the string as UTF-8 bytes and decode once.
    buf = bytearray()
    pos = 0
    for m in _ESCAPE_SEQ.finditer(s):
        buf += s[pos : m.start()].encode("utf-8")
        if m.group(1) is not None:
            buf += _ESCAPES[m.group(1)].encode("utf-8")
        else:
            value = int(m.group(2), 8) if m.group(2) is not None else int(m.group(3), 16)
            if value > 0xFF:
                raise _EscapeError(f"escape sequence {m.group(0)!r} is out of range")
            buf.append(value)
        pos = m.end()
    buf += s[pos:].encode("utf-8")
    try:
        return buf.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _EscapeError("octal/hex escapes do not form valid UTF-8") from exc


# ============================================================================ line breaking
#
# Class codes are libunistring 1.0's (see _linebreak.CLASS_NAMES). Each code point is mapped to
# chr(_BASE + class) with str.translate, so the UAX #14 pair rules can run as one regex over that
# "class string" -- C speed instead of a Python loop per character.

_BASE = 0x40
(WJ, GL, B2, BA, BB, HY, CL, CP1, CP2, EX, IN, NS, OP1, OP2, QU, IS, NU, PO, PR, SY, AL, H2, H3, ID, ID2,
 JL, JV, JT, HL, RI, ZWJ, EB, EM, BK, CR, LF, CM, ZW, SP, CB, AI, SA, XX) = range(43)  # fmt: skip
_NPAIR = 33
_D, _I, _P = 1, 2, 3  # pair table: direct break, indirect (only after spaces), prohibited
_PROHIBITED, _POSSIBLE, _MANDATORY = 0, 1, 2

# Classes the pair table alone cannot handle: combining marks and ZWJ (attach to the previous
# character), ZW, regional indicators (pairing), Hebrew letters (LB21a), mandatory breaks.
_SPECIAL = (CM, ZWJ, ZW, RI, HL, BK, CR, LF)
_SPACE_CHAR = chr(_BASE + SP)
_SPECIAL_RE = re.compile("[" + "".join(re.escape(chr(_BASE + c)) for c in _SPECIAL) + "]")


def _expand(ranges: bytes, base: int) -> str:
    """One character per code point, chr(base + value), from _linebreak's 4-byte range records."""
    starts = [int.from_bytes(ranges[i : i + 3], "big") for i in range(0, len(ranges), 4)] + [0x110000]
    values = ranges[3::4]
    return "".join(chr(base + values[k]) * (starts[k + 1] - starts[k]) for k in range(len(values)))


_class_table: str = ""
_width_table: str = ""
_break_re: re.Pattern[str] | None = None


def _tables() -> tuple[str, str, re.Pattern[str]]:
    """Build the translate tables (one char per code point, ~1 MB each) and the break regex once."""
    global _class_table, _width_table, _break_re
    if _break_re is None:
        _class_table = _expand(_lb.LB_RANGES, _BASE)
        _width_table = _expand(_lb.WIDTH_RANGES, 0)
        _break_re = _build_break_re()
    return _class_table, _width_table, _break_re


def _build_break_re() -> re.Pattern[str]:
    """One alternation per group of left classes that share their break sets.

    A match ends exactly at a break opportunity: ``X`` followed by a class it breaks directly
    before, or ``X`` plus spaces followed by a class it breaks before after spaces (LB18).
    """
    sp = re.escape(chr(_BASE + SP))
    ordinary = [c for c in range(_NPAIR) if c not in _SPECIAL]
    groups: dict[tuple[str, str], list[int]] = {}
    for left in ordinary:
        row = _lb.PAIR_TABLE[left * _NPAIR : (left + 1) * _NPAIR]
        direct = "".join(re.escape(chr(_BASE + r)) for r in ordinary if row[r] == _D)
        after_space = "".join(re.escape(chr(_BASE + r)) for r in ordinary if row[r] != _P)
        groups.setdefault((direct, after_space), []).append(left)
    alternatives = []
    for (direct, after_space), lefts in groups.items():
        branches = []
        if direct:
            branches.append(f"(?=[{direct}])")
        if after_space:
            branches.append(f"{sp}+(?=[{after_space}])")
        if branches:
            lefts_cls = "".join(re.escape(chr(_BASE + c)) for c in lefts)
            alternatives.append(f"[{lefts_cls}](?:{'|'.join(branches)})")
    return re.compile("|".join(alternatives))


def _opportunities_exact(classes: str) -> list[int]:
    """Per-character break codes: libunistring 1.0's ``u8_possible_linebreaks`` loop, ported."""
    table = _lb.PAIR_TABLE
    out = [_PROHIBITED] * len(classes)
    last = BK  # class of the last non-space character (CM/ZWJ folded into their base)
    prev = BK  # class of the immediately preceding character
    seen_space = False
    ri_count = 0
    hebrew_hyphen = False  # LB21a: previous two characters were HL followed by HY or BA
    for i, ch in enumerate(classes):
        prop = ord(ch) - _BASE
        if prop == BK or prop == LF or prop == CR:
            out[i] = _MANDATORY
            last, prev, seen_space, ri_count, hebrew_hyphen = BK, prop, False, 0, False
            continue
        if prop == SP:
            seen_space = True
            hebrew_hyphen = False
        elif prop == ZW:
            last, seen_space, hebrew_hyphen = ZW, False, False
        elif prop == CM or prop == ZWJ:
            if last == BK:
                last, seen_space = AL, False
            elif last == ZW or seen_space:
                out[i] = _POSSIBLE
                last, seen_space = AL, False
            hebrew_hyphen = False
        else:
            if last == BK:
                brk = _PROHIBITED
            elif last == ZW:
                brk = _POSSIBLE
            elif prev == ZWJ or hebrew_hyphen:
                brk = _PROHIBITED
            elif last == RI and prop == RI:
                brk = _POSSIBLE if (seen_space or ri_count % 2 == 0) else _PROHIBITED
            else:
                rule = table[last * _NPAIR + prop]
                brk = _POSSIBLE if rule == _D or (rule == _I and seen_space) else _PROHIBITED
            out[i] = brk
            hebrew_hyphen = prev == HL and (prop == HY or prop == BA)
            last, seen_space = prop, False
        ri_count = ri_count + 1 if prop == RI else 0
        prev = prop
    return out


def _breaks_exact(classes: str, widths: str, width: int, startcol: int, prohibited: set[int]) -> list[int]:
    """libunistring's ``u8_width_linebreaks``: greedy filling over the break opportunities."""
    codes = _opportunities_exact(classes)
    result: list[int] = []
    last_p = -1
    last_col = startcol
    piece = 0
    for i, code in enumerate(codes):
        if i in prohibited:
            code = _PROHIBITED
        if code != _PROHIBITED and last_p >= 0 and last_col + piece > width:
            result.append(last_p)
            last_col = 0
        if code == _MANDATORY:
            last_p, last_col, piece = -1, 0, 0
        else:
            if code == _POSSIBLE:
                last_p = i
                last_col += piece
                piece = 0
            piece += ord(widths[i])
    if last_p >= 0 and last_col + piece > width:
        result.append(last_p)
    return result


def _breaks_fast(
    classes: str, prefix: list[int] | None, width: int, prohibited: set[int], break_re: re.Pattern[str]
) -> list[int]:
    """Same result as ``_breaks_exact`` from column 0 when there is no special class.

    ``prefix[i]`` is the display width of the first ``i`` characters (None: one column each).
    A line takes whole pieces (text between opportunities) while they fit; an over-long piece
    stands alone on its line. So each line ends at the last opportunity within ``width`` columns
    of its start, or at the first opportunity after its start when there is none. Opportunities
    are searched only in a short window before that limit, not over the whole string.
    """
    result: list[int] = []
    n = len(classes)
    space = _SPACE_CHAR
    start = 0
    total = n if prefix is None else prefix[n]
    while True:
        base = start if prefix is None else prefix[start]
        if total - base <= width:
            return result
        # x: the last index whose prefix still fits, i.e. a break at x or before keeps the line short.
        x = start + width if prefix is None else bisect_right(prefix, base + width) - 1
        best = -1
        lo = max(start, x - _WINDOW)
        while True:
            # A match begins at the last non-space character before its break: never start in spaces.
            while lo > start and classes[lo] == space:
                lo -= 1
            for m in break_re.finditer(classes, lo, x + 1):
                end = m.end()
                if end not in prohibited:
                    best = end
            if best >= 0 or lo == start:
                break
            lo = start
        if best < 0:
            # The first piece of the line is over-long: break after it.
            for m in break_re.finditer(classes, start):
                end = m.end()
                if end not in prohibited:
                    best = end
                    break
            else:
                return result
        result.append(best)
        start = best


_WINDOW = 24


_ESCAPED_CHAR = re.compile(r"\\.")
_PORTION_RE = re.compile(r"[^\n]*\n|[^\n]+")


def _wrap(out: list[str], prefix: str, name: str, value: str, page_width: int) -> None:
    """Append the lines gettext's ``wrap()`` writes for ``name "value"`` (non-indented style)."""
    after_break = len(prefix) + 1  # startcol_after_break: the prefix and the opening quote
    width = page_width - 1 - after_break  # room for the closing quote
    first_startcol = len(name) + 1  # 'name ' and the opening quote, minus startcol_after_break
    portions = [value] if "\n" not in value else _PORTION_RE.findall(value)
    first = True
    for k, portion in enumerate(portions):
        esc = escape(portion)
        n = len(esc)
        breaks: list[int] | None
        if first:
            first = False
            if n == 0:
                out.append(f'{prefix}{name} ""\n')
                continue
            if k + 1 < len(portions):
                # More portions follow: gettext always starts with an empty first line.
                breaks = _layout(esc, portion.endswith("\n"), width, None) if 2 * n > width else []
            else:
                # Cheap exit: even at two columns per character the portion fits the first line.
                if first_startcol + 2 * n <= width:
                    out.append(f'{prefix}{name} "{esc}"\n')
                    continue
                breaks = _layout(esc, portion.endswith("\n"), width, first_startcol)
                if breaks is None:
                    out.append(f'{prefix}{name} "{esc}"\n')
                    continue
            out.append(f'{prefix}{name} ""\n')
        elif 2 * n <= width:
            breaks = []
        else:
            breaks = _layout(esc, portion.endswith("\n"), width, None)
        assert breaks is not None
        pos = 0
        for b in breaks:
            out.append(f'{prefix}"{esc[pos:b]}"\n')
            pos = b
        out.append(f'{prefix}"{esc[pos:]}"\n')


def _layout(esc: str, ends_with_newline: bool, width: int, first_startcol: int | None) -> list[int] | None:
    """Where gettext starts new lines inside the escaped portion ``esc``, laid out from column 0.

    With ``first_startcol`` (the portion is the whole value), first decide as gettext does whether
    the portion stays on the keyword line (returns None): it does unless laying it out from that
    column inserts a break, which happens exactly when it overflows and has a break opportunity.
    """
    class_table, width_table, break_re = _tables()
    classes = esc.translate(class_table)
    n = len(esc)
    # gettext never breaks inside an escape sequence nor before a trailing "\n".
    prohibited: set[int] = set()
    if "\\" in esc:
        prohibited = {m.start() + 1 for m in _ESCAPED_CHAR.finditer(esc)}
        if ends_with_newline:
            prohibited.add(n - 2)
    ascii_only = esc.isascii()
    if _SPECIAL_RE.search(classes) is not None:
        widths = esc.translate(width_table)  # not "1 each" even for ASCII: controls take no columns
        if first_startcol is not None and first_startcol <= width:
            if not _breaks_exact(classes, widths, width, first_startcol, prohibited):
                return None
        return _breaks_exact(classes, widths, width, 0, prohibited)
    prefix: list[int] | None = None
    if not ascii_only:
        prefix = list(accumulate(esc.translate(width_table).encode("latin-1"), initial=0))
    total = n if prefix is None else prefix[n]
    if first_startcol is not None and first_startcol <= width:
        if first_startcol + total <= width:
            return None
        if not any(m.end() not in prohibited for m in break_re.finditer(classes)):
            return None
    if total <= width:
        return []
    return _breaks_fast(classes, prefix, width, prohibited, break_re)


# ============================================================================ generating


def _comment_lines(out: list[str], entry: Entry, page_width: int) -> None:
    for comment in entry.translator_comments:
        # write-po.c message_print_comment: one "#" line per "\n"-separated part.
        s: str | None = comment
        while s is not None:
            out.append("#")
            if s:
                out.append(" ")
            line, nl, rest = s.partition("\n")
            out.append(line)
            out.append("\n")
            s = rest if nl else None
    _derived_lines(out, entry, page_width)


def _derived_lines(out: list[str], entry: Entry, page_width: int) -> None:
    """The ``#.`` and ``#:`` lines: what ``extract`` recomputes, as opposed to what people write."""
    for comment in entry.extracted_comments:
        out.append(f"#. {comment}\n" if comment else "#.\n")
    if entry.references:
        # msgcat drops exact duplicates, then prints file names without a leading "./".
        refs: list[str] = []
        for ref in dict.fromkeys(entry.references):
            while ref.startswith("./"):
                ref = ref[2:]
            refs.append(ref)
        line = "#:"
        column = 2
        for ref in refs:
            # gettext counts bytes, and not the isolates around a file name with spaces.
            length = (len(ref) if ref.isascii() else len(ref.encode("utf-8"))) + 1
            if column > 2 and column + length > page_width:
                out.append(line + "\n")
                line = "#:"
                column = 2
            line += " " + _reference_text(ref)
            column += length
        out.append(line + "\n")


_REF_SPLIT_RE = re.compile(r"(.*?)(:[0-9]+)?\Z", re.DOTALL)
_REF_TOKEN_RE = re.compile("\u2068([^\u2069]*)\u2069(\\S*)|(\\S+)")


def _reference_text(ref: str) -> str:
    """``file:line`` as gettext 0.22+ writes it: a file name with a space or tab between U+2068 and
    U+2069 (FIRST STRONG ISOLATE, POP DIRECTIONAL ISOLATE), so that it reads back as one name."""
    if " " not in ref and "\t" not in ref:
        return ref
    m = _REF_SPLIT_RE.match(ref)
    assert m is not None
    name, line = m.group(1), m.group(2) or ""
    if " " not in name and "\t" not in name:
        return ref
    return f"\u2068{name}\u2069{line}"


def split_references(text: str) -> list[str]:
    """The references in ``#:`` comment text (after the ``#:``; the parser joins an entry's ``#:``
    lines with spaces), as ``file:line`` strings.

    Reads both forms: a file name between U+2068 and U+2069 (gettext 0.22+; it may hold spaces,
    and the isolates are not part of the result) and a plain whitespace-delimited token.
    """
    if "\u2068" not in text:
        return text.split()
    out: list[str] = []
    for m in _REF_TOKEN_RE.finditer(text):
        plain = m.group(3)
        out.append(plain if plain is not None else m.group(1) + m.group(2))
    return out


_NO_WRAP = 1 << 40  # gettext uses INT_MAX as the page width of "no-wrap" entries


def _first_msgstr(entry: Entry) -> str:
    if entry.msgid_plural is not None:
        return entry.msgstr_plural.get(min(entry.msgstr_plural), "") if entry.msgstr_plural else ""
    return entry.msgstr


def _entry_lines(out: list[str], entry: Entry, page_width: int) -> None:
    _comment_lines(out, entry, page_width)
    # msgcat leaves "fuzzy" out on an untranslated entry (and never writes untranslated obsolete ones).
    flags = entry.flags if _first_msgstr(entry) != "" else [f for f in entry.flags if f != "fuzzy"]
    if flags:
        out.append("#, " + ", ".join(flags) + "\n")
    prev_prefix, prefix = ("#~| ", "#~ ") if entry.obsolete else ("#| ", "")
    if "no-wrap" in flags:
        page_width = _NO_WRAP
    if entry.previous_context is not None:
        _wrap(out, prev_prefix, "msgctxt", entry.previous_context, page_width)
    if entry.previous_msgid is not None:
        _wrap(out, prev_prefix, "msgid", entry.previous_msgid, page_width)
    if entry.context is not None:
        _wrap(out, prefix, "msgctxt", entry.context, page_width)
    _wrap(out, prefix, "msgid", entry.msgid, page_width)
    if entry.msgid_plural is not None:
        _wrap(out, prefix, "msgid_plural", entry.msgid_plural, page_width)
        plural = entry.msgstr_plural or {0: ""}
        for index in sorted(plural):
            _wrap(out, prefix, f"msgstr[{index}]", plural[index], page_width)
    else:
        _wrap(out, prefix, "msgstr", entry.msgstr, page_width)


def generate_po(catalog: Catalog, width: int = 79) -> str:
    """Lay ``catalog`` out as ``msgcat`` (gettext 0.21, ``--width=width``) prints it, keeping the bytes of
    every entry read from a file and not changed since.

    Order: the header entry (when the catalog has header fields, comments or flags), the
    non-obsolete entries, then the obsolete ones, separated by one blank line; the text ends with
    a single newline (empty catalog: empty text). Like msgcat, the ``fuzzy`` flag is left out on
    untranslated entries and obsolete entries without a translation are not written.

    Layout preservation (see ``RawText``): an entry whose fields still equal what ``parse_po`` read
    is written as the lines it was read from (whatever tool laid them out); one whose only changes
    are its ``#.``/``#:`` lines keeps all its other lines; only new or changed entries, and a header
    whose fields changed, are laid out afresh. When nothing at all changed
    (same header, same entries in the same order) the text read is returned unchanged, BOM, line
    ends and blank lines included. A file read with CRLF line ends is written with CRLF.
    """
    out: list[str] = []
    pristine = catalog.raw_file is not None
    has_header = bool(catalog.header or catalog.header_comments or catalog.header_flags)
    raw_header = catalog.raw_header
    if raw_header is not None and has_header and raw_header.fields == catalog.header_fields():
        out.append(raw_header.text)
    else:
        pristine = pristine and raw_header is None and not has_header
        if has_header:
            header = Entry(
                msgid="",
                msgstr="".join(f"{key}: {value}\n" for key, value in catalog.header),
                flags=list(catalog.header_flags),
                translator_comments=list(catalog.header_comments),
            )
            _entry_lines(out, header, width)
    written = 0
    for obsolete in (False, True):
        for entry in catalog.entries:
            if entry.obsolete != obsolete:
                continue
            raw = entry.raw
            unchanged = raw is not None and raw.fields == entry.fields()
            if obsolete and not unchanged and _first_msgstr(entry) == "":
                continue
            if out:
                out.append("\n")
            if unchanged:
                assert raw is not None
                out.append(raw.text)
                pristine = pristine and raw.index == written
            else:
                patched = _patch_derived(raw, entry, width) if raw is not None else None
                if patched is not None:
                    out.append(patched)
                else:
                    _entry_lines(out, entry, width)
                pristine = False
            written += 1
    if pristine and written == catalog.raw_count:
        assert catalog.raw_file is not None
        return catalog.raw_file
    text = "".join(out)
    if catalog.raw_file is not None and "\r\n" in catalog.raw_file:
        text = text.replace("\n", "\r\n")
    return text


# Positions in Entry.fields() of the fields ``extract`` derives from the source (``#.`` and ``#:``).
_DERIVED = (5, 6)


def _patch_derived(raw: RawText, entry: Entry, width: int) -> str | None:
    """``raw`` with only its ``#.``/``#:`` lines laid out afresh, when nothing else changed.

    A source edit above an entry moves its ``#: file:LINE``; the translator's layout of everything
    else (strings, comments, flags) is kept. None when any other field changed.
    """
    old, new = raw.fields, entry.fields()
    if any(old[i] != new[i] for i in range(len(new)) if i not in _DERIVED):
        return None
    kept: list[str] = []
    insert_at = -1
    for line in raw.text.splitlines(True):
        if line.lstrip(" \t").startswith(("#.", "#:")):
            if insert_at < 0:
                insert_at = len(kept)
            continue
        kept.append(line)
    if insert_at < 0:
        # Where gettext puts them: after the translator comments ("#" then a space or nothing).
        insert_at = 0
        while insert_at < len(kept) and re.match(r"[ \t]*#(?:[ \t]|$)", kept[insert_at]):
            insert_at += 1
    fresh: list[str] = []
    _derived_lines(fresh, entry, width)
    return "".join(kept[:insert_at] + fresh + kept[insert_at:])


# ============================================================================ parsing

_STRING_RE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')
_ONLY_STRING_RE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"[ \t]*\Z')
_KEYWORD_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?")
_FLAG_SPLIT_RE = re.compile(r"[\s,]+")
_CHARSET_RE = re.compile(r"charset=([^\s;]+)", re.IGNORECASE)

# Parser phases within an entry.
_NONE, _CTXT, _ID, _PLURAL, _STR = range(5)


class _Field:
    """A string being accumulated: its chunks and the line of each chunk."""

    __slots__ = ("chunks", "lines")

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.lines: list[int] = []

    def text(self) -> str:
        return self.chunks[0] if len(self.chunks) == 1 else "".join(self.chunks)


class _Parser:
    def __init__(self, path: str, lines: list[str]) -> None:
        self.path = path
        self.lines = lines
        self.catalog = Catalog()
        self.seen: dict[tuple[str | None, str], int] = {}
        # Non-blank lines: the one being read and the one before it; the first of the pending entry.
        self.cur_line = 0
        self.prev_line = 0
        self._reset()

    def _reset(self) -> None:
        # Called as an entry ends: while a line is being read, that line starts the next entry.
        self.first_line = self.cur_line
        self.phase = _NONE
        self.obsolete: bool | None = None
        self.comment_line = 0  # first comment line of the pending entry, 0 when none
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []  # bodies of the "#:" lines, split once the entry ends
        self.flags: list[str] = []
        self.prev_ctxt: _Field | None = None
        self.prev_id: _Field | None = None
        self.prev_obsolete: bool | None = None
        self.prev_current: _Field | None = None  # previous-field continuation target
        self.ctxt: _Field | None = None
        self.msgid: _Field | None = None
        self.msgid_line = 0
        self.ctxt_line = 0
        self.plural: _Field | None = None
        self.msgstr: _Field | None = None
        self.plurals: dict[int, _Field] = {}
        self.current: _Field | None = None

    def error(self, message: str, line: int) -> ParseError:
        return ParseError(message, self.path, line)

    # ------------------------------------------------------------------ strings

    def strings(self, rest: str, lineno: int, what: str) -> list[str]:
        """Decode the one or more quoted strings that make up ``rest``."""
        m = _ONLY_STRING_RE.match(rest)
        if m is not None:
            return [self.decode(m.group(1), lineno)]
        out: list[str] = []
        pos = 0
        n = len(rest)
        while True:
            while pos < n and rest[pos] in " \t":
                pos += 1
            if pos == n:
                if not out:
                    raise self.error(f"missing string after {what}", lineno)
                return out
            if rest[pos] != '"':
                if out:
                    raise self.error(f"unexpected text after string: {rest[pos : pos + 20]!r}", lineno)
                raise self.error(f"expected a quoted string after {what}", lineno)
            sm = _STRING_RE.match(rest, pos)
            if sm is None:
                raise self.error("unterminated string", lineno)
            out.append(self.decode(sm.group(1), lineno))
            pos = sm.end()

    def decode(self, body: str, lineno: int) -> str:
        if "\\" not in body:
            return body
        try:
            out = unescape(body)
        except ValueError as exc:
            raise self.error(str(exc), lineno) from None
        if "\x00" in out:
            # gettext's C strings end at NUL; a \000 escape would cut or corrupt the text.
            raise self.error("NUL character (\\000) in string", lineno)
        return out

    # ------------------------------------------------------------------ lines

    def keyword(self, line: str, lineno: int, obsolete: bool) -> None:
        m = _KEYWORD_RE.match(line)
        if m is None:
            raise self.error(f"syntax error: {line[:30]!r}", lineno)
        word, index = m.group(1), m.group(2)
        rest = line[m.end() :]
        if word not in ("msgctxt", "msgid", "msgid_plural", "msgstr") or (
            index is not None and word != "msgstr"
        ):
            raise self.error(f'unknown keyword "{line[: m.end()]}"', lineno)
        if rest and rest[0] not in ' \t"':
            raise self.error(f'unknown keyword "{line[: m.end()]}{rest.split()[0]}"', lineno)
        rest = rest.lstrip(" \t")
        if self.phase == _STR and word in ("msgctxt", "msgid"):
            self.finish()
        if self.obsolete is None:
            self.obsolete = obsolete
        elif self.obsolete != obsolete:
            raise self.error("inconsistent use of #~ within one entry", lineno)
        label = word if index is None else f"{word}[{index}]"
        field = _Field()
        field.chunks = self.strings(rest, lineno, label)
        field.lines = [lineno] * len(field.chunks)
        phase = self.phase
        if word == "msgctxt":
            if phase == _ID or phase == _PLURAL:
                raise self.error("missing 'msgstr' section", self.msgid_line)
            if phase != _NONE:
                raise self.error("msgctxt after msgctxt or msgid in the same entry", lineno)
            self.ctxt, self.ctxt_line, self.phase = field, lineno, _CTXT
        elif word == "msgid":
            if phase == _ID or phase == _PLURAL:
                raise self.error("missing 'msgstr' section", self.msgid_line)
            self.msgid, self.msgid_line, self.phase = field, lineno, _ID
        elif word == "msgid_plural":
            if phase != _ID:
                raise self.error("msgid_plural without msgid", lineno)
            self.plural, self.phase = field, _PLURAL
        elif index is None:
            if phase == _NONE or phase == _CTXT:
                raise self.error("msgstr without msgid", lineno)
            if phase == _PLURAL:
                raise self.error("msgstr after msgid_plural needs an index, msgstr[0]", lineno)
            if phase == _STR:
                raise self.error("second msgstr in one entry", lineno)
            self.msgstr, self.phase = field, _STR
        else:
            if phase == _NONE or phase == _CTXT:
                raise self.error("msgstr without msgid", lineno)
            if phase == _ID:
                raise self.error(f"msgstr[{index}] without msgid_plural", lineno)
            if phase == _STR and self.plural is None:
                raise self.error(f"msgstr[{index}] after msgstr", lineno)
            if not index.isdigit() or int(index) != len(self.plurals):
                raise self.error(
                    f"msgstr[{index}] out of order, expected msgstr[{len(self.plurals)}]", lineno
                )
            self.plurals[int(index)] = field
            self.phase = _STR
        self.current = field

    def continuation(self, line: str, lineno: int, obsolete: bool) -> None:
        field = self.current
        if field is None:
            raise self.error("string continuation without a keyword", lineno)
        if self.obsolete != obsolete:
            raise self.error("inconsistent use of #~ within one entry", lineno)
        chunks = self.strings(line, lineno, "string")
        field.chunks.extend(chunks)
        field.lines.extend([lineno] * len(chunks))

    def comment_allowed(self, lineno: int) -> None:
        if self.phase == _STR:
            self.finish()
        elif self.phase == _ID or self.phase == _PLURAL:
            raise self.error("missing 'msgstr' section", self.msgid_line)
        elif self.phase != _NONE:
            raise self.error("comment inside an entry (between msgid and msgstr)", lineno)
        if not self.comment_line:
            self.comment_line = lineno

    def previous(self, line: str, lineno: int, obsolete: bool) -> None:
        """``#| msgctxt "..."``, ``#| msgid "..."`` or ``#| "..."`` (``line`` is after ``#|``)."""
        body = line.lstrip(" \t")
        if body.startswith('"'):
            if self.prev_current is None or self.phase != _NONE:
                raise self.error("string continuation without a keyword", lineno)
            if self.prev_obsolete != obsolete:
                raise self.error("inconsistent use of #~ within one entry", lineno)
            chunks = self.strings(body, lineno, "string")
            self.prev_current.chunks.extend(chunks)
            return
        self.comment_allowed(lineno)
        m = _KEYWORD_RE.match(body)
        word = m.group(0) if m else body.split()[0] if body.split() else ""
        if word not in ("msgctxt", "msgid"):
            if word == "msgid_plural":
                raise self.error("previous msgid_plural (#| msgid_plural) is not supported", lineno)
            raise self.error(f'unknown keyword "{word}" in previous-message comment', lineno)
        if self.prev_obsolete is not None and self.prev_obsolete != obsolete:
            raise self.error("inconsistent use of #~ within one entry", lineno)
        self.prev_obsolete = obsolete
        field = _Field()
        field.chunks = self.strings(body[len(word) :].lstrip(" \t"), lineno, word)
        if word == "msgctxt":
            if self.prev_ctxt is not None or self.prev_id is not None:
                raise self.error("misplaced #| msgctxt", lineno)
            self.prev_ctxt = field
        else:
            if self.prev_id is not None:
                raise self.error("second #| msgid in one entry", lineno)
            self.prev_id = field
        self.prev_current = field

    # ------------------------------------------------------------------ entries

    def finish(self) -> None:
        """End the pending entry: it spans ``first_line`` to ``prev_line`` (see ``end``)."""
        assert self.msgid is not None
        raw_text = "\n".join(self.lines[self.first_line - 1 : self.prev_line]) + "\n"
        msgid = self.msgid.text()
        context = self.ctxt.text() if self.ctxt is not None else None
        obsolete = bool(self.obsolete)
        if self.prev_obsolete is not None and self.prev_obsolete != obsolete:
            raise self.error("inconsistent use of #~ within one entry", self.msgid_line)
        if not obsolete:
            key = (context, msgid)
            first = self.seen.get(key)
            if first is not None:
                what = f'msgctxt "{_clip(context)}"' if context is not None else f'msgid "{_clip(msgid)}"'
                raise self.error(f"duplicate entry for {what} (first at line {first})", self.msgid_line)
            self.seen[key] = self.msgid_line
        if msgid == "" and context is None and not obsolete:
            self.header()
            catalog = self.catalog
            catalog.raw_header = RawText(raw_text, catalog.header_fields())
        else:
            entry = Entry(
                msgid=msgid,
                msgstr=self.msgstr.text() if self.msgstr is not None else "",
                context=context,
                flags=self.flags,
                translator_comments=self.translator,
                extracted_comments=self.extracted,
                # One string: a file name between isolates that a writer wrapped (gettext 0.21
                # breaks a reference line at any space) still reads back as one name.
                references=split_references(" ".join(body.strip() for body in self.references)),
                previous_context=self.prev_ctxt.text() if self.prev_ctxt is not None else None,
                previous_msgid=self.prev_id.text() if self.prev_id is not None else None,
                obsolete=obsolete,
                msgid_plural=self.plural.text() if self.plural is not None else None,
                msgstr_plural={i: f.text() for i, f in self.plurals.items()},
                lineno=self.msgid_line,
            )
            entry.raw = RawText(raw_text, entry.fields(), len(self.catalog.entries))
            self.catalog.entries.append(entry)
        self._reset()

    def header(self) -> None:
        if self.plural is not None:
            raise self.error("the header entry cannot have msgid_plural", self.msgid_line)
        if self.extracted or self.references or self.prev_ctxt is not None or self.prev_id is not None:
            raise self.error("the header entry can only carry translator comments and flags", self.msgid_line)
        assert self.msgstr is not None
        catalog = self.catalog
        catalog.header_comments = self.translator
        catalog.header_flags = self.flags
        text = self.msgstr.text()
        # Map each header line back to the physical line where it starts, for error messages.
        starts: list[tuple[int, int]] = []
        offset = 0
        for chunk, line in zip(self.msgstr.chunks, self.msgstr.lines, strict=True):
            starts.append((offset, line))
            offset += len(chunk)
        pos = 0
        for raw in text.split("\n"):
            line_no = starts[0][1]
            for off, ln in starts:
                if off <= pos:
                    line_no = ln
            if raw:
                key, sep, value = raw.partition(":")
                if not sep or not key.strip():
                    raise self.error(f'header line without "Key: value": {raw[:40]!r}', line_no)
                if value.startswith(" "):
                    value = value[1:]
                catalog.header.append((key, value))
                if key.strip().lower() == "content-type":
                    cm = _CHARSET_RE.search(value)
                    if cm is not None and cm.group(1).lower() not in ("utf-8", "utf8"):
                        raise self.error(
                            f"unsupported charset {cm.group(1)!r} in Content-Type (only UTF-8 is accepted)",
                            line_no,
                        )
            pos += len(raw) + 1

    def end(self, last_line: int) -> Catalog:
        self.prev_line = self.cur_line  # no next entry: the pending one ends at the last line read
        if self.phase == _STR:
            self.finish()
        elif self.phase == _CTXT:
            raise self.error("msgctxt without msgid", self.ctxt_line)
        elif self.phase in (_ID, _PLURAL):
            raise self.error("missing 'msgstr' section", self.msgid_line)
        elif self.comment_line:
            raise self.error("comment not followed by an entry", self.comment_line)
        return self.catalog


def _clip(s: str, limit: int = 60) -> str:
    s = escape(s)
    return s if len(s) <= limit else s[: limit - 3] + "..."


_CHARSET_BYTES_RE = re.compile(rb"charset=([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def decode_po(data: bytes, path: str) -> str:
    """The text of a PO file's bytes (UTF-8, optional BOM).

    Bytes that are not UTF-8 are a ``ParseError`` at the line of the first bad byte; when the header
    declares another charset (a file saved as GBK), the message names it, since that is the fix.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        m = _CHARSET_BYTES_RE.search(data, 0, 8192)
        declared = m.group(1).decode("ascii") if m else None
        if declared and declared.lower() not in ("utf-8", "utf8"):
            message += (
                f"; the header declares charset {declared}, but only UTF-8 is read "
                "(convert the file with `msgconv --to-code=UTF-8`)"
            )
        raise ParseError(message, path, line) from None
    if "\x00" in text:
        raise ParseError("NUL character in text file", path, text.count("\n", 0, text.index("\x00")) + 1)
    return text


def parse_po(text: str, path: str) -> Catalog:
    """Parse PO ``text`` (already decoded from UTF-8) into a ``Catalog``.

    Accepts CRLF line ends and a leading BOM. Raises ``ParseError`` with ``path`` and the 1-based
    line of the problem for anything gettext would reject, for a duplicate (msgctxt, msgid)
    among non-obsolete entries, for a header charset other than UTF-8, and for PO features the
    data model cannot hold (``#| msgid_plural``; extracted comments or references on the header).
    """
    original = text
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    parser = _Parser(path, lines)
    lineno = 0
    for line in lines:
        lineno += 1
        if not line:
            continue
        c = line[0]
        if c == " " or c == "\t":
            line = line.lstrip(" \t")
            if not line:
                continue
            c = line[0]
        parser.prev_line = parser.cur_line
        parser.cur_line = lineno
        if not parser.first_line:
            parser.first_line = lineno
        if c == "m":
            parser.keyword(line, lineno, False)
        elif c == '"':
            field = parser.current
            m = _ONLY_STRING_RE.match(line)
            if m is not None and field is not None and parser.obsolete is False:
                body = m.group(1)
                field.chunks.append(body if "\\" not in body else parser.decode(body, lineno))
                field.lines.append(lineno)
            else:
                parser.continuation(line, lineno, False)
        elif c == "#":
            kind = line[1:2]
            if kind == "~":
                body = line[2:]
                if body.startswith("|"):
                    parser.previous(body[1:], lineno, True)
                    continue
                body = body.lstrip(" \t")
                if not body:
                    continue
                if body[0] == '"':
                    parser.continuation(body, lineno, True)
                else:
                    parser.keyword(body, lineno, True)
            elif kind == "|":
                parser.previous(line[2:], lineno, False)
            elif kind == ",":
                parser.comment_allowed(lineno)
                parser.flags.extend(_split_flags(line[2:]))
            elif kind == ":":
                parser.comment_allowed(lineno)
                parser.references.append(line[2:])
            elif kind == ".":
                parser.comment_allowed(lineno)
                body = line[2:]
                parser.extracted.append(body[1:] if body.startswith(" ") else body)
            elif kind == "!":
                parser.comment_allowed(lineno)
                parser.flags.extend(_split_flags(line[2:]))
            else:
                parser.comment_allowed(lineno)
                body = line[1:]
                parser.translator.append(body[1:] if body.startswith(" ") else body)
        else:
            word = line.split()[0]
            raise parser.error(f'unknown keyword "{word[:30]}"', lineno)
    catalog = parser.end(lineno)
    catalog.raw_file = original
    catalog.raw_count = len(catalog.entries)
    return catalog


def _split_flags(text: str) -> list[str]:
    # gettext separates flags by commas and/or whitespace; "range: 1..5" is one flag.
    text = text.strip()
    if "range:" not in text:
        return [f for f in _FLAG_SPLIT_RE.split(text) if f]
    return [f.strip() for f in text.split(",") if f.strip()]
