"""``l10n check``: each check is a function that returns findings; the registry maps names to them.

Entry-level checks see one PO entry (msgid, msgstr) at a time; file-level checks compare the PO and
English files with what ``extract`` and ``merge`` would write now. Findings point at the PO line of the
entry (where a translator fixes it) and carry the source file:line and the segment ID.

A translator silences a check for one entry with a translator comment ``# l10n: ignore numbers``
(several names separated by commas or spaces; ``all`` silences every entry-level check).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from l10n.catalog import is_mt_draft
from l10n.formats import inline
from l10n.formats.inline import Token, TokenKind
from l10n.glossary import Glossary
from l10n.lang.script import HAN_RE, ZH_RUN_RE
from l10n.links import map_prefix
from l10n.model import Catalog, Entry, Finding

_BLOCK_START = re.compile(r"(?:#{1,6}\s|>\s?|[-+*]\s|\d{1,9}[.)]\s|`{3,}|~{3,}|\|)")
# Text without any of these has no inline markup to compare (most segments).
_MARKUPISH = re.compile(r"[`\[\]<>{}*_~]|https?://")
_IGNORE = re.compile(r"^\s*l10n:\s*ignore\s+(.+)$", re.I)


@dataclass(frozen=True)
class EntryContext:
    """What an entry-level check needs besides the entry."""

    po_path: str
    source_path: str
    source_line: int
    glossary: Glossary | None
    links: tuple[tuple[str, str], ...] = ()  # URL prefixes merge localises (source → target)


EntryCheck = Callable[[Entry, EntryContext], Iterable[str]]


def _without_code(text: str, tokens: Sequence[Token]) -> str:
    return inline.strip(text, (TokenKind.CODE,), tokens)


def _diff(label: str, src: Counter[str], dst: Counter[str]) -> list[str]:
    out = []
    for item, n in (src - dst).items():
        out.append(f"{label} {item} missing in translation" + (f" ({n}×)" if n > 1 else ""))
    for item, n in (dst - src).items():
        out.append(f"{label} {item} in translation but not in source" + (f" ({n}×)" if n > 1 else ""))
    return out


def check_markup(entry: Entry, ctx: EntryContext) -> list[str]:
    """Link targets, images, code spans, footnote refs, HTML tags and shortcodes match; emphasis balances.

    A code block (``code-`` ID) is not Markdown: there, every line without Chinese (the code itself)
    must be in the translation unchanged and in order (``check_code``).
    """
    src, dst = entry.msgid, entry.msgstr
    if (entry.context or "").startswith("code-"):
        return check_code(src, dst)
    problems: list[str] = []
    if _MARKUPISH.search(src) or _MARKUPISH.search(dst):
        problems += _inline_markup(src, dst, ctx.links)
    # A translation must not create block structure the source does not have.
    lines = dst.split("\n")
    for i, line in enumerate(lines):
        if i == 0 and _BLOCK_START.match(src):
            continue
        if _BLOCK_START.match(line) and not (i == 0 and src.startswith(line[:1])):
            problems.append(
                f"translation line {i + 1} starts with {line.split()[0]!r}, "
                "which would start a new Markdown block"
            )
    return problems


def check_code(src: str, dst: str) -> list[str]:
    """The code lines of a code block (lines with no Chinese) that its translation lost or changed."""
    want = [line.rstrip() for line in src.split("\n") if line.strip() and not ZH_RUN_RE.search(line)]
    have = iter(line.rstrip() for line in dst.split("\n"))
    for line in want:
        if not any(line == h for h in have):
            what = f"code line {line.strip()[:60]!r}"
            return [f"{what} missing or changed in translation (only comments and text are translated)"]
    return []


class _Markup:
    """The inline markup of one text, as multisets, from the inline tokenizer."""

    def __init__(self, text: str) -> None:
        tokens = inline.tokenize(text)
        self.code: Counter[str] = Counter()
        self.targets: Counter[str] = Counter()
        self.images: Counter[str] = Counter()
        self.urls: Counter[str] = Counter()
        self.footnotes: Counter[str] = Counter()
        self.tags: Counter[str] = Counter()
        self.shortcodes: Counter[str] = Counter()
        for tok in tokens:
            k = tok.kind
            if k is TokenKind.CODE:
                self.code[tok.text] += 1
            elif k is TokenKind.LINK_CLOSE and tok.text.startswith("]("):
                self.targets[tok.target] += 1
                if tok.image:
                    self.images[tok.target] += 1
            elif k is TokenKind.URL:
                self.urls[tok.text] += 1
            elif k is TokenKind.AUTOLINK:
                self.urls[tok.target] += 1
            elif k is TokenKind.FOOTNOTE:
                self.footnotes[tok.text] += 1
            elif k is TokenKind.HTML and tok.role != "comment":
                self.tags[tok.text.split()[0].rstrip(">")] += 1
                # The tag is compared by name; its addresses (href, src) as URLs.
                self.urls.update(inline.urls(tok.text))
            elif k is TokenKind.SHORTCODE:
                self.shortcodes[tok.text] += 1
        self.plain = _without_code(text, tokens)


def _localised(src: Counter[str], dst: Counter[str], links: tuple[tuple[str, str], ...]) -> Counter[str]:
    """``dst`` with each localised form of a source target read as that source target:
    ``/en/docs/a/`` for ``/zh/docs/a/`` is the same link (merge writes it so, or a translator did)."""
    if not links:
        return dst
    mapped = {m: s for s in src if (m := map_prefix(s, links)) is not None}
    out: Counter[str] = Counter()
    for target, n in dst.items():
        out[target if target in src else mapped.get(target, target)] += n
    return out


def _inline_markup(src: str, dst: str, links: tuple[tuple[str, str], ...] = ()) -> list[str]:
    s, d = _Markup(src), _Markup(dst)
    problems: list[str] = []
    problems += _diff("code span", s.code, d.code)
    problems += _diff("link target", s.targets, _localised(s.targets, d.targets, links))
    problems += _diff("image", s.images, _localised(s.images, d.images, links))
    problems += _diff("URL", s.urls, d.urls)
    problems += _diff("footnote reference", s.footnotes, d.footnotes)
    problems += _diff("HTML tag", s.tags, d.tags)
    problems += _diff("shortcode", s.shortcodes, d.shortcodes)
    s_plain, d_plain = s.plain, d.plain
    for marker in ("**", "__", "~~"):
        if d_plain.count(marker) % 2 and not s_plain.count(marker) % 2:
            problems.append(f"unbalanced emphasis marker {marker} in translation")
    if (d_plain.count("*") - 2 * d_plain.count("**")) % 2 and not (
        (s_plain.count("*") - 2 * s_plain.count("**")) % 2
    ):
        problems.append("unbalanced emphasis marker * in translation")
    return problems


# A source number the English must carry has a digit or two numeral characters in a row (百亿, 两千);
# a lone numeral (一个, 十分) is never required. Checked against compare_numbers on 56k segments.
_NUMERIC_ZH = re.compile(r"[0-9０-９]|[零〇一二两三四五六七八九十百千万亿兆]{2,}")
_NUMERIC_EN = re.compile(
    r"[0-9]|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|"
    r"trillion|dozen|January|February|March|April|May|June|July|August|September|October|November|December)\b",
    re.I,
)


def check_numbers(entry: Entry, ctx: EntryContext) -> list[str]:
    from l10n.lang.numbers import compare_numbers

    # Most segments mention no number at all; the full comparison is comparatively expensive.
    if not _NUMERIC_ZH.search(entry.msgid) and not _NUMERIC_EN.search(entry.msgstr):
        return []
    return compare_numbers(entry.msgid, entry.msgstr)


def check_han(entry: Entry, ctx: EntryContext) -> list[str]:
    """No Han characters or Chinese punctuation left in English, except do-not-translate glossary terms."""
    text = inline.strip(entry.msgstr, _NOT_PROSE)
    if ctx.glossary is not None and HAN_RE.search(text):
        for m in reversed(ctx.glossary.find(text)):
            if m.term.do_not_translate:
                text = text[: m.start] + " " + text[m.end :]
    runs = list(dict.fromkeys(m.group(0) for m in ZH_RUN_RE.finditer(text)))
    if not runs:
        return []
    sample = ", ".join(runs[:5]) + (", …" if len(runs) > 5 else "")
    return [f"Chinese characters or punctuation left in the translation: {sample}"]


# Code, addresses and link destinations may hold Chinese on purpose (a URL slug, a code sample).
_NOT_PROSE = (TokenKind.CODE, TokenKind.URL, TokenKind.AUTOLINK, TokenKind.LINK_CLOSE)


def check_glossary(entry: Entry, ctx: EntryContext) -> list[str]:
    if ctx.glossary is None:
        return []
    return [v.message for v in ctx.glossary.check(entry.msgid, entry.msgstr)]


ENTRY_CHECKS: dict[str, EntryCheck] = {
    "markup": check_markup,
    "numbers": check_numbers,
    "han": check_han,
    "glossary": check_glossary,
}


def ignored(entry: Entry) -> set[str]:
    """Check names a translator comment ``l10n: ignore NAME[, NAME]`` switches off for this entry."""
    out: set[str] = set()
    for c in entry.translator_comments:
        m = _IGNORE.match(c)
        if m:
            out.update(n for n in re.split(r"[,\s]+", m.group(1).strip()) if n)
    return out


def entry_findings(
    catalog: Catalog,
    po_path: str,
    glossary: Glossary | None,
    enabled: Callable[[str], str],
    links: tuple[tuple[str, str], ...] = (),
) -> list[Finding]:
    """Findings for every entry of one catalog. ``enabled(name)`` gives a severity or "off"."""
    out: list[Finding] = []
    seen: dict[str, int] = {}
    for e in catalog.entries:
        if e.obsolete:
            continue
        src_path, src_line = _source_ref(e)
        ctx = EntryContext(po_path, src_path, src_line, glossary, links)

        def add(name: str, message: str, e: Entry = e, ctx: EntryContext = ctx) -> None:
            sev = enabled(name)
            if sev != "off":
                out.append(
                    Finding(
                        name, sev, po_path, e.lineno, message, e.context, ctx.source_path, ctx.source_line
                    )
                )

        if not e.context:
            add("segment-id", "entry has no segment ID (msgctxt); was it edited by hand? run `l10n extract`")
        elif e.context in seen:
            add("segment-id", f"duplicate segment ID {e.context} (first at line {seen[e.context]})")
        else:
            seen[e.context] = e.lineno
        skip = ignored(e)
        if not e.msgstr:
            if "untranslated" not in skip:
                add("untranslated", "not translated")
            continue
        if e.fuzzy:
            if is_mt_draft(e):
                if "fuzzy-mt" not in skip:
                    imported = any(c.startswith("import:") for c in e.translator_comments)
                    what = "imported translation" if imported else "machine-translation draft"
                    add("fuzzy-mt", f"{what} awaiting review (fuzzy)")
            elif "fuzzy-changed" not in skip:
                prev = f": was {e.previous_msgid[:40]!r}" if e.previous_msgid else ""
                add("fuzzy-changed", f"source changed, translation needs review (fuzzy){prev}")
        if "all" in skip:
            continue
        for name, fn in ENTRY_CHECKS.items():
            if name in skip or enabled(name) == "off":
                continue
            for message in fn(e, ctx):
                add(name, message)
    return out


def _source_ref(e: Entry) -> tuple[str, int]:
    if e.references:
        path, _, line = e.references[0].rpartition(":")
        if line.isdigit():
            return path, int(line)
    return "", 0


def entries_signature(catalog: Catalog) -> list[tuple[object, ...]]:
    """What makes two catalogs equal for staleness: entries, not header order or line wrapping."""
    return [
        (
            e.context,
            e.msgid,
            e.msgstr,
            tuple(e.flags),
            tuple(e.translator_comments),
            tuple(e.extracted_comments),
            " ".join(e.references),  # a path with a space reads back as two tokens
            e.previous_context,
            e.previous_msgid,
            e.obsolete,
        )
        for e in catalog.entries
    ]
