"""How well ``l10n import`` adopts existing English pages: figures for the README, not a test.

On the cloudwego article pairs (``../shared/corpus/articles/cloudwego``: ``zh/``, ``en/``, ``pairs.tsv``):

- **exact**: articles that ``import`` then ``merge --include-fuzzy`` give back byte for byte (all pairs,
  and the pairs whose two versions have the same block structure);
- **filled**: Chinese segments that received an English translation;
- **precision** on perturbed pairs: take each same-structure pair, whose true alignment is known
  (block *k* with block *k*), and change the English side as translators do: delete a block, merge two
  adjacent paragraphs or list items into one, insert a paragraph from another article. A filled
  entry is right when its msgstr is the English text of its true counterpart (whitespace aside);
  precision = right / filled, recall = right / (true pairs still present).

Usage: ``python bench/import_quality.py [--corpus DIR] [--seed 1] [--rounds 3] [--sentence]``.
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from l10n.align import han_share  # noqa: E402
from l10n.app.article_jobs import import_text, merge_text  # noqa: E402
from l10n.app.config import Config  # noqa: E402
from l10n.bitext import CHINESE, align_documents, english_text  # noqa: E402
from l10n.document import (  # noqa: E402
    Document,
    Slot,
    code_pieces,
    decode,
    parse_article,
    parse_document,
    same_front_matter,
)
from l10n.formats import frontmatter as fm  # noqa: E402
from l10n.model import Catalog, Kind  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles" / "cloudwego"


@dataclass(frozen=True)
class PairFiles:
    zh_path: str
    en_path: str
    zh: str
    en: str


def pairs(corpus: Path) -> Iterator[PairFiles]:
    """Every (Chinese, English) article pair listed in ``pairs.tsv`` with an English page."""
    for line in (corpus / "pairs.tsv").read_text(encoding="utf-8").splitlines():
        zh, _, en = line.partition("\t")
        if zh and en:
            zt = decode((corpus / zh).read_bytes(), zh)[0]
            et = decode((corpus / en).read_bytes(), en)[0]
            yield PairFiles(zh, en, zt, et)


def _doc(text: str, path: str, config: Config, mode: str = "block", drop: bool = False) -> Document:
    keys = config.translatable_keys
    return parse_document(parse_article(text, path), keys, config.drop_keys if drop else (), mode)


def same_structure(zh: Document, en: Document) -> bool:
    """The same text blocks in the same order (code blocks are compared by ``import`` as text)."""

    def shape(doc: Document) -> list[tuple[Kind, str, str | None]]:
        return [(s.kind, s.label, s.field) for s in doc.segments if s.kind is not Kind.CODE]

    return shape(zh) == shape(en)


def _norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- perturbations


def _body_slots(doc: Document) -> list[Slot]:
    return [s for s in doc.slots if s.unit is not None]


def _line_span(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, len(text) if b < 0 else b + 1


@dataclass
class Perturbed:
    text: str
    op: str
    # Indices (into the body slots of the original English page) of blocks deleted or merged away.
    deleted: set[int] = field(default_factory=set)
    merged: tuple[int, int] | None = None


OPS = ("delete", "merge", "insert")


def _alone(text: str, s: Slot, slots: list[Slot]) -> bool:
    """The block's lines hold no other block (its lines can be removed or moved whole)."""
    a, b = _line_span(text, s.start, s.end)
    return all(o is s or o.end <= a or o.start >= b for o in slots)


