"""Hugo shortcode calls: their names and parameters, with the source span of every value.

``parse_calls(text, start, end)`` reads the calls ``{{< name a "b c" key="v" k2=v2 k3=`raw` >}}``
(or ``{{% … %}}``) of ``text[start:end]``. Parameter syntax follows Hugo's shortcode lexer: a
value is a double-quoted string (``\\"`` escapes a quote), a backquoted raw string, or a bare word
up to whitespace; ``key=value`` is named, a lone value is positional (numbered from 0). Closing calls
(``{{< /name >}}``) and comment calls (``{{</* … */>}}``) have no parameters.

Invariants: ``Param.start``/``Param.end`` delimit the value's source, quotes included, so
``text[:p.start] + render_value(new, p.quote) + text[p.end:]`` is the same call with that one value
changed and every other byte kept; ``Param.value`` is what Hugo passes to the template.
Malformed calls (an unterminated call or quote) are reported as ``(offset, message)`` and yield no
parameters, so the caller keeps them byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Call", "Param", "parse_calls", "render_value", "standalone_end"]

_OPEN = re.compile(r"\{\{([<%])")
_NAME = re.compile(r"\s*(/?)\s*([^\s/%>][^\s%>]*?)?(?=\s|/?[%>]\}\}|$)")
_BARE = re.compile(r"[^\s\"`]+?(?=\s|/?[%>]\}\}|$)")
_KEY = re.compile(r"([A-Za-z_][\w\-]*)=")


@dataclass(frozen=True)
class Param:
    """One parameter: ``name`` (None when positional), its position, value and value span."""

    name: str | None
    index: int
    value: str
    start: int
    end: int
    quote: str  # '"', '`' or '' (bare)


@dataclass(frozen=True)
class Call:
    """One shortcode call ``text[start:end]``."""

    name: str
    start: int
    end: int
    closing: bool
    params: tuple[Param, ...]


def _close_of(delim: str) -> str:
    return ">}}" if delim == "<" else "%}}"


def parse_calls(
    text: str, start: int = 0, end: int | None = None
) -> tuple[list[Call], list[tuple[int, str]]]:
    """The calls in ``text[start:end]`` and the problems found (offset, message)."""
    end = len(text) if end is None else end
    calls: list[Call] = []
    problems: list[tuple[int, str]] = []
    pos = start
    while True:
        m = _OPEN.search(text, pos, end)
        if m is None:
            break
        call, problem = _parse_call(text, m.start(), m.group(1), end)
        if problem is not None:
            problems.append((m.start(), problem))
            close = text.find(_close_of(m.group(1)), m.end(), end)
            if close < 0:
                break
            pos = close + 3
            continue
        assert call is not None
        calls.append(call)
        pos = call.end
    return calls, problems


def _parse_call(text: str, at: int, delim: str, limit: int) -> tuple[Call | None, str | None]:
    close = _close_of(delim)
    limit = min(limit, len(text))
    i = at + 3
    if text.startswith("/*", i) or text.startswith(" /*", i):
        stop = text.find("*/" + close, i, limit)
        if stop < 0:
            return None, "unterminated shortcode comment"
        return Call("", at, stop + 2 + len(close), False, ()), None
    m = _NAME.match(text, i, limit)
    closing = bool(m and m.group(1))
    name = (m.group(2) or "") if m else ""
    i = m.end() if m else i
    params: list[Param] = []
    index = 0
    while True:
        while i < limit and text[i] in " \t\r\n":
            i += 1
        if i >= limit:
            return None, f"unterminated shortcode {{{{{delim} {name}"
        if text.startswith(close, i) or text.startswith("/" + close, i):
            stop = i + (len(close) if text.startswith(close, i) else len(close) + 1)
            return Call(name, at, stop, closing, tuple(params)), None
        key = None
        km = _KEY.match(text, i, limit)
        if km is not None:
            key = km.group(1)
            i = km.end()
        c = text[i] if i < limit else ""
        if c == '"':
            j = i + 1
            while j < limit and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if j >= limit:
                return None, f"unbalanced quote in a parameter of shortcode {name!r}"
            raw = text[i + 1 : j]
            params.append(Param(key, index, raw.replace('\\"', '"'), i, j + 1, '"'))
            i = j + 1
        elif c == "`":
            j = text.find("`", i + 1, limit)
            if j < 0:
                return None, f"unbalanced quote in a parameter of shortcode {name!r}"
            params.append(Param(key, index, text[i + 1 : j], i, j + 1, "`"))
            i = j + 1
        else:
            bm = _BARE.match(text, i, limit)
            if bm is None or not bm.group():
                return None, f"cannot read a parameter of shortcode {name!r}"
            params.append(Param(key, index, bm.group(), i, bm.end(), ""))
            i = bm.end()
        index += 1


def render_value(new: str, quote: str) -> str:
    """``new`` written as a parameter value in the original quoting where it can hold it."""
    if quote == "`" and "`" not in new:
        return f"`{new}`"
    if quote == "" and new and not re.search(r"[\s\"`=]|[%>]\}\}", new):
        return new
    # Hugo unescapes \" only; every other character stands for itself.
    return '"' + new.replace('"', '\\"') + '"'


def standalone_end(text: str, start: int, limit: int) -> tuple[int, str | None]:
    """If ``text[start:]`` opens with shortcode calls that are alone up to a line end, that end.

    Returns ``(end, None)`` with the offset of the end of the line (before its newline) holding the
    last call; ``(-1, None)`` when text other than calls follows on that line (an inline shortcode:
    the line is prose); ``(-1, message)`` when a call cannot be read before ``limit`` (unterminated
    call or quote), so the caller keeps the block as it is and warns.
    """
    pos = start
    while True:
        m = _OPEN.match(text, pos, limit)
        if m is None:
            return -1, None
        call, problem = _parse_call(text, pos, m.group(1), limit)
        if call is None:
            return -1, problem
        pos = call.end
        while pos < limit and text[pos] in " \t":
            pos += 1
        if pos >= limit or text[pos] in "\r\n":
            return pos, None
        if not text.startswith("{{", pos):
            return -1, None
