"""Segments ↔ catalog entries, and the update semantics that keep translators' work (no I/O).

``sync(old, segments)`` returns the new catalog:
1. Same ID and same text: the old entry is kept as is (translation, flags, translator comments,
   previous msgid), wherever it moved.
2. The remaining old and new entries are aligned by document order (difflib over IDs). Inside each
   gap between unchanged anchors, a new segment inherits the translation of the most similar old
   entry *of that gap* (ratio ≥ ``FUZZY_RATIO``): identical text keeps the translation as reviewed,
   other text gets it as ``fuzzy`` with ``#| msgctxt`` / ``#| msgid`` naming what it replaced. A
   translation is never copied across an anchor, so it cannot land on an unrelated segment
   (the mistake msgmerge and Babel make with catalog-wide fuzzy matching).
3. Old entries left over become obsolete (``#~``) when they hold a translation; untranslated ones
   are dropped. Obsolete entries whose text reappears are revived. ``prune`` drops obsolete entries.

Derived fields (``#.`` kind and glossary hints, ``#:`` references) are recomputed on every sync.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Callable, Sequence
from dataclasses import replace

from l10n.model import Catalog, Entry, Segment

FUZZY_RATIO = 0.5


def _ratio(a: str, b: str) -> float:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < FUZZY_RATIO or sm.quick_ratio() < FUZZY_RATIO:
        return 0.0
    return sm.ratio()


def _kind_family(context: str | None) -> str:
    return (context or "").split("-", 1)[0].split(".", 1)[0]


def _fresh(seg: Segment, ref: str, hints: Callable[[str], list[str]] | None) -> Entry:
    return Entry(
        msgid=seg.source,
        context=seg.id,
        extracted_comments=_comments(seg, hints),
        references=[f"{ref}:{seg.line}"],
    )


def _comments(seg: Segment, hints: Callable[[str], list[str]] | None) -> list[str]:
    out = [seg.label]
    if hints is not None:
        out.extend(hints(seg.source))
    return out


def _refresh(entry: Entry, seg: Segment, ref: str, hints: Callable[[str], list[str]] | None) -> Entry:
    entry.extracted_comments = _comments(seg, hints)
    entry.references = [f"{ref}:{seg.line}"]
    return entry


def sync(
    old: Catalog | None,
    segments: Sequence[Segment],
    ref: str,
    hints: Callable[[str], list[str]] | None = None,
    prune: bool = False,
) -> Catalog:
    """The catalog for ``segments`` that keeps every translation ``old`` holds (see module doc).

    ``ref`` is the source path used in ``#:`` references. ``old`` is not modified.
    """
    old = _clone(old) if old is not None else Catalog()
    old_active = [e for e in old.entries if not e.obsolete]
    old_obsolete = [e for e in old.entries if e.obsolete]

    by_id: dict[str, Entry] = {}
    for e in old_active:
        if e.context is not None:
            by_id.setdefault(e.context, e)

    new_entries: list[Entry | None] = [None] * len(segments)
    used: set[int] = set()
    for i, seg in enumerate(segments):
        same = by_id.get(seg.id)
        if same is not None and same.msgid == seg.source and id(same) not in used:
            new_entries[i] = _refresh(same, seg, ref, hints)
            used.add(id(same))

    # Align the rest by position: anchors are the entries kept above.
    old_keys = [e.context if id(e) in used else f"\0old{k}" for k, e in enumerate(old_active)]
    new_keys = [seg.id if new_entries[i] is not None else f"\0new{i}" for i, seg in enumerate(segments)]
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        gap_old = [e for e in old_active[i1:i2] if id(e) not in used and e.msgstr]
        for j in range(j1, j2):
            if new_entries[j] is not None:
                continue
            seg = segments[j]
            best: Entry | None = None
            best_score = 0.0
            for e in gap_old:
                if id(e) in used:
                    continue
                score = 1.0 if e.msgid == seg.source else _ratio(e.msgid, seg.source)
                # Prefer the same kind of block (a heading replaces a heading).
                if _kind_family(e.context) == _kind_family(seg.id):
                    score += 0.01
                if score > best_score:
                    best, best_score = e, score
            if best is None or best_score < FUZZY_RATIO:
                continue
            used.add(id(best))
            entry = _fresh(seg, ref, hints)
            entry.msgstr = best.msgstr
            entry.translator_comments = list(best.translator_comments)
            entry.flags = [f for f in best.flags if f != "fuzzy"]
            if best.msgid == seg.source:
                # Same text under a new ID (its kind changed): the translation still holds.
                entry.flags = list(best.flags)
                entry.previous_context, entry.previous_msgid = best.previous_context, best.previous_msgid
            else:
                entry.set_fuzzy(True)
                # Keep the text the translation was last reviewed against.
                if best.fuzzy and best.previous_msgid is not None:
                    entry.previous_context, entry.previous_msgid = best.previous_context, best.previous_msgid
                else:
                    entry.previous_context, entry.previous_msgid = best.context, best.msgid
            new_entries[j] = entry

    # Text that comes back after a deletion revives its obsolete entry.
    obsolete_by_text: dict[str, Entry] = {}
    for e in old_obsolete:
        obsolete_by_text.setdefault(e.msgid, e)
    revived: set[int] = set()
    for j, seg in enumerate(segments):
        if new_entries[j] is not None:
            continue
        gone = obsolete_by_text.get(seg.source)
        if gone is not None and gone.msgstr and id(gone) not in revived:
            revived.add(id(gone))
            entry = _fresh(seg, ref, hints)
            entry.msgstr, entry.flags = gone.msgstr, list(gone.flags)
            entry.translator_comments = list(gone.translator_comments)
            entry.previous_context, entry.previous_msgid = gone.previous_context, gone.previous_msgid
            new_entries[j] = entry

    result = Catalog(
        header=list(old.header),
        header_comments=list(old.header_comments),
        header_flags=list(old.header_flags),
    )
    for j, seg in enumerate(segments):
        kept = new_entries[j]
        result.entries.append(kept if kept is not None else _fresh(seg, ref, hints))
    if not prune:
        for e in old_active:
            if id(e) not in used and e.msgstr:
                result.entries.append(_obsolete(e))
        for e in old_obsolete:
            if id(e) not in revived:
                result.entries.append(e)
    return result


def _clone(catalog: Catalog) -> Catalog:
    """A copy whose entries can be changed without touching ``catalog`` (cheaper than deepcopy)."""
    return Catalog(
        header=list(catalog.header),
        header_comments=list(catalog.header_comments),
        header_flags=list(catalog.header_flags),
        entries=[
            replace(
                e,
                flags=list(e.flags),
                translator_comments=list(e.translator_comments),
                extracted_comments=list(e.extracted_comments),
                references=list(e.references),
                msgstr_plural=dict(e.msgstr_plural),
            )
            for e in catalog.entries
        ],
    )


def _obsolete(e: Entry) -> Entry:
    e = copy.copy(e)
    e.obsolete = True
    # gettext writes no references or extracted comments for obsolete entries that matter to us;
    # keep the translator's own comments and flags.
    e.references = []
    e.extracted_comments = []
    return e


def stats(catalog: Catalog) -> dict[str, int]:
    """Counts for status: translated, fuzzy-mt, fuzzy-changed, untranslated, total, and source chars."""
    out = {"translated": 0, "fuzzy_mt": 0, "fuzzy_changed": 0, "untranslated": 0, "total": 0, "chars": 0}
    for e in catalog.entries:
        if e.obsolete:
            continue
        out["total"] += 1
        out["chars"] += len(e.msgid)
        if not e.msgstr:
            out["untranslated"] += 1
        elif e.fuzzy:
            out["fuzzy_mt" if is_mt_draft(e) else "fuzzy_changed"] += 1
        else:
            out["translated"] += 1
    return out


def is_mt_draft(e: Entry) -> bool:
    """A fuzzy entry whose text came from MT, TM or ``import`` rather than from a changed source."""
    ours = any(c.startswith(("mt:", "tm:", "import:")) for c in e.translator_comments)
    return ours and e.previous_msgid is None


def is_import_draft(e: Entry) -> bool:
    """An unreviewed translation ``l10n import`` aligned from an English page, its source unchanged since."""
    return (
        bool(e.msgstr)
        and e.fuzzy
        and not e.obsolete
        and e.previous_msgid is None
        and any(c.startswith("import:") for c in e.translator_comments)
    )
