"""Byte-faithful access to the front matter of a Hugo article (YAML ``---``, TOML ``+++`` or JSON ``{…}``).

Round-tripping front matter through a YAML or TOML library reorders keys, drops comments and
rewrites quoting and dates, so this module never re-serialises a document. It locates the
source span of each translatable string value and later splices a replacement into exactly
that span, leaving every other character of the file untouched.

Why not python-frontmatter: it re-dumps the whole YAML block on write (comments, key order and
quoting are lost, untouched lines change), strips the body, and reads no TOML without an extra
package. It stays a test dependency, as an oracle for the values we read from YAML.

Invariants:
- Pure: no disk or network I/O.
- Every offset is an absolute index into the ``text`` passed in (a ``str``; ``\\n`` or ``\\r\\n``
  newlines; a leading ``\\ufeff`` is allowed and is not part of any line count).
- Every line number is 1-based and counts ``\\n`` characters of the whole file, so front-matter
  errors and fields point at the real file line, not a line inside the block.
- ``Field.value`` equals what ``yaml.safe_load`` / ``tomllib`` / ``json`` returns for that key (or
  list item); the TOML and JSON spans are found by scanners of our own and are cross-checked
  against ``tomllib`` / ``json``.
- As in Hugo, a duplicate key is an error in every format; a JSON front matter is an object that
  starts the file (after blank lines) and ends at its matching ``}``, braces in strings ignored.
- ``text[:f.start] + f.render(new) + text[f.end:]`` is a valid document in which that key (or list
  item) parses to exactly ``new`` and every other value is unchanged.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from l10n.model import ParseError

__all__ = ["Block", "Field", "split", "fields", "drop_key_spans"]

# libyaml's parser is ~10x faster and gives the same character-indexed marks; plain scalars get
# style "" instead of None there, which every style test below treats alike.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR_TAG = "tag:yaml.org,2002:str"
_BOM = "\ufeff"


@dataclass(frozen=True)
class Block:
    """The front-matter block of one file.

    ``text[start:content_start]`` is the opening delimiter line (with its newline),
    ``text[content_start:content_end]`` is the YAML/TOML source, and
    ``text[content_end:end]`` is the closing delimiter line (with its newline, if any).
    A JSON block has no delimiter lines: ``start == content_start`` is its ``{`` and
    ``text[content_end:end]`` the line break after its ``}``.
    """

    kind: Literal["yaml", "toml", "json"]
    start: int
    content_start: int
    content_end: int
    end: int
    line: int


@dataclass(frozen=True)
class Field:
    """One translatable string value of a top-level front-matter key.

    ``text[start:end]`` is the value's source, quotes and block-scalar indicator included.
    ``index`` is the item's position in a list value (counting non-string items too), else None.
    ``syntax``/``style``/``flow`` record how the value was written so ``render`` can keep the
    style where that is safe: ``style`` is one of ``plain``, ``plain-multi``, ``single``,
    ``double``, ``block`` (YAML) or ``basic``, ``literal``, ``ml-basic``, ``ml-literal`` (TOML);
    ``flow`` is True inside a YAML flow collection, where ``, [ ] { }`` end a plain scalar.
    JSON values have syntax and style ``json``.
    """

    key: str
    index: int | None
    value: str
    start: int
    end: int
    line: int
    syntax: Literal["yaml", "toml", "json"] = "yaml"
    style: str = "double"
    flow: bool = False

    def render(self, new: str) -> str:
        """Source text to put in place of ``text[start:end]`` so the value parses to ``new``.

        The result is always a single line, so the surrounding indentation never matters.
        """
        if self.syntax == "toml":
            return _render_toml(new, self.style)
        if self.syntax == "json":
            return json.dumps(new, ensure_ascii=False)
        return _render_yaml(new, self.style, self.flow)


# --------------------------------------------------------------------------- splitting


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _eol(text: str, pos: int) -> tuple[int, int]:
    """(end of the line's content, start of the next line) for the line at ``pos``.

    A line ends at ``\n``, ``\r\n`` or a lone ``\r`` (classic Mac files, which YAML reads too).
    """
    nl = text.find("\n", pos)
    cr = text.find("\r", pos, len(text) if nl < 0 else nl)
    if cr >= 0 and cr + 1 != nl:
        return cr, cr + 1
    if nl < 0:
        return len(text), len(text)
    return (nl - 1 if nl > pos and text[nl - 1] == "\r" else nl), nl + 1


def _delimiter_line(text: str, pos: int) -> tuple[str, int] | None:
    """The delimiter (``---``/``+++``) the line at ``pos`` consists of, and the offset after it."""
    end, stop = _eol(text, pos)
    body = text[pos:end].rstrip(" \t")
    if body in ("---", "+++"):
        return body, stop
    return None


def split(text: str, path: str) -> Block | None:
    """Find the front-matter block, or None when the file does not start with one.

    The opening delimiter must be the first line (after an optional BOM); a JSON object may follow
    blank lines. The block is parsed here so that an invalid block fails early with the file line
    of the problem.
    """
    start = 1 if text.startswith(_BOM) else 0
    json_start = _json_start(text, start)
    if json_start is not None:
        return _split_json(text, json_start, path)
    opening = _delimiter_line(text, start)
    if opening is None:
        return None
    delim, content_start = opening
    kind: Literal["yaml", "toml"] = "yaml" if delim == "---" else "toml"
    line = _line_of(text, start)
    if not text[start:content_start].endswith(("\n", "\r")):
        raise ParseError(f"unterminated front matter: no closing '{delim}' line", path, line)
    pos = content_start
    while pos < len(text):
        found = _delimiter_line(text, pos)
        if found is not None and found[0] == delim:
            block = Block(kind, start, content_start, pos, found[1], line)
            _parse(text, block, path)
            return block
        _, pos = _eol(text, pos)
    raise ParseError(f"unterminated front matter: no closing '{delim}' line", path, line)


def _parse(text: str, block: Block, path: str) -> tuple[Node | None, object]:
    if block.kind == "yaml":
        return _compose_yaml(text, block, path)
    if block.kind == "json":
        return None, _load_json(text, block, path)
    return None, _load_toml(text, block, path)


# --------------------------------------------------------------------------- JSON

_JSON_OPEN = re.compile(r"[ \t\r\n]*(\{)[ \t\r\n]*[\"}]")


def _json_start(text: str, pos: int) -> int | None:
    """Offset of the ``{`` of a JSON front matter, or None. Like Hugo, blank lines may come first;
    unlike Hugo, text such as ``{{< shortcode >}}`` is not taken for JSON (it is no object)."""
    m = _JSON_OPEN.match(text, pos)
    return m.start(1) if m else None


def _split_json(text: str, start: int, path: str) -> Block:
    """The block from ``{`` to its matching ``}`` (Hugo's brace count: braces in strings do not
    count), plus the one line break after it."""
    depth = 0
    in_string = False
    i = start
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            in_string = not in_string
        elif not in_string and c == "{":
            depth += 1
        elif not in_string and c == "}":
            depth -= 1
            if depth == 0:
                break
        i += 1
    line = _line_of(text, start)
    if i >= n:
        raise ParseError("unterminated JSON front matter: no closing '}'", path, line)
    content_end = i + 1
    end = content_end
    if text.startswith("\r\n", end):
        end += 2
    elif text.startswith("\n", end):
        end += 1
    block = Block("json", start, start, content_end, end, line)
    _load_json(text, block, path)
    return block


def _reject_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _load_json(text: str, block: Block, path: str) -> dict[str, object]:
    content = text[block.content_start : block.content_end]
    try:
        data = json.loads(content, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as exc:
        line = _line_of(text, block.content_start + exc.pos)
        raise ParseError(f"invalid JSON front matter: {exc.msg}", path, line) from None
    except _DuplicateKey as exc:
        at = _json_key_offset(text, block, exc.key, second=True)
        raise ParseError(f"duplicate key {exc.key!r} in front matter", path, _line_of(text, at)) from None
    except RecursionError:
        raise ParseError("invalid JSON front matter: nested too deeply", path, block.line) from None
    if not isinstance(data, dict):
        raise ParseError("front matter must be a mapping of keys to values", path, block.line)
    return data


def _json_key_offset(text: str, block: Block, key: str, second: bool) -> int:
    """Where ``key`` is written as a key (its second occurrence when asked), for error lines."""
    seen = 0
    pattern = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')
    for m in pattern.finditer(text, block.content_start, block.content_end):
        try:
            name = json.loads(f'"{m.group(1)}"')
        except json.JSONDecodeError:
            continue
        if name == key:
            seen += 1
            if seen == 2 or not second:
                return m.start()
    return block.content_start


@dataclass
class _JsonValue:
    """A located JSON value: kind ``str``, ``array`` (with items) or ``other``."""

    kind: str
    start: int
    end: int
    items: list[_JsonValue] | None = None


@dataclass
class _JsonMember:
    key: str
    start: int  # the key's opening quote
    value: _JsonValue


class _JsonScanner:
    """Locates the members of the top-level object of a block ``json`` already accepted."""

    _WS = " \t\r\n"
    _STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
    _SCALAR = re.compile(r"[^,\]}\s]+")

    def __init__(self, text: str, start: int, limit: int) -> None:
        self.text = text
        self.pos = start
        self.limit = limit

    def ws(self) -> None:
        while self.pos < self.limit and self.text[self.pos] in self._WS:
            self.pos += 1

    def string(self) -> tuple[int, int]:
        m = self._STRING.match(self.text, self.pos, self.limit)
        if m is None:
            raise _TomlScanError(self.pos)
        self.pos = m.end()
        return m.start(), m.end()

    def expect(self, ch: str) -> None:
        self.ws()
        if self.pos >= self.limit or self.text[self.pos] != ch:
            raise _TomlScanError(self.pos)
        self.pos += 1

    def members(self) -> list[_JsonMember]:
        self.expect("{")
        out: list[_JsonMember] = []
        self.ws()
        if self.text.startswith("}", self.pos):
            return out
        while True:
            self.ws()
            key_start, key_end = self.string()
            self.expect(":")
            self.ws()
            out.append(_JsonMember(json.loads(self.text[key_start:key_end]), key_start, self.value()))
            self.ws()
            if self.text.startswith("}", self.pos):
                return out
            self.expect(",")

    def value(self) -> _JsonValue:
        start = self.pos
        ch = self.text[self.pos] if self.pos < self.limit else ""
        if ch == '"':
            self.string()
            return _JsonValue("str", start, self.pos)
        if ch == "[":
            self.pos += 1
            items: list[_JsonValue] = []
            self.ws()
            if not self.text.startswith("]", self.pos):
                while True:
                    self.ws()
                    items.append(self.value())
                    self.ws()
                    if self.text.startswith("]", self.pos):
                        break
                    self.expect(",")
            self.pos += 1
            return _JsonValue("array", start, self.pos, items)
        if ch == "{":
            depth = 0
            while self.pos < self.limit:
                c = self.text[self.pos]
                if c == '"':
                    self.string()
                    continue
                depth += c == "{"
                depth -= c == "}"
                self.pos += 1
                if depth == 0:
                    return _JsonValue("other", start, self.pos)
            raise _TomlScanError(start)
        m = self._SCALAR.match(self.text, self.pos, self.limit)
        if m is None:
            raise _TomlScanError(self.pos)
        self.pos = m.end()
        return _JsonValue("other", start, self.pos)


def _json_members(text: str, block: Block, path: str) -> list[_JsonMember]:
    try:
        return _JsonScanner(text, block.content_start, block.content_end).members()
    except (_TomlScanError, json.JSONDecodeError, RecursionError) as exc:
        pos = exc.pos if isinstance(exc, _TomlScanError) else block.content_start
        raise ParseError(
            "unsupported JSON front matter syntax (cannot locate values)", path, _line_of(text, pos)
        ) from None


# --------------------------------------------------------------------------- YAML parsing


@lru_cache(maxsize=8)
def _compose_yaml(text: str, block: Block, path: str) -> tuple[Node | None, object]:
    """The root node and constructed data of a YAML block; None/None for an empty block.

    Memoised because split, fields and drop_key_spans each need it for the same article; callers
    must not mutate the returned node or data.
    """
    content = text[block.content_start : block.content_end]
    base = block.content_start
    loader: yaml.SafeLoader | None = None
    node: Node | None = None
    try:
        loader = _Loader(content)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise ParseError(
            _yaml_message(exc, text, base, content), path, _yaml_error_line(exc, text, base, block, content)
        ) from exc
    except yaml.reader.ReaderError as exc:
        raise ParseError(
            f"invalid YAML front matter: {exc.reason} (character {exc.character!r})",
            path,
            _line_of(text, base + exc.position),
        ) from exc
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        # e.g. a timestamp-shaped value with an impossible date, which PyYAML raises unmarked.
        line = block.line
        if node is not None:
            line = _line_of(text, base + _failing_node(node).start_mark.index)
        raise ParseError(f"invalid YAML front matter: {exc}", path, line) from exc
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return None, None
    if not isinstance(node, MappingNode):
        raise ParseError(
            "front matter must be a mapping of keys to values",
            path,
            _line_of(text, base + node.start_mark.index),
        )
    _check_duplicate_keys(node, text, base, path)
    return node, data


def _check_duplicate_keys(root: MappingNode, text: str, base: int, path: str) -> None:
    """Hugo's YAML parser rejects a key written twice in one mapping; PyYAML keeps the last one."""
    stack: list[Node] = [root]
    seen_nodes: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key, value in node.value:
                stack.append(value)
                if not isinstance(key, ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                    continue
                line = _line_of(text, base + key.start_mark.index)
                ident = (key.tag, key.value)
                if ident in first:
                    message = f"duplicate key {key.value!r} in front matter (first at line {first[ident]})"
                    raise ParseError(message, path, line)
                first[ident] = line
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _constructs(node: Node) -> bool:
    loader = yaml.SafeLoader("")
    try:
        loader.construct_document(node)
        return True
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return False
    finally:
        loader.dispose()


def _failing_node(node: Node, seen: frozenset[int] = frozenset()) -> Node:
    """The innermost node that PyYAML cannot construct (construction errors carry no mark)."""
    seen = seen | {id(node)}
    children: list[Node] = []
    if isinstance(node, MappingNode):
        for k, v in node.value:
            children += [k, v]
    elif isinstance(node, SequenceNode):
        children = list(node.value)
    for child in children:
        if id(child) not in seen and not _constructs(child):
            return _failing_node(child, seen)
    return node


def _mark_line(mark: yaml.Mark, text: str, base: int, content: str) -> int:
    # Marks past the last non-blank character (an unexpected end of stream) are pulled back to
    # it: that is where the document ran out, not the closing delimiter line.
    last = max(0, len(content.rstrip()) - 1)
    return _line_of(text, base + min(mark.index, last))


def _yaml_message(exc: yaml.MarkedYAMLError, text: str, base: int, content: str) -> str:
    parts = []
    if exc.context:
        where = ""
        if exc.context_mark is not None:
            where = f" (line {_mark_line(exc.context_mark, text, base, content)})"
        parts.append(f"{exc.context}{where}")
    if exc.problem:
        parts.append(exc.problem)
    return "invalid YAML front matter: " + (": ".join(parts) or "syntax error")


def _yaml_error_line(exc: yaml.MarkedYAMLError, text: str, base: int, block: Block, content: str) -> int:
    """The file line of PyYAML's problem mark, or of its context mark when the problem is only
    the end of the stream (an unterminated quote begins at the context mark)."""
    problem, context = exc.problem_mark, exc.context_mark
    at_end = problem is not None and not content[problem.index :].strip()
    mark = context if (problem is None or (at_end and context is not None)) else problem
    if mark is None:
        return block.line
    return _mark_line(mark, text, base, content)


# --------------------------------------------------------------------------- TOML parsing

_TOML_WHERE = re.compile(r"\s*\((?:at line (\d+), column \d+|at end of document)\)\s*$")


def _load_toml(text: str, block: Block, path: str) -> dict[str, object]:
    content = text[block.content_start : block.content_end]
    if "\r" in content:
        # TOML knows only LF and CRLF; a file with classic Mac line ends (lone CR) is read as if
        # they were LF (same length, so every offset still holds).
        content = re.sub(r"\r(?!\n)", "\n", content)
    try:
        return tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_WHERE.search(msg)
        line = _line_of(text, block.content_end)
        if m is not None:
            msg = msg[: m.start()]
            if m.group(1) is not None:
                line = _line_of(text, block.content_start) + int(m.group(1)) - 1
        raise ParseError(f"invalid TOML front matter: {msg}", path, line) from exc
    except RecursionError:
        raise ParseError("invalid TOML front matter: nested too deeply", path, block.line + 1) from None


class _TomlScanError(Exception):
    def __init__(self, pos: int) -> None:
        super().__init__(pos)
        self.pos = pos


@dataclass
class _TomlValue:
    """A located TOML value: kind is ``str`` (with ``style``), ``array`` (with items) or ``other``."""

    kind: str
    start: int
    end: int
    style: str = ""
    items: list[_TomlValue] | None = None


@dataclass
class _TomlEntry:
    key: str | None  # None for a dotted key, which is never a top-level string
    key_start: int
    value: _TomlValue


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class _TomlScanner:
    """Locates the top-level ``key = value`` pairs that precede the first table header.

    It runs only on blocks ``tomllib`` already accepted, so it can be lenient; anything it does
    not understand raises ``_TomlScanError`` rather than guessing a span.
    """

    def __init__(self, text: str, start: int, limit: int) -> None:
        self.text = text
        self.pos = start
        self.limit = limit

    def peek(self, n: int = 0) -> str:
        i = self.pos + n
        return self.text[i] if i < self.limit else ""

    def skip_blank(self, newlines: bool) -> None:
        while self.pos < self.limit:
            ch = self.text[self.pos]
            if ch in " \t" or (newlines and ch in "\r\n"):
                self.pos += 1
            elif ch == "#" and newlines:
                nl = self.text.find("\n", self.pos, self.limit)
                self.pos = self.limit if nl < 0 else nl
            else:
                return

    def entries(self) -> list[_TomlEntry]:
        out: list[_TomlEntry] = []
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= self.limit or self.peek() == "[":
                return out
            key_start = self.text.rfind("\n", 0, self.pos) + 1
            parts = self.key()
            self.skip_blank(newlines=False)
            if self.peek() != "=":
                raise _TomlScanError(self.pos)
            self.pos += 1
            self.skip_blank(newlines=False)
            value = self.value()
            out.append(_TomlEntry(parts[0] if len(parts) == 1 else None, key_start, value))
            self.skip_blank(newlines=False)
            if self.peek() == "#":
                nl = self.text.find("\n", self.pos, self.limit)
                self.pos = self.limit if nl < 0 else nl
            if self.peek() not in ("", "\n", "\r"):
                raise _TomlScanError(self.pos)

    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            ch = self.peek()
            if ch in ('"', "'"):
                start = self.pos
                self.single_line_string(ch)
                parts.append(str(_toml_decode(self.text[start : self.pos])))
            else:
                m = _BARE_KEY.match(self.text, self.pos, self.limit)
                if m is None:
                    raise _TomlScanError(self.pos)
                parts.append(m.group())
                self.pos = m.end()
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.pos += 1

    def single_line_string(self, quote: str) -> None:
        i = self.pos + 1
        while i < self.limit:
            ch = self.text[i]
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                self.pos = i + 1
                return
            if ch == "\n":
                break
            i += 1
        raise _TomlScanError(self.pos)

    def multi_line_string(self, quote: str) -> None:
        i = self.pos + 3
        while i < self.limit:
            ch = self.text[i]
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote and self.text.startswith(quote * 3, i):
                run = 3
                # Up to two quotes right before the closing delimiter belong to the content.
                while run < 5 and i + run < self.limit and self.text[i + run] == quote:
                    run += 1
                self.pos = i + run
                return
            i += 1
        raise _TomlScanError(self.pos)

    def value(self) -> _TomlValue:
        start = self.pos
        ch = self.peek()
        if ch in ('"', "'"):
            multi = self.text.startswith(ch * 3, self.pos)
            if multi:
                self.multi_line_string(ch)
            else:
                self.single_line_string(ch)
            style = ("ml-" if multi else "") + ("basic" if ch == '"' else "literal")
            return _TomlValue("str", start, self.pos, style=style)
        if ch == "[":
            return self.array()
        if ch == "{":
            self.inline_table()
            return _TomlValue("other", start, self.pos)
        while self.pos < self.limit and self.text[self.pos] not in ",]}#\r\n":
            self.pos += 1
        end = self.pos
        while end > start and self.text[end - 1] in " \t":
            end -= 1
        if end == start:
            raise _TomlScanError(start)
        return _TomlValue("other", start, end)

    def array(self) -> _TomlValue:
        start = self.pos
        self.pos += 1
        items: list[_TomlValue] = []
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "]":
                self.pos += 1
                return _TomlValue("array", start, self.pos, items=items)
            items.append(self.value())
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "]":
                raise _TomlScanError(self.pos)

    def inline_table(self) -> None:
        self.pos += 1
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "}":
                self.pos += 1
                return
            self.key()
            self.skip_blank(newlines=False)
            if self.peek() != "=":
                raise _TomlScanError(self.pos)
            self.pos += 1
            self.skip_blank(newlines=False)
            self.value()
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "}":
                raise _TomlScanError(self.pos)


def _toml_decode(source: str) -> object:
    return tomllib.loads("v = " + source)["v"]


def _toml_entries(text: str, block: Block, path: str) -> list[_TomlEntry]:
    scanner = _TomlScanner(text, block.content_start, block.content_end)
    try:
        return scanner.entries()
    except RecursionError:
        raise ParseError("TOML front matter nested too deeply", path, block.line + 1) from None
    except (_TomlScanError, tomllib.TOMLDecodeError) as exc:
        pos = exc.pos if isinstance(exc, _TomlScanError) else scanner.pos
        raise ParseError(
            "unsupported TOML front matter syntax (cannot locate values)", path, _line_of(text, pos)
        ) from exc


# --------------------------------------------------------------------------- fields


def fields(text: str, block: Block, keys: Collection[str], path: str) -> list[Field]:
    """String values of the top-level ``keys``, in document order.

    A string value gives one Field (index None); a list gives one Field per string item.
    Non-strings (numbers, booleans, dates, null, mappings) and empty strings are skipped.
    """
    if block.kind == "toml":
        return _toml_fields(text, block, keys, path)
    if block.kind == "json":
        return _json_fields(text, block, keys, path)
    return _yaml_fields(text, block, keys, path)


def _json_fields(text: str, block: Block, keys: Collection[str], path: str) -> list[Field]:
    data = _load_json(text, block, path)
    out: list[Field] = []
    for member in _json_members(text, block, path):
        if member.key not in keys:
            continue
        parsed = data.get(member.key)
        located = member.value
        if located.kind == "str":
            pairs: list[tuple[int | None, _JsonValue, object]] = [(None, located, parsed)]
        elif located.kind == "array" and isinstance(parsed, list) and located.items is not None:
            pairs = [(i, item, p) for i, (item, p) in enumerate(zip(located.items, parsed, strict=True))]
        else:
            continue
        for index, item, value in pairs:
            if item.kind != "str" or not isinstance(value, str) or not value:
                continue
            line = _line_of(text, item.start)
            if json.loads(text[item.start : item.end]) != value:
                raise ParseError(f"cannot locate the value of '{member.key}'", path, line)
            out.append(Field(member.key, index, value, item.start, item.end, line, "json", "json"))
    return out


def _toml_fields(text: str, block: Block, keys: Collection[str], path: str) -> list[Field]:
    data = _load_toml(text, block, path)
    out: list[Field] = []
    for entry in _toml_entries(text, block, path):
        if entry.key is None or entry.key not in keys:
            continue
        parsed = data.get(entry.key)
        located = entry.value
        if located.kind == "str":
            pairs: list[tuple[int | None, _TomlValue, object]] = [(None, located, parsed)]
        elif located.kind == "array" and isinstance(parsed, list) and located.items is not None:
            if len(parsed) != len(located.items):
                raise ParseError(
                    f"cannot locate the items of '{entry.key}'", path, _line_of(text, located.start)
                )
            pairs = [(i, item, p) for i, (item, p) in enumerate(zip(located.items, parsed, strict=True))]
        else:
            continue
        for index, item, value in pairs:
            if item.kind != "str":
                continue
            if not isinstance(value, str) or _toml_decode(text[item.start : item.end]) != value:
                raise ParseError(
                    f"cannot locate the value of '{entry.key}'", path, _line_of(text, item.start)
                )
            if value:
                out.append(
                    Field(
                        entry.key,
                        index,
                        value,
                        item.start,
                        item.end,
                        _line_of(text, item.start),
                        "toml",
                        item.style,
                    )
                )
    return out


def _yaml_fields(text: str, block: Block, keys: Collection[str], path: str) -> list[Field]:
    root, _ = _compose_yaml(text, block, path)
    if not isinstance(root, MappingNode):
        return []
    base = block.content_start
    root_flow = bool(root.flow_style)
    seen: set[int] = set()
    out: list[Field] = []

    def add(key: str, index: int | None, node: Node, after: int, flow: bool) -> None:
        # An alias shares its anchor's node object, located elsewhere; translate it only once,
        # at the anchor, and never through a span that lies before its own key.
        if id(node) in seen or base + node.start_mark.index < after:
            return
        seen.add(id(node))
        if not isinstance(node, ScalarNode) or node.tag != _STR_TAG or node.value == "":
            return
        start = _skip_properties(text, base + node.start_mark.index, flow)
        end = base + node.end_mark.index
        style = node.style
        if style in ("|", ">"):
            end = _trim_end(text, start, end)
            kind = "block"
        elif style == '"':
            kind = "double"
        elif style == "'":
            kind = "single"
        else:
            kind = "plain-multi" if "\n" in text[start:end] else "plain"
        out.append(Field(key, index, node.value, start, end, _line_of(text, start), "yaml", kind, flow))

    for key_node, value_node in root.value:
        if not (isinstance(key_node, ScalarNode) and key_node.tag == _STR_TAG and key_node.value in keys):
            continue
        after = base + key_node.end_mark.index
        if isinstance(value_node, SequenceNode):
            if id(value_node) in seen or base + value_node.start_mark.index < after:
                continue
            seen.add(id(value_node))
            flow = root_flow or bool(value_node.flow_style)
            for i, item in enumerate(value_node.value):
                add(key_node.value, i, item, after, flow)
        else:
            add(key_node.value, None, value_node, after, root_flow)
    return out


def _skip_properties(text: str, pos: int, flow: bool) -> int:
    """Offset of the scalar itself, past any ``&anchor`` / ``!tag`` PyYAML counts as the node start."""
    stops = " \t\r\n" + (",[]{}" if flow else "")
    while pos < len(text) and text[pos] in "&!":
        while pos < len(text) and text[pos] not in stops:
            pos += 1
        while pos < len(text):
            if text[pos] in " \t\r\n":
                pos += 1
            elif text[pos] == "#":
                nl = text.find("\n", pos)
                pos = len(text) if nl < 0 else nl
            else:
                break
    return pos


def _trim_end(text: str, start: int, end: int) -> int:
    # PyYAML ends a block scalar after its trailing line breaks (and the next line's
    # indentation); the span must stop at the last content character instead.
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end


# --------------------------------------------------------------------------- dropping keys


def drop_key_spans(text: str, block: Block, keys: Collection[str]) -> list[tuple[int, int]]:
    """Whole-line spans (newline included) that remove the top-level ``keys`` with their values.

    Spans are in document order and do not overlap; deleting them all (from the last) leaves
    the rest of the block byte-identical. Comment lines around a key are kept.
    """
    path = "<front matter>"
    spans: list[tuple[int, int]] = []
    if block.kind == "json":
        return _json_drop_spans(text, block, keys, path)
    if block.kind == "toml":
        for entry in _toml_entries(text, block, path):
            if entry.key is not None and entry.key in keys:
                spans.append((entry.key_start, _line_end(text, entry.value.end, block.content_end)))
        return spans
    root, _ = _compose_yaml(text, block, path)
    if not isinstance(root, MappingNode):
        return spans
    base = block.content_start
    for key_node, value_node in root.value:
        if not (isinstance(key_node, ScalarNode) and key_node.tag == _STR_TAG and key_node.value in keys):
            continue
        if root.flow_style:
            raise ParseError(
                f"cannot remove '{key_node.value}' from a flow-style front-matter mapping",
                None,
                _line_of(text, base + key_node.start_mark.index),
            )
        key_start = base + key_node.start_mark.index
        line_start = text.rfind("\n", 0, key_start) + 1
        last = max(base + key_node.end_mark.index, _node_last_end(text, base, value_node, key_start))
        spans.append((line_start, _line_end(text, last, block.content_end)))
    return spans


def _json_drop_spans(text: str, block: Block, keys: Collection[str], path: str) -> list[tuple[int, int]]:
    """JSON members cannot go by whole lines (commas): each run of dropped members goes with the
    comma before it, from the end of the value kept before it; a run at the start goes with the
    comma and blanks after it, up to the first member kept."""
    members = _json_members(text, block, path)
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(members):
        if members[k].key not in keys:
            k += 1
            continue
        first = k
        while k < len(members) and members[k].key in keys:
            k += 1
        last = members[k - 1]
        if first > 0:
            spans.append((members[first - 1].value.end, last.value.end))
        elif k < len(members):
            spans.append((members[0].start, members[k].start))
        else:
            spans.append((members[0].start, last.value.end))
    return spans


def _node_last_end(text: str, base: int, node: Node, floor: int) -> int:
    """Absolute offset just after the last source character of ``node`` (0 for an earlier alias)."""
    start = base + node.start_mark.index
    if start < floor:
        return 0
    if isinstance(node, ScalarNode):
        end = base + node.end_mark.index
        return _trim_end(text, start, end) if node.style in ("|", ">") else end
    if not isinstance(node, (MappingNode, SequenceNode)) or node.flow_style:
        return base + node.end_mark.index
    # A block collection's end mark lies at the next token, past any comments in between.
    children: list[Node] = []
    if isinstance(node, MappingNode):
        for k, v in node.value:
            children += [k, v]
    else:
        children = list(node.value)
    return max([start + 1] + [_node_last_end(text, base, c, floor) for c in children])


def _line_end(text: str, pos: int, limit: int) -> int:
    nl = text.find("\n", pos, limit)
    return limit if nl < 0 else nl + 1


# --------------------------------------------------------------------------- rendering

# Characters PyYAML (and YAML generally) will not accept raw, or that would break a line.
_YAML_NEEDS_ESCAPE = re.compile(
    "[^\x09\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_PLAIN_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_FORBIDDEN = set(",[]{}?:")
# YAML 1.2 core-schema scalars that are not strings (PyYAML's resolver is YAML 1.1); Hugo's Go
# parser may follow either, so a plain scalar must look like a string to both.
_CORE_NON_STR = re.compile(
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
)
_RESOLVER = yaml.resolver.Resolver()


def _resolve(value: str) -> str:
    """The tag PyYAML gives ``value`` as an untagged plain scalar."""
    return str(_RESOLVER.resolve(ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]


_YAML_SIMPLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _yaml_double(new: str) -> str:
    out = []
    for ch in new:
        if ch in _YAML_SIMPLE_ESCAPES:
            out.append(_YAML_SIMPLE_ESCAPES[ch])
        elif _YAML_NEEDS_ESCAPE.match(ch):
            code = ord(ch)
            out.append(
                f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}"
            )
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _yaml_plain_ok(new: str, flow: bool) -> bool:
    if not new or new != new.strip(" ") or "\t" in new or _YAML_NEEDS_ESCAPE.search(new):
        return False
    if new[0] in _PLAIN_INDICATORS or ": " in new or " #" in new or new.endswith(":"):
        return False
    if flow and any(ch in _FLOW_FORBIDDEN for ch in new):
        return False
    if _CORE_NON_STR.fullmatch(new) or _resolve(new) != _STR_TAG:
        return False
    return _yaml_reads_back(new, new, flow)


def _yaml_reads_back(source: str, new: str, flow: bool) -> bool:
    """Belt and braces: the rules above are conservative, this confirms with the real parser."""
    doc = f"k: [{source}]\n" if flow else f"k: {source}\n"
    try:
        loaded = yaml.load(doc, Loader=_Loader)  # noqa: S506 - a SafeLoader (libyaml's when present)
    except yaml.YAMLError:
        return False
    return bool(loaded == {"k": [new] if flow else new})


def _render_yaml(new: str, style: str, flow: bool) -> str:
    if style == "single" and not _YAML_NEEDS_ESCAPE.search(new):
        single = "'" + new.replace("'", "''") + "'"
        if _yaml_reads_back(single, new, flow):
            return single
    if style == "plain" and _yaml_plain_ok(new, flow):
        return new
    return _yaml_double(new)


_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _render_toml(new: str, style: str) -> str:
    controls = any((ord(ch) < 0x20 and ch != "\t") or ch == "\x7f" for ch in new)
    if style == "literal" and "'" not in new and not controls:
        return "'" + new + "'"
    out = []
    for ch in new:
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


# --------------------------------------------------------------------------- audit


_TABLE_HEADER = re.compile(r"^[ \t]*\[+[ \t]*([^\]\n]*)", re.M)


def value_spans(text: str, block: Block, path: str) -> list[tuple[str, int, int]]:
    """``(top-level key, start, end)`` for every string value in the block, nested ones included.

    For the ``leftover`` audit: what a page could show. YAML gives each scalar's span (mapping
    keys excluded); TOML gives each top-level value, then everything from the first table header
    on as one span named after that table.
    """
    if block.kind == "toml":
        out = [
            (e.key or "", e.value.start, e.value.end)
            for e in _toml_entries(text, block, path)
        ]
        m = _TABLE_HEADER.search(text, block.content_start, block.content_end)
        if m is not None:
            out.append((m.group(1).strip(), m.start(), block.content_end))
        return out
    root, _ = _compose_yaml(text, block, path)
    if not isinstance(root, MappingNode):
        return []
    base = block.content_start
    spans: list[tuple[str, int, int]] = []
    seen: set[int] = set()

    def walk(key: str, node: Node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.tag == _STR_TAG and node.value:
                spans.append((key, base + node.start_mark.index, base + node.end_mark.index))
        elif isinstance(node, SequenceNode):
            for item in node.value:
                walk(key, item)
        elif isinstance(node, MappingNode):
            for _, value in node.value:
                walk(key, value)

    for key_node, value_node in root.value:
        if isinstance(key_node, ScalarNode):
            walk(str(key_node.value), value_node)
    return sorted(spans, key=lambda s: s[1])
