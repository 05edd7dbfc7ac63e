"""l10n.align: block alignment of a Chinese text with its English version (pure, no files).

The scores are posterior probabilities over all monotone alignments; a brute-force enumeration of
every alignment of tiny inputs checks the forward-backward sums. The behaviour tests use Chinese
and English blocks in the shape of the cloudwego articles: prose with product names, code spans,
links and numbers that survive translation.
"""

from __future__ import annotations

import math

import pytest

from l10n.align import FIXED, MERGE, SKIP, Item, Model, align, han_share, make_item, merged

ZH = [
    "Kitex 是字节跳动内部的 Golang 微服务 RPC 框架，具有高性能、强可扩展的特点。",
    "在 v0.6.0 版本中，我们支持了 HTTP Trailer 的编码和解析，详见 [文档](https://example.com/trailer)。",
    "使用 `go get github.com/cloudwego/hertz` 安装最新版本，需要 Go 1.18 及以上。",
    "Netpoll 是一个高性能的网络库，专注于 RPC 场景，提供了零拷贝的读写接口。",
    "感谢所有贡献者，本次发布共合并了 42 个 PR。",
]
EN = [
    "Kitex is a Golang microservice RPC framework from ByteDance, with high performance and strong "
    "extensibility.",
    "In v0.6.0 we support encoding and parsing of HTTP Trailer, see the [docs](https://example.com/trailer).",
    "Install the latest release with `go get github.com/cloudwego/hertz`; Go 1.18 or later is required.",
    "Netpoll is a high-performance network library focused on RPC, with zero-copy read and write interfaces.",
    "Thanks to all contributors: this release merges 42 PRs.",
]


def items(texts: list[str], key: str = "p") -> list[Item]:
    return [make_item(key, t) for t in texts]


def pairs(
    src: list[Item], dst: list[Item], threshold: float = 0.5
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(p.src, p.dst) for p in align(src, dst).pairs if p.score > threshold]


def test_same_structure_is_the_diagonal_with_high_scores() -> None:
    result = align(items(ZH), items(EN))
    assert [(p.src, p.dst) for p in result.pairs] == [((k,), (k,)) for k in range(5)]
    assert all(p.score > 0.9 for p in result.pairs)


def test_an_english_block_deleted_leaves_its_chinese_block_unpaired() -> None:
    got = pairs(items(ZH), items(EN[:2] + EN[3:]))
    assert got == [((0,), (0,)), ((1,), (1,)), ((3,), (2,)), ((4,), (3,))]


def test_an_inserted_note_pairs_with_nothing() -> None:
    note = "Translator's note: this page was translated from Chinese and may lag behind the original."
    got = pairs(items(ZH), items(EN[:2] + [note] + EN[2:]))
    assert got == [((0,), (0,)), ((1,), (1,)), ((2,), (3,)), ((3,), (4,)), ((4,), (5,))]


def test_two_paragraphs_merged_in_english_are_a_2_to_1_pair() -> None:
    got = pairs(items(ZH), items([EN[0], EN[1] + " " + EN[2], EN[3], EN[4]]))
    assert ((1, 2), (1,)) in got
    assert ((0,), (0,)) in got and ((3,), (2,)) in got and ((4,), (3,)) in got


def test_one_paragraph_split_in_english_is_a_1_to_2_pair() -> None:
    first, second = EN[1].split(", see ")
    got = pairs(items(ZH), items([EN[0], first + ",", "See " + second, *EN[2:]]))
    assert ((1,), (1, 2)) in got


def test_items_of_different_kinds_never_pair() -> None:
    src = [make_item("h2", ZH[0]), make_item("p", ZH[1])]
    dst = [make_item("p", EN[0]), make_item("p", EN[1])]
    got = pairs(src, dst)
    assert got == [((1,), (1,))]


