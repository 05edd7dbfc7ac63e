"""Block scanner for the Markdown that Hugo articles use: CommonMark, GFM tables and task lists,
footnotes, GitHub alerts, math blocks and Hugo shortcodes.

It does not render anything. It finds the *translatable units* of a document and where their text
lies, as absolute character spans (``pieces``, one per source line) in the original string.

Extraction rules (the contract the rest of l10n relies on):
- Units: ATX and setext headings (a trailing ``{#custom-id}`` and closing ``#`` run stay out), paragraphs
  at any depth of block quotes, list items and footnote definitions, GFM table cells, GitHub alert bodies.
- Never units, kept byte for byte: fenced and indented code, HTML blocks and comments, link reference
  definitions, thematic breaks, ``$$`` math blocks, lines that are only a Hugo shortcode, alert markers,
  task-list checkboxes, table delimiter rows.
- Container syntax (``> ``, list markers, indentation, table pipes, ``### ``) is never inside a piece.
- Inline markup (emphasis, links, code spans, footnote references, inline HTML) is inside pieces.
- Pieces of one unit are in order and never overlap pieces of another unit; units are returned in
  document order. Everything outside the pieces is reproduced verbatim by the merge, which is why an
  identity translation gives the input back byte for byte whatever this scanner decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from l10n.formats.shortcodes import standalone_end
from l10n.model import Kind

__all__ = ["Unit", "scan"]


@dataclass(frozen=True)
class Unit:
    """A translatable block. ``pieces`` are absolute ``(start, end)`` spans, one per source line.

    ``cont`` is the container prefix to put after a newline that a translation introduces (for
    example ``"> "`` inside a block quote), so a multi-line translation keeps the block's structure.
    ``inline`` units (headings, table cells) cannot hold a newline at all.
    """

    kind: Kind
    label: str
    pieces: tuple[tuple[int, int], ...]
    line: int
    cont: str = ""
    inline: bool = False
    table: bool = False


_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|"
    "dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|"
    "html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|"
    "summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul"
)
_ATTR = r"""(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
_HTML_START = [
    (
        re.compile(r"<(?:script|pre|style|textarea)(?:\s|>|$)", re.I),
        re.compile(r"</(?:script|pre|style|textarea)>", re.I),
    ),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(rf"</?(?:{_BLOCK_TAGS})(?:\s|/?>|$)", re.I), None),
]
_HTML_TYPE7 = re.compile(rf"(?:<[A-Za-z][A-Za-z0-9-]*{_ATTR}*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$")
_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n|$)")
_ATX = re.compile(r"(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_HEADING_ID = re.compile(r"[ \t]*\{#[^{}\s]+\}[ \t]*$")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)$")
_THEMATIC = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT = re.compile(r"(=+|-+)[ \t]*$")
_BULLET = re.compile(r"([-+*])(?=[ \t]|$)")
_ORDERED = re.compile(r"(\d{1,9})([.)])(?=[ \t]|$)")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]:")
_LINK_REF_ML = re.compile(
    r"[ \t]*\[(?:[^\]\\]|\\.){1,999}\]:[ \t]*\n?[ \t]*(?:<[^>\n]*>|[^\s<][^\s]*)"
    r"(?:(?:[ \t]+|[ \t]*\n[ \t]*)"
    r"(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?[ \t]*(?:\n|$)"
)
_TABLE_DELIM = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_SHORTCODE = re.compile(r"\{\{[<%]")
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\r?\n|\r)")
_ALERT = re.compile(r"\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$", re.I)
_TASK = re.compile(r"\[[ xX]\](?:[ \t]+|$)")


@dataclass
class _Line:
    start: int  # absolute offset of the line's first character
    text: str  # without the newline
    no: int  # 1-based line number
    pos: int = 0  # index in text after the consumed container prefixes
    col: int = 0  # column at pos (tabs expand to multiples of 4)
    nb: int = -1  # index of the first character that is not a space or tab (computed on demand)


