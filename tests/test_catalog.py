"""Update semantics: kept, fuzzy carry-over with previous msgid, obsolete, revived — never misattached."""

from __future__ import annotations

from l10n.app.article_jobs import extract_text
from l10n.app.config import Config
from l10n.catalog import reflow_key, same_text, sync
from l10n.document import parse_article, segments, slots
from l10n.formats.po import generate_po, parse_po
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


# ----------------------------------------------------------------------------- reflow is not an edit


def test_reflow_keeps_the_entry_as_reviewed() -> None:
    cases = [
        ("我们的平台基于 Kubernetes 构建。\n", "我们的平台基于\nKubernetes 构建。\n"),  # at a Han/Latin space
        ("第一句话。Kubernetes 很流行。\n", "第一句话。\nKubernetes 很流行。\n"),  # after 。
        ("第一句话。\nKubernetes 很流行。\n", "第一句话。Kubernetes 很流行。\n"),
        ("使用 Go\n语言开发。\n", "使用 Go 语言开发。\n"),
    ]
    for before, after in cases:
        old = translated("# 标题\n\n" + before + "\n结尾。\n")
        new = sync(old, segs("# 标题\n\n" + after + "\n结尾。\n"), "a.md")
        entry = new.entries[1]
        assert entry.msgid != old.entries[1].msgid, (before, after)  # the joined text did change...
        assert not entry.fuzzy and entry.msgstr == old.entries[1].msgstr  # ...but not its meaning
        assert entry.translator_comments == ["reviewed by Ann"]
        assert entry.previous_msgid is None
        assert not [e for e in new.entries if e.obsolete]


def test_reflow_key_keeps_real_edits_apart() -> None:
    assert same_text("基于 Kubernetes", "基于Kubernetes")
    assert same_text("句子。 Kubernetes", "句子。Kubernetes")
    assert not same_text("Kubernetes cluster", "Kubernetescluster")  # spaces between Latin words count
    assert not same_text("基于Kubernetes", "基于 Docker")
    assert not same_text("中文  \n下一行", "中文下一行")  # a hard line break is content
    assert reflow_key("a b") == "a b"
    old = translated("我们的平台基于 Kubernetes 构建。\n")
    new = sync(old, segs("我们的平台基于 Docker 构建。\n"), "a.md")
    assert new.entries[0].fuzzy


def test_reflow_through_extract_keeps_the_po_entry() -> None:
    config = Config()
    before = "# 标题\n\n平台基于 Kubernetes 构建，\n性能很好。\n"
    po, _, _ = extract_text(parse_article(before, "a.md"), None, "a.po", config)
    catalog = parse_po(po, "a.po")
    for e in catalog.entries:
        e.msgstr = "EN " + e.msgid
    po = generate_po(catalog)
    after = "# 标题\n\n平台基于\nKubernetes 构建，性能很好。\n"
    new_po, new_catalog, _ = extract_text(parse_article(after, "a.md"), po, "a.po", config)
    paragraph = new_catalog.entries[1]
    assert paragraph.msgid == "平台基于Kubernetes 构建，性能很好。"
    assert paragraph.msgstr == "EN 平台基于 Kubernetes 构建，性能很好。" and not paragraph.fuzzy
    assert "#, fuzzy" not in new_po and "#~" not in new_po
