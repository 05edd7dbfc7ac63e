"""Edit sequences: translations survive any sequence of source edits and are never misattached.

A translated article (every msgstr is a marker naming the msgid it was made for) goes through random
edits — insert, delete, move, duplicate, edit and re-kind blocks, change front-matter values, revert
to an earlier version — with an
extract after each (fed the previous PO text) and, now and then, a translator filling or reviewing
entries. After every extract:
- every msgstr the previous PO held is still in the new one (kept, fuzzy carry-over, or obsolete);
- a non-fuzzy msgstr sits on the msgid it was made for; a fuzzy one has that msgid as ``#| msgid``,
  and when it moved onto new text in this step, it came from an entry whose text is similar;
- the active entries are exactly the article's segments, in order, with distinct contexts;
- a second extract changes nothing.

Sequence counts come from the Hypothesis profile: "ci" 60 sequences, "slow" 2000, of up to 15 steps.
"""

from __future__ import annotations

import copy
import difflib
import json
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.app.article_jobs import extract_text
from l10n.app.config import Config
from l10n.catalog import FUZZY_RATIO
from l10n.document import parse_article
from l10n.formats.po import generate_po, parse_po
from l10n.model import Catalog

CONFIG = Config(drop_keys=())
PATH = "content/zh/a.md"
PO = "po/en/a.po"
MAX_STEPS = 15

VOCAB = [
    "马斯克", "宣布", "融资", "计划", "今天", "新的", "公司", "模型", "发布", "用户", "数据", "增长",
    "百分之十", "市场", "产品", "Kitex", "Hertz", "2025 年", "服务", "性能",
]  # fmt: skip
KINDS = ("p", "p", "h", "li", "q")

words = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=8)


def mark(msgid: str) -> str:
    """The translation of ``msgid``: unique per msgid, and it says which msgid it was made for."""
    return f"EN<{msgid}>"


def made_for(msgstr: str) -> str:
    assert msgstr.startswith("EN<") and msgstr.endswith(">"), msgstr
    return msgstr[3:-1]


def ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass
class Doc:
    title: list[str]
    tags: list[list[str]]
    blocks: list[tuple[str, list[str]]] = field(default_factory=list)

    def text(self) -> str:
        tags = ", ".join(json.dumps("".join(t), ensure_ascii=False) for t in self.tags)
        head = f"---\ntitle: {json.dumps(''.join(self.title), ensure_ascii=False)}\ntags: [{tags}]\n---\n"
        out = []
        for kind, ws in self.blocks:
            body = "".join(ws) + "。"
            out.append({"p": body, "h": "## " + body, "li": "- " + body, "q": "> " + body}[kind])
        return head + "\n" + "\n\n".join(out) + "\n"


def extract(doc: Doc, old_po: str | None) -> tuple[str, Catalog, list[tuple[str, str]]]:
    article = parse_article(doc.text(), PATH)
    po, catalog, segs = extract_text(article, old_po, PO, CONFIG)
    return po, catalog, [(s.id, s.source) for s in segs]


def check_step(
    old: Catalog, new_po: str, segs: list[tuple[str, str]], doc: Doc, tainted: set[str]
) -> Catalog:
    new = parse_po(new_po, PO)
    active = [e for e in new.entries if not e.obsolete]
    assert [(e.context, e.msgid) for e in active] == segs
    assert len({e.context for e in active}) == len(active)
    lost = {e.msgstr for e in old.entries if e.msgstr} - {e.msgstr for e in new.entries if e.msgstr}
    assert not lost, f"translations lost: {lost}"
    old_pairs = {(e.msgid, e.msgstr) for e in old.entries}
    for e in new.entries:
        if not e.msgstr:
            continue
        origin = made_for(e.msgstr)
        where = f"{e.context} {e.msgid!r} (obsolete={e.obsolete})"
        if not e.fuzzy:
            assert e.msgid == origin, f"reviewed translation of {origin!r} attached to {where}"
            continue
        if _REVIVE_BUG and (
            e.msgstr in tainted or any(o.obsolete and o.fuzzy and o.msgstr == e.msgstr for o in old.entries)
        ):
            # The known bug of test_revived_fuzzy_entry_keeps_previous_msgid, and everything that
            # later follows from an entry it damaged: tolerated only while that bug exists.
            tainted.add(e.msgstr)
            continue
        assert e.previous_msgid == origin, (
            f"fuzzy {where}: #| msgid {e.previous_msgid!r}, made for {origin!r}"
        )
        if (e.msgid, e.msgstr) not in old_pairs:
            # Carried over in this step: it must replace a similar entry of the previous PO.
            sources = [o.msgid for o in old.entries if not o.obsolete and o.msgstr == e.msgstr]
            assert any(ratio(s, e.msgid) >= FUZZY_RATIO for s in sources), (
                f"fuzzy {where} came from unrelated text {sources!r}"
            )
    again, _, _ = extract(doc, new_po)
    assert again == new_po, "a second extract changed the PO file"
    return new


def _revive_case() -> Catalog:
    """Translate, edit (fuzzy carry-over), delete (obsolete), restore the edited text (revived)."""
    doc = Doc(title=["马斯克"], tags=[], blocks=[("p", ["马斯克", "宣布", "融资", "计划"])])
    po, catalog, _ = extract(doc, None)
    for e in catalog.entries:
        e.msgstr = mark(e.msgid)
    po = generate_po(catalog)
    doc.blocks[0] = ("p", ["马斯克", "今天", "宣布", "融资", "计划"])
    po, _, _ = extract(doc, po)
    edited = doc.blocks.pop()
    po, _, _ = extract(doc, po)
    doc.blocks.append(edited)
    po, _, _ = extract(doc, po)
    return parse_po(po, PO)