def _indent(line: _Line, limit: int = 1 << 30) -> tuple[int, int]:
    """Width in columns and length in characters of the whitespace at ``line.pos``.

    Stops once ``limit`` columns are seen: container matching only needs to know "at least N",
    and scanning all of a deeply nested line's indentation per container would be quadratic.
    """
    col, i, text = line.col, line.pos, line.text
    stop = line.col + limit
    while i < len(text) and text[i] in " \t" and col < stop:
        col = col + 4 - (col % 4) if text[i] == "\t" else col + 1
        i += 1
    return col - line.col, i - line.pos


def _advance(line: _Line, columns: int) -> None:
    """Consume up to ``columns`` columns of whitespace (a partly used tab is used up whole)."""
    target = line.col + columns
    while line.pos < len(line.text) and line.col < target and line.text[line.pos] in " \t":
        ch = line.text[line.pos]
        line.col = line.col + 4 - (line.col % 4) if ch == "\t" else line.col + 1
        line.pos += 1


def _rest(line: _Line) -> str:
    return line.text[line.pos :]


_NONBLANK = re.compile(r"[^ \t]")


def _blank(line: _Line) -> bool:
    """Whether the rest of the line is whitespace (cheap: the first non-blank index is per line)."""
    if line.nb < 0:
        m = _NONBLANK.search(line.text)
        line.nb = m.start() if m else len(line.text)
    if line.pos <= line.nb:
        return line.nb == len(line.text)
    return _NONBLANK.search(line.text, line.pos) is None


@dataclass
class _Container:
    kind: str  # "doc" | "quote" | "item" | "footnote"
    cont: str  # prefix a continuation line needs
    indent: int = 0  # content indent for list items and footnotes
    label: str = ""
    children: int = 0  # blocks started directly inside (first paragraph of an item is the "item")
    alert: str = ""


@dataclass
class _Leaf:
    kind: str  # "para" | "fence" | "html" | "math" | "icode" | "shortcode" | "table"
    lines: list[_Line] = field(default_factory=list)
    parents: tuple[_Container, ...] = ()
    fence: str = ""
    end_re: re.Pattern[str] | None = None
    cells: int = 0
    until: int = -1  # shortcode leaves: absolute offset where the calls end (-1: at a blank line)
    start: int = -1  # absolute offset of the block's first character (raw leaves)
    html_type: int = 0  # CommonMark HTML block type (1-7) for "html" leaves


@dataclass(frozen=True)
class RawBlock:
    """A block kept byte for byte: ``fence``, ``icode``, ``math``, ``shortcode`` or ``html``.

    ``text[start:end]`` is the block from its first character (after container markers) to the end
    of its last line. ``html_type`` is the CommonMark HTML block type; ``quoted`` says the block sits
    in a block quote (its later lines carry ``>`` markers).
    """

    kind: str
    start: int
    end: int
    line: int
    html_type: int = 0
    quoted: bool = False
    # Code blocks (``fence``, ``icode``) only: the spans of the code's lines (after container
    # markers; an indented block's four columns and a fence line are outside), the prefix a new
    # line needs (``cont``), the opening fence (``"```"``) and the info string's first word.
    body: tuple[tuple[int, int], ...] = ()
    cont: str = ""
    fence: str = ""
    lang: str = ""


@dataclass(frozen=True)
class Scan:
    """Everything the block scanner found: translatable units, raw blocks and warnings."""

    units: tuple[Unit, ...]
    raw: tuple[RawBlock, ...]
    warnings: tuple[tuple[int, str], ...]  # (line, message)


def _leaf_start(rest: str) -> tuple[str, Any] | None:
    """The leaf block a line opens, given its text after containers and up to 3 spaces.

    One answer for both questions the scanner asks (open which block? does this line interrupt a
    paragraph?), in CommonMark's precedence: ``("fence", match)``, ``("math", None)``,
    ``("shortcode", None)``, ``("html", end_re)`` for HTML types 1-6, ``("html7", None)``,
    ``("thematic", None)``, ``("atx", match)``; None for paragraph text.
    """
    m = _FENCE.match(rest)
    if m is not None and not (m.group(1)[0] == "`" and "`" in m.group(2)):
        return "fence", m
    if rest.startswith("$$"):
        return "math", None
    if _SHORTCODE.match(rest):
        return "shortcode", None
    for start_re, end_re in _HTML_START:
        if start_re.match(rest):
            return "html", end_re
    if _HTML_TYPE7.match(rest):
        return "html7", None
    if _THEMATIC.match(rest):
        return "thematic", None
    m = _ATX.match(rest)
    if m is not None:
        return "atx", m
    return None


