"""The per-article jobs behind ``extract`` and ``merge``: a pure core (text in, text out) and a thin
file-level shell that reads and writes through ``l10n.app.fs`` (imported as ``storage``).

Invariants:
- ``extract_text`` and ``merge_text`` are pure and deterministic: the same inputs give the same bytes
  (timestamps come from the old PO header or ``SOURCE_DATE_EPOCH``), so a second extract is a no-op.
- The file-level functions never raise for a bad article: they return a ``FileResult`` carrying the
  error, so one broken file never stops the others and the caller can set the exit code. That
  includes I/O errors ("cannot write: <reason>") and files refused by ``storage`` (symlinks leading
  out of the site, file names with control characters).
- An output file is replaced only if it still holds the bytes the job read (``expected``): a save
  made meanwhile makes the job start over from the saved file, at most ``CHANGED_RETRIES`` times.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.plurals import get_plural

from l10n import __version__
from l10n.align import han_share
from l10n.app import fs as storage
from l10n.app.config import Config, babel_locale, gettext_language
from l10n.bitext import CHINESE, Note, align_documents, front_matter_changes
from l10n.catalog import stats, sync
from l10n.document import (
    Article,
    Document,
    Slot,
    block_markup,
    code_breaks,
    decode,
    parse_article,
    parse_document,
    previous_forms,
    render,
    same_front_matter,
)
from l10n.formats.po import decode_po, generate_po, parse_po
from l10n.glossary import Glossary
from l10n.links import (
    SlugCounter,
    broken_anchors,
    heading_slug,
    link_definitions,
    map_prefix,
    rewrite_links,
    split_url,
)
from l10n.model import Catalog, Entry, Finding, Kind, L10nError, ParseError, Segment
from l10n.qa.checks import entries_signature, entry_findings
from l10n.qa.leftover import leftovers

Hints = Callable[[str], list[str]]
# How often an article is redone when its output file changes under the run (a translator saving)
# before the run gives up on it and says so.
CHANGED_RETRIES = 3


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
    key: str | None = None  # content key to store for the next run (None: do not cache)
    created: bool = False  # the output file did not exist before
    warnings: list[str] = field(default_factory=list)  # "path:line: message": input kept as it is


def _now() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    t = time.gmtime(int(epoch)) if epoch and epoch.isdigit() else time.gmtime()
    return time.strftime("%Y-%m-%d %H:%M+0000", t)


def make_header(old: Catalog, config: Config, source_ref: str) -> None:
    """Fill the header fields gettext tools and PO editors expect, keeping what is already there."""
    plural = get_plural(babel_locale(config.target_lang))
    now = _now()
    defaults = [
        ("Project-Id-Version", source_ref),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", now),
        ("PO-Revision-Date", now),
        ("Last-Translator", ""),
        ("Language-Team", ""),
        ("Language", gettext_language(config.target_lang)),
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
    # These describe the file itself, so they follow the configuration. Content-Type is left as a
    # PO editor wrote it when it names a charset (the parser accepts only UTF-8 spellings).
    old.set_header("Language", gettext_language(config.target_lang))
    if "charset=" not in (old.header_value("Content-Type") or "").lower():
        old.set_header("Content-Type", "text/plain; charset=UTF-8")
    old.set_header("X-Source-Language", config.source_lang)
    old.set_header("X-Source-File", source_ref)


def load_article(config: Config, source: Path) -> Article:
    display = storage.rel(config, source)
    return _decode_article(display, storage.read_source(config, source))


def document(article: Article | Document, config: Config) -> Document:
    """The article parsed once with the site's settings (a Document passes through unchanged)."""
    if isinstance(article, Document):
        return article
    return parse_document(
        article,
        config.translatable_keys,
        config.drop_keys,
        config.segmentation,
        config.target_lang,
        config.shortcode_params,
        config.code_blocks,
    )