def _revived() -> tuple[str, str | None, bool]:
    e = [e for e in _revive_case().entries if e.context and e.context.startswith("p-")][0]
    return e.msgstr, e.previous_msgid, e.fuzzy


# The property test tolerates exactly this bug while it exists, so that it keeps finding others.
_REVIVE_BUG = _revived()[1] is None


def test_revived_fuzzy_entry_keeps_previous_msgid() -> None:
    msgstr, previous, fuzzy = _revived()
    assert msgstr == mark("马斯克宣布融资计划。") and fuzzy
    assert previous == "马斯克宣布融资计划。"


def translator(data: st.DataObject, catalog: Catalog) -> None:
    """Fill some empty entries and review some fuzzy ones, as a person in a PO editor would."""
    for e in catalog.entries:
        if e.obsolete:
            continue
        if not e.msgstr and data.draw(st.integers(0, 2), label="fill") > 0:
            e.msgstr = mark(e.msgid)
        elif e.fuzzy and data.draw(st.booleans(), label="review"):
            e.msgstr = mark(e.msgid)
            e.set_fuzzy(False)
            e.previous_context = e.previous_msgid = None


def edit(data: st.DataObject, doc: Doc, history: list[Doc]) -> str:
    n = len(doc.blocks)
    ops = ["insert", "fm-title", "fm-tags", "translate", "revert"]
    if n:
        ops += ["delete", "edit", "edit", "edit", "move", "kind", "duplicate"]
    op = data.draw(st.sampled_from(ops), label="op")
    if op == "revert":
        # Back to an earlier version (a git revert): old texts return and revive obsolete entries.
        old = copy.deepcopy(history[data.draw(st.integers(0, len(history) - 1))])
        doc.title, doc.tags, doc.blocks = old.title, old.tags, old.blocks
    elif op == "insert":
        doc.blocks.insert(data.draw(st.integers(0, n)), (data.draw(st.sampled_from(KINDS)), data.draw(words)))
    elif op == "delete":
        del doc.blocks[data.draw(st.integers(0, n - 1))]
    elif op == "move":
        b = doc.blocks.pop(data.draw(st.integers(0, n - 1)))
        doc.blocks.insert(data.draw(st.integers(0, n - 1)), b)
    elif op == "duplicate":
        i = data.draw(st.integers(0, n - 1))
        doc.blocks.insert(data.draw(st.integers(0, n)), (doc.blocks[i][0], list(doc.blocks[i][1])))
    elif op == "kind":
        i = data.draw(st.integers(0, n - 1))
        doc.blocks[i] = (data.draw(st.sampled_from(KINDS)), doc.blocks[i][1])
    elif op == "edit":
        i = data.draw(st.integers(0, n - 1))
        doc.blocks[i] = (doc.blocks[i][0], _edit_words(data, doc.blocks[i][1]))
    elif op == "fm-title":
        doc.title = _edit_words(data, doc.title)
    elif op == "fm-tags":
        k = data.draw(st.integers(0, len(doc.tags)))
        if k == len(doc.tags):
            doc.tags.append(data.draw(words))
        elif data.draw(st.booleans()):
            del doc.tags[k]
        else:
            doc.tags[k] = _edit_words(data, doc.tags[k])
    return op


def _edit_words(data: st.DataObject, ws: list[str]) -> list[str]:
    ws = list(ws)
    how = data.draw(st.sampled_from(["append", "insert", "remove", "replace-word", "rewrite"]), label="how")
    if how == "append":
        ws.append(data.draw(st.sampled_from(VOCAB)))
    elif how == "insert":
        ws.insert(data.draw(st.integers(0, len(ws))), data.draw(st.sampled_from(VOCAB)))
    elif how == "remove" and len(ws) > 1:
        del ws[data.draw(st.integers(0, len(ws) - 1))]
    elif how == "replace-word":
        ws[data.draw(st.integers(0, len(ws) - 1))] = data.draw(st.sampled_from(VOCAB))
    else:
        ws = data.draw(words)
    return ws


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_edit_sequences_keep_every_translation(data: st.DataObject) -> None:
    doc = Doc(
        title=data.draw(words, label="title"),
        tags=data.draw(st.lists(words, max_size=3), label="tags"),
        blocks=data.draw(
            st.lists(st.tuples(st.sampled_from(KINDS), words), min_size=1, max_size=8), label="blocks"
        ),
    )
    po, catalog, _ = extract(doc, None)
    for e in catalog.entries:
        e.msgstr = mark(e.msgid)
    po = generate_po(catalog)
    old = parse_po(po, PO)
    history = [copy.deepcopy(doc)]
    tainted: set[str] = set()
    for _ in range(data.draw(st.integers(1, MAX_STEPS), label="steps")):
        op = edit(data, doc, history)
        history.append(copy.deepcopy(doc))
        if op == "translate":
            translator(data, old)
            po = generate_po(old)
            continue
        po, _, segs = extract(doc, po)
        old = check_step(old, po, segs, doc, tainted)