def _code_body(block: RawBlock, leaf: _Leaf) -> RawBlock:
    """``block`` with the spans of its code lines (see ``RawBlock``)."""
    inner = leaf.parents[-1] if leaf.parents else _Container("doc", "")
    pieces: list[tuple[int, int]] = []
    if block.kind == "fence":
        lines = leaf.lines[1:-1] if leaf.kind == "closed" else leaf.lines[1:]
        for ln in lines:
            pieces.append((ln.start + ln.pos, ln.start + len(ln.text)))
        opening = leaf.lines[0]
        info = opening.text[opening.pos :].lstrip(" \t")[len(leaf.fence) :].strip()
        lang = info.split()[0] if info else ""
        return replace(block, body=tuple(pieces), cont=inner.cont, fence=leaf.fence, lang=lang)
    lines = list(leaf.lines)
    while lines and _blank(lines[-1]):
        lines.pop()  # trailing blank lines are not part of an indented code block
    for ln in lines:
        end = ln.start + len(ln.text)
        if _blank(ln):
            pieces.append((end, end))
            continue
        inside = replace(ln)  # a copy: the scan's lines stay as they are
        _advance(inside, 4)
        pieces.append((ln.start + inside.pos, end))
    return replace(block, body=tuple(pieces), cont=inner.cont + "    ")


