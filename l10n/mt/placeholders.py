"""Protect inline markup (and glossary terms) from a machine-translation engine, then restore it.

``protect(text, glossary)`` replaces every piece of text the engine must not touch with an opaque
token, ``restore(translated, protected)`` puts the originals back and reports what the engine lost.

Token choice: ``XQ<n>X`` (``XQ1X``, ``XQ2X``, ...).
- Upper-case Latin with digits is what zh→en NMT systems copy most reliably: Chinese training text
  is full of embedded acronyms, model names and part numbers that stay untranslated.
- No ``_`` (Argos decodes ``_`` as a space), no brackets or angle/corner quotes (engines normalise,
  drop or translate punctuation: ``⟨1⟩`` comes back as ``(1)`` or vanishes), no bare digits (``[1]``
  reads as a citation and numbers get reformatted).
- The frame letters make the number unambiguous even when the engine glues the token to a word
  ("XQ1Xcommand") or inserts spaces ("XQ 1 X"); ``restore`` accepts any letter case and blanks or
  tabs between the characters.
- A source text that itself contains something token-shaped gets that text protected too, so a
  literal "XQ1X" in an article can never be confused with a placeholder.

Invariants:
- ``protect`` is pure and deterministic; ``Protected.text`` has no leading/trailing whitespace
  (Argos strips it) and ``restore(protect(t).text, protect(t))`` gives ``(t, [])`` back, except that
  a token touching a Latin letter or digit is padded with a blank for the engine's sake and that
  blank stays ("API`x`" → "API `x`"); with a glossary, terms come back in their pinned form.
- ``restore`` never guesses where a lost placeholder belonged: it reports the loss as a problem
  ("lost code span `x`") and the caller flags the entry for a human.
- Opening markers (``**``, ``[``, ``<b>``) swallow the blanks the engine puts after them and closing
  markers the blanks before them, so "XQ1X important XQ2X" becomes "**important**".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from l10n.formats import inline
from l10n.formats.glossary import DO_NOT_TRANSLATE, FORBIDDEN
from l10n.formats.inline import TokenKind

__all__ = [
    "GlossaryLike",
    "MatchLike",
    "Placeholder",
    "Protected",
    "TermLike",
    "TermUse",
    "TOKEN_RE",
    "protect",
    "restore",
    "token",
]



class TermLike(Protocol):
    """What we need of a glossary term (l10n.glossary.Term satisfies it)."""

    @property
    def source(self) -> str: ...

    @property
    def target(self) -> str: ...

    @property
    def flags(self) -> frozenset[str]: ...


class MatchLike(Protocol):
    """A term occurrence: ``text[start:end]`` is the source form of ``term``."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def term(self) -> TermLike: ...


class GlossaryLike(Protocol):
    """Anything with ``find`` (l10n.glossary.Glossary satisfies it)."""

    def find(self, text: str) -> Sequence[MatchLike]: ...


def token(n: int) -> str:
    """The placeholder for the ``n``-th protected piece (1-based)."""
    return f"XQ{n}X"


# Tolerates case changes and blanks inserted anywhere inside the token ("xq 1 x", "XQ1 X").
TOKEN_RE = re.compile(r"X[ \t]*Q[ \t]*(\d(?:[ \t]?\d)*)[ \t]*X", re.IGNORECASE)

# Kinds of protected pieces and how a loss is described.
_DESCRIBE = {
    "code": "code span {}",
    "url": "URL {}",
    "autolink": "autolink {}",
    "footnote": "footnote reference {}",
    "html": "HTML tag {}",
    "shortcode": "shortcode {}",
    "link-open": "link start {}",
    "link-close": "link target {}",
    "emphasis-open": "emphasis marker {}",
    "emphasis-close": "emphasis marker {}",
    "escape": "escaped character {}",
    "identifier": "identifier {}",
    "literal": "text {}",
    "term": "glossary term {}",
}
# Pieces whose loss breaks a link or a reference for good (the markup-safety guarantee).
ESSENTIAL_KINDS = frozenset({"code", "url", "autolink", "footnote", "link-close", "shortcode"})

