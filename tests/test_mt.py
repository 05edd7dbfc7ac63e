"""Tests for l10n.mt.placeholders and l10n.mt.drafts with fake engines (no model, no network)."""

from __future__ import annotations

import re
import socket
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n import mt
from l10n.model import Catalog, Entry, L10nError
from l10n.mt import DraftStats, FakeTranslator, MTCache, draft_catalog, draft_catalogs, draft_hash
from l10n.mt.placeholders import TOKEN_RE, protect, restore

# --------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Any attempt to open a network connection fails the test (even if the caller swallows it)."""
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[:2]))
        raise OSError("network access attempted in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert not attempts, f"network access attempted: {attempts}"


@pytest.fixture(autouse=True)
def no_number_normalizer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep fake-engine output verbatim; tests of the l10n.lang.numbers hook re-enable it explicitly."""
    monkeypatch.setattr(mt.drafts, "_normalizer", lambda: None)


@dataclass(frozen=True)
class StubTerm:
    source: str
    target: str
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class StubMatch:
    start: int
    end: int
    term: StubTerm
    also: tuple[StubTerm, ...] = ()


@dataclass
class StubGlossary:
    """Leftmost-longest substring matching, enough for the Protocol placeholders relies on."""

    terms: list[StubTerm] = field(default_factory=list)

    def find(self, text: str) -> list[StubMatch]:
        out: list[StubMatch] = []
        i = 0
        while i < len(text):
            best: list[StubTerm] = []
            for t in sorted(self.terms, key=lambda t: -len(t.source)):
                if text.startswith(t.source, i) and (not best or len(t.source) == len(best[0].source)):
                    best.append(t)
            if best:
                primary = sorted(best, key=lambda t: "forbidden" in t.flags)
                out.append(StubMatch(i, i + len(best[0].source), primary[0], tuple(primary[1:])))
                i += len(best[0].source)
            else:
                i += 1
        return out


GLOSSARY = StubGlossary(
    [
        StubTerm("服务网格", "service mesh"),
        StubTerm("字节跳动", "ByteDance", frozenset({"case-sensitive"})),
        StubTerm("Kitex", "Kitex", frozenset({"do-not-translate"})),
        StubTerm("微服务", "micro-service", frozenset({"forbidden"})),
        StubTerm("微服务", "microservice"),
    ]
)


def entry(msgid: str, ctx: str, msgstr: str = "", **kw: Any) -> Entry:
    return Entry(msgid=msgid, msgstr=msgstr, context=ctx, **kw)


# --------------------------------------------------------------------------------------------
# placeholders


def test_protect_replaces_markup_with_tokens() -> None:
    text = "运行`make test`命令，见[文档](https://example.com/a_b)和脚注[^1]，访问 https://x.org/p?q=1 。"
    p = protect(text)
    assert "`" not in p.text and "https://" not in p.text and "[^1]" not in p.text and "](" not in p.text
    assert "文档" in p.text  # link text is translated, only its target is protected
    assert "_" not in p.text
    assert restore(p.text, p) == (text, [])


@pytest.mark.parametrize(
    "text",
    [
        "这是**重要**的内容",
        "这是*强调*和__粗体__以及~~删除~~",
        '标签<span class="x">文字</span>换行<br>结束',
        '短代码{{< figure src="a.png" >}}和{{% note %}}注意{{% /note %}}',
        "自动链接<https://example.com/a>和邮件<me@example.com>",
        '图片![示意图](img/a.png "标题")和引用链接[文档][ref]',
        "转义\\*星号\\*和 max_tokens 参数",
        "字面量 XQ1X 不是占位符",
        "嵌套**加粗`code`**结束",
        "   前后空白   ",
    ],
)
def test_round_trip_identity(text: str) -> None:
    p = protect(text)
    assert p.text == p.text.strip()
    assert restore(p.text, p) == (text, [])


def test_tokens_have_no_underscore_and_survive_quirks() -> None:
    text = "使用`a_b`与**粗体**，详见[^2]。"
    p = protect(text)
    assert "_" not in p.text
    # An engine that lowercases, splits tokens with spaces and pads them with blanks.
    garbled = TOKEN_RE.sub(lambda m: " " + " ".join(m.group().lower()) + " ", p.text)
    restored, problems = restore("  " + garbled + "  ", p)
    assert problems == []
    # Opening/closing markers glue to their contents; other blanks the engine added may stay.
    assert re.sub(r"\s", "", restored) == text
    assert "**粗体**" in restored


def test_emphasis_glue_removes_inner_blanks() -> None:
    p = protect("这是**重要**的")
    assert restore("This is XQ1X important XQ2X stuff", p) == ("This is **important** stuff", [])
    p = protect("见[官方文档](https://a.b)。")
    assert restore("See XQ1X the docs XQ2X.", p) == ("See [the docs](https://a.b).", [])


def test_restore_reports_losses_never_guesses() -> None:
    text = "运行`ls`，见 https://a.b/c 和[^1]以及<b>粗</b>。"
    p = protect(text)
    restored, problems = restore("Run it.", p)
    assert restored == "Run it."
    assert "lost code span `ls`" in problems
    assert "lost URL https://a.b/c" in problems
    assert "lost footnote reference [^1]" in problems
    assert "lost HTML tag <b>" in problems


def test_restore_reports_duplicates_unknown_and_reordering() -> None:
    p = protect("**重要**和`x`")
    restored, problems = restore("XQ2X important XQ1X XQ3X XQ3X XQ7X", p)
    assert "duplicated code span `x`" in problems
    assert "unexpected placeholder XQ7X" in problems
    assert any(pr.startswith("reordered emphasis marker") for pr in problems)


def test_restore_keeps_outer_whitespace() -> None:
    p = protect("\n  中文`x`  \n")
    assert restore("Chinese XQ1X", p) == ("\n  Chinese `x`  \n", [])


def test_glossary_terms_are_protected_and_restored() -> None:
    text = "字节跳动的Kitex是服务网格框架，不是微服务。"
    p = protect(text, GLOSSARY)
    assert "服务网格" not in p.text and "Kitex" not in p.text and "字节跳动" not in p.text
    # The primary term for 微服务 is the pinned one; the forbidden alternative is remembered.
    assert "微服务" not in p.text
    uses = {u.source: u for u in p.terms}
    assert uses["Kitex"].form == "Kitex"
    assert uses["服务网格"].form == "service mesh"
    assert uses["微服务"].forbidden == ("micro-service",)
    out = TOKEN_RE.sub(lambda m: m.group(), p.text)
    restored, problems = restore(out, p)
    assert problems == []
    assert "ByteDance" in restored and "service mesh" in restored and "microservice" in restored


def test_adjacent_glossary_targets_stay_separate_words() -> None:
    p = protect("服务网格微服务框架", GLOSSARY)
    assert restore(p.text, p)[0] == "service mesh microservice框架"


def test_glossary_term_inside_code_is_not_touched() -> None:
    p = protect("运行`服务网格`命令", GLOSSARY)
    assert p.terms == ()
    assert restore(p.text, p)[0] == "运行`服务网格`命令"


def test_only_forbidden_term_is_skipped() -> None:
    g = StubGlossary([StubTerm("旧词", "old word", frozenset({"forbidden"}))])
    p = protect("这是旧词。", g)
    assert "旧词" in p.text
    assert p.terms[0].forbidden == ("old word",)


_PIECES = st.sampled_from(
    [
        "中文",
        "句子。",
        "，",
        " ",
        "abc",
        "Kitex",
        "`code`",
        "**",
        "*",
        "_",
        "[",
        "](https://a.b/c_d)",
        "[^1]",
        "<b>",
        "</b>",
        "{{< x >}}",
        "https://e.com/x",
        "\\*",
        "XQ1X",
        "max_tokens",
        "\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=15).map("".join))
def test_round_trip_property(text: str) -> None:
    p = protect(text, GLOSSARY)
    restored, problems = restore(p.text, p)
    assert problems == []
    # Only blanks may differ (a token next to a Latin word is padded with one).
    assert re.sub(r"\s", "", restored) == re.sub(r"\s", "", _pinned(text))


def _pinned(text: str) -> str:
    p = protect(text, GLOSSARY)
    out = text
    for u in p.terms:
        if u.form:
            out = out.replace(u.source, u.form, 1)
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(_PIECES, max_size=15).map("".join))
def test_round_trip_exact_without_latin(text: str) -> None:
    text = re.sub(r"[A-Za-z0-9]", "", text)
    p = protect(text)
    assert restore(p.text, p) == (text, [])


# --------------------------------------------------------------------------------------------
# draft_catalog


def make_catalog() -> Catalog:
    return Catalog(
        entries=[
            entry("我们使用服务网格。它很快！", "p1"),
            entry("它很快！", "p2"),
            entry("已经审校的句子。", "p3", "A reviewed sentence."),
            entry(
                "人工改过的草稿。",
                "p4",
                "Human edit.",
                flags=["fuzzy"],
                translator_comments=["mt: fake 1 sha1=0000abcd"],
            ),
            entry(
                "源文改动后的模糊条目。", "p5", "Old translation.", flags=["fuzzy"], previous_msgid="旧源文。"
            ),
            entry("过时条目。", "p6", obsolete=True),
            entry("复数。", "p7", msgid_plural="复数们。"),
            entry("运行`make`命令，见[文档](https://x.y/z)[^1]。", "p8"),
        ]
    )


def test_draft_fills_empty_entries_only() -> None:
    cat = make_catalog()
    before = {e.context: (e.msgstr, list(e.flags), list(e.translator_comments)) for e in cat.entries}
    fake = FakeTranslator()
    stats = draft_catalog(cat, fake)
    idx = cat.by_context()
    for ctx in ("p1", "p2", "p8"):
        e = idx[ctx]
        assert e.msgstr and e.fuzzy
        assert e.translator_comments == [f"mt: fake 1 sha1={draft_hash(e.msgstr)}"]
    for e in cat.entries:
        if e.context in ("p3", "p4", "p5", "p6", "p7"):
            assert (e.msgstr, e.flags, e.translator_comments) == before[e.context]
    assert stats.drafted == 3 and stats.skipped == 4 and stats.flagged == 0
    assert [a for _, a in stats.actions] == ["draft by MT", "draft by MT", "draft by MT"]
    assert idx["p8"].msgstr == "[en] 运行`make`命令，见[文档](https://x.y/z)[^1]。"


def test_one_batch_with_deduplicated_sentences() -> None:
    cat = make_catalog()
    fake = FakeTranslator()
    stats = draft_catalog(cat, fake)
    assert len(fake.calls) == 1
    batch = fake.calls[0]
    assert batch.count("它很快！") == 1  # shared by p1 and p2
    assert len(batch) == len(set(batch)) == stats.translated
    assert cat.by_context()["p1"].msgstr == "[en] 我们使用服务网格。 [en] 它很快！"


def test_several_catalogs_share_one_engine_call() -> None:
    a = Catalog(entries=[entry("共享的句子。甲独有。", "a1")])
    b = Catalog(entries=[entry("共享的句子。", "b1"), entry("已审校。", "b2", "Reviewed.")])
    fake = FakeTranslator()
    ticks: list[int] = []
    sa, sb = draft_catalogs([a, b], fake, progress=ticks.append)
    assert fake.calls == [["共享的句子。", "甲独有。"]]
    assert (sa.drafted, sa.translated, sa.skipped) == (1, 2, 0)
    assert (sb.drafted, sb.translated, sb.skipped) == (1, 1, 1)
    assert b.entries[0].msgstr == "[en] 共享的句子。"
    assert sb.actions == [("b1", "draft by MT")]
    assert sum(ticks) == 2


def test_sentences_without_chinese_skip_the_engine() -> None:
    cat = Catalog(
        entries=[entry("`make install`", "c1"), entry("Kubernetes 1.28", "c2"), entry("中文。", "c3")]
    )
    fake = FakeTranslator()
    draft_catalog(cat, fake)
    assert fake.calls == [["中文。"]]
    assert cat.by_context()["c1"].msgstr == "`make install`"
    assert cat.by_context()["c2"].msgstr == "Kubernetes 1.28"


def test_soft_line_breaks_are_joined_for_the_engine() -> None:
    cat = Catalog(entries=[entry("第一行\n第二行。Next\nline.", "c")])
    fake = FakeTranslator(fn=lambda s: s)
    draft_catalog(cat, fake)
    assert fake.calls == [["第一行第二行。"]]


def test_tm_reuse_fuzzy_and_reviewed() -> None:
    tm = {"它很快！": ("It is fast!", "po/en/other.po")}
    cat = make_catalog()
    fake = FakeTranslator()
    stats = draft_catalog(cat, fake, tm=tm)
    e = cat.by_context()["p2"]
    assert e.msgstr == "It is fast!" and e.fuzzy
    assert e.translator_comments == [f"tm: from po/en/other.po sha1={draft_hash('It is fast!')}"]
    assert stats.reused == 1 and stats.drafted == 2
    assert ("p2", "reuse TM from po/en/other.po") in stats.actions

    cat = make_catalog()
    stats = draft_catalog(cat, FakeTranslator(), tm=tm, tm_reviewed=True)
    e = cat.by_context()["p2"]
    assert e.msgstr == "It is fast!" and not e.fuzzy
    assert e.translator_comments == ["tm: from po/en/other.po"]
    assert ("p2", "reuse reviewed TM from po/en/other.po") in stats.actions


def test_dry_run_changes_nothing_and_lists_actions() -> None:
    cat = make_catalog()
    snapshot = [(e.msgstr, list(e.flags), list(e.translator_comments)) for e in cat.entries]
    fake = FakeTranslator()
    ticks: list[int] = []
    stats = draft_catalog(
        cat, fake, tm={"它很快！": ("It is fast!", "x.po")}, dry_run=True, progress=ticks.append
    )
    assert fake.calls == []
    assert [(e.msgstr, e.flags, e.translator_comments) for e in cat.entries] == snapshot
    assert stats.actions == [("p1", "draft by MT"), ("p2", "reuse TM from x.po"), ("p8", "draft by MT")]
    assert stats.drafted == 2 and stats.reused == 1 and stats.translated > 0
    assert sum(ticks) == 3


def test_refresh_redoes_only_untouched_drafts() -> None:
    cat = make_catalog()
    draft_catalog(cat, FakeTranslator(version="1"))
    idx = cat.by_context()
    idx["p2"].msgstr = "It's fast!"  # a human edits one draft but leaves it fuzzy
    v2 = FakeTranslator(fn=lambda s: f"<v2> {s}", version="2")
    stats = draft_catalog(cat, v2, refresh=True)
    assert idx["p1"].msgstr.startswith("<v2>")
    assert idx["p1"].translator_comments == [f"mt: fake 2 sha1={draft_hash(idx['p1'].msgstr)}"]
    assert idx["p2"].msgstr == "It's fast!"
    assert idx["p3"].msgstr == "A reviewed sentence."
    assert idx["p4"].msgstr == "Human edit."
    assert ("p1", "redraft by MT") in stats.actions
    # Without refresh, untouched drafts are left alone.
    v3 = FakeTranslator(fn=lambda s: "<v3>", version="3")
    stats = draft_catalog(cat, v3)
    assert v3.calls == [] and stats.drafted == 0
    assert idx["p1"].msgstr.startswith("<v2>")


def test_refresh_keeps_reviewed_draft() -> None:
    cat = Catalog(entries=[entry("中文。", "c")])
    draft_catalog(cat, FakeTranslator())
    e = cat.entries[0]
    e.set_fuzzy(False)  # reviewed as is
    draft_catalog(cat, FakeTranslator(fn=lambda s: "other", version="9"), refresh=True)
    assert e.msgstr == "[en] 中文。" and not e.fuzzy


def test_flagged_when_engine_drops_markup() -> None:
    cat = make_catalog()
    fake = FakeTranslator(fn=lambda s: TOKEN_RE.sub("", s))  # drops every placeholder
    stats = draft_catalog(cat, fake, glossary=GLOSSARY)
    p8 = cat.by_context()["p8"]
    assert p8.fuzzy
    flags = [c for c in p8.translator_comments if c.startswith("mt-flag:")]
    assert "mt-flag: lost code span `make`" in flags
    assert "mt-flag: lost footnote reference [^1]" in flags
    assert any("https://x.y/z" in f for f in flags)
    p1 = cat.by_context()["p1"]
    assert "mt-flag: lost glossary term 服务网格 → service mesh" in p1.translator_comments
    assert stats.flagged == 2
    assert ("p8", "draft by MT (flagged)") in stats.actions


def test_glossary_targets_pinned_in_drafts() -> None:
    cat = Catalog(entries=[entry("字节跳动开源了Kitex，一个服务网格微服务框架。", "g")])
    fake = FakeTranslator(fn=lambda s: s.replace("开源了", " open-sourced ").replace("一个", "a "))
    draft_catalog(cat, fake, glossary=GLOSSARY)
    e = cat.entries[0]
    assert "ByteDance" in e.msgstr and "Kitex" in e.msgstr and "service mesh" in e.msgstr
    assert "microservice" in e.msgstr
    assert not any(c.startswith("mt-flag") for c in e.translator_comments)


def test_glossary_target_changed_after_restore_is_flagged(monkeypatch: pytest.MonkeyPatch) -> None:
    # A number/punctuation normaliser (or anything after restore) that alters a pinned target.
    monkeypatch.setattr(mt.drafts, "_normalizer", lambda: lambda s: s.replace("service mesh", "mesh"))
    cat = Catalog(entries=[entry("服务网格。", "g")])
    draft_catalog(cat, FakeTranslator(fn=lambda s: s), glossary=GLOSSARY)
    assert 'mt-flag: glossary term "服务网格" → "service mesh" missing' in cat.entries[0].translator_comments


def test_forbidden_target_in_draft_is_flagged() -> None:
    g = StubGlossary([StubTerm("旧词", "old word", frozenset({"forbidden"}))])
    cat = Catalog(entries=[entry("这是旧词。", "f")])
    draft_catalog(cat, FakeTranslator(fn=lambda s: "This is an old word."), glossary=g)
    assert 'mt-flag: forbidden translation "old word" of "旧词"' in cat.entries[0].translator_comments


def _argos_quirks(s: str) -> str:
    """What Argos does to text: '_' → ' ', outer blanks stripped, tokens re-cased and split."""
    s = s.replace("_", " ").strip()
    return TOKEN_RE.sub(lambda m: m.group().lower().replace("q", "q "), s)


def test_argos_quirks_do_not_break_markup() -> None:
    text = "设置`max_tokens`和 snake_case_name 参数，见 https://a.b/c_d 和**重点**。"
    cat = Catalog(entries=[entry(text, "q")])
    draft_catalog(cat, FakeTranslator(fn=_argos_quirks))
    e = cat.entries[0]
    assert not any(c.startswith("mt-flag") for c in e.translator_comments)
    assert "`max_tokens`" in e.msgstr and "snake_case_name" in e.msgstr and "https://a.b/c_d" in e.msgstr
    assert "**重点**" in e.msgstr


def test_truncating_engine_is_flagged() -> None:
    text = "开头的中文句子，然后是`code`和 https://a.b/c 以及脚注[^9]。"
    cat = Catalog(entries=[entry(text, "t")])
    draft_catalog(cat, FakeTranslator(fn=lambda s: s[:8]))
    e = cat.entries[0]
    assert e.fuzzy
    flags = [c for c in e.translator_comments if c.startswith("mt-flag:")]
    assert "mt-flag: lost code span `code`" in flags
    assert "mt-flag: lost URL https://a.b/c" in flags
    assert "mt-flag: lost footnote reference [^9]" in flags


def test_empty_engine_output_leaves_entry_untranslated() -> None:
    cat = Catalog(entries=[entry("中文。", "e")])
    stats = draft_catalog(cat, FakeTranslator(fn=lambda s: ""))
    assert cat.entries[0].msgstr == "" and stats.flagged == 1 and stats.drafted == 0


def test_wrong_batch_length_is_an_error() -> None:
    class Broken(FakeTranslator):
        def translate_batch(self, sentences: list[str]) -> list[str]:
            return sentences[:-1]

    with pytest.raises(L10nError, match="returned"):
        draft_catalog(Catalog(entries=[entry("中文。", "e")]), Broken())


def test_progress_counts_every_finished_entry() -> None:
    ticks: list[int] = []
    draft_catalog(make_catalog(), FakeTranslator(), tm={"它很快！": ("x", "y.po")}, progress=ticks.append)
    assert sum(ticks) == 3


def test_number_normaliser_is_applied_but_never_breaks_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    normalise = lambda s: s.replace("。", ".").replace("`x`", "`y`")  # noqa: E731
    monkeypatch.setattr(mt.drafts, "_normalizer", lambda: normalise)
    cat = Catalog(entries=[entry("中文。", "a"), entry("运行`x`。", "b")])
    draft_catalog(cat, FakeTranslator(fn=lambda s: s))
    assert cat.entries[0].msgstr == "中文."
    # Normalising entry b would change its code span, so the un-normalised draft is kept.
    assert cat.entries[1].msgstr == "运行`x`。"
    assert not any(c.startswith("mt-flag") for c in cat.entries[1].translator_comments)


# --------------------------------------------------------------------------------------------
# MTCache


def test_cache_hits_on_rerun(tmp_path: Path) -> None:
    with MTCache(tmp_path / "cache" / "mt.sqlite") as cache:
        first = FakeTranslator()
        s1 = draft_catalog(make_catalog(), first, cache=cache)
        assert s1.cached == 0 and s1.translated > 0
        second = FakeTranslator()
        cat = make_catalog()
        s2 = draft_catalog(cat, second, cache=cache)
        assert second.calls == []
        assert s2.cached == s1.translated and s2.translated == 0
        assert cat.by_context()["p2"].msgstr == "[en] 它很快！"
        # Another model version does not see those entries.
        other = FakeTranslator(version="2")
        draft_catalog(make_catalog(), other, cache=cache)
        assert other.sentences_translated == s1.translated


def test_cache_get_put_many(tmp_path: Path) -> None:
    cache = MTCache(tmp_path / "c.sqlite")
    cache.put_many("m 1", [(f"句{i}", f"s{i}") for i in range(1200)])
    got = cache.get_many("m 1", [f"句{i}" for i in range(0, 1300, 7)])
    assert len(got) == len(range(0, 1200, 7)) and got["句7"] == "s7"
    assert cache.get_many("m 2", ["句7"]) == {}
    assert len(cache) == 1200
    mode = sqlite3.connect(tmp_path / "c.sqlite").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    cache.close()


def test_cache_concurrent_writers(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    MTCache(path).close()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            with MTCache(path) as c:
                for k in range(20):
                    c.put_many("m", [(f"{n}-{k}-{i}", "x") for i in range(50)])
                    c.get_many("m", [f"{n}-{k}-0"])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with MTCache(path) as c:
        assert len(c) == 3 * 20 * 50


def test_cache_unusable_file_is_a_domain_error(tmp_path: Path) -> None:
    bad = tmp_path / "c.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(L10nError, match="cannot open the MT cache"):
        MTCache(bad)


def test_draft_stats_defaults() -> None:
    s = DraftStats()
    assert (s.drafted, s.reused, s.cached, s.skipped, s.flagged, s.actions) == (0, 0, 0, 0, 0, [])


def test_real_glossary_satisfies_the_protocol() -> None:
    glossary = pytest.importorskip("l10n.glossary")
    g = glossary.Glossary(
        [
            glossary.Term("服务网格", "service mesh"),
            glossary.Term("Kitex", "Kitex", flags=frozenset({"do-not-translate"})),
            glossary.Term("微服务", "micro-service", flags=frozenset({"forbidden"})),
            glossary.Term("微服务", "microservice"),
        ]
    )
    cat = Catalog(entries=[entry("Kitex是服务网格微服务框架。", "x")])
    fake = FakeTranslator(fn=lambda s: s.replace("是", " is a ").replace("框架。", " framework."))
    stats = draft_catalog(cat, fake, glossary=g)
    assert stats.flagged == 0
    assert cat.entries[0].msgstr == "Kitex is a service mesh microservice framework."