def perturb(
    en: Document, rng: random.Random, foreign: list[str], ops: tuple[str, ...] = OPS
) -> Perturbed | None:
    """One translator's edit of the English page: delete a block, merge two, insert one (or move one)."""
    text = en.article.text
    slots = _body_slots(en)
    order = list(ops)
    rng.shuffle(order)
    for op in order:
        if op == "delete":
            cands = [
                k
                for k, s in enumerate(slots)
                if s.unit is not None and not s.unit.table and _alone(text, s, slots)
            ]
            if not cands:
                continue
            k = rng.choice(cands)
            a, b = _line_span(text, slots[k].start, slots[k].end)
            if text[b : b + 1] == "\n" and (a == 0 or text[a - 2 : a] == "\n\n"):
                b += 1  # the blank line after a paragraph goes with it
            return Perturbed(text[:a] + text[b:], "delete", deleted={k})
        if op == "merge":
            cands = []
            for k in range(len(slots) - 1):
                s, t = slots[k], slots[k + 1]
                if s.unit is None or t.unit is None or s.unit.kind is not t.unit.kind:
                    continue
                if s.unit.kind not in (Kind.PARAGRAPH, Kind.LIST_ITEM) or s.unit.cont != t.unit.cont:
                    continue
                gap = text[s.end : t.start]
                if (
                    s.unit.kind is Kind.PARAGRAPH
                    and gap.strip() == ""
                    and gap.count("\n") == 2
                    and not s.unit.cont
                ):
                    cands.append(k)
                if s.unit.kind is Kind.LIST_ITEM and gap.count("\n") == 1 and gap.strip() in ("-", "*", "+"):
                    cands.append(k)
            if not cands:
                continue
            k = rng.choice(cands)
            s, t = slots[k], slots[k + 1]
            return Perturbed(text[: s.end] + " " + text[t.start :], "merge", merged=(k, k + 1))
        if op == "insert":
            cands = [
                k
                for k, s in enumerate(slots)
                if s.unit is not None
                and s.unit.kind is Kind.PARAGRAPH
                and not s.unit.cont
                and text[s.end : s.end + 2] == "\n\n"
            ]
            if not cands or not foreign:
                continue
            k = rng.choice(cands)
            para = rng.choice(foreign)
            pos = slots[k].end
            return Perturbed(text[:pos] + "\n\n" + para + text[pos:], "insert")
        if op == "replace":
            # A block rewritten as something else (localised contact details, a note of the
            # English site's own): its Chinese block has no counterpart any more.
            cands = [
                k
                for k, s in enumerate(slots)
                if s.unit is not None
                and s.unit.kind in (Kind.PARAGRAPH, Kind.LIST_ITEM)
                and len(s.unit.pieces) == 1
                and _alone(text, s, slots)
            ]
            if not cands or not foreign:
                continue
            k = rng.choice(cands)
            s = slots[k]
            return Perturbed(text[: s.start] + rng.choice(foreign) + text[s.end :], "replace", deleted={k})
        if op == "move":
            # A list item moved within its (tight) list, or a top-level paragraph, with the blank
            # line after it, moved before another top-level paragraph: 2 or 3 blocks away.
            def movable(s: Slot) -> tuple[int, int] | None:
                u = s.unit
                if u is None or not _alone(text, s, slots):
                    return None
                a, b = _line_span(text, s.start, s.end)
                if u.kind is Kind.LIST_ITEM and text[b : b + 1] not in ("\n", ""):
                    return a, b
                if (
                    u.kind is Kind.PARAGRAPH
                    and not u.cont
                    and text[b : b + 1] == "\n"
                    and text[a - 2 : a] == "\n\n"
                ):
                    return a, b + 1
                return None

            cands = []
            for k, s in enumerate(slots):
                span = movable(s)
                if span is None or s.unit is None:
                    continue
                for d in (-3, -2, 2, 3):
                    t = k + d
                    if not 0 <= t < len(slots):
                        continue
                    between = slots[min(k, t) : max(k, t) + 1]
                    if all(x.unit is not None and x.unit.kind is s.unit.kind and movable(x) for x in between):
                        cands.append((k, t))
            if not cands:
                continue
            k, t = rng.choice(cands)
            a, b = movable(slots[k])  # type: ignore[misc]
            ta, _ = movable(slots[t])  # type: ignore[misc]
            block, rest = text[a:b], text[:a] + text[b:]
            pos = ta if ta < a else ta - (b - a)
            return Perturbed(rest[:pos] + block + rest[pos:], "move")
    return None


# --------------------------------------------------------------------------- measurements


@dataclass
class Tally:
    articles: int = 0
    chinese: int = 0
    same: int = 0
    exact: int = 0
    exact_same: int = 0
    body_exact_same: int = 0  # same structure, everything after the front matter byte for byte
    # Same structure, byte for byte except front-matter values the English page changed on purpose
    # (a date, a weight: not translated keys, which ``import`` reports).
    exact_but_keys: int = 0
    reasons: Counter[str] = field(default_factory=Counter)  # why the other same-structure pages differ
    blocks_same: int = 0  # English text blocks of same-structure pairs
    blocks_exact: int = 0  # ... that merge writes back byte for byte
    segments: int = 0
    filled: int = 0
    filled_same: int = 0
    segments_same: int = 0
    seconds: float = 0.0
    right: int = 0
    wrong: int = 0
    reachable: int = 0
    by_op: Counter[str] = field(default_factory=Counter)
    wrong_by_op: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    right_by_score: Counter[int] = field(default_factory=Counter)
    wrong_by_score: Counter[int] = field(default_factory=Counter)


