"""``l10n import`` on the real cloudwego article pairs (../shared/corpus; skipped when absent).

Precision is measured as ``bench/import_quality.py`` does: same-structure pairs, whose true alignment
is block k with block k, with the English side edited as translators do (a block deleted, two merged,
one inserted). The fast profile uses a prefix of the pairs; ``--slow`` uses them all.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import polib
import pytest
from conftest import REPO, corpus, invoke_cli, slow_mode

sys.path.insert(0, str(REPO / "bench"))

import import_quality  # noqa: E402

from l10n.align import han_share  # noqa: E402


def _cloudwego() -> Path:
    return corpus() / "articles" / "cloudwego"


def test_precision_on_perturbed_pairs_is_at_least_99_percent() -> None:
    t = import_quality.measure(
        _cloudwego(), seed=7, rounds=2, mode="block", limit=None if slow_mode() else 70
    )
    assert t.right + t.wrong > 1000
    assert t.right / (t.right + t.wrong) >= 0.99, t.examples
    assert t.right / t.reachable >= 0.9
    # Same structure: nearly every segment filled, and the text blocks written back as they were.
    assert t.filled_same / t.segments_same >= 0.95
    assert t.blocks_exact / t.blocks_same >= 0.95


def test_same_structure_pages_come_back_byte_for_byte() -> None:
    # Item 3 of the import issue: a page of the same block structure comes back byte for byte,
    # except front-matter keys the English page changed on purpose (reported). The rest are listed
    # by reason; none may be a translated front-matter value written in another form.
    t = import_quality.measure(_cloudwego(), seed=1, rounds=0, mode="block", limit=None)
    assert t.same >= 100
    assert t.exact_but_keys / t.same >= 0.85, t.reasons
    assert "a translated front-matter value differs" not in t.reasons


def test_replaced_blocks_are_filled_only_by_position() -> None:
    # A block the English page replaced can only be filled by position (fuzzy, "by position"):
    # the aligner's own pairs never take foreign text.
    t = import_quality.measure(_cloudwego(), seed=3, rounds=1, mode="block", limit=60, ops=("replace",))
    assert t.by_op["replace"] > 20
    assert t.wrong <= t.by_op["replace"]


def test_sentence_segmentation_on_the_corpus() -> None:
    t = import_quality.measure(
        _cloudwego(), seed=1, rounds=0, mode="sentence", limit=None if slow_mode() else 40
    )
    assert t.filled_same / t.segments_same >= 0.9


def test_cli_import_then_merge_on_real_pairs(tmp_path: Path) -> None:
    root = tmp_path / "site"
    src = _cloudwego()
    chosen = []
    for line in (src / "pairs.tsv").read_text(encoding="utf-8").splitlines():
        zh, _, en = line.partition("\t")
        if en and (src / zh).stat().st_size < 20_000:
            chosen.append((zh, en))
        if len(chosen) == (200 if slow_mode() else 25):
            break
    for zh, en in chosen:
        rel = zh.removeprefix("zh/")
        for lang, path in (("zh", zh), ("en", en)):
            dst = root / "content" / lang / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src / path, dst)
    (root / "l10n.toml").write_text("", encoding="utf-8")
    chinese = sum(1 for _, en in chosen if han_share((src / en).read_text(encoding="utf-8")) >= 0.5)
    code, out = invoke_cli(root, "import")
    assert code == (1 if chinese else 0), out
    assert f"{len(chosen)} article(s): {len(chosen) - chinese} PO file(s) updated" in out, out
    exact = int(out.split(" English page(s) reproduced exactly")[0].rsplit(" ", 1)[-1])
    assert exact >= 1
    for po in (root / "po").rglob("*.po"):
        polib.pofile(str(po))  # the oracle reads every file import wrote
    code, out = invoke_cli(root, "import")
    assert f"{len(chosen) - chinese} unchanged" in out and " 0 filled;" in out, out
    code, out = invoke_cli(root, "merge", "--include-fuzzy", "--threshold", "0")
    assert code == (1 if chinese else 0) and f"{exact} unchanged" in out, out


@pytest.mark.skipif(not slow_mode(), reason="long profile only")
def test_moved_blocks_keep_precision() -> None:
    t = import_quality.measure(_cloudwego(), seed=3, rounds=2, mode="block", limit=None, ops=("move",))
    assert t.right / (t.right + t.wrong) >= 0.99, t.examples
