"""``l10n import``: PO files bootstrapped from English pages that already exist.

The shipped sample's English page was written by ``merge`` from its reviewed PO file, so importing it
must give that PO file's translations back and ``merge --include-fuzzy`` the page byte for byte. Small
hand-written pairs cover what translators do to a page (a note added, two paragraphs merged, a date
changed) and bad input (no English page, broken front matter, a page still in Chinese).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, invoke_cli
from hypothesis import HealthCheck, given, settings
from strategies import Doc, documents

from l10n.app.config import Config
from l10n.formats.po import parse_po
from l10n.model import Catalog, ParseError

SAMPLE_PO = "po/en/news/xai-funding.po"
SAMPLE_EN = "content/en/news/xai-funding.md"


def run(root: Path, *args: str) -> tuple[int, str]:
    return invoke_cli(root, *args)


def catalog(path: Path) -> Catalog:
    return parse_po(path.read_text(encoding="utf-8"), str(path))


def msgstrs(path: Path) -> dict[str, str]:
    return {e.context or "": e.msgstr for e in catalog(path).entries if not e.obsolete}


@pytest.fixture
def sample(site: Path) -> Path:
    """The sample site with its English page and no PO file."""
    (site / "content" / "en" / "news").mkdir(parents=True)
    shutil.copy(REPO / SAMPLE_EN, site / SAMPLE_EN)
    return site


def test_import_gives_the_reviewed_translations_back_and_merge_the_page(sample: Path) -> None:
    code, out = run(sample, "import")
    assert code == 0, out
    assert f"{SAMPLE_PO}: created: 29 of 29 segment(s) aligned, 29 filled" in out
    assert "1 English page(s) reproduced exactly" in out
    assert msgstrs(sample / SAMPLE_PO) == msgstrs(REPO / SAMPLE_PO)
    for e in catalog(sample / SAMPLE_PO).entries:
        assert e.fuzzy
        assert any(
            re.fullmatch(rf"import: aligned from {SAMPLE_EN}:\d+ \(score [01]\.\d\d\)", c)
            for c in e.translator_comments
        )
    before = (sample / SAMPLE_EN).read_bytes()
    code, out = run(sample, "merge", "--include-fuzzy")
    assert code == 0 and "0 English file(s) written, 1 unchanged" in out, out
    assert (sample / SAMPLE_EN).read_bytes() == before
    # The PO file is what extract would write, and only review is left.
    code, out = run(sample, "check", "--include-fuzzy", "--ignore", "fuzzy-mt")
    assert code == 0, out
    code, out = run(sample, "check", "--include-fuzzy")
    assert "imported translation awaiting review" in out


def test_a_second_import_changes_nothing(sample: Path) -> None:
    run(sample, "import")
    data = (sample / SAMPLE_PO).read_bytes()
    code, out = run(sample, "import")
    assert code == 0 and "0 PO file(s) updated, 1 unchanged" in out and "0 filled" in out, out
    assert (sample / SAMPLE_PO).read_bytes() == data


def test_dry_run_writes_nothing(sample: Path) -> None:
    code, out = run(sample, "import", "--dry-run")
    assert code == 0 and "would be updated" in out
    assert not (sample / "po").exists()


def test_reviewed_work_is_never_overwritten(sample: Path) -> None:
    shutil.copytree(REPO / "po", sample / "po")
    code, out = run(sample, "import")
    assert code == 0 and "skipped" in out and "reviewed translation(s) already" in out, out
    # With --force every aligned entry is redone from the English page, as fuzzy.
    po = sample / SAMPLE_PO
    po.write_text(po.read_text(encoding="utf-8").replace("xAI Raises", "xAI Gets"), encoding="utf-8")
    code, out = run(sample, "import", "--force")
    assert code == 0, out
    assert msgstrs(po) == msgstrs(REPO / SAMPLE_PO)
    assert all(e.fuzzy for e in catalog(po).entries)


def test_only_empty_entries_are_filled(sample: Path) -> None:
    run(sample, "extract")
    po = sample / SAMPLE_PO
    cat = catalog(po)
    draft = cat.entries[1]
    draft.msgstr = "An MT draft"
    draft.set_fuzzy(True)
    draft.translator_comments = ["mt: argos 1.0 sha1=00000000"]
    from l10n.formats.po import generate_po

    po.write_text(generate_po(cat), encoding="utf-8")
    code, out = run(sample, "import")
    assert code == 0 and "28 filled, 1 already translated otherwise" in out, out
    assert msgstrs(po)[draft.context or ""] == "An MT draft"


def test_import_reviewed_trusts_high_scores(sample: Path) -> None:
    (sample / "l10n.toml").write_text(
        'extra_keys = ["main_topics"]\nimport_reviewed = true\n', encoding="utf-8"
    )
    code, out = run(sample, "import")
    assert code == 0, out
    entries = catalog(sample / SAMPLE_PO).entries
    reviewed = [e for e in entries if not e.fuzzy]
    assert len(reviewed) > 20
    for e in reviewed:
        score = float(re.search(r"score (\d\.\d\d)", " ".join(e.translator_comments)).group(1))  # type: ignore[union-attr]
        assert score >= 0.95
    # Reviewed now: the next plain import leaves the article alone.
    code, out = run(sample, "import")
    assert "skipped" in out


# --------------------------------------------------------------------------- what translators do

ZH = """\
---
title: "Hertz 发布 v0.6.0 版本"
date: 2023-03-02
tags: ["Hertz", "发布"]
---