def truth(zh: Document, en: Document, zh_out: Document) -> dict[str, str]:
    """Segment ID → the English text of its block *k* counterpart (same-structure pairs only)."""
    out: dict[str, str] = {}
    newline = zh.article.newline
    zh_slots = [s for s in zh.slots if s.fence is None]
    en_slots = [s for s in en.slots if s.fence is None]
    for zs, es in zip(zh_slots, en_slots, strict=True):
        if not zs.segments or not es.segments:
            continue
        if han_share(es.segments[0].source) >= CHINESE:
            continue
        if zs.unit is None:
            out[zs.segments[0].id] = es.segments[0].source
        else:
            out[zs.segments[0].id] = english_text(en, es, zs, newline)
    # Code blocks with Chinese in them: the English page's code block of the same rank.
    zh_code = [r for r in zh.raw if r.body]
    en_code = [r for r in en.raw if r.body]
    if len(zh_code) == len(en_code):
        rank = {p[0][0]: k for k, r in enumerate(zh_code) if (p := code_pieces(zh.article.text, r))}
        text = en.article.text
        for slot in zh.slots:
            if slot.fence is not None and slot.start in rank:
                body = code_pieces(text, en_code[rank[slot.start]])
                out[slot.segments[0].id] = "\n".join(text[a:b] for a, b in body)
    return out


def _reasons(body: str, en_body: str, same_values: bool, head_equal: bool) -> set[str]:
    """Why a same-structure page is not given back byte for byte (several reasons may hold)."""
    out = set()
    if not same_values:
        out.add("a translated front-matter value differs")
    elif not head_equal:
        out.add("front-matter keys the English page changed on purpose (reported)")
    a, b = body.splitlines(), en_body.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        mine, theirs = a[i1:i2], b[j1:j2]
        if all(not x.strip() for x in mine + theirs):
            out.add("blank lines between blocks")
        elif any(han_share(x) > 0.1 for x in mine):
            out.add("a block left in Chinese (declined by the aligner, or Chinese in the English page)")
        else:
            out.add("the English page changed text merge copies (code without Chinese, list markers)")
    return out


def reproduction(tally: Tally, catalog: Catalog, p: PairFiles, config: Config) -> None:
    """Same-structure pair: is the body written back exactly, and which English text blocks are?"""
    zh = _doc(p.zh, p.zh_path, config, drop=True)
    merged = merge_text(zh, catalog, config, include_fuzzy=True, previous=p.en)[0]
    en_block, zh_block = fm.split(p.en, p.en_path), fm.split(merged, p.zh_path)
    body = merged[zh_block.end if zh_block else 0 :]
    en_body = p.en[en_block.end if en_block else 0 :]
    tally.body_exact_same += body == en_body
    same_values = same_front_matter(merged, p.en, config.translatable_keys, p.zh_path)
    if body == en_body and same_values:
        tally.exact_but_keys += 1
    if merged != p.en:
        head_equal = merged[: len(merged) - len(body)] == p.en[: len(p.en) - len(en_body)]
        tally.reasons.update(_reasons(body, en_body, same_values, head_equal))
    en = _doc(p.en, p.en_path, config)
    index = catalog.by_context()
    for zs, es in zip(_body_slots(zh), _body_slots(en), strict=True):
        seg = zs.segments[0]
        e = index.get(seg.id)
        if han_share(es.segments[0].source) >= CHINESE:
            continue
        tally.blocks_same += 1
        if e is not None and e.msgstr and e.msgstr != seg.source:
            written = zs.render([e.msgstr])
        else:
            written = p.zh[zs.start : zs.end]
        tally.blocks_exact += written == p.en[es.start : es.end]


