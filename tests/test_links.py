"""Links lead English readers to English pages: /zh/ → /en/ localisation, heading anchors, checks."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, invoke_cli

from l10n.formats.po import generate_po, parse_po
from l10n.glossary import Glossary, Term
from l10n.links import anchors, heading_slug, map_prefix, rewrite_links

ARTICLE = """---
title: 介绍
---

## 快速开始

请阅读[安装指南](/zh/docs/install/ "安装")和[缺失页](/zh/docs/missing/)，
也可以看 {{< relref "/zh/docs/install" >}} 或[外部链接](https://example.com/zh/x)。

跳到[快速开始](#快速开始)。

[guide]: /zh/docs/install/
"""


def _site(tmp_path: Path, settings: str = "") -> Path:
    root = tmp_path / "site"
    zh = root / "content" / "zh"
    (zh / "docs").mkdir(parents=True)
    (zh / "docs" / "intro.md").write_text(ARTICLE, encoding="utf-8")
    (zh / "docs" / "Install.md").write_text("---\ntitle: 安装\n---\n\n安装步骤。\n", encoding="utf-8")
    (root / "l10n.toml").write_text(settings, encoding="utf-8")
    return root


def _translate(root: Path, fn: object) -> None:
    for po in sorted((root / "po").rglob("*.po")):
        cat = parse_po(po.read_text(encoding="utf-8"), str(po))
        for e in cat.entries:
            e.msgstr = fn(e.msgid)  # type: ignore[operator]
        po.write_text(generate_po(cat), encoding="utf-8")


def _pseudo(msgid: str) -> str:
    return {"快速开始": "Quick start", "介绍": "Introduction"}.get(msgid, f"EN {msgid}")


def test_merge_localises_links_to_pages_that_exist(tmp_path: Path) -> None:
    root = _site(tmp_path)
    assert invoke_cli(root, "extract")[0] == 0
    _translate(root, _pseudo)
    code, out = invoke_cli(root, "merge")
    assert code == 0, out
    en = (root / "content" / "en" / "docs" / "intro.md").read_text(encoding="utf-8")
    # Install.md has a PO file (planned); URLs match files case-insensitively.
    assert '[安装指南](/en/docs/install/ "安装")' in en
    assert "[缺失页](/zh/docs/missing/)" in en  # no English page: kept and reported
    assert "link /zh/docs/missing/ kept: no English page for it" in out
    assert '{{< relref "/en/docs/install" >}}' in en
    assert "(https://example.com/zh/x)" in en  # not a site path
    assert "[guide]: /en/docs/install/" in en
    # check agrees with merge: nothing stale, and the localised link is not a markup error.
    code, out = invoke_cli(root, "check", "--format", "json")
    kinds = {f["check"] for f in json.loads(out[out.index("{") :])["findings"]}
    assert "stale-en" not in kinds and "markup" not in kinds


def test_links_off_keeps_every_link(tmp_path: Path) -> None:
    root = _site(tmp_path, "links = {}\n")
    assert invoke_cli(root, "extract")[0] == 0
    _translate(root, lambda m: m)
    assert invoke_cli(root, "merge")[0] == 0
    assert (root / "content" / "en" / "docs" / "intro.md").read_text(encoding="utf-8") == ARTICLE


def test_translator_may_write_the_english_link_by_hand(tmp_path: Path) -> None:
    root = _site(tmp_path)
    assert invoke_cli(root, "extract")[0] == 0
    _translate(root, lambda m: m.replace("/zh/docs/install/", "/en/docs/install/"))
    code, out = invoke_cli(root, "check", "--only", "markup")
    assert code == 0, out
    _translate(root, lambda m: m.replace("/zh/docs/install/", "/en/docs/other/"))
    code, out = invoke_cli(root, "check", "--only", "markup")
    assert code == 1 and "link target /zh/docs/install/ missing in translation" in out


def test_heading_ids_keep_and_the_anchor_check(tmp_path: Path) -> None:
    root = _site(tmp_path)
    assert invoke_cli(root, "extract")[0] == 0
    _translate(root, _pseudo)
    assert invoke_cli(root, "merge")[0] == 0
    code, out = invoke_cli(root, "check", "--only", "anchor")
    assert code == 1 and "in-page link #快速开始 leads to no heading or id" in out
    (root / "l10n.toml").write_text('heading_ids = "keep"\n', encoding="utf-8")
    assert invoke_cli(root, "merge")[0] == 0
    en = (root / "content" / "en" / "docs" / "intro.md").read_text(encoding="utf-8")
    assert "## Quick start {#快速开始}\n" in en
    code, out = invoke_cli(root, "check", "--only", "anchor")
    assert code == 0, out


def test_heading_slug_like_hugo() -> None:
    assert heading_slug("快速开始 Quick Start") == "快速开始-quick-start"
    assert heading_slug("What's `new` in **v1.2**?") == "whats-new-in-v12"
    assert anchors("## 介绍\n\n## 介绍\n\n## A {#custom}\n\n<a id=\"x\"></a>\n") == {
        "介绍",
        "介绍-1",
        "custom",
        "x",
    }


def test_map_and_rewrite() -> None:
    prefixes = (("/zh/", "/en/"),)
    assert map_prefix("/zh/a/", prefixes) == "/en/a/" and map_prefix("/img/a.png", prefixes) is None
    text = "[a](/zh/a/) `[b](/zh/b/)` ![c](/zh/c.png)"
    expected = "[a](/en/a/) `[b](/zh/b/)` ![c](/en/c.png)"
    assert rewrite_links(text, lambda u: map_prefix(u, prefixes)) == expected


def test_glossary_ignores_urls() -> None:
    g = Glossary([Term("xAI", "xAI", flags=frozenset({"do-not-translate"}))])
    assert g.hints("见 [报道](/zh/news/xai-funding/)") == []
    assert g.hints("xAI 发布") != []
    assert g.check("见 https://x.ai/xai", "see https://x.ai/xai") == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_corpus_links_change_only_by_the_mapping(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(CORPUS / "articles" / "cloudwego" / "zh", root / "content" / "zh")
    (root / "l10n.toml").write_text("threshold = 0\ndrop_keys = []\n", encoding="utf-8")
    assert invoke_cli(root, "extract")[0] == 0
    _translate(root, lambda m: f"⟦{m}⟧")
    assert invoke_cli(root, "merge")[0] == 0
    dest = re.compile(r"\]\(([^)\s]+)")
    changed = 0
    for src in sorted((root / "content" / "zh").rglob("*.md")):
        en = root / "content" / "en" / src.relative_to(root / "content" / "zh")
        a = dest.findall(src.read_text(encoding="utf-8"))
        b = dest.findall(en.read_text(encoding="utf-8"))
        assert len(a) == len(b), src
        for x, y in zip(a, b, strict=True):
            if x != y:
                changed += 1
                assert x.startswith("/zh/") and y == "/en/" + x[len("/zh/") :], (src, x, y)
    assert changed > 0