def test_fixed_blocks_anchor_but_never_pair_with_text() -> None:
    code = "```go\nfunc main() {}\n```"
    src = [make_item("p", ZH[0]), make_item(FIXED, code), make_item("p", ZH[1])]
    dst = [make_item("p", EN[0]), make_item(FIXED, code), make_item("p", EN[1])]
    assert pairs(src, dst) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_an_unrelated_block_in_the_same_place_is_not_trusted() -> None:
    # The English page replaced the paragraph about 42 PRs by something else entirely.
    other = "Join us at https://cloudwego.io/community to discuss the roadmap and upcoming meetups."
    got = pairs(items(ZH), items(EN[:4] + [other]))
    assert ((4,), (4,)) not in got


def test_look_alike_items_with_one_dropped_never_pair_wrongly() -> None:
    # Five list items of the same length and no anchors; the English lost the middle one. Several
    # alignments explain that equally well: whatever is filled must be right.
    zh = [f"第{c}项功能改进了性能表现" for c in "一二三四五"]
    en = [f"Feature {c} improved the performance" for c in "ABCDE"]
    kept = [0, 1, 3, 4]
    for p in align(items(zh, "li"), items([en[k] for k in kept], "li")).pairs:
        if p.score > 0.5:
            assert kept[p.dst[0]] == p.src[0]


def test_empty_sides() -> None:
    assert align([], items(EN)).pairs == []
    assert align(items(ZH), []).pairs == []


def test_han_share() -> None:
    assert han_share("Hello world") == 0.0
    assert han_share(ZH[3]) > 0.5
    assert han_share("Welcome to 字节跳动 (ByteDance), a company with many products and teams") < 0.5


# --------------------------------------------------------------------------- exact posteriors


def _brute_force(src: list[Item], dst: list[Item]) -> dict[tuple[tuple[int, ...], tuple[int, ...]], float]:
    """Posterior of every pair by enumerating all monotone alignments (tiny inputs only)."""
    model = Model(src, dst)
    same = [a.key for a in src] == [b.key for b in dst]
    n, m = len(src), len(dst)
    totals: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = {}
    z = 0.0

    def walk(i: int, j: int, weight: float, used: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> None:
        nonlocal z
        if i == n and j == m:
            p = math.exp(weight)
            z += p
            for e in used:
                totals[e] = totals.get(e, 0.0) + p
            return
        if i < n:
            walk(i + 1, j, weight + SKIP, used)
        if j < m:
            walk(i, j + 1, weight + SKIP, used)
        if i < n and j < m and src[i].key == dst[j].key:
            walk(i + 1, j + 1, weight + model.llr(src[i], dst[j]), [*used, ((i,), (j,))])
            if not same and src[i].key in ("p", "li"):
                if i + 1 < n and src[i + 1].key == src[i].key:
                    w = model.llr(merged(src[i], src[i + 1]), dst[j]) + MERGE
                    walk(i + 2, j + 1, weight + w, [*used, ((i, i + 1), (j,))])
                if j + 1 < m and dst[j + 1].key == dst[j].key:
                    w = model.llr(src[i], merged(dst[j], dst[j + 1])) + MERGE
                    walk(i + 1, j + 2, weight + w, [*used, ((i,), (j, j + 1))])

    walk(0, 0, 0.0, [])
    return {e: t / z for e, t in totals.items()}


@pytest.mark.parametrize(
    "zh, en",
    [
        (ZH[:3], EN[:3]),
        (ZH[:4], [EN[0], EN[2], EN[3]]),
        (ZH[:3], [EN[0], EN[1] + " " + EN[2]]),
        (ZH[:2], [EN[1], EN[0], "An unrelated remark about the weather."]),
        (["很短", "也很短"], ["Short", "Also short", "Short again"]),
    ],
)
def test_scores_are_exact_posteriors(zh: list[str], en: list[str]) -> None:
    src, dst = items(zh), items(en)
    exact = _brute_force(src, dst)
    got = {(p.src, p.dst): p.posterior for p in align(src, dst, band=10).pairs}
    for edge, post in got.items():
        assert post == pytest.approx(exact[edge], rel=1e-6)
    # Every edge more likely than not is reported (when its own evidence holds up).
    for edge, post in exact.items():
        if post > 0.55 and edge not in got:
            p = [x for x in align(src, dst, band=10).pairs if (x.src, x.dst) == edge]
            assert not p