Hertz 0.6.0 版本中，除了常规迭代优化之外，
我们还带来了多个重要的新特性。

## 支持 HTTP Trailer

在 Hertz v0.6.0 中，我们支持了 HTTP Trailer 的编码和解析，详见 [示例](https://github.com/cloudwego/hertz-examples/tree/main/trailer)。

```go
c.Response.Header.Trailer().Set("Hertz", "Good")
```

> 注意：Trailer 只在 HTTP/1.1 的分块传输中生效，
> 请确认客户端支持。

- 写 Trailer 时使用 `Trailer().Set`
- 读 Trailer 时使用 `Trailer().Get`

| 版本 | 说明 |
| --- | --- |
| v0.6.0 | 支持 Trailer |
"""

EN = """\
---
title: "Hertz v0.6.0 released"
date: 2023-03-02
tags: ["Hertz", "Release"]
---

In Hertz 0.6.0, besides the usual iterative optimisations,
we bring several important new features.

## HTTP Trailer support

In Hertz v0.6.0 we support encoding and parsing of HTTP Trailer, see the [example](https://github.com/cloudwego/hertz-examples/tree/main/trailer).

```go
c.Response.Header.Trailer().Set("Hertz", "Good")
```

> Note: trailers only work with chunked transfer in HTTP/1.1,
> so make sure the client supports them.

- Use `Trailer().Set` to write a trailer
- Use `Trailer().Get` to read a trailer

| Version | Notes |
| --- | --- |
| v0.6.0 | Trailer support |
"""


def pair_site(tmp_path: Path, zh: str, en: str, settings: str = "", name: str = "a.md") -> Path:
    root = tmp_path / "site"
    for lang, text in (("zh", zh), ("en", en)):
        p = root / "content" / lang / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    (root / "l10n.toml").write_text(settings, encoding="utf-8")
    return root


def test_same_structure_comes_back_byte_for_byte(tmp_path: Path) -> None:
    root = pair_site(tmp_path, ZH, EN)
    code, out = run(root, "import")
    assert code == 0 and "po/en/a.po: created: 13 of 13 segment(s) aligned, 13 filled" in out, out
    strs = {e.msgid: e.msgstr for e in catalog(root / "po/en/a.po").entries}
    # Hard-wrapped lines stay lines, so merge writes them back as they were.
    assert strs["注意：Trailer 只在 HTTP/1.1 的分块传输中生效，请确认客户端支持。"] == (
        "Note: trailers only work with chunked transfer in HTTP/1.1,\nso make sure the client supports them."
    )
    assert strs["发布"] == "Release" and strs["说明"] == "Notes"
    code, out = run(root, "merge", "--include-fuzzy")
    assert code == 0 and "1 unchanged" in out, out
    assert (root / "content/en/a.md").read_text(encoding="utf-8") == EN


def test_added_blocks_and_changed_keys_are_reported(tmp_path: Path) -> None:
    note = "\n> Translator's note: the examples below need Go 1.18 or later.\n"
    en = EN.replace("date: 2023-03-02", "date: 2023-03-05").replace(
        "## HTTP Trailer support\n", "## HTTP Trailer support\n" + note
    )
    root = pair_site(tmp_path, ZH, en)
    code, out = run(root, "import")
    assert code == 0, out
    lines = en.splitlines()
    note_line = lines.index("> Translator's note: the examples below need Go 1.18 or later.") + 1
    assert f"content/en/a.md:{note_line}: English block quote with no Chinese counterpart" in out
    assert "content/en/a.md:3: front matter 'date' differs from what merge writes: 'date: 2023-03-02'" in out
    assert "13 of 13 segment(s) aligned" in out
    assert "0 English page(s) reproduced exactly" in out


def test_paragraphs_merged_in_english_are_split_back(tmp_path: Path) -> None:
    zh = "第一段介绍了 Kitex 框架的背景和目标。\n\n第二段说明了 Netpoll 网络库的作用和性能。\n"
    en = (
        "The first paragraph introduces the background and goals of the Kitex framework. "
        "The second paragraph explains the role and performance of the Netpoll network library.\n"
    )
    root = pair_site(tmp_path, zh, en)
    code, out = run(root, "import")
    assert code == 0, out
    strs = {e.msgid: e.msgstr for e in catalog(root / "po/en/a.po").entries}
    assert strs["第一段介绍了 Kitex 框架的背景和目标。"].endswith("of the Kitex framework.")
    assert strs["第二段说明了 Netpoll 网络库的作用和性能。"].startswith("The second paragraph")


def test_an_unrelated_english_block_is_not_imported(tmp_path: Path) -> None:
    zh = "Kitex 支持 Thrift 和 Protobuf 两种协议。\n\n感谢社区的 42 位贡献者。\n"
    en = (
        "Kitex supports both Thrift and Protobuf.\n\n"
        "Visit https://www.cloudwego.io/community/ for meetups, talks and the roadmap of the project.\n"
    )
    root = pair_site(tmp_path, zh, en)
    code, out = run(root, "import")
    assert code == 0, out
    strs = {e.msgid: e.msgstr for e in catalog(root / "po/en/a.po").entries}
    assert strs["Kitex 支持 Thrift 和 Protobuf 两种协议。"] == "Kitex supports both Thrift and Protobuf."
    assert strs["感谢社区的 42 位贡献者。"] == ""
    assert "content/en/a.md:3:" in out


def test_sentence_segmentation_aligns_sentences_inside_blocks(tmp_path: Path) -> None:
    zh = "Hertz 是一个 HTTP 框架。它由字节跳动开源，支持 HTTP/2。\n\n- 第一项\n"
    en = "Hertz is an HTTP framework. It was open-sourced by ByteDance and supports HTTP/2.\n\n- Item one\n"
    root = pair_site(tmp_path, zh, en, 'segmentation = "sentence"\n')
    code, out = run(root, "import")
    assert code == 0 and "3 of 3 segment(s) aligned" in out, out
    strs = {e.msgid: e.msgstr for e in catalog(root / "po/en/a.po").entries}
    assert strs["Hertz 是一个 HTTP 框架。"] == "Hertz is an HTTP framework."
    assert strs["它由字节跳动开源，支持 HTTP/2。"] == "It was open-sourced by ByteDance and supports HTTP/2."
    code, out = run(root, "merge", "--include-fuzzy")
    assert (root / "content/en/a.md").read_text(encoding="utf-8") == en


# --------------------------------------------------------------------------- bad input


def test_an_article_named_without_english_page_is_an_error(tmp_path: Path) -> None:
    root = pair_site(tmp_path, ZH, EN)
    (root / "content/zh/b.md").write_text("只有中文。\n", encoding="utf-8")
    # By default, articles without an English page are not candidates.
    code, out = run(root, "import")
    assert code == 0 and "1 article(s)" in out, out
    code, out = run(root, "import", "content/zh/b.md")
    assert code == 1 and "content/en/b.md: no English page to import" in out, out
    assert not (root / "po/en/b.po").exists()
    # A directory is like the whole site: only its articles with an English page.
    code, out = run(root, "import", str(root / "content/zh"))
    assert code == 0 and "1 article(s)" in out, out


@pytest.mark.parametrize(
    "en, message",
    [
        ("---\ntitle: [unclosed\n---\n\nText.\n", r"content/en/a\.md:2: .*YAML"),
        ("---\ntitle: x\n", r"content/en/a\.md:1: unterminated front matter"),
        (ZH, r"content/en/a\.md:2: the English page is Chinese text \(\d+% Han by weight\); not imported"),
        (b"Caf\xe9\n".decode("latin-1"), None),  # replaced below by invalid UTF-8 bytes
    ],
)
def test_bad_english_page_skips_the_article_and_writes_nothing(
    tmp_path: Path, en: str, message: str | None
) -> None:
    root = pair_site(tmp_path, ZH, EN)
    target = root / "content/en/a.md"
    if message is None:
        target.write_bytes(b"First line\nCaf\xe9\n")
        message = r"content/en/a\.md:2: invalid UTF-8"
    else:
        target.write_text(en, encoding="utf-8")
    code, out = run(root, "import")
    assert code == 1, out
    assert re.search(r"l10n: error: " + message, out), out
    assert "1 failed" in out
    assert not (root / "po").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions")
def test_unreadable_english_page(tmp_path: Path) -> None:
    root = pair_site(tmp_path, ZH, EN)
    target = root / "content/en/a.md"
    target.chmod(0)
    try:
        code, out = run(root, "import")
    finally:
        target.chmod(0o644)
    assert code == 1 and "content/en/a.md: cannot read" in out, out
    assert not (root / "po").exists()


# --------------------------------------------------------------------------- what imports feed


def test_imported_pairs_seed_the_translation_memory(tmp_path: Path) -> None:
    from l10n.app.site_jobs import run_translate
    from l10n.mt import FakeTranslator

    root = pair_site(tmp_path, ZH, EN)
    (root / "content/zh/b.md").write_text("## 支持 HTTP Trailer\n\n全新的一段。\n", encoding="utf-8")
    run(root, "import")
    run(root, "extract")
    config = Config(root=root)
    summary, _ = run_translate(
        config, [root / "content/zh/b.md"], translator=FakeTranslator(fn=lambda s: "MT")
    )
    assert "1 reused from TM" in summary, summary
    entries = {e.msgid: e for e in catalog(root / "po/en/b.po").entries}
    reused = entries["支持 HTTP Trailer"]
    assert reused.msgstr == "HTTP Trailer support" and reused.fuzzy
    assert any(c.startswith("tm: from po/en/a.po") for c in reused.translator_comments)


def test_glossary_suggest_proposes_targets_from_aligned_pairs(tmp_path: Path) -> None:
    docs = [
        (
            "服务治理是微服务架构的核心能力。\n\nKitex 内置了限流和熔断。\n",
            "Service governance is a core capability of a microservice architecture.\n\n"
            "Kitex has built-in rate limiting and circuit breaking.\n",
        ),
        (
            "我们改进了服务治理的配置方式。\n\n新版本支持 Thrift 泛化调用。\n",
            "We improved how service governance is configured.\n\n"
            "The new release supports Thrift generic calls.\n",
        ),
        (
            "服务治理需要一个注册中心。\n\n详情请参考官方文档。\n",
            "Service governance needs a registry.\n\nSee the official documentation for details.\n",
        ),
    ]
    root = pair_site(tmp_path, *docs[0])
    for k, (zh, en) in enumerate(docs[1:]):
        (root / f"content/zh/c{k}.md").write_text(zh, encoding="utf-8")
        (root / f"content/en/c{k}.md").write_text(en, encoding="utf-8")
    code, out = run(root, "import")
    assert code == 0, out
    code, out = run(root, "glossary", "suggest", "-n", "5")
    assert code == 0, out
    rows = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()[1:]}
    assert rows["服务治理"][1] == "Service governance", out
    assert rows["服务治理"][2].startswith("seen in 3 of 3 aligned translations")


# --------------------------------------------------------------------------- random articles


def _english(text: str) -> str:
    """A stand-in English translation: each Han character becomes a Latin word; markup stays."""
    from l10n.lang.script import HAN

    syllables = ["ka", "ro", "mi", "tu", "se", "la", "po", "ne"]

    def word(ch: str) -> str:
        return syllables[ord(ch) % 8] + syllables[ord(ch) // 8 % 8]

    return re.sub(f"[{HAN}]+", lambda m: " ".join(word(ch) for ch in m.group()), text)


@settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
)
@given(documents())
def test_import_of_a_merged_translation_is_never_wrong(doc: Doc) -> None:
    """The English page merge writes from any article: import fills only the right translations,
    and when it fills them all, merge gives the page back byte for byte."""
    from l10n.app.article_jobs import extract_text, import_text, merge_text
    from l10n.document import decode, parse_article

    config = Config(extra_keys=("main_topics",), drop_keys=())
    text, bom = decode(doc.raw, "content/zh/a.md")
    article = parse_article(text, "content/zh/a.md", bom)
    po_text, catalog, segs = extract_text(article, None, "po/en/a.po", config)
    for e in catalog.entries:
        e.msgstr = _english(e.msgid)
    page, _, _, _ = merge_text(article, catalog, config, include_fuzzy=False)
    english = parse_article(page.removeprefix("\ufeff"), "content/en/a.md", page.startswith("\ufeff"))
    try:
        result = import_text(article, english, None, config)
    except ParseError:
        return  # an English page that is mostly code and names can still read as Chinese
    want = {e.msgid: _english(e.msgid) for e in catalog.entries}
    for e in result.catalog.entries:
        if e.msgstr:
            assert " ".join(e.msgstr.split()) == " ".join(want[e.msgid].split()), e.msgid
    if result.aligned == result.segments:
        again, _, _, _ = merge_text(article, result.catalog, config, include_fuzzy=True)
        assert again == page