_IDENTIFIER = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]+(?:_+[A-Za-z0-9]+)+(?![A-Za-z0-9])")


@dataclass(frozen=True)
class Placeholder:
    """One token and what it stands for.

    ``parts`` are the ``(kind, text)`` pieces merged into this token (adjacent markup shares one
    token, which gives the engine fewer things to lose). ``original`` is what restore inserts.
    ``glue_left``/``glue_right``: drop the blanks the engine put before/after the token.
    ``partner``: the token number of the matching opening/closing marker, if any.
    """

    number: int
    original: str
    parts: tuple[tuple[str, str], ...]
    glue_left: bool = False
    glue_right: bool = False
    partner: int | None = None

    @property
    def token(self) -> str:
        return token(self.number)

    def describe(self) -> list[str]:
        return [_DESCRIBE.get(kind, "{}").format(text) for kind, text in self.parts]


@dataclass(frozen=True)
class Protected:
    """Result of ``protect``: engine input plus everything ``restore`` needs."""

    text: str
    placeholders: tuple[Placeholder, ...]
    leading: str = ""
    trailing: str = ""
    terms: tuple[TermUse, ...] = ()

    def by_number(self) -> dict[int, Placeholder]:
        return {p.number: p for p in self.placeholders}


@dataclass
class _Piece:
    start: int
    end: int
    kind: str
    original: str
    glue_left: bool = False
    glue_right: bool = False
    pair_key: int | None = None  # pieces with the same key are an opening/closing pair
    label: str | None = None  # how a loss is described, when not ``original``


def _scan(text: str) -> list[_Piece]:
    """Markup pieces in text order (non-overlapping), from the inline tokenizer."""
    pieces: list[_Piece] = []
    n = len(text)
    pair = 0
    link_keys: dict[int, int] = {}  # tokenizer pair -> our pair key
    for tok in inline.tokenize(text):
        k = tok.kind
        if k is TokenKind.ESCAPE:
            pieces.append(_Piece(tok.start, tok.end, "escape", tok.text))
        elif k is TokenKind.CODE:
            pieces.append(_Piece(tok.start, tok.end, "code", tok.text))
        elif k is TokenKind.TICKS:
            pieces.append(_Piece(tok.start, tok.end, "literal", tok.text))
        elif k is TokenKind.SHORTCODE:
            pieces.append(_Piece(tok.start, tok.end, "shortcode", tok.text))
        elif k is TokenKind.AUTOLINK:
            pieces.append(_Piece(tok.start, tok.end, "autolink", tok.text))
        elif k is TokenKind.HTML:
            closing = tok.role == "close"
            opening = tok.role == "open"
            pieces.append(_Piece(tok.start, tok.end, "html", tok.text, glue_left=closing, glue_right=opening))
        elif k is TokenKind.FOOTNOTE:
            pieces.append(_Piece(tok.start, tok.end, "footnote", tok.text))
        elif k is TokenKind.LINK_OPEN:
            pair += 1
            link_keys[tok.pair] = pair
            pieces.append(_Piece(tok.start, tok.end, "link-open", tok.text, glue_right=True, pair_key=pair))
        elif k is TokenKind.LINK_CLOSE and tok.pair in link_keys:
            key = link_keys.pop(tok.pair)
            pieces.append(_Piece(tok.start, tok.end, "link-close", tok.text, glue_left=True, pair_key=key))
        elif k in (TokenKind.URL, TokenKind.MATH):
            pieces.append(_Piece(tok.start, tok.end, "url" if k is TokenKind.URL else "code", tok.text))
    # Identifiers, literal token look-alikes and emphasis are found with the pieces above masked
    # out (offsets unchanged), so nothing inside code or a URL is touched twice.
    masked = list(text)
    for p in pieces:
        masked[p.start : p.end] = inline.MASK * (p.end - p.start)
    mtext = "".join(masked)
    extra: list[_Piece] = []
    for m in TOKEN_RE.finditer(mtext):
        extra.append(_Piece(m.start(), m.end(), "literal", m.group()))
        masked[m.start() : m.end()] = inline.MASK * (m.end() - m.start())
    mtext = "".join(masked)
    for m in _IDENTIFIER.finditer(mtext):
        extra.append(_Piece(m.start(), m.end(), "identifier", m.group()))
        masked[m.start() : m.end()] = inline.MASK * (m.end() - m.start())
    mtext = "".join(masked)
    taken = [False] * (n + 1)
    for s, e, width in inline.emphasis(mtext):
        marker = mtext[s : s + width]
        if any(taken[s : s + len(marker)]) or any(taken[e - len(marker) : e]):
            continue
        for pos in list(range(s, s + len(marker))) + list(range(e - len(marker), e)):
            taken[pos] = True
        pair += 1
        extra.append(_Piece(s, s + len(marker), "emphasis-open", marker, glue_right=True, pair_key=pair))
        extra.append(_Piece(e - len(marker), e, "emphasis-close", marker, glue_left=True, pair_key=pair))
    pieces.extend(extra)
    pieces.sort(key=lambda p: (p.start, p.end))
    # Nested emphasis can yield overlapping markers ("***x***"); keep the first of any overlap.
    out: list[_Piece] = []
    for p in pieces:
        if out and p.start < out[-1].end:
            continue
        out.append(p)
    return out