def measure(
    corpus: Path, seed: int, rounds: int, mode: str, limit: int | None, ops: tuple[str, ...] = OPS
) -> Tally:
    config = Config(segmentation=mode)
    tally = Tally()
    rng = random.Random(seed)
    all_pairs = list(pairs(corpus))[:limit]
    foreign = []
    for p in all_pairs:
        for s in _body_slots(_doc(p.en, p.en_path, config)):
            src = s.segments[0].source
            if s.unit is not None and s.unit.kind is Kind.PARAGRAPH and not s.unit.cont and "\n" not in src:
                if len(src) > 40 and han_share(src) == 0:
                    foreign.append(src)
    for p in all_pairs:
        tally.articles += 1
        if han_share(p.en) >= CHINESE:
            tally.chinese += 1
            continue
        zh_block = _doc(p.zh, p.zh_path, config)
        en_doc = _doc(p.en, p.en_path, config)
        t0 = time.perf_counter()
        res = import_text(parse_article(p.zh, p.zh_path), parse_article(p.en, p.en_path), None, config)
        tally.seconds += time.perf_counter() - t0
        same = same_structure(zh_block, en_doc)
        tally.same += same
        tally.segments += res.segments
        tally.filled += res.filled
        tally.exact += res.exact
        if same:
            tally.exact_same += res.exact
            tally.segments_same += res.segments
            tally.filled_same += res.filled
            if mode == "block":
                reproduction(tally, res.catalog, p, config)
        if not same or mode != "block":
            continue
        expected = truth(zh_block, en_doc, zh_block)
        for _ in range(rounds):
            pert = perturb(en_doc, rng, [f for f in foreign if f not in p.en], ops)
            if pert is None:
                continue
            body = _body_slots(en_doc)
            gone = {body[k].segments[0].source for k in pert.deleted}
            bad_ids = {
                zs.segments[0].id
                for zs, es in zip(
                    [s for s in zh_block.slots if s.fence is None],
                    [s for s in en_doc.slots if s.fence is None],
                    strict=True,
                )
                if zs.segments and es.segments and es.segments[0].source in gone
            }
            en2 = _doc(pert.text, p.en_path, config)
            bt = align_documents(zh_block, en2)
            tally.by_op[pert.op] += 1
            tally.reachable += sum(1 for k in expected if k not in bad_ids)
            for f in bt.fills:
                want = expected.get(f.segment.id)
                # Right: the text of the true counterpart (or of an identical block, for a deleted one).
                bucket = min(9, int(f.score * 10))
                if want is not None and _norm(want) == _norm(f.msgstr):
                    tally.right += 1
                    tally.right_by_score[bucket] += 1
                else:
                    tally.wrong_by_score[bucket] += 1
                    tally.wrong += 1
                    tally.wrong_by_op[pert.op] += 1
                    if len(tally.examples) < 12:
                        tally.examples.append(
                            f"{p.zh_path} [{pert.op}] {f.segment.source[:40]!r} ← {f.msgstr[:60]!r} "
                            f"(score {f.score:.2f}; expected {str(want)[:40]!r})"
                        )
    return tally


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3, help="perturbations per same-structure pair")
    ap.add_argument("--sentence", action="store_true", help='segmentation = "sentence"')
    ap.add_argument("--limit", type=int, default=None, help="only the first N pairs")
    ap.add_argument("-v", "--verbose", action="store_true", help="show wrong pairs")
    ap.add_argument(
        "--ops",
        default=",".join(OPS),
        help="perturbations among delete, merge, insert, replace, move (default: the first three)",
    )
    args = ap.parse_args()
    if not (args.corpus / "pairs.tsv").is_file():
        sys.exit(f"no pairs.tsv in {args.corpus}")
    mode = "sentence" if args.sentence else "block"
    t = measure(args.corpus, args.seed, args.rounds, mode, args.limit, tuple(args.ops.split(",")))
    usable = t.articles - t.chinese

    def pct(a: int, b: int) -> str:
        return f"{a}/{b} ({100 * a / b:.1f} %)" if b else "-"

    print(f"article pairs: {t.articles} ({t.chinese} English pages that are Chinese text, skipped)")
    print(f"reproduced exactly: {pct(t.exact, usable)}; same block structure: {pct(t.exact_same, t.same)}")
    if not args.sentence:
        print(
            f"same block structure: body after the front matter exact {pct(t.body_exact_same, t.same)}; "
            f"English text blocks written back byte for byte {pct(t.blocks_exact, t.blocks_same)}"
        )
    if not args.sentence:
        print(
            "same block structure: byte for byte except front-matter keys the English page changed on "
            f"purpose: {pct(t.exact_but_keys, t.same)}"
        )
        for reason, n in t.reasons.most_common():
            print(f"  not byte for byte: {reason}: {n}")
    same = pct(t.filled_same, t.segments_same)
    print(f"segments filled: {pct(t.filled, t.segments)}; same block structure: {same}")
    print(f"import core: {t.seconds:.2f} s ({1000 * t.seconds / max(1, usable):.1f} ms per pair)")
    if t.right + t.wrong:
        print(
            f"perturbed pairs {dict(t.by_op)}: precision {pct(t.right, t.right + t.wrong)}, "
            f"recall {pct(t.right, t.reachable)}; wrong by edit {dict(t.wrong_by_op)}"
        )
    if args.verbose:
        print(
            "right/wrong by score:",
            {k / 10: (t.right_by_score[k], t.wrong_by_score[k]) for k in range(5, 10)},
        )
        for e in t.examples:
            print("  wrong:", e)


if __name__ == "__main__":
    main()
