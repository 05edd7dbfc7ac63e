"""The pure data model shared by every module: errors, segments, catalog entries, findings.

Invariants:
- Nothing here touches the disk or the network.
- ``Entry`` mirrors one gettext PO entry field for field, so a PO file can be parsed into a
  ``Catalog`` and generated back without losing anything a translator wrote.
- ``Entry.context`` (msgctxt) holds the segment ID; within one catalog the non-obsolete
  entries have distinct contexts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class L10nError(Exception):
    """A domain error the CLI reports as one line, ``path:line: message``, never a traceback."""

    exit_code = 1

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"


class ParseError(L10nError):
    """Input (Markdown, front matter, PO, TSV, TBX) that cannot be read as written."""


class ConfigError(L10nError):
    """A bad ``[tool.l10n]`` / ``l10n.toml`` setting or command-line option."""

    exit_code = 2


class LockError(L10nError):
    """Another l10n run holds the site lock."""

    exit_code = 3


class Kind(Enum):
    """What a segment is. The value is the segment ID's prefix, so it must never change."""

    FRONT_MATTER = "fm"
    HEADING = "h"
    PARAGRAPH = "p"
    LIST_ITEM = "li"
    QUOTE = "q"  # block quotes and GitHub alerts
    TABLE = "t"
    FOOTNOTE = "fn"
    SHORTCODE = "sc"  # a shortcode parameter that holds prose
    HTML = "html"  # text or a prose attribute inside an HTML block
    CODE = "code"  # a code block that holds Chinese (comments, strings): ``code_blocks = "chinese"``


@dataclass(frozen=True)
class Segment:
    """One translatable unit of an article.

    ``id`` is stable: it depends only on the segment's own kind and text (plus an occurrence
    number for duplicates), never on its position, so inserting, deleting or moving other
    segments leaves it unchanged. ``source`` is the msgid. ``line`` is 1-based in the source file.
    """

    id: str
    kind: Kind
    label: str  # what translators see in the ``#.`` comment: "list item", "table cell (row 2, column 1)"
    source: str
    line: int
    # Set only for segments of a front-matter field (the key, e.g. "title" or "tags").
    field: str | None = None


@dataclass(frozen=True)
class RawText:
    """The exact lines a parser read for one PO entry (or the header), and what they decoded to.

    ``text`` is the entry's lines as they stood in the file, from its first comment or keyword line
    to its last string line, each ending in "\n" (blank separator lines before and after are not
    part of it). ``fields`` is ``Entry.fields()`` (for the header: ``Catalog.header_fields()``) at
    parse time; ``index`` is the entry's position among the file's entries (-1 for the header).

    Invariant: a writer may emit ``text`` instead of laying the entry out afresh exactly while the
    entry's current fields still equal ``fields``, so an entry nobody changed keeps its bytes
    whatever tool wrote it.
    """

    text: str
    fields: tuple[object, ...]
    index: int = -1


@dataclass
class Entry:
    """One PO entry. Field names follow gettext: msgctxt is ``context``.

    ``raw`` (set by the PO parser, never compared) remembers how the entry was laid out in the file
    it came from; see ``RawText``.
    """

    msgid: str
    msgstr: str = ""
    context: str | None = None
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)  # "# "
    extracted_comments: list[str] = field(default_factory=list)  # "#."
    references: list[str] = field(default_factory=list)  # "#:" tokens, e.g. "content/zh/a.md:12"
    previous_context: str | None = None  # "#| msgctxt"
    previous_msgid: str | None = None  # "#| msgid"
    obsolete: bool = False
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    lineno: int = 0  # line of the msgid keyword in the parsed file, 0 when generated
    raw: RawText | None = field(default=None, compare=False, repr=False)

    def fields(self) -> tuple[object, ...]:
        """Every field a PO file stores for this entry (not ``lineno`` nor ``raw``)."""
        return (
            self.context,
            self.msgid,
            self.msgstr,
            tuple(self.flags),
            tuple(self.translator_comments),
            tuple(self.extracted_comments),
            tuple(self.references),
            self.previous_context,
            self.previous_msgid,
            self.obsolete,
            self.msgid_plural,
            tuple(sorted(self.msgstr_plural.items())),
        )

    @property
    def unchanged(self) -> bool:
        """Read from a PO file and not changed since: its ``raw`` text still holds exactly."""
        return self.raw is not None and self.raw.fields == self.fields()

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def set_fuzzy(self, on: bool) -> None:
        if on and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not on and "fuzzy" in self.flags:
            self.flags.remove("fuzzy")

    @property
    def translated(self) -> bool:
        """Has a non-empty, reviewed (non-fuzzy) translation."""
        return bool(self.msgstr) and not self.fuzzy and not self.obsolete


@dataclass
class Catalog:
    """A PO file as data: the header entry's parts, then entries in file order.

    ``header`` keeps the header fields in order (``Key: value`` lines of the empty msgid).
    ``header_comments`` are the translator comment lines above the header, without "# ".

    The parser also records the file as read (never compared): ``raw_header`` (see ``RawText``),
    ``raw_file`` (the whole text, BOM and line ends included) and ``raw_count`` (its number of
    entries besides the header). A catalog that still holds exactly what was read is written
    back as ``raw_file``, byte for byte.
    """

    header: list[tuple[str, str]] = field(default_factory=list)
    header_comments: list[str] = field(default_factory=list)
    header_flags: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    raw_header: RawText | None = field(default=None, compare=False, repr=False)
    raw_file: str | None = field(default=None, compare=False, repr=False)
    raw_count: int = field(default=0, compare=False, repr=False)

    def header_fields(self) -> tuple[object, ...]:
        """Everything the header entry stores: fields in order, comments, flags."""
        return (tuple(self.header), tuple(self.header_comments), tuple(self.header_flags))

    def header_value(self, key: str) -> str | None:
        for k, v in self.header:
            if k.lower() == key.lower():
                return v
        return None

    def set_header(self, key: str, value: str) -> None:
        for i, (k, _) in enumerate(self.header):
            if k.lower() == key.lower():
                self.header[i] = (k, value)
                return
        self.header.append((key, value))

    def active(self) -> list[Entry]:
        return [e for e in self.entries if not e.obsolete]

    def by_context(self) -> dict[str, Entry]:
        """Index of non-obsolete entries by segment ID (first one wins on a hand-made duplicate)."""
        index: dict[str, Entry] = {}
        for e in self.entries:
            if not e.obsolete and e.context is not None:
                index.setdefault(e.context, e)
        return index


@dataclass(frozen=True)
class Finding:
    """One problem reported by ``l10n check`` (or another command)."""

    check: str
    severity: str  # "error" | "warning"
    path: str  # the file to open (PO file for entry-level findings)
    line: int
    message: str
    segment: str | None = None  # segment ID
    source_path: str | None = None
    source_line: int | None = None

    def where(self) -> str:
        seg = f" [{self.segment}]" if self.segment else ""
        return f"{self.path}:{self.line}{seg}"
