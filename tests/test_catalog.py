"""Update semantics: kept, fuzzy carry-over with previous msgid, obsolete, revived — never misattached."""

from __future__ import annotations

from l10n.catalog import sync
from l10n.document import parse_article, segments, slots
from l10n.model import Catalog, Segment


def segs(text: str) -> list[Segment]:
    article = parse_article(text, "a.md", front_matter=False)
    return segments(slots(article, ()))


def translated(text: str) -> Catalog:
    cat = sync(None, segs(text), "a.md")
    for e in cat.entries:
        e.msgstr = f"EN[{e.msgid}]"
        e.translator_comments = ["reviewed by Ann"]
    return cat


def test_unchanged_entries_are_kept_even_when_moved() -> None:
    old = translated("甲段落。\n\n乙段落。\n\n丙段落。\n")
    new = sync(old, segs("丙段落。\n\n甲段落。\n\n乙段落。\n"), "a.md")
    assert [(e.msgid, e.msgstr, e.fuzzy) for e in new.entries] == [
        ("丙段落。", "EN[丙段落。]", False),
        ("甲段落。", "EN[甲段落。]", False),
        ("乙段落。", "EN[乙段落。]", False),
    ]
    assert all(e.translator_comments == ["reviewed by Ann"] for e in new.entries)


def test_edited_segment_inherits_translation_as_fuzzy_with_previous() -> None:
    old = translated("# 标题\n\n马斯克宣布了融资计划。\n\n结尾。\n")
    new = sync(old, segs("# 标题\n\n马斯克今天宣布了新的融资计划。\n\n结尾。\n"), "a.md")
    edited = new.entries[1]
    assert edited.msgid == "马斯克今天宣布了新的融资计划。"
    assert edited.fuzzy and edited.msgstr == "EN[马斯克宣布了融资计划。]"
    assert edited.previous_msgid == "马斯克宣布了融资计划。"
    assert edited.previous_context == old.entries[1].context
    assert not [e for e in new.entries if e.obsolete]


def test_translation_never_crosses_an_anchor() -> None:
    # The edited paragraph resembles the LAST one, but sits where the first one was.
    old = translated("苹果发布新手机。\n\n中间不变。\n\n香蕉价格上涨了百分之十。\n")
    new = sync(old, segs("香蕉价格上涨了百分之二十。\n\n中间不变。\n"), "a.md")
    first = new.entries[0]
    assert first.msgstr == "" and not first.fuzzy
    assert {e.msgid for e in new.entries if e.obsolete} == {"苹果发布新手机。", "香蕉价格上涨了百分之十。"}


def test_removed_becomes_obsolete_and_prune_drops_it() -> None:
    old = translated("甲。\n\n乙。\n")
    new = sync(old, segs("甲。\n"), "a.md")
    assert [(e.msgid, e.obsolete) for e in new.entries] == [("甲。", False), ("乙。", True)]
    assert new.entries[1].msgstr == "EN[乙。]"
    assert [e.msgid for e in sync(old, segs("甲。\n"), "a.md", prune=True).entries] == ["甲。"]


def test_untranslated_removed_entries_are_dropped() -> None:
    old = sync(None, segs("甲。\n\n乙。\n"), "a.md")
    assert [e.msgid for e in sync(old, segs("甲。\n"), "a.md").entries] == ["甲。"]


def test_obsolete_entry_is_revived_when_text_returns() -> None:
    old = translated("甲。\n\n乙。\n")
    gone = sync(old, segs("甲。\n"), "a.md")
    back = sync(gone, segs("甲。\n\n乙。\n"), "a.md")
    assert [(e.msgid, e.msgstr, e.obsolete, e.fuzzy) for e in back.entries] == [
        ("甲。", "EN[甲。]", False, False),
        ("乙。", "EN[乙。]", False, False),
    ]


def test_sync_is_idempotent_and_does_not_mutate_old() -> None:
    old = translated("甲。\n\n乙。\n")
    snapshot = repr(old)
    once = sync(old, segs("甲。\n\n丙。\n"), "a.md")
    assert repr(old) == snapshot
    assert repr(sync(once, segs("甲。\n\n丙。\n"), "a.md")) == repr(once)


def test_second_edit_keeps_the_reviewed_previous_msgid() -> None:
    old = translated("马斯克宣布了融资计划。\n")
    once = sync(old, segs("马斯克今天宣布了融资计划。\n"), "a.md")
    twice = sync(once, segs("马斯克今天宣布了新的融资计划。\n"), "a.md")
    assert twice.entries[0].previous_msgid == "马斯克宣布了融资计划。"


def test_glossary_hints_are_refreshed() -> None:
    old = translated("马斯克。\n")
    new = sync(old, segs("马斯克。\n"), "a.md", hints=lambda s: ["glossary: 马斯克 → Musk"])
    assert new.entries[0].extracted_comments == ["paragraph", "glossary: 马斯克 → Musk"]
    assert new.entries[0].msgstr == "EN[马斯克。]"
    again = sync(new, segs("马斯克。\n"), "a.md")
    assert again.entries[0].extracted_comments == ["paragraph"]