class _Scanner:
    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.units: list[Unit] = []
        self.raw_leaves: list[tuple[str, _Leaf]] = []
        self.warnings: list[tuple[int, str]] = []
        self.lines: list[_Line] = []
        no = text.count("\n", 0, start) + 1
        # CommonMark ends a line at "\n", "\r\n" or a lone "\r"; reported line numbers count "\n"
        # only, like every other message of l10n (and like the PO references).
        for m in _LINE.finditer(text, start, end):
            if m.start() == m.end():
                break
            self.lines.append(_Line(m.start(), m.group(1), no))
            if text.endswith("\n", m.start(), m.end()):
                no += 1

    # -- driving -------------------------------------------------------------------------------
    def run(self) -> list[Unit]:
        stack: list[_Container] = [_Container("doc", "")]
        leaf: _Leaf | None = None
        for line in self.lines:
            stack, leaf = self._line(line, stack, leaf)
        if leaf is not None:
            self._close(leaf)
        self.units.sort(key=lambda u: u.pieces[0][0])
        return self.units

    def raw_blocks(self) -> list[RawBlock]:
        out = []
        for kind, lf in self.raw_leaves:
            last = lf.lines[-1]
            quoted = any(c.kind == "quote" for c in lf.parents)
            end = last.start + len(last.text)
            block = RawBlock(kind, lf.start, end, lf.lines[0].no, lf.html_type, quoted)
            if kind in ("fence", "icode"):
                block = _code_body(block, lf)
            out.append(block)
        return out

    def _match_containers(self, line: _Line, stack: list[_Container]) -> int:
        """Number of open containers (from the document outward) whose continuation matches."""
        matched = 1
        for c in stack[1:]:
            ind, ind_len = _indent(line, 4 if c.kind == "quote" else c.indent)
            if c.kind == "quote":
                if ind <= 3 and line.text.startswith(">", line.pos + ind_len):
                    _advance(line, ind)
                    line.pos += 1
                    line.col += 1
                    if line.pos < len(line.text) and line.text[line.pos] in " \t":
                        _advance(line, 1)
                else:
                    break
            else:  # item or footnote
                if _blank(line):
                    _advance(line, min(ind, c.indent))
                elif ind >= c.indent:
                    _advance(line, c.indent)
                else:
                    break
            matched += 1
        return matched

    def _line(
        self, line: _Line, stack: list[_Container], leaf: _Leaf | None
    ) -> tuple[list[_Container], _Leaf | None]:
        matched = self._match_containers(line, stack)
        all_matched = matched == len(stack)

        # Leaves that swallow lines until their own end marker.
        if leaf is not None and leaf.kind in ("fence", "html", "math", "shortcode") and all_matched:
            if self._continue_raw(leaf, line):
                return stack, leaf
            self._close(leaf)
            return stack, None
        if leaf is not None and leaf.kind == "icode" and all_matched:
            ind, _ = _indent(line)
            if ind >= 4 or _blank(line):
                leaf.lines.append(line)
                return stack, leaf

        # Table rows continue while the line is not blank and no other block starts.
        if leaf is not None and leaf.kind == "table" and all_matched and not _blank(line):
            if not self._starts_block(line, interrupting=True):
                leaf.lines.append(line)
                return stack, leaf

        # Lazy paragraph continuation: the containers did not all match, but the line is plain text.
        if (
            leaf is not None
            and leaf.kind == "para"
            and not all_matched
            and not _blank(line)
            and not self._starts_block(line, interrupting=False)
        ):
            leaf.lines.append(line)
            return stack, leaf

        if not all_matched:
            if leaf is not None:
                self._close(leaf)
                leaf = None
            stack = stack[:matched]

        # Open new containers.
        while True:
            ind, ind_len = _indent(line)
            rest = _rest(line)[ind_len:]
            interrupting = leaf is not None and leaf.kind == "para"
            if ind <= 3 and rest.startswith(">"):
                if leaf is not None:
                    self._close(leaf)
                    leaf = None
                _advance(line, ind)
                line.pos += 1
                line.col += 1
                if line.pos < len(line.text) and line.text[line.pos] in " \t":
                    _advance(line, 1)
                stack[-1].children += 1
                stack = stack + [_Container("quote", stack[-1].cont + "> ")]
                continue
            item = self._list_marker(line, ind, ind_len, interrupting)
            if item is not None:
                if leaf is not None:
                    self._close(leaf)
                    leaf = None
                width = item
                stack[-1].children += 1
                stack = stack + [_Container("item", stack[-1].cont + " " * width, indent=width)]
                continue
            m = _FOOTNOTE.match(rest) if ind <= 3 else None
            if m is not None:
                if leaf is not None:
                    self._close(leaf)
                    leaf = None
                _advance(line, ind)
                line.pos += m.end()
                line.col += m.end()
                ws, ws_len = _indent(line)
                line.pos += ws_len
                line.col += ws
                stack[-1].children += 1
                stack = stack + [_Container("footnote", stack[-1].cont + "    ", indent=4, label=m.group(1))]
                continue
            break

        parent = stack[-1]
        ind, ind_len = _indent(line)
        rest = _rest(line)[ind_len:]

        if _blank(line):
            if leaf is not None and leaf.kind in ("para", "table"):
                self._close(leaf)
                leaf = None
            if leaf is not None and leaf.kind == "icode":
                leaf.lines.append(line)
            return stack, leaf

        if leaf is not None and leaf.kind == "para":
            # An underline under paragraph text makes a setext heading (even "---", which would
            # otherwise be a thematic break).
            if ind <= 3 and _SETEXT.match(rest):
                self._emit_heading(leaf)
                return stack, None
            if (
                ind <= 3
                and _TABLE_DELIM.match(rest)
                and "|" in rest + leaf.lines[-1].text[leaf.lines[-1].pos :]
            ):
                # GFM: the paragraph's last line is the header row; earlier lines stay a paragraph.
                head = leaf.lines[-1]
                cells = len(_split_cells(head.text, head.pos)[0])
                delim_cells = len(_split_cells(line.text, line.pos + ind_len)[0])
                if cells == delim_cells:
                    if len(leaf.lines) > 1:
                        self._close(_Leaf("para", leaf.lines[:-1], leaf.parents))
                    return stack, _Leaf("table", [head, line], leaf.parents)
            if not self._starts_block(line, interrupting=True):
                leaf.lines.append(line)
                return stack, leaf
            self._close(leaf)
            leaf = None
        elif leaf is not None:
            self._close(leaf)
            leaf = None

        parents = tuple(stack)
        parent.children += 1
        if ind >= 4:
            return stack, self._raw(_Leaf("icode", [line], parents, start=line.start + line.pos))
        line_rest_start = line.pos + ind_len
        abs_start = line.start + line_rest_start
        start = _leaf_start(rest)
        kind: str = start[0] if start is not None else "para"
        info: Any = start[1] if start is not None else None
        if kind == "fence":
            return stack, self._raw(_Leaf("fence", [line], parents, fence=info.group(1), start=abs_start))
        if kind == "math":
            lf = self._raw(_Leaf("math", [line], parents, start=abs_start))
            if len(rest.rstrip()) > 2 and rest.rstrip().endswith("$$"):
                self._close(lf)
                return stack, None
            return stack, lf
        if kind == "shortcode":
            # Only calls alone on their line(s) make a raw block; a call followed by text opens a
            # paragraph in which the call is inline markup (a placeholder, like inline HTML).
            until, problem = standalone_end(self.text, abs_start, self._blank_after(abs_start))
            if until >= 0 or problem is not None:
                if problem is not None:
                    self.warnings.append((line.no, f"{problem}; the block is kept as it is"))
                lf = self._raw(_Leaf("shortcode", [line], parents, until=until, start=abs_start))
                if until >= 0 and until <= line.start + len(line.text):
                    return stack, None
                return stack, lf
        if kind == "html":
            end_re = info
            html_type = 1 + next(i for i, (_, e) in enumerate(_HTML_START) if e is end_re)
            lf = self._raw(_Leaf("html", [line], parents, end_re=end_re, start=abs_start))
            lf.html_type = html_type
            if end_re is not None and end_re.search(rest, 2 if end_re.pattern != ">" else 3):
                self._close(lf)
                return stack, None
            return stack, lf
        if kind == "html7":
            return stack, self._raw(_Leaf("html", [line], parents, end_re=None, start=abs_start, html_type=7))
        if kind == "thematic":
            return stack, None
        if kind == "atx":
            line.pos = line_rest_start
            self._emit_atx(line, info, parents)
            return stack, None
        line.pos = line_rest_start
        return stack, _Leaf("para", [line], parents)

    def _continue_raw(self, leaf: _Leaf, line: _Line) -> bool:
        """Add ``line`` to a raw leaf; False when the line is not part of it (closes it first)."""
        rest = _rest(line)
        if leaf.kind == "fence":
            leaf.lines.append(line)
            ind, ind_len = _indent(line)
            body = rest[ind_len:].rstrip()
            if ind <= 3 and body and set(body) == {leaf.fence[0]} and len(body) >= len(leaf.fence):
                self._close(leaf)
                leaf.kind = "closed"
            return True
        if leaf.kind == "closed":
            return False
        if leaf.kind == "html":
            if leaf.end_re is None:
                if _blank(line):
                    return False
                leaf.lines.append(line)
                return True
            leaf.lines.append(line)
            if leaf.end_re.search(rest):
                leaf.kind = "closed"
            return True
        if leaf.kind == "math":
            leaf.lines.append(line)
            if rest.rstrip().endswith("$$"):
                leaf.kind = "closed"
            return True
        if leaf.kind == "shortcode":
            if leaf.until < 0 and _blank(line):
                return False  # an unterminated call: the raw block ends at the paragraph's end
            leaf.lines.append(line)
            if 0 <= leaf.until <= line.start + len(line.text):
                leaf.kind = "closed"
            return True
        return False

    def _raw(self, leaf: _Leaf) -> _Leaf:
        self.raw_leaves.append((leaf.kind, leaf))  # the leaf's kind turns "closed" when it ends
        return leaf

    def _blank_after(self, pos: int) -> int:
        """Offset of the first blank line after ``pos`` (a shortcode call never spans one)."""
        m = _BLANK_LINE.search(self.text, pos)
        return m.start() if m else len(self.text)

    def _list_marker(self, line: _Line, ind: int, ind_len: int, interrupting: bool) -> int | None:
        """If a list item starts here, consume its marker and return the content indent."""
        if ind > 3:
            return None
        rest = _rest(line)[ind_len:]
        if _THEMATIC.match(rest):
            return None
        m = _BULLET.match(rest) or _ORDERED.match(rest)
        if m is None:
            return None
        after = rest[m.end() :]
        if interrupting and (not after.strip() or (m.re is _ORDERED and m.group(1) != "1")):
            return None
        _advance(line, ind)
        line.pos += m.end()
        line.col += m.end()
        marker_width = ind + m.end()
        if not after.strip():
            return marker_width + 1
        spaces, sp_len = _indent(line)
        if spaces >= 5:
            _advance(line, 1)
            return marker_width + 1
        line.pos += sp_len
        line.col += spaces
        return marker_width + spaces

    def _starts_block(self, line: _Line, interrupting: bool) -> bool:
        """Would this line start a block other than a paragraph continuation?

        The leaf rules are ``_leaf_start``'s, the ones ``_line`` opens blocks with; only a
        type-7 HTML block cannot interrupt a paragraph (CommonMark 4.6).
        """
        ind, ind_len = _indent(line)
        if ind > 3:
            return False
        rest = _rest(line)[ind_len:]
        if not rest.strip():
            return True
        if rest.startswith(">") or _FOOTNOTE.match(rest):
            return True
        leaf = _leaf_start(rest)
        if leaf is not None and leaf[0] != "html7":
            return True
        m2 = _BULLET.match(rest) or _ORDERED.match(rest)
        if m2 is not None:
            # Only a non-empty bullet or "1." item may interrupt a paragraph of the same container;
            # any item starts a block when the line is not a continuation of that paragraph.
            if not interrupting:
                return True
            after = rest[m2.end() :]
            if after.strip() and not (m2.re is _ORDERED and m2.group(1) != "1"):
                return True
        return False

    # -- emitting ------------------------------------------------------------------------------
    def _close(self, leaf: _Leaf) -> None:
        if leaf.kind == "para":
            self._emit_para(leaf)
        elif leaf.kind == "table":
            self._emit_table(leaf)

    def _describe(self, parents: tuple[_Container, ...]) -> tuple[Kind, str, str]:
        """Kind and label of a paragraph in ``parents``, and its continuation prefix."""
        inner = parents[-1] if parents else _Container("doc", "")
        cont = inner.cont
        if inner.kind == "item":
            return Kind.LIST_ITEM, ("list item" if inner.children <= 1 else "list item paragraph"), cont
        if inner.kind == "footnote":
            return Kind.FOOTNOTE, f"footnote [^{inner.label}]", cont
        if inner.kind == "quote":
            if inner.alert:
                return Kind.QUOTE, f"alert {inner.alert}", cont
            return Kind.QUOTE, "block quote", cont
        return Kind.PARAGRAPH, "paragraph", cont

    def _emit_para(self, leaf: _Leaf) -> None:
        lines = _strip_link_refs(list(leaf.lines))
        if not lines:
            return
        parents = leaf.parents
        inner = parents[-1] if parents else None
        if inner is not None and inner.kind == "quote" and inner.children <= 1 and not inner.alert:
            m = _ALERT.match(lines[0].text, lines[0].pos)
            if m is not None:
                inner.alert = m.group(1).upper()
                lines.pop(0)
                if not lines:
                    return
        first = lines[0]
        if inner is not None and inner.kind == "item" and inner.children <= 1:
            m = _TASK.match(first.text, first.pos)
            if m is not None:
                first.pos = m.end()
        kind, label, cont = self._describe(parents)
        pieces = self._pieces(lines)
        if pieces:
            self.units.append(Unit(kind, label, pieces, first.no, cont))

    def _pieces(self, lines: list[_Line]) -> tuple[tuple[int, int], ...]:
        pieces: list[tuple[int, int]] = []
        for i, ln in enumerate(lines):
            text = ln.text
            s = ln.pos
            while s < len(text) and text[s] in " \t":
                s += 1
            e = len(text)
            if i == len(lines) - 1:
                while e > s and text[e - 1] in " \t":
                    e -= 1
            if s < e:
                pieces.append((ln.start + s, ln.start + e))
        return tuple(pieces)

    def _emit_atx(self, line: _Line, m: re.Match[str], parents: tuple[_Container, ...]) -> None:
        text = line.text
        s = line.pos + m.end()
        e = len(text)
        idm = _HEADING_ID.search(text, s)
        if idm is not None:
            e = idm.start()
        body = text[s:e]
        cm = _ATX_CLOSE.search(body)
        if cm is not None:
            e = s + cm.start()
        while s < e and text[s] in " \t":
            s += 1
        while e > s and text[e - 1] in " \t":
            e -= 1
        if s < e:
            level = len(m.group(1))
            span = ((line.start + s, line.start + e),)
            self.units.append(Unit(Kind.HEADING, f"heading h{level}", span, line.no, inline=True))

    def _emit_heading(self, leaf: _Leaf) -> None:
        lines = _strip_link_refs(list(leaf.lines))
        if not lines:
            return
        last = lines[-1]
        idm = _HEADING_ID.search(last.text, last.pos)
        pieces = list(self._pieces(lines))
        if idm is not None and pieces:
            ps, pe = pieces[-1]
            pe = min(pe, last.start + idm.start())
            while pe > ps and self.text[pe - 1] in " \t":
                pe -= 1
            pieces[-1] = (ps, pe)
            pieces = [p for p in pieces if p[0] < p[1]]
        if pieces:
            _, _, cont = self._describe(leaf.parents)
            self.units.append(Unit(Kind.HEADING, "heading", tuple(pieces), lines[0].no, cont))

    def _emit_table(self, leaf: _Leaf) -> None:
        for row, line in enumerate(leaf.lines):
            if row == 1:
                continue  # delimiter row
            cells, _ = _split_cells(line.text, line.pos)
            kind = "table header" if row == 0 else "table cell"
            for col, (s, e) in enumerate(cells, start=1):
                if s < e:
                    self.units.append(
                        Unit(
                            Kind.TABLE,
                            f"{kind} (row {row if row else 1}, column {col})",
                            ((line.start + s, line.start + e),),
                            line.no,
                            inline=True,
                            table=True,
                        )
                    )