def extract_text(
    article: Article | Document,
    old_po: str | Catalog | None,
    po_display: str,
    config: Config,
    hints: Hints | None = None,
    prune: bool = False,
) -> tuple[str, Catalog, list[Segment]]:
    """The PO text for ``article`` given the previous PO (text, parsed catalog, or None)."""
    catalog, segs = extract_catalog(article, old_po, po_display, config, hints, prune)
    return generate_po(catalog), catalog, segs


def extract_catalog(
    article: Article | Document,
    old_po: str | Catalog | None,
    po_display: str,
    config: Config,
    hints: Hints | None = None,
    prune: bool = False,
) -> tuple[Catalog, list[Segment]]:
    """The updated catalog for ``article`` (what ``extract`` would write, before layout)."""
    doc = document(article, config)
    article = doc.article
    segs = doc.segments
    for seg in segs:
        if "\x04" in seg.source:
            # gettext uses U+0004 to separate msgctxt from msgid; no PO file can hold it.
            raise ParseError("control character U+0004 cannot be stored in a PO file", article.path, seg.line)
    if isinstance(old_po, Catalog):
        old = old_po
    else:
        old = parse_po(old_po, po_display) if old_po is not None else Catalog()
    catalog = sync(old, segs, article.path, hints=hints, prune=prune)
    make_header(catalog, config, article.path)
    if old.header and [e.fields() for e in catalog.entries] != [e.fields() for e in old.entries]:
        # The entries were regenerated from a changed source (msgmerge copies the new template's
        # date). A no-op extract changes no header field, so the file is not rewritten.
        catalog.set_header("POT-Creation-Date", _now())
    return catalog, segs


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


