"""The per-article jobs behind ``extract`` and ``merge``: a pure core (text in, text out) and a thin
file-level shell that reads and writes through ``storage``.

Invariants:
- ``extract_text`` and ``merge_text`` are pure and deterministic: the same inputs give the same bytes
  (timestamps come from the old PO header or ``SOURCE_DATE_EPOCH``), so a second extract is a no-op.
- The file-level functions never raise for a bad article: they return a ``FileResult`` carrying the
  error, so one broken file never stops the others and the caller can set the exit code.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.plurals import get_plural

from . import __version__, storage
from .catalog import sync
from .config import Config
from .glossary import Glossary
from .model import Catalog, Entry, Finding, L10nError, Segment
from .pofile import generate_po, parse_po
from .segment import Article, decode, parse_article, render, segments, slots

Hints = Callable[[str], list[str]]


@dataclass
class FileResult:
    """What happened to one article. ``error`` is a one-line ``path:line: message``."""

    source: str
    output: str = ""
    changed: bool = False
    skipped: str = ""  # reason the output was not written
    error: str | None = None
    stats: dict[str, int] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)


def _now() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    t = time.gmtime(int(epoch)) if epoch and epoch.isdigit() else time.gmtime()
    return time.strftime("%Y-%m-%d %H:%M+0000", t)


def make_header(old: Catalog, config: Config, source_ref: str) -> None:
    """Fill the header fields gettext tools and PO editors expect, keeping what is already there."""
    plural = get_plural(config.target_lang)
    now = _now()
    defaults = [
        ("Project-Id-Version", source_ref),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", now),
        ("PO-Revision-Date", now),
        ("Last-Translator", ""),
        ("Language-Team", ""),
        ("Language", config.target_lang),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"),
        ("X-Generator", f"l10n {__version__}"),
        ("X-Source-Language", config.source_lang),
        ("X-Source-File", source_ref),
    ]
    if not old.header:
        old.header = list(defaults)
        old.header_comments = [f"English translation of {source_ref}.", ""]
        return
    for key, value in defaults:
        if old.header_value(key) is None:
            old.set_header(key, value)
    # These describe the file itself, so they follow the configuration.
    old.set_header("Language", config.target_lang)
    old.set_header("Content-Type", "text/plain; charset=UTF-8")
    old.set_header("X-Source-Language", config.source_lang)
    old.set_header("X-Source-File", source_ref)


def load_article(config: Config, source: Path) -> Article:
    display = storage.rel(config, source)
    text, bom = decode(storage.read_bytes(source, display), display)
    return parse_article(text, display, bom)


def article_slots(article: Article, config: Config, for_output: bool) -> list:  # type: ignore[type-arg]
    return slots(
        article,
        config.translatable_keys,
        config.drop_keys if for_output else (),
        config.segmentation,
        config.target_lang,
    )


def extract_text(
    article: Article,
    old_po: str | None,
    po_display: str,
    config: Config,
    hints: Hints | None = None,
    prune: bool = False,
) -> tuple[str, Catalog, list[Segment]]:
    """The PO text for ``article`` given the previous PO text (or None)."""
    segs = segments(article_slots(article, config, for_output=False))
    old = parse_po(old_po, po_display) if old_po is not None else Catalog()
    catalog = sync(old, segs, article.path, hints=hints, prune=prune)
    make_header(catalog, config, article.path)
    return generate_po(catalog), catalog, segs


def translation_lookup(
    catalog: Catalog, include_fuzzy: bool, missing: list[Segment]
) -> Callable[[Segment], str | None]:
    index = catalog.by_context()

    def lookup(seg: Segment) -> str | None:
        e: Entry | None = index.get(seg.id)
        if e is not None and e.msgid == seg.source and e.msgstr and (include_fuzzy or not e.fuzzy):
            return e.msgstr
        missing.append(seg)
        return None

    return lookup


def merge_text(
    article: Article, catalog: Catalog, config: Config, include_fuzzy: bool
) -> tuple[str, int, int, list[Segment]]:
    """English text, translated count, total count and the untranslated segments (kept in Chinese)."""
    sl = article_slots(article, config, for_output=True)
    missing: list[Segment] = []
    text = render(article, sl, translation_lookup(catalog, include_fuzzy, missing))
    total = len(segments(sl))
    return text, total - len(missing), total, missing


# --------------------------------------------------------------------------- file level


def extract_file(
    config: Config, source: Path, hints: Hints | None = None, prune: bool = False, dry_run: bool = False
) -> FileResult:
    display = storage.rel(config, source)
    res = FileResult(display)
    try:
        article = load_article(config, source)
        po = storage.po_path(config, source)
        res.output = storage.rel(config, po)
        old = storage.read_text(po, res.output) if po.exists() else None
        text, catalog, segs = extract_text(article, old, res.output, config, hints, prune)
        res.stats = {"segments": len(segs), "obsolete": sum(1 for e in catalog.entries if e.obsolete)}
        if dry_run:
            res.changed = old != text
        else:
            res.changed = storage.write_if_changed(po, text, config.po_root)
    except L10nError as exc:
        res.error = str(exc)
    return res


def merge_file(
    config: Config, source: Path, include_fuzzy: bool, fallback: str, threshold: int, dry_run: bool = False
) -> FileResult:
    display = storage.rel(config, source)
    res = FileResult(display)
    try:
        article = load_article(config, source)
        po = storage.po_path(config, source)
        target = storage.target_path(config, source)
        res.output = storage.rel(config, target)
        po_display = storage.rel(config, po)
        if not po.exists():
            raise L10nError("no PO file; run `l10n extract` first", po_display)
        catalog = parse_po(storage.read_text(po, po_display), po_display)
        text, done, total, missing = merge_text(article, catalog, config, include_fuzzy)
        percent = 100 if total == 0 else done * 100 // total
        res.stats = {"translated": done, "total": total, "percent": percent}
        if percent < threshold and fallback != "source":
            res.skipped = f"{percent}% translated, below the {threshold}% threshold"
            return res
        if missing:
            res.messages.append(f"{len(missing)} segment(s) kept in the source language, e.g. [{missing[0].id}]")
        if dry_run:
            res.changed = not target.exists() or target.read_bytes() != text.encode("utf-8")
        else:
            res.changed = storage.write_if_changed(target, text, config.target_root)
    except L10nError as exc:
        res.error = str(exc)
    return res


def check_file(
    config: Config, source: Path, glossary: Glossary | None, enabled: Callable[[str], str]
) -> tuple[list[Finding], dict[str, int]]:
    """All findings for one article, reading its source, PO and English files once each."""
    from .catalog import stats
    from .checks import entries_signature, entry_findings

    display = storage.rel(config, source)
    po = storage.po_path(config, source)
    po_display = storage.rel(config, po)
    target = storage.target_path(config, source)
    findings: list[Finding] = []

    def add(name: str, path: str, line: int, message: str) -> None:
        sev = enabled(name)
        if sev != "off":
            findings.append(Finding(name, sev, path, line, message, source_path=display))

    try:
        article = load_article(config, source)
    except L10nError as exc:
        add("source-syntax", exc.path or display, exc.line or 1, exc.message)
        return findings, {}
    if not po.exists():
        add("stale-po", po_display, 1, f"PO file missing for {display}; run `l10n extract`")
        return findings, {}
    try:
        po_text = storage.read_text(po, po_display)
        catalog = parse_po(po_text, po_display)
    except L10nError as exc:
        add("po-syntax", exc.path or po_display, exc.line or 1, exc.message)
        return findings, {}
    hints = glossary.hints if glossary is not None and len(glossary) else None
    try:
        _, fresh, _ = extract_text(article, po_text, po_display, config, hints)
    except L10nError as exc:
        add("source-syntax", exc.path or display, exc.line or 1, exc.message)
        return findings, {}
    if entries_signature(fresh) != entries_signature(catalog):
        add("stale-po", po_display, 1, f"out of date with {display}; run `l10n extract`")
    findings += entry_findings(catalog, po_display, glossary, enabled)
    st = stats(catalog)
    done = st["translated"]
    percent = 100 if st["total"] == 0 else done * 100 // st["total"]
    st["percent"] = percent
    if percent < config.min_completeness:
        add("completeness", po_display, 1, f"{percent}% translated, below the required {config.min_completeness}%")
    text, _, _, _ = merge_text(article, catalog, config, config.include_fuzzy)
    target_display = storage.rel(config, target)
    would_write = percent >= config.threshold or config.fallback == "source"
    if target.exists():
        if would_write and storage.read_bytes(target, target_display) != text.encode("utf-8"):
            add("stale-en", target_display, 1, f"out of date with {po_display}; run `l10n merge`")
    elif would_write:
        add("stale-en", target_display, 1, f"English file missing; run `l10n merge`")
    return findings, st


def status_file(config: Config, source: Path) -> tuple[str, dict[str, int]]:
    """Counts for one article from its PO file; ``error`` is 1 when the PO is missing or unreadable."""
    from .catalog import stats

    display = storage.rel(config, source)
    po = storage.po_path(config, source)
    po_display = storage.rel(config, po)
    try:
        if not po.exists():
            raise L10nError("no PO file", po_display)
        st = stats(parse_po(storage.read_text(po, po_display), po_display))
    except L10nError:
        return display, {"error": 1}
    st["percent"] = 100 if st["total"] == 0 else st["translated"] * 100 // st["total"]
    return display, st