@dataclass(frozen=True)
class TermUse:
    """A glossary term found in the source (outside markup) and the form the draft must contain.

    ``forbidden`` lists targets the glossary forbids for this source (from ``Match.also``).
    """

    source: str
    form: str
    case_sensitive: bool
    forbidden: tuple[str, ...] = ()


def _term_pieces(
    text: str, glossary: GlossaryLike, pieces: list[_Piece]
) -> tuple[list[_Piece], list[TermUse]]:
    """Glossary occurrences outside markup, as pieces restored to the pinned form."""
    out: list[_Piece] = []
    uses: list[TermUse] = []
    covered = [False] * (len(text) + 1)
    for p in pieces:
        covered[p.start : p.end] = [True] * (p.end - p.start)
    for m in glossary.find(text):
        if any(covered[m.start : m.end]):
            continue
        alternatives: Sequence[TermLike] = getattr(m, "also", ())
        forbidden = tuple(t.target for t in (m.term, *alternatives) if FORBIDDEN in t.flags)
        term = m.term
        if FORBIDDEN in term.flags:
            if forbidden:
                uses.append(TermUse(text[m.start : m.end], "", False, forbidden))
            continue
        form = term.source if DO_NOT_TRANSLATE in term.flags else term.target
        label = f"{text[m.start : m.end]} → {form}"
        out.append(_Piece(m.start, m.end, "term", form, label=label))
        uses.append(TermUse(text[m.start : m.end], form, "case-sensitive" in term.flags, forbidden))
    return out, uses