class LinkMapper:
    """Maps a source-language URL to the English page's URL when that page exists or is planned.

    Planned: the source article exists and has a PO file (merge writes it once it is translated
    enough). URLs are matched to files case-insensitively, as Hugo lower-cases page URLs.
    ``unresolved`` collects the URLs that matched a prefix but lead to no English page.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.prefixes = config.link_prefixes
        self.unresolved: list[str] = []
        self._listings: dict[Path, dict[str, str]] = {}

    def __call__(self, url: str) -> str | None:
        new = map_prefix(url, self.prefixes)
        if new is None:
            return None
        src = next(s for s, _ in self.prefixes if url.startswith(s))
        path, _ = split_url(url[len(src) :])
        if self._page_exists(path.strip("/")):
            return new
        if url not in self.unresolved:
            self.unresolved.append(url)
        return None

    def _page_exists(self, rel: str) -> bool:
        cfg = self.config
        if rel.endswith(".md"):
            rel = rel[:-3]
        for base in (rel + ".md", rel + "/index.md", rel + "/_index.md") if rel else ("_index.md",):
            if self._find(cfg.target_root, base) is not None:
                return True
            source = self._find(cfg.source_root, base)
            if source is not None and storage.po_path(cfg, source).is_file():
                return True
        return False

    def _find(self, root: Path, rel: str) -> Path | None:
        here = root
        for part in rel.split("/"):
            names = self._listings.get(here)
            if names is None:
                try:
                    names = {n.lower(): n for n in os.listdir(here)}
                except OSError:
                    names = {}
                self._listings[here] = names
            real = names.get(part.lower())
            if real is None:
                return None
            here = here / real
        return here if here.is_file() else None


def _link_slots(doc: Document, mapper: Callable[[str], str | None]) -> list[Slot]:
    """Reference definitions (``[x]: /zh/a/``) outside segments and code, localised by ``mapper``."""
    text = doc.article.text
    taken = sorted([(s.start, s.end) for s in doc.slots] + [(r.start, r.end) for r in doc.raw])
    out: list[Slot] = []
    for s, e, url in link_definitions(text, doc.article.body_start, len(text)):
        if any(a <= s < b for a, b in taken):
            continue
        new = mapper(url)
        if new is not None:
            out.append(Slot(s, e, (), _constant(new)))
    return out


def _constant(value: str) -> Callable[[Sequence[str]], str]:
    return lambda _t: value


def _heading_anchors(doc: Document) -> dict[str, str]:
    """Segment ID → the anchor Hugo gives the Chinese heading, for headings without ``{#id}``."""
    text = doc.article.text
    count = SlugCounter()
    out: dict[str, str] = {}
    for slot in doc.slots:
        for seg in slot.segments:
            if seg.kind is not Kind.HEADING:
                continue
            nl = text.find("\n", slot.end)
            tail = text[slot.end : len(text) if nl < 0 else nl]
            if "{#" not in tail:
                out[seg.id] = count(heading_slug(seg.source))
    return out


def merge_text(
    article: Article | Document,
    catalog: Catalog,
    config: Config,
    include_fuzzy: bool,
    links: Callable[[str], str | None] | None = None,
    blocked: list[tuple[Segment, str]] | None = None,
    previous: str | None = None,
) -> tuple[str, int, int, list[Segment]]:
    """English text, translated count, total count and the untranslated segments (kept in Chinese).

    ``previous`` is the English page as it is now (None: there is none): a front-matter value it
    already holds keeps its form there (quoting), so merge never re-quotes what a site wrote by hand
    or what ``import`` took over; the output always reads back as the same values.

    Unless ``allow_block_markup`` is set, a translation that would start a new Markdown block where
    its source has none (a line beginning with ``# ``, ``- ``, a fence...) is not used: the segment
    keeps its source text, counts as untranslated, and (segment, reason) is added to ``blocked``.
    ``links`` (a ``LinkMapper``) localises link destinations in translated segments and in
    reference definitions; with ``heading_ids = "keep"`` a translated heading gets the Chinese
    heading's anchor as ``{#id}``, so in-page links keep working.
    """
    doc = document(article, config)
    missing: list[Segment] = []
    found = translation_lookup(catalog, include_fuzzy, missing)
    out_slots = doc.output_slots()
    # Segment ID → whether its first line starts a line of the page, for multi-line blocks only.
    starts = {seg.id: k == 0 for slot in out_slots if slot.multiline for k, seg in enumerate(slot.segments)}
    fences = {slot.segments[0].id: slot.fence for slot in out_slots if slot.fence is not None}
    anchors = _heading_anchors(doc) if config.heading_ids == "keep" else {}
    prefixes = config.link_prefixes

    memo: dict[str, str | None] = {}

    def lookup(seg: Segment) -> str | None:
        if seg.id not in memo:
            memo[seg.id] = value_of(seg)
        return memo[seg.id]

    def value_of(seg: Segment) -> str | None:
        value = found(seg)
        if value is None or value == seg.source:
            return value
        fence = fences.get(seg.id)
        if fence is not None:
            # Code is not Markdown: only a line that ends the block early breaks the page.
            problem = code_breaks(value, fence)
            if problem is not None:
                missing.append(seg)
                if blocked is not None:
                    blocked.append((seg, problem))
                return None
            return value
        first = starts.get(seg.id)
        if first is not None and not config.allow_block_markup:
            problem = block_markup(seg.source, value, first)
            if problem is not None:
                missing.append(seg)
                if blocked is not None:
                    blocked.append((seg, problem))
                return None
        # Most values hold no link to a source page: skip the tokenizer for them.
        if links is not None and any(src in value for src, _ in prefixes):
            value = rewrite_links(value, links)
        if seg.id in anchors:
            value = f"{value} {{#{anchors[seg.id]}}}"
        return value

    extra = _link_slots(doc, links) if links is not None else []
    text = doc.render(lookup, extra)
    if previous is not None and previous != text and doc.article.block is not None:
        keys = config.translatable_keys
        slots = sorted([*out_slots, *extra], key=lambda s: s.start)
        slots = previous_forms(doc.article, slots, previous, keys)
        kept = render(doc.article, slots, lookup)  # memoised: nothing is counted twice
        if kept != text and same_front_matter(kept, text, config.translatable_keys, doc.article.path):
            text = kept
        text = _previous_tail(doc, text, previous)
    total = sum(len(slot.segments) for slot in out_slots)
    return text, total - len(missing), total, missing


# Translator comments l10n writes itself: a fresh import replaces the provenance of a redone entry.
_PROVENANCE = ("import:", "mt:", "tm:", "mt-flag:")
# With ``import_reviewed``, pairs scoring at least this are entered as reviewed, not fuzzy.
REVIEWED_SCORE = 0.95


@dataclass
class ImportResult:
    """What ``import_text`` made of one article pair (see ``import_text``)."""

    catalog: Catalog
    text: str  # the PO file
    segments: int  # Chinese segments
    aligned: int  # segments with a trusted English counterpart
    filled: int  # entries this import filled (or, with force, replaced)
    kept: int  # aligned entries that already had another translation, left alone
    reviewed: int  # entries filled as reviewed (import_reviewed)
    exact: bool  # merge --include-fuzzy gives the English page back byte for byte
    notes: list[Note]  # English blocks with no counterpart, front-matter keys changed


def english_prose_share(doc: Document) -> float:
    """Han share of the English page's text blocks (code and markup aside)."""
    return han_share("\n".join(seg.source for seg in doc.segments))


def import_text(
    article: Article | Document,
    english: Article,
    old_po: str | Catalog | None,
    config: Config,
    hints: Hints | None = None,
    force: bool = False,
    po_display: str = "",
) -> ImportResult:
    """The PO catalog for ``article`` with translations aligned from its English page ``english``.

    The catalog is what ``extract`` would write, then every empty entry (every entry, with
    ``force``) whose segment has a trusted English counterpart gets it: fuzzy, with a
    ``# import: aligned from <English file>:<line> (score 0.93)`` comment; with ``import_reviewed``,
    pairs scoring at least ``REVIEWED_SCORE`` are entered as reviewed. ParseError when the English
    page is Chinese text.
    """
    doc = document(article, config)
    zh = doc.article
    # English code is matched as text around the blocks, never as segments of its own.
    en = parse_document(english, config.translatable_keys, (), "block", code_blocks="copy")
    share = english_prose_share(en)
    if share >= CHINESE:
        line = next((s.line for s in en.segments if han_share(s.source) >= CHINESE), 1)
        raise ParseError(
            f"the English page is Chinese text ({share:.0%} Han by weight); not imported", english.path, line
        )
    blocks = doc
    if config.segmentation != "block":
        blocks = parse_document(
            zh,
            config.translatable_keys,
            config.drop_keys,
            "block",
            config.target_lang,
            config.shortcode_params,
            config.code_blocks,
        )
    catalog, segs = extract_catalog(doc, old_po, po_display, config, hints)
    bitext = align_documents(blocks, en, doc)
    index = catalog.by_context()
    filled = kept = reviewed = 0
    aligned: set[str] = set()
    for fill in bitext.fills:
        e = index.get(fill.segment.id)
        if e is None or e.msgid != fill.segment.source or fill.segment.id in aligned:
            continue
        aligned.add(fill.segment.id)
        if e.msgstr and not force:
            kept += e.msgstr != fill.msgstr  # another translation is kept; the same one is no news
            continue
        trusted = config.import_reviewed and fill.score >= REVIEWED_SCORE
        e.msgstr = fill.msgstr
        e.set_fuzzy(not trusted)
        e.previous_msgid = e.previous_context = None
        e.translator_comments = [c for c in e.translator_comments if not c.startswith(_PROVENANCE)]
        how = ", by position" if fill.by_position else ""
        comment = f"import: aligned from {english.path}:{fill.line} (score {fill.score:.2f}{how})"
        e.translator_comments.append(comment)
        filled += 1
        reviewed += trusted
    merged, _, _, _ = merge_text(doc, catalog, config, include_fuzzy=True, previous=english.text)
    page = ("\ufeff" if english.bom else "") + english.text
    notes = list(bitext.unaligned)
    if merged != page:
        notes += front_matter_changes(merged, page)
    notes.sort(key=lambda n: n.line)
    return ImportResult(
        catalog, generate_po(catalog), len(segs), len(aligned), filled, kept, reviewed, merged == page, notes
    )


# --------------------------------------------------------------------------- file level


def fingerprint(*parts: bytes | str | None) -> str:
    """A content key: any change to any part (or a part appearing/disappearing) changes it."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        if part is None:
            h.update(b"\x00missing\x00")
            continue
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@contextmanager
def time_limit(seconds: float, path: str) -> Iterator[None]:
    """Abort the work on one file after ``seconds`` (a pathological input must not hang the run)."""
    if (
        seconds <= 0
        or threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "SIGALRM")
    ):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise L10nError(f"gave up after {seconds:g} s (file_time_limit); is the file pathological?", path)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _decode_article(display: str, data: bytes) -> Article:
    text, bom = decode(data, display)
    return parse_article(text, display, bom)


def _store(
    res: FileResult,
    path: Path,
    data: bytes,
    root: Path,
    before: bytes | None,
    dry_run: bool,
    config: Config,
    durable: bool = True,
) -> None:
    """Write ``data`` to ``path`` (inside ``root``) when it changes, unless the file no longer holds
    ``before`` (what the job read): then ``storage.ChangedError``. A dry run only compares."""
    if dry_run:
        res.changed = before != data
    else:
        res.changed = storage.write_if_changed(
            path, data, root, durable, expected=before, display=res.output, config=config
        )
    res.created = res.changed and before is None


def extract_file(
    config: Config,
    item: tuple[Path, str | None],
    hints: Hints | None = None,
    prune: bool = False,
    dry_run: bool = False,
    salt: str = "",
) -> FileResult:
    """Update one PO file. ``item`` is (source, key from the last run); an equal key means no work.

    The PO file is replaced only if it still holds what was read: when a translator saved it
    meanwhile, the article is redone from the saved file (``CHANGED_RETRIES`` times at most, then
    the result is the error "changed during the run, not written").
    """
    source, known = item
    display = storage.rel(config, source)
    res = FileResult(display)
    try:
        po = storage.po_path(config, source)
        res.output = storage.rel(config, po)
        for _attempt in range(CHANGED_RETRIES):
            src = storage.read_source(config, source)
            old = storage.read_optional(po, res.output, config)
            key = fingerprint(salt, "extract", str(prune), src, old)
            if key == known:
                res.key = key
                return res
            with time_limit(config.file_time_limit, display):
                doc = document(_decode_article(display, src), config)
                old_text = None
                if old is not None:  # bytes already read; a BOM stays, so an unchanged file stays as it is
                    old_text = decode_po(old, res.output)
                    if old.startswith(b"\xef\xbb\xbf"):
                        old_text = "\ufeff" + old_text
                text, catalog, segs = extract_text(doc, old_text, res.output, config, hints, prune)
            res.warnings = [f"{display}:{line}: {message}" for line, message in doc.warnings]
            res.stats = {"segments": len(segs), "obsolete": sum(1 for e in catalog.entries if e.obsolete)}
            data = text.encode("utf-8")
            try:
                _store(res, po, data, config.po_root, old, dry_run, config)
            except storage.ChangedError:
                continue  # saved by someone during the run: redo from what they saved
            if not dry_run:
                res.key = fingerprint(salt, "extract", str(prune), src, data)
            return res
        raise storage.ChangedError(res.output)
    except L10nError as exc:
        res.error = str(exc)
    return res


def _previous_tail(doc: Document, text: str, previous: str) -> str:
    """``text`` ending in the blank lines (and trailing spaces) ``previous`` ends in, which mean
    nothing to Markdown, unless the article ends inside a code or other verbatim block."""
    source = doc.article.text
    end = len(source.rstrip(" \t\r\n"))
    if any(r.end > end for r in doc.raw):
        return text
    mine, theirs = text.rstrip(" \t\r\n"), previous.rstrip(" \t\r\n")
    if not mine or not theirs:
        return text
    return mine + previous[len(theirs) :]


def _previous(data: bytes | None, path: str) -> str | None:
    """The English page as it is, as text (None when there is none or it is not UTF-8)."""
    if data is None:
        return None
    try:
        return decode(data, path)[0]
    except ParseError:
        return None


def merge_file(
    config: Config,
    item: tuple[Path, str | None],
    include_fuzzy: bool,
    fallback: str,
    threshold: int,
    dry_run: bool = False,
    salt: str = "",
) -> FileResult:
    """Write one English file. ``item`` is (source, key from the last run).

    Segments whose translation would break the page's block structure are written in the source
    language with a message naming them (see ``merge_text``).
    """
    source, known = item
    display = storage.rel(config, source)
    res = FileResult(display)
    try:
        po = storage.po_path(config, source)
        target = storage.target_path(config, source)
        res.output = storage.rel(config, target)
        po_display = storage.rel(config, po)
        for _attempt in range(CHANGED_RETRIES):
            src = storage.read_source(config, source)
            po_data = storage.read_optional(po, po_display, config)
            if po_data is None:
                _decode_article(display, src)  # a broken article says so, not "no PO file"
                raise L10nError("no PO file; run `l10n extract` first", po_display)
            current = storage.read_optional(target, res.output, config)
            settings = f"{include_fuzzy}|{fallback}|{threshold}"
            key = fingerprint(salt, "merge", settings, src, po_data, current)
            if key == known:
                res.key = key
                return res
            blocked: list[tuple[Segment, str]] = []
            with time_limit(config.file_time_limit, display):
                doc = document(_decode_article(display, src), config)
                catalog = parse_po(decode_po(po_data, po_display), po_display)
                mapper = LinkMapper(config)
                text, done, total, missing = merge_text(
                    doc, catalog, config, include_fuzzy, mapper, blocked, _previous(current, res.output)
                )
            percent = 100 if total == 0 else done * 100 // total
            res.stats = {"translated": done, "total": total, "percent": percent}
            res.messages = [
                f"[{seg.id}] {problem}; written in the source language "
                "(allow_block_markup = true writes it as translated)"
                for seg, problem in blocked
            ]
            res.messages += [f"link {url} kept: no English page for it" for url in mapper.unresolved]
            res.warnings = [f"{display}:{line}: {message}" for line, message in doc.warnings]
            if percent < threshold and fallback != "source":
                res.skipped = f"{percent}% translated, below the {threshold}% threshold"
                return res
            if missing:
                res.messages.append(
                    f"{len(missing)} segment(s) kept in the source language, e.g. [{missing[0].id}]"
                )
            data = text.encode("utf-8")
            try:
                _store(res, target, data, config.target_root, current, dry_run, config, durable=False)
            except storage.ChangedError:
                continue
            if not dry_run:
                res.key = fingerprint(salt, "merge", settings, src, po_data, data)
            return res
        raise storage.ChangedError(res.output)
    except L10nError as exc:
        res.error = str(exc)
    return res


def import_file(
    config: Config,
    source: Path,
    hints: Hints | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> FileResult:
    """Bootstrap (or, with ``force``, redo) one PO file from the article's existing English page.

    Nothing is written for an article whose English page is missing, unreadable or Chinese, whose
    front matter does not parse, or (without ``force``) whose PO file already holds reviewed
    translations. ``messages`` lists English blocks with no Chinese counterpart and front-matter
    keys the English page changed, as ``path:line: message``.
    """
    display = storage.rel(config, source)
    res = FileResult(display)
    try:
        po = storage.po_path(config, source)
        target = storage.target_path(config, source)
        res.output = storage.rel(config, po)
        en_display = storage.rel(config, target)
        src = storage.read_source(config, source)
        en_data = storage.read_optional(target, en_display, config)
        if en_data is None:
            _decode_article(display, src)  # a broken article says so first
            raise L10nError("no English page to import", en_display)
        old = storage.read_optional(po, res.output, config)
        catalog = parse_po(decode_po(old, res.output), res.output) if old is not None else None
        if catalog is not None and not force:
            reviewed = sum(1 for e in catalog.entries if e.translated)
            if reviewed:
                res.skipped = f"{reviewed} reviewed translation(s) already; --force to import anyway"
                return res
        with time_limit(config.file_time_limit, display):
            article = _decode_article(display, src)
            english = _decode_article(en_display, en_data)
            result = import_text(article, english, catalog, config, hints, force, res.output)
        res.stats = {
            "segments": result.segments,
            "aligned": result.aligned,
            "filled": result.filled,
            "kept": result.kept,
            "reviewed": result.reviewed,
            "exact": int(result.exact),
            "unaligned": sum(1 for n in result.notes if n.kind == "unaligned"),
            "by_position": sum(1 for n in result.notes if n.kind == "position"),
        }
        res.messages = [f"{en_display}:{n.line}: {n.message}" for n in result.notes]
        # A PO file saved during the import is never overwritten: the article is reported instead.
        _store(res, po, result.text.encode("utf-8"), config.po_root, old, dry_run, config)
    except L10nError as exc:
        res.error = str(exc)
    return res


@dataclass
class CheckResult:
    source: str
    findings: list[Finding]
    stats: dict[str, int]
    key: str | None = None


def check_file(
    config: Config,
    item: tuple[Path, str | None],
    glossary: Glossary | None,
    enabled: Callable[[str], str],
    salt: str = "",
) -> CheckResult:
    """All findings for one article, reading its source, PO and English files once each.

    ``item`` is (source, key from the last run); when the key still matches, the caller reuses the
    findings it stored, so the result here carries only the key.
    """
    source, known = item
    display = storage.rel(config, source)
    po = storage.po_path(config, source)
    po_display = storage.rel(config, po)
    target = storage.target_path(config, source)
    target_display = storage.rel(config, target)
    findings: list[Finding] = []
    res = CheckResult(display, findings, {})

    def add(name: str, path: str, line: int, message: str) -> None:
        sev = enabled(name)
        if sev != "off":
            findings.append(Finding(name, sev, path, line, message, source_path=display))

    # A file that cannot be read is reported under the check for that file.
    try:
        src = storage.read_source(config, source)
    except L10nError as exc:
        add("source-syntax", exc.path or display, exc.line or 1, exc.message)
        return res
    try:
        po_data = storage.read_optional(po, po_display, config)
    except L10nError as exc:
        add("po-syntax", exc.path or po_display, exc.line or 1, exc.message)
        return res
    try:
        en_data = storage.read_optional(target, target_display, config)
    except L10nError as exc:
        add("stale-en", exc.path or target_display, exc.line or 1, exc.message)
        return res
    key = fingerprint(salt, "check", src, po_data, en_data)
    if key == known:
        res.key = key
        return res
    res.key = key
    try:
        with time_limit(config.file_time_limit, display):
            _check_article(config, res, add, src, po_data, en_data, glossary, enabled)
    except L10nError as exc:
        add("source-syntax", exc.path or display, exc.line or 1, exc.message)
    return res


def _check_article(
    config: Config,
    res: CheckResult,
    add: Callable[[str, str, int, str], None],
    src: bytes,
    po_data: bytes | None,
    en_data: bytes | None,
    glossary: Glossary | None,
    enabled: Callable[[str], str],
) -> None:
    display = res.source
    source = config.root / display
    po_display = storage.rel(config, storage.po_path(config, source))
    target_display = storage.rel(config, storage.target_path(config, source))
    try:
        doc = document(_decode_article(display, src), config)
    except L10nError as exc:
        add("source-syntax", exc.path or display, exc.line or 1, exc.message)
        return
    if po_data is None:
        add("stale-po", po_display, 1, f"PO file missing for {display}; run `l10n extract`")
        return
    try:
        catalog = parse_po(decode_po(po_data, po_display), po_display)
    except L10nError as exc:
        add("po-syntax", exc.path or po_display, exc.line or 1, exc.message)
        return
    if enabled("leftover") != "off":
        for lo in leftovers(doc, config.keep_keys, config.leftover_ignore):
            add("leftover", display, lo.line, f"Chinese that no PO entry covers ships as is: {lo.text}")
    hints = glossary.hints if glossary is not None and len(glossary) else None
    fresh, _ = extract_catalog(doc, catalog, po_display, config, hints)
    if entries_signature(fresh) != entries_signature(catalog):
        add("stale-po", po_display, 1, f"out of date with {display}; run `l10n extract`")
    res.findings += entry_findings(catalog, po_display, glossary, enabled, config.link_prefixes)
    st = stats(catalog)
    percent = 100 if st["total"] == 0 else st["translated"] * 100 // st["total"]
    st["percent"] = percent
    res.stats = st
    required = config.required_completeness(storage.source_rel(config, source).as_posix())
    if percent < required:
        add("completeness", po_display, 1, f"{percent}% translated, below the required {required}%")
    previous = _previous(en_data, target_display)
    text, _, _, _ = merge_text(doc, catalog, config, config.include_fuzzy, LinkMapper(config), None, previous)
    if enabled("anchor") != "off" and "](#" in text:
        body = parse_article(text, target_display).body_start
        for offset, anchor in broken_anchors(text, body):
            line = text.count("\n", 0, offset) + 1
            message = f"in-page link #{anchor} leads to no heading or id on this page"
            add("anchor", target_display, line, message)
    would_write = percent >= config.threshold or config.fallback == "source"
    if en_data is not None:
        if would_write and en_data != text.encode("utf-8"):
            add("stale-en", target_display, 1, f"out of date with {po_display}; run `l10n merge`")
    elif would_write:
        add("stale-en", target_display, 1, "English file missing; run `l10n merge`")


def status_file(config: Config, source: Path) -> tuple[str, dict[str, int], str | None, bool]:
    """Counts for one article from its PO file, what is wrong when there is no usable PO file, and
    whether that is an error: a PO file that exists but cannot be read (a missing one is not).

    An article without a readable PO file counts all its source segments as untranslated, so the
    totals (and ``--fail-under``) never look better than the site is. Chinese that no segment covers
    (``leftover``) counts as untranslated too: 100 % means the English page holds no Chinese.
    Parsing runs under ``file_time_limit`` like every other command.
    """
    display = storage.rel(config, source)
    po = storage.po_path(config, source)
    po_display = storage.rel(config, po)
    problem: str | None = None
    doc: Document | None = None
    article_error: L10nError | None = None
    unreadable = False
    try:
        with time_limit(config.file_time_limit, display):
            doc = document(load_article(config, source), config)
    except L10nError as err:
        article_error = err
    try:
        data = storage.read_optional(po, po_display, config)
        if data is None:
            raise L10nError("no PO file; run `l10n extract`", po_display)
        unreadable = True
        with time_limit(config.file_time_limit, po_display):
            st = stats(parse_po(decode_po(data, po_display), po_display))
        unreadable = False
    except L10nError as exc:
        problem = str(exc)
        if doc is None:
            return display, {}, f"{problem}; {article_error}", unreadable
        segs = doc.segments
        st = {"translated": 0, "fuzzy_mt": 0, "fuzzy_changed": 0, "untranslated": len(segs)}
        st["total"], st["chars"] = len(segs), sum(len(s.source) for s in segs)
    if doc is not None:
        with time_limit(config.file_time_limit, display):
            extra = leftovers(doc, config.keep_keys, config.leftover_ignore)
        st["leftover"] = len(extra)
        st["untranslated"] += len(extra)
        st["total"] += len(extra)
        st["chars"] = st.get("chars", 0) + sum(len(x.text) for x in extra)
    st["percent"] = 100 if st["total"] == 0 else st["translated"] * 100 // st["total"]
    return display, st, problem, unreadable