def _strip_link_refs(lines: list[_Line]) -> list[_Line]:
    """Drop the link reference definitions a paragraph starts with (they may span lines)."""
    while (
        lines
        and "]:" in "".join(ln.text for ln in lines[:4])
        and lines[0].text[lines[0].pos :].lstrip().startswith("[")
    ):
        joined = "\n".join(ln.text[ln.pos :] for ln in lines[:8])
        m = _LINK_REF_ML.match(joined)
        if m is None:
            break
        used = m.group(0).count("\n") + (0 if m.group(0).endswith("\n") else 1)
        lines = lines[max(used, 1) :]
    return lines


def _split_cells(text: str, start: int) -> tuple[list[tuple[int, int]], int]:
    """Cell content spans (trimmed) of a table row; pipes escaped with a backslash do not split."""
    spans: list[tuple[int, int]] = []
    i = start
    n = len(text)
    while i < n and text[i] in " \t":
        i += 1
    if i < n and text[i] == "|":
        i += 1
    cell_start = i
    while i <= n:
        if i == n or text[i] == "|":
            s, e = cell_start, i
            while s < e and text[s] in " \t":
                s += 1
            while e > s and text[e - 1] in " \t":
                e -= 1
            if i < n or s < e:
                spans.append((s, e))
            i += 1
            cell_start = i
            continue
        if text[i] == "\\" and i + 1 < n:
            i += 2
            continue
        i += 1
    return spans, len(spans)


def scan(text: str, start: int = 0, end: int | None = None) -> tuple[Unit, ...]:
    """Translatable units of ``text[start:end]`` (the body after front matter), in document order."""
    return scan_blocks(text, start, end).units


def scan_blocks(text: str, start: int = 0, end: int | None = None) -> Scan:
    """Units, raw blocks and warnings of ``text[start:end]``, in document order."""
    sc = _Scanner(text, start, len(text) if end is None else end)
    units = tuple(sc.run())
    return Scan(units, tuple(sc.raw_blocks()), tuple(sc.warnings))
