"""Segments ↔ catalog entries, and the update semantics that keep translators' work (no I/O).

``sync(old, segments)`` returns the new catalog:
1. Same ID and same text: the old entry is kept as is (translation, flags, translator comments,
   previous msgid), wherever it moved.
2. The remaining old and new entries are aligned by document order (difflib over IDs). Inside each
   gap between unchanged anchors, a new segment inherits the translation of the most similar old
   entry *of that gap* (ratio ≥ ``FUZZY_RATIO``): identical text keeps the translation as reviewed,
   other text gets it as ``fuzzy`` with ``#| msgctxt`` / ``#| msgid`` naming what it replaced. A
   translation is never copied across an anchor, so it cannot land on an unrelated segment
   (the mistake msgmerge and Babel make with catalog-wide fuzzy matching). A *reflow* is not an
   edit: text that differs only in spaces next to CJK characters (``reflow_key``: a line break
   moved inside a paragraph) takes the old entry over as it was, translation, flags and comments,
   not fuzzy; only its msgid, ID and references follow the new text.
3. Old entries left over become obsolete (``#~``) when they hold a translation (a plural entry a
   translator added included); untranslated ones are dropped. Obsolete entries whose text
   reappears are revived. ``prune`` drops obsolete entries.
4. A fuzzy entry whose ``#| msgid`` equals its msgid again (an edit that was reverted) goes back to
   reviewed: the translation was reviewed against exactly this text. MT/TM drafts stay fuzzy.
5. An empty entry whose text is identical to a reviewed entry of the same file (a copied
   paragraph, ``-2``) gets that translation, reviewed, since the text is the same.

Derived fields (``#.`` kind and glossary hints, ``#:`` references) are recomputed on every sync.
Entries keep the parser's record of their layout (``Entry.raw``), so ``generate_po`` writes the ones
sync left alone byte for byte as they were read.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from l10n.model import Catalog, Entry, Kind, Segment

FUZZY_RATIO = 0.5


def _ratio(a: str, b: str) -> float:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < FUZZY_RATIO or sm.quick_ratio() < FUZZY_RATIO:
        return 0.0
    return sm.ratio()


# CJK ideographs, kana, hangul, CJK punctuation and full-width forms: a space next to one of these is
# where hard-wrapped lines join differently (no space before or after them, one between Latin words).
_WIDE = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
_BOUNDARY_SPACE = re.compile(f"[ \t]+(?=[{_WIDE}])|(?<=[{_WIDE}])[ \t]+")


def reflow_key(text: str) -> str:
    """``text`` without the spaces that touch a CJK character or CJK punctuation.

    Moving a line break inside a paragraph changes only such spaces in the joined msgid
    (``基于 Kubernetes`` on one line, ``基于`` / ``Kubernetes`` on two: ``基于Kubernetes``; ``。`` then
    ``Kubernetes`` on the next line: ``。 Kubernetes``), so two msgids with the same key are one text
    re-wrapped, not an edit. Newlines (hard breaks) and spaces between Latin words still count.
    """
    if " " not in text and "\t" not in text:
        return text
    return _BOUNDARY_SPACE.sub("", text)


def same_text(a: str, b: str) -> bool:
    """Equal, or equal once CJK/Latin boundary spaces are normalised (a pure reflow)."""
    return a == b or reflow_key(a) == reflow_key(b)


def _kind_family(context: str | None) -> str:
    return (context or "").split("-", 1)[0].split(".", 1)[0]


def _fresh(seg: Segment, ref: str, hints: Callable[[str], list[str]] | None) -> Entry:
    return Entry(
        msgid=seg.source,
        context=seg.id,
        extracted_comments=_comments(seg, hints),
        references=[f"{ref}:{seg.line}"],
    )


# What a translator must know about a code block before touching it.
CODE_NOTE = "code: translate only the comments and text; keep every line of code as it is"


def _comments(seg: Segment, hints: Callable[[str], list[str]] | None) -> list[str]:
    out = [seg.label]
    if seg.kind is Kind.CODE:
        out.append(CODE_NOTE)
    if hints is not None:
        out.extend(hints(seg.source))
    return out


def _has_translation(e: Entry) -> bool:
    return bool(e.msgstr) or any(e.msgstr_plural.values())


def _settle(entry: Entry) -> None:
    """A change that was reverted leaves nothing to review (rule 4 of the module doc)."""
    if (
        entry.fuzzy
        and entry.previous_msgid is not None
        and entry.previous_msgid == entry.msgid
        and entry.msgstr
        and not is_mt_draft_comment(entry)
    ):
        entry.set_fuzzy(False)
        entry.previous_context = entry.previous_msgid = None


def _fill_duplicates(entries: list[Entry]) -> None:
    """Rule 5 of the module doc: identical text takes the reviewed translation it already has."""
    reviewed: dict[str, Entry] = {}
    for e in entries:
        if e.translated and e.msgid_plural is None:
            reviewed.setdefault(e.msgid, e)
    if not reviewed:
        return
    for e in entries:
        if not e.obsolete and not _has_translation(e) and e.msgid_plural is None:
            same = reviewed.get(e.msgid)
            if same is not None:
                e.msgstr = same.msgstr
                e.set_fuzzy(False)
                e.previous_context = e.previous_msgid = None


def _refresh(entry: Entry, seg: Segment, ref: str, hints: Callable[[str], list[str]] | None) -> Entry:
    """Recompute the derived comments, keeping a PO editor's re-wrapping of the same words.

    polib and some editors wrap long ``#.`` and ``#:`` lines at their own width; the words are
    what matters, so an entry they re-wrapped still counts as unchanged (and keeps its bytes).
    """
    comments = _comments(seg, hints)
    if not _same_words(entry.extracted_comments, comments):
        entry.extracted_comments = comments
    entry.references = [f"{ref}:{seg.line}"]  # a re-wrapped "#:" line reads back as the same list
    return entry


def _same_words(old: Sequence[str], new: Sequence[str]) -> bool:
    return old == new or " ".join(old).split() == " ".join(new).split()


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
                score = 1.0 if same_text(e.msgid, seg.source) else _ratio(e.msgid, seg.source)
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
            if same_text(best.msgid, seg.source):
                # Same text under a new ID (its kind changed, or its lines were re-wrapped so that
                # only CJK/Latin boundary spaces moved): the translation still holds, as reviewed.
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
        obsolete_by_text.setdefault(reflow_key(e.msgid), e)
    revived: set[int] = set()
    for j, seg in enumerate(segments):
        if new_entries[j] is not None:
            continue
        gone = obsolete_by_text.get(reflow_key(seg.source))
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
        raw_header=old.raw_header,
        raw_file=old.raw_file,
        raw_count=old.raw_count,
    )
    for j, seg in enumerate(segments):
        kept = new_entries[j]
        entry = kept if kept is not None else _fresh(seg, ref, hints)
        _settle(entry)
        result.entries.append(entry)
    _fill_duplicates(result.entries)
    if not prune:
        for e in old_active:
            if id(e) not in used and _has_translation(e):
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
        raw_header=catalog.raw_header,
        raw_file=catalog.raw_file,
        raw_count=catalog.raw_count,
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


def is_mt_draft_comment(e: Entry) -> bool:
    """The entry carries an MT, TM or import provenance comment (its text came from a machine, the
    TM or an aligned English page, and no human reviewed it)."""
    return any(c.startswith(("mt:", "tm:", "import:")) for c in e.translator_comments)


def is_mt_draft(e: Entry) -> bool:
    """A fuzzy entry whose text came from MT, TM or ``import`` rather than from a changed source."""
    return is_mt_draft_comment(e) and e.previous_msgid is None


def _content(e: Entry) -> tuple[object, ...]:
    """What a translator or a drafting run may change in an entry."""
    return (
        e.msgstr,
        tuple(e.flags),
        tuple(e.translator_comments),
        e.previous_context,
        e.previous_msgid,
        tuple(sorted(e.msgstr_plural.items())),
    )


def replay(base: Catalog, edited: Catalog, fresh: Catalog) -> tuple[Catalog, int]:
    """``fresh`` with the entry changes that turned ``base`` into ``edited`` applied (a three-way merge).

    ``edited`` has ``base``'s entries in the same order (a drafting run changes entries in place).
    A change is applied only where ``fresh`` still holds that entry (same msgctxt and msgid) exactly
    as ``base`` had it, so whatever someone saved in between wins. Returns the merged catalog and
    how many changes were left out because of that. Neither input is modified.
    """
    result = _clone(fresh)
    index: dict[tuple[str | None, str], Entry] = {}
    for e in result.entries:
        if not e.obsolete:
            index.setdefault((e.context, e.msgid), e)
    left_out = 0
    for before, after in zip(base.entries, edited.entries, strict=True):
        if before.obsolete or _content(before) == _content(after):
            continue
        target = index.get((before.context, before.msgid))
        if target is None or _content(target) != _content(before):
            left_out += 1
            continue
        target.msgstr, target.flags = after.msgstr, list(after.flags)
        target.translator_comments = list(after.translator_comments)
        target.previous_context, target.previous_msgid = after.previous_context, after.previous_msgid
        target.msgstr_plural = dict(after.msgstr_plural)
    return result, left_out


def is_import_draft(e: Entry) -> bool:
    """An unreviewed translation ``l10n import`` aligned from an English page, its source unchanged since."""
    return (
        bool(e.msgstr)
        and e.fuzzy
        and not e.obsolete
        and e.previous_msgid is None
        and any(c.startswith("import:") for c in e.translator_comments)
    )
