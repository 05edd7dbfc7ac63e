"""Catalog drafting: translation memory first, then the engine, with markup and glossary protection.

Invariants:
- ``draft_catalog`` never changes a reviewed entry (non-fuzzy with a msgstr) nor a fuzzy entry a
  human edited. Every draft it writes is fuzzy and carries ``mt: <engine> <version> sha1=<8 hex>``
  (or ``tm: from <po> sha1=<8 hex>``) where the hash is of the msgstr it wrote, so a later
  ``refresh`` can tell an untouched draft (hash matches) from an edited one (hash differs).
- A draft never silently loses a URL, code span, footnote reference, link target or shortcode of
  its source: a loss is recorded as ``mt-flag: lost ...`` and the entry stays fuzzy.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from l10n.lang.script import ZH_RUN_RE
from l10n.lang.sentences import is_cjk, join_sentences, sentence_spans
from l10n.model import Catalog, Entry, L10nError
from l10n.mt.cache import MTCache
from l10n.mt.engine import Translator
from l10n.mt.placeholders import ESSENTIAL_KINDS, GlossaryLike, Protected, protect, restore

ENGINE_CHUNK = 512


@dataclass
class DraftStats:
    """What ``draft_catalog`` did (or, with ``dry_run``, would do).

    ``drafted``: entries given an MT draft; ``reused``: entries filled from the TM; ``cached``:
    sentences served from the cache; ``translated``: sentences sent to the engine; ``skipped``:
    entries left alone (reviewed, human-edited, plural); ``flagged``: drafts with ``mt-flag``
    comments. ``actions`` lists ``(context, action)`` for every entry changed.
    """

    drafted: int = 0
    reused: int = 0
    cached: int = 0
    translated: int = 0
    skipped: int = 0
    flagged: int = 0
    actions: list[tuple[str, str]] = field(default_factory=list)


_PROVENANCE = re.compile(r"^(?:mt|tm): .*\bsha1=([0-9a-f]{8})\s*$")
_OURS = ("mt:", "tm:", "mt-flag:")


def draft_hash(msgstr: str) -> str:
    """The 8-hex digest recorded next to a draft to recognise it later."""
    return hashlib.sha1(msgstr.encode("utf-8")).hexdigest()[:8]


def _state(e: Entry) -> str:
    """'empty', 'reviewed', 'draft' (our untouched MT/TM draft) or 'edited'."""
    if not e.msgstr:
        return "empty"
    if not e.fuzzy:
        return "reviewed"
    if e.previous_msgid is None:
        for c in e.translator_comments:
            m = _PROVENANCE.match(c)
            if m and m.group(1) == draft_hash(e.msgstr):
                return "draft"
    return "edited"


def _mt_input(sentence: str) -> str:
    """Engine input: soft line breaks become a space (or nothing between CJK characters)."""

    def join(m: re.Match[str]) -> str:
        a = sentence[m.start() - 1] if m.start() else ""
        b = sentence[m.end()] if m.end() < len(sentence) else ""
        return "" if a and b and is_cjk(a) and is_cjk(b) else " "

    return re.sub(r"[ \t]*\n\s*", join, sentence)


def _needs_engine(sentence: str) -> bool:
    # Only text with Chinese in it goes to a zh→en engine; tokens, numbers and English stay as is.
    return any(is_cjk(c) for c in sentence)


def _normalizer() -> Callable[[str], str] | None:
    """The post-MT normaliser (numbers, dates, punctuation); a function so tests can swap it."""
    from l10n.lang.numbers import normalize_draft

    return normalize_draft


def _contains(text: str, needle: str, case_sensitive: bool) -> bool:
    return needle in text if case_sensitive else needle.casefold() in text.casefold()


def _essential_losses(draft: str, prot: Protected) -> list[str]:
    out = []
    for ph in prot.placeholders:
        for kind, text in ph.parts:
            if kind in ESSENTIAL_KINDS and text not in draft:
                out.append(ph.describe()[ph.parts.index((kind, text))])
    return out


def _finish(
    draft: str, prot: Protected, problems: list[str], normalize: Callable[[str], str] | None
) -> tuple[str, list[str]]:
    """Number normalisation, glossary check and the markup-safety check of one restored draft."""
    flags = list(problems)
    if normalize is not None:
        normalized = normalize(draft)
        # Never let number formatting break a URL, code span or reference that restore put back.
        if not _essential_losses(normalized, prot) or _essential_losses(draft, prot):
            draft = normalized
    for use in prot.terms:
        if use.form and not _contains(draft, use.form, use.case_sensitive):
            msg = f'glossary term "{use.source}" → "{use.form}" missing'
            # restore already reported the lost token ("lost glossary term 源 → target").
            if not any(f"{use.source} → {use.form}" in f for f in flags):
                flags.append(msg)
        for bad in use.forbidden:
            if re.search(rf"(?<!\w){re.escape(bad)}(?!\w)", draft, re.IGNORECASE):
                flags.append(f'forbidden translation "{bad}" of "{use.source}"')
    for loss in _essential_losses(draft, prot):
        msg = f"lost {loss}"
        if msg not in flags:
            flags.append(msg)
    return draft, flags


def _set_draft(e: Entry, msgstr: str, comment: str, flags: list[str], fuzzy: bool) -> None:
    e.translator_comments = [c for c in e.translator_comments if not c.startswith(_OURS)]
    # A fuzzy draft records the hash of what we wrote, so refresh can tell if a human touched it;
    # a reviewed TM match is final and carries provenance only.
    e.translator_comments.append(f"{comment} sha1={draft_hash(msgstr)}" if fuzzy else comment)
    e.translator_comments.extend(f"mt-flag: {f}" for f in flags)
    e.msgstr = msgstr
    e.set_fuzzy(fuzzy or bool(flags))


@dataclass
class _Job:
    book: int  # index of the catalog in the batch
    pos: int  # index of the entry in its catalog
    entry: Entry
    protected: Protected
    sentences: list[str]
    engine: list[bool]
    action: str
    code: bool = False  # a code block: the parts are spliced back as they are (``code_parts``)


def code_parts(code: str) -> list[tuple[str, bool]]:
    """A code block cut into (text, translate?) parts: on each line, the stretch from its first to its
    last Chinese character (a comment, a string) goes to the engine; the code around it stays."""
    out: list[tuple[str, bool]] = []
    for k, line in enumerate(code.split("\n")):
        if k:
            out.append(("\n", False))
        runs = list(ZH_RUN_RE.finditer(line))
        if not runs:
            out.append((line, False))
            continue
        a, b = runs[0].start(), runs[-1].end()
        out += [(line[:a], False), (line[a:b], True), (line[b:], False)]
    return [(t, eng) for t, eng in out if t]


# Action phrases read after "would" in --dry-run listings: "would draft by MT [seg-id]".
DRAFT = "draft by MT"
REDRAFT = "redraft by MT"


def draft_catalog(
    catalog: Catalog,
    translator: Translator,
    *,
    glossary: GlossaryLike | None = None,
    tm: Mapping[str, tuple[str, str]] | None = None,
    tm_reviewed: bool = False,
    cache: MTCache | None = None,
    refresh: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    target_lang: str = "en",
    tm_drafts: Mapping[str, tuple[str, str]] | None = None,
) -> DraftStats:
    """Fill empty entries of ``catalog`` in place with TM matches or MT drafts.

    With ``refresh`` our untouched earlier drafts (recorded hash still matches) are redone too.
    All sentences of all entries go to the engine in one ``translate_batch`` call, after
    de-duplication and the cache. With ``dry_run`` nothing is translated or changed; the stats
    and actions say what would happen. ``progress(n)`` gets the number of entries just finished.
    """
    return draft_catalogs(
        [catalog],
        translator,
        glossary=glossary,
        tm=tm,
        tm_reviewed=tm_reviewed,
        cache=cache,
        refresh=refresh,
        dry_run=dry_run,
        progress=progress,
        target_lang=target_lang,
        tm_drafts=tm_drafts,
    )[0]


def draft_catalogs(
    catalogs: Sequence[Catalog],
    translator: Translator,
    *,
    glossary: GlossaryLike | None = None,
    tm: Mapping[str, tuple[str, str]] | None = None,
    tm_reviewed: bool = False,
    cache: MTCache | None = None,
    refresh: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    target_lang: str = "en",
    engine_progress: Callable[[int, int], None] | None = None,
    tm_drafts: Mapping[str, tuple[str, str]] | None = None,
) -> list[DraftStats]:
    """``draft_catalog`` over several catalogs with ONE engine call for all of them.

    ``tm`` holds reviewed translations; ``tm_drafts`` unreviewed ones (pairs ``l10n import`` aligned
    from existing English pages), consulted after ``tm`` and always reused as fuzzy drafts.

    Returns one ``DraftStats`` per catalog; ``cached``/``translated`` count each catalog's distinct
    sentences, so a sentence shared by two catalogs counts in both.
    """
    tick = progress or (lambda n: None)
    all_stats = [DraftStats() for _ in catalogs]
    acts: list[list[tuple[int, str, str]]] = [[] for _ in catalogs]
    jobs: list[_Job] = []
    for book, catalog in enumerate(catalogs):
        stats = all_stats[book]
        for pos, e in enumerate(catalog.entries):
            if e.obsolete or not e.msgid:
                continue
            state = _state(e)
            if (
                e.msgid_plural is not None
                or state in ("reviewed", "edited")
                or (state == "draft" and not refresh)
            ):
                stats.skipped += 1
                continue
            hit = tm.get(e.msgid) if tm else None
            reviewed_hit = hit is not None and bool(hit[0])
            if not reviewed_hit and tm_drafts:
                hit = tm_drafts.get(e.msgid)
            if hit is not None and hit[0]:
                msgstr, po_path = hit
                as_reviewed = tm_reviewed and reviewed_hit
                stats.reused += 1
                label = f"reuse reviewed TM from {po_path}" if as_reviewed else f"reuse TM from {po_path}"
                acts[book].append((pos, _ctx(e), label))
                if not dry_run:
                    _set_draft(e, msgstr, f"tm: from {po_path}", [], fuzzy=not as_reviewed)
                tick(1)
                continue
            action = REDRAFT if state == "draft" else DRAFT
            if (e.context or "").startswith("code-"):
                # Code is not prose: protecting its markup would mangle it, and only the Chinese in
                # it (comments, strings) is translated.
                cut = code_parts(e.msgid)
                texts, engine = [t for t, _ in cut], [eng for _, eng in cut]
                jobs.append(_Job(book, pos, e, protect("", None), texts, engine, action, code=True))
                continue
            prot = protect(e.msgid, glossary)
            sents = [_mt_input(prot.text[a:b]) for a, b in sentence_spans(prot.text)]
            engine = [_needs_engine(x) for x in sents]
            jobs.append(_Job(book, pos, e, prot, sents, engine, action))

    model = f"{translator.name} {translator.version}"
    unique = list(dict.fromkeys(x for j in jobs for x, eng in zip(j.sentences, j.engine, strict=True) if eng))
    results = cache.get_many(model, unique) if cache is not None else {}
    from_cache = set(results)
    for book in range(len(catalogs)):
        mine = {
            x for j in jobs if j.book == book for x, eng in zip(j.sentences, j.engine, strict=True) if eng
        }
        all_stats[book].cached = len(mine & from_cache)
        all_stats[book].translated = len(mine - from_cache)
    missing = [x for x in unique if x not in results]
    truncated: set[str] = set()
    if missing and not dry_run:
        # Large batches keep CTranslate2 busy; chunking only lets a progress bar move (sentences/s).
        out = []
        for start in range(0, len(missing), ENGINE_CHUNK):
            chunk = missing[start : start + ENGINE_CHUNK]
            out.extend(translator.translate_batch(chunk))
            if engine_progress is not None:
                engine_progress(len(chunk), len(missing))
        if len(out) != len(missing):
            raise L10nError(
                f"MT engine {model} returned {len(out)} translations for {len(missing)} sentences"
            )
        fresh = dict(zip(missing, out, strict=True))
        results.update(fresh)
        truncated = {x for x in getattr(translator, "truncated", ()) or () if x in fresh}
        if cache is not None:
            # A cut-off output is not kept: a later run (with a higher limit) should retry it.
            cache.put_many(model, ((x, t) for x, t in fresh.items() if x not in truncated))

    normalize = None if dry_run else _normalizer()
    for j in jobs:
        stats = all_stats[j.book]
        if dry_run:
            stats.drafted += 1
            acts[j.book].append((j.pos, _ctx(j.entry), j.action))
            tick(1)
            continue
        parts = [results[x] if eng else x for x, eng in zip(j.sentences, j.engine, strict=True)]
        if j.code:
            # One line of code per line of the draft: an engine line break would split a comment.
            code = "".join(
                " ".join(p.split("\n")) if eng else p for p, eng in zip(parts, j.engine, strict=True)
            )
            _set_draft(j.entry, code, f"mt: {model}", [], fuzzy=True)
            stats.drafted += 1
            acts[j.book].append((j.pos, _ctx(j.entry), j.action))
            tick(1)
            continue
        restored, problems = restore(join_sentences(parts, target_lang), j.protected)
        if not restored.strip():
            stats.flagged += 1
            acts[j.book].append((j.pos, _ctx(j.entry), "leave untranslated (empty MT output)"))
            tick(1)
            continue
        draft, flags = _finish(restored, j.protected, problems, normalize)
        if any(x in truncated for x in j.sentences):
            flags.append("MT output cut off at the engine's length limit")
        _set_draft(j.entry, draft, f"mt: {model}", flags, fuzzy=True)
        stats.drafted += 1
        if flags:
            stats.flagged += 1
        acts[j.book].append((j.pos, _ctx(j.entry), j.action + (" (flagged)" if flags else "")))
        tick(1)
    for stats, book_acts in zip(all_stats, acts, strict=True):
        # Catalog order (TM matches are decided before the MT batch runs).
        stats.actions = [(c, a) for _, c, a in sorted(book_acts, key=lambda t: t[0])]
    return all_stats


def _ctx(e: Entry) -> str:
    return e.context or e.msgid[:40]