def protect(text: str, glossary: GlossaryLike | None = None) -> Protected:
    """Replace markup (and glossary terms) in ``text`` with ``XQ<n>X`` tokens; see module docstring."""
    stripped = text.strip()
    leading = text[: len(text) - len(text.lstrip())]
    trailing = text[len(text.rstrip()) :] if stripped else ""
    if not stripped:
        return Protected(text="", placeholders=(), leading=text, trailing="")
    pieces = _scan(stripped)
    uses: list[TermUse] = []
    if glossary is not None:
        term_pieces, uses = _term_pieces(stripped, glossary, pieces)
        pieces = sorted(pieces + term_pieces, key=lambda p: p.start)

    # Adjacent pieces share one token.
    groups: list[list[_Piece]] = []
    for p in pieces:
        if groups and groups[-1][-1].end == p.start:
            groups[-1].append(p)
        else:
            groups.append([p])

    number_of_key: dict[int, list[int]] = {}
    buf: list[str] = []
    pos = 0
    raw: list[tuple[int, list[_Piece]]] = []
    for idx, group in enumerate(groups, start=1):
        start, end = group[0].start, group[-1].end
        before = stripped[pos:start]
        buf.append(before)
        tok = token(idx)
        # Keep the engine from reading the token as part of a neighbouring Latin word; the blank
        # stays in the output, where English wants it anyway ("the API `x`").
        prev = stripped[start - 1 : start]
        if prev.isascii() and prev.isalnum():
            tok = " " + tok
        after = stripped[end : end + 1]
        if after.isascii() and after.isalnum():
            tok = tok + " "
        buf.append(tok)
        pos = end
        raw.append((idx, group))
        for p in group:
            if p.pair_key is not None:
                number_of_key.setdefault(p.pair_key, []).append(idx)
    buf.append(stripped[pos:])

    placeholders: list[Placeholder] = []
    for idx, group in raw:
        partner = None
        for p in group:
            if p.pair_key is not None:
                others = [k for k in number_of_key[p.pair_key] if k != idx]
                if others:
                    partner = others[0]
        placeholders.append(
            Placeholder(
                number=idx,
                # A term's original is its pinned form (target, or source if do-not-translate).
                original=_join_parts(group),
                parts=tuple((p.kind, p.label or p.original) for p in group),
                # Glue only where the source itself has no blank between marker and content.
                glue_left=group[0].glue_left and not stripped[group[0].start - 1 : group[0].start].isspace(),
                glue_right=group[-1].glue_right and not stripped[group[-1].end : group[-1].end + 1].isspace(),
                partner=partner,
            )
        )
    return Protected(
        text="".join(buf),
        placeholders=tuple(placeholders),
        leading=leading,
        trailing=trailing,
        terms=tuple(uses),
    )


def _join_parts(group: list[_Piece]) -> str:
    """The text one token stands for; adjacent glossary targets get a blank between two words."""
    out = group[0].original
    for prev, p in zip(group, group[1:], strict=False):
        a, b = out[-1:], p.original[:1]
        if "term" in (prev.kind, p.kind) and a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
            out += " "
        out += p.original
    return out


_BLANKS = " \t"


def restore(translated: str, protected: Protected) -> tuple[str, list[str]]:
    """Put the protected pieces back into ``translated``; return the text and a list of problems.

    Problems are human-readable ("lost code span `x`", "duplicated URL ...", "reordered emphasis
    marker **", "unexpected placeholder XQ9X"). Nothing lost is re-inserted by guesswork.
    """
    by_num = protected.by_number()
    out: list[str] = []
    problems: list[str] = []
    seen: dict[int, list[int]] = {}
    pos = 0
    skip_blanks = False
    body = translated.strip()
    for order, m in enumerate(TOKEN_RE.finditer(body)):
        chunk = body[pos : m.start()]
        if skip_blanks:
            chunk = chunk.lstrip(_BLANKS)
        number = int(re.sub(r"\s", "", m.group(1)))
        ph = by_num.get(number)
        if ph is None:
            out.append(chunk + m.group())
            problems.append(f"unexpected placeholder {m.group()}")
            skip_blanks = False
            pos = m.end()
            continue
        if ph.glue_left:
            chunk = chunk.rstrip(_BLANKS)
            if not chunk and out:
                out[-1] = out[-1].rstrip(_BLANKS)
        out.append(chunk)
        out.append(ph.original)
        seen.setdefault(number, []).append(order)
        skip_blanks = ph.glue_right
        pos = m.end()
    tail = body[pos:]
    out.append(tail.lstrip(_BLANKS) if skip_blanks else tail)

    for ph in protected.placeholders:
        count = len(seen.get(ph.number, []))
        if count == 0:
            problems.extend(f"lost {d}" for d in ph.describe())
        elif count > 1:
            problems.extend(f"duplicated {d}" for d in ph.describe())
        elif ph.partner is not None and ph.partner in seen and ph.partner > ph.number:
            # Opening marker (lower number) must come before its closing partner.
            if seen[ph.number][0] > seen[ph.partner][0]:
                problems.extend(f"reordered {d}" for d in ph.describe())
    text = "".join(out)
    if not text and not protected.text:
        return protected.leading + protected.trailing, problems
    return protected.leading + text + protected.trailing, problems
