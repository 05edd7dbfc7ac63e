"""The whole pipeline over the real-world corpus (../shared/corpus: cloudwego zh articles + the seed
article), copied into a temporary site: CLI extract → fill the PO files → merge → check, with an
identity, a pseudo and a fake-MT translation. Zero crashes; the identity pass gives every article
back byte for byte, the pseudo pass keeps every article's block structure.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CORPUS, invoke_cli, slow_mode
from strategies import pseudo
from test_markdown import structure

from l10n.document import decode, parse_article
from l10n.formats.po import generate_po, parse_po

# drop_keys = []: the identity pass must give the files back byte for byte (isCJKLanguage included).
# The corpus shows authors in Chinese and cards whose `header` parameter is prose: both are translated,
# so nothing Chinese is left unseen (the `leftover` check stays quiet).
SETTINGS = (
    'threshold = 0\ndrop_keys = []\nextra_keys = ["main_topics", "author"]\n'
    'shortcode_params = { card = ["header"] }\nleftover_ignore = ["社区", "文档"]\n'
)


run = invoke_cli


def _sources() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted((CORPUS / "articles" / "cloudwego" / "zh").rglob("*.md")) + sorted(
        (CORPUS / "seed").glob("*.md")
    )


SOURCES = _sources()
pytestmark = pytest.mark.skipif(not SOURCES, reason="../shared/corpus is absent")


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/zh holds every corpus article; extract has run once."""
    root = tmp_path_factory.mktemp("corpus") / "site"
    zh = root / "content" / "zh"
    shutil.copytree(CORPUS / "articles" / "cloudwego" / "zh", zh)
    (zh / "seed").mkdir()
    for p in sorted((CORPUS / "seed").glob("*.md")):
        shutil.copy(p, zh / "seed" / p.name)
    (root / "l10n.toml").write_text(SETTINGS, encoding="utf-8")
    code, out = run(root, "extract")
    assert code == 0, out
    assert f"{len(SOURCES)} article(s)" in out
    code, out = run(root, "extract")
    assert code == 0 and f"0 PO file(s) updated, {len(SOURCES)} unchanged" in out, out
    return root


def _fill(root: Path, fn: Callable[[str], str]) -> None:
    for po in sorted((root / "po").rglob("*.po")):
        cat = parse_po(po.read_text(encoding="utf-8"), str(po))
        for e in cat.entries:
            e.msgstr = fn(e.msgid)
            e.set_fuzzy(False)
        po.write_text(generate_po(cat), encoding="utf-8")


def _pairs(root: Path) -> list[tuple[Path, Path]]:
    zh = root / "content" / "zh"
    return [(p, root / "content" / "en" / p.relative_to(zh)) for p in sorted(zh.rglob("*.md"))]


def _check(root: Path, allowed: set[str]) -> None:
    """``l10n check`` runs to the end and finds nothing but the expected kinds of finding."""
    import json

    code, out = run(root, "check", "--format", "json")
    data = json.loads(out[out.index("{") :])
    kinds = {f["check"] for f in data["findings"]}
    assert kinds <= allowed, sorted(kinds - allowed)
    assert data["summary"]["articles"] == len(SOURCES)
    assert code == (1 if any(f["severity"] == "error" for f in data["findings"]) else 0)


def test_identity_round_trip_over_the_corpus(corpus_site: Path) -> None:
    _fill(corpus_site, lambda m: m)
    code, out = run(corpus_site, "merge")
    assert code == 0, out
    for src, en in _pairs(corpus_site):
        assert en.read_bytes() == src.read_bytes(), src.relative_to(corpus_site)
    # An identity translation leaves Chinese in the English files: only the han check may object.
    _check(corpus_site, {"han", "numbers"})


def test_pseudo_translation_over_the_corpus(corpus_site: Path) -> None:
    _fill(corpus_site, pseudo)
    code, out = run(corpus_site, "merge")
    assert code == 0, out
    for src, en in _pairs(corpus_site):
        text, _ = decode(src.read_bytes(), str(src))
        out_text, _ = decode(en.read_bytes(), str(en))
        a, b = parse_article(text, str(src)), parse_article(out_text, str(en))
        assert structure(out_text[b.body_start :]) == structure(text[a.body_start :]), src.relative_to(
            corpus_site
        )
    _check(corpus_site, {"han", "numbers", "markup", "glossary"})


def test_fake_mt_over_the_corpus(corpus_site: Path) -> None:
    from l10n import mt

    if not (hasattr(mt, "FakeTranslator") and hasattr(mt, "draft_catalog")):
        pytest.skip("l10n.mt has no FakeTranslator / draft_catalog")
    from l10n.app.fs import load_config
    from l10n.app.site_jobs import run_translate

    _fill(corpus_site, lambda m: "")
    config = load_config(corpus_site)
    paths = (
        None
        if slow_mode()
        else [corpus_site / "content" / "zh" / "seed", corpus_site / "content" / "zh" / "blog"]
    )
    summary, results = run_translate(config, paths, translator=mt.FakeTranslator(fn=lambda s: f"EN({s})"))
    assert not [r.error for r in results if r.error]
    assert " drafted" in summary
    where = [] if paths is None else [str(p) for p in paths]
    code, out = run(corpus_site, "merge", "--include-fuzzy", *where)
    assert code == 0, out
    for _, en in _pairs(corpus_site):
        if en.exists():
            text, bom = decode(en.read_bytes(), str(en))
            parse_article(text, str(en), bom)
    code, out = run(corpus_site, "check", *where)
    assert code in (0, 1) and "error(s)" in out


def test_check_in_a_process_pool(tmp_path: Path) -> None:
    """Regression: check in a pool once failed to pickle its severity filter (fixed in 3138b1b)."""
    root = tmp_path / "site"
    (root / "content" / "zh").mkdir(parents=True)
    for i in range(4):
        (root / "content" / "zh" / f"a{i}.md").write_text(f"第{i}篇文章。\n", encoding="utf-8")
    (root / "l10n.toml").write_text("jobs = 2\n", encoding="utf-8")
    assert run(root, "extract")[0] == 0
    code, out = run(root, "check")
    assert code == 1 and "untranslated" in out
