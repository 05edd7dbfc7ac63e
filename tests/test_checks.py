"""Each check with a failing and a passing case; severities, suppression, --only/--ignore, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.formats.po import generate_po, parse_po
from l10n.glossary import Glossary, Term
from l10n.model import Catalog, Entry
from l10n.qa.checks import entry_findings

runner = CliRunner()
GLOSSARY = Glossary(
    [
        Term("第一性原理", "first principles"),
        Term("xAI", "xAI", flags=frozenset({"do-not-translate"})),
        Term("算力", "computing power"),
        Term("算力", "calculation power", flags=frozenset({"forbidden"})),
    ]
)


def findings(
    msgid: str,
    msgstr: str,
    *,
    flags: list[str] | None = None,
    comments: list[str] | None = None,
    previous: str | None = None,
) -> list[tuple[str, str]]:
    entry = Entry(
        msgid=msgid,
        msgstr=msgstr,
        context="p-00000000",
        flags=flags or [],
        translator_comments=comments or [],
        previous_msgid=previous,
        references=["a.md:3"],
        lineno=7,
    )
    found = entry_findings(Catalog(entries=[entry]), "po/en/a.po", GLOSSARY, lambda name: "error")
    for f in found:
        assert (f.path, f.line, f.segment, f.source_path, f.source_line) == (
            "po/en/a.po",
            7,
            "p-00000000",
            "a.md",
            3,
        )
    return [(f.check, f.message) for f in found]


def names(*args: object, **kwargs: object) -> list[str]:
    return [n for n, _ in findings(*args, **kwargs)]  # type: ignore[arg-type]


def test_untranslated_and_fuzzy_kinds() -> None:
    assert names("你好。", "") == ["untranslated"]
    assert names("你好。", "Hello.", flags=["fuzzy"], comments=["mt: argos translate-zh_en 1.9"]) == [
        "fuzzy-mt"
    ]
    assert names("你好！", "Hello.", flags=["fuzzy"], previous="你好。") == ["fuzzy-changed"]
    assert names("你好。", "Hello.") == []


@pytest.mark.parametrize(
    ("msgid", "bad", "good"),
    [
        (
            "见[文档](https://a.example/x)。",
            "See [docs](https://a.example/y).",
            "See [docs](https://a.example/x).",
        ),
        ("运行`make`。", "Run make.", "Run `make`."),
        ("如图![图](img/a.png)", "As shown ![fig](img/b.png)", "As shown ![fig](img/a.png)"),
        ("据报道[^1]。", "Reportedly.", "Reportedly[^1]."),
        ("**重点**内容", "**Key content", "**Key** content"),
        ("按<kbd>Ctrl</kbd>键", "Press Ctrl", "Press <kbd>Ctrl</kbd>"),
        ('见{{< ref "a.md" >}}', "See it", 'See {{< ref "a.md" >}}'),
        ("第一行", "Line\n# heading", "Line one"),
        ("访问 https://x.example/a 了解", "Visit the site", "Visit https://x.example/a to learn more"),
    ],
)
def test_markup(msgid: str, bad: str, good: str) -> None:
    assert "markup" in names(msgid, bad)
    assert "markup" not in names(msgid, good)


@pytest.mark.parametrize(
    ("msgid", "bad", "good"),
    [
        ("估值1130亿美元", "valued at $11.3 billion", "valued at $113 billion"),
        ("20万块GPU", "20,000 GPUs", "200,000 GPUs"),
        ("2025年7月3日发布", "released on July 4, 2025", "released on July 3, 2025"),
    ],
)
def test_numbers(msgid: str, bad: str, good: str) -> None:
    assert "numbers" in names(msgid, bad)
    assert "numbers" not in names(msgid, good)


def test_han_left_in_english() -> None:
    assert "han" in names("马斯克表示。", "马斯克 said.")
    assert "han" in names("他说：好。", "He said： good.")
    assert "han" not in names("他说。", "He said.")
    # Chinese inside code spans and URLs is allowed.
    assert "han" not in names("运行`中文`。", "Run `中文`.")


def test_glossary_violations() -> None:
    assert "glossary" in names("第一性原理很重要。", "First-order thinking matters.")
    assert "glossary" not in names("第一性原理很重要。", "First principles matter.")
    assert "glossary" in names("算力很贵。", "Calculation power is expensive.")
    assert "glossary" not in names("算力很贵。", "Computing power is expensive.")


def test_translator_comment_silences_one_check() -> None:
    assert names("估值1130亿美元", "valued at $11.3 billion", comments=["l10n: ignore numbers"]) == []
    assert names("马斯克。", "马斯克.", comments=["l10n: ignore all"]) == []


def test_duplicate_and_missing_segment_ids() -> None:
    cat = Catalog(
        entries=[
            Entry("甲", "A", context="p-1", lineno=3),
            Entry("乙", "B", context="p-1", lineno=8),
            Entry("丙", "C", context=None, lineno=12),
        ]
    )
    got = [(f.check, f.line) for f in entry_findings(cat, "a.po", None, lambda n: "error")]
    assert got == [("segment-id", 8), ("segment-id", 12)]


def test_severity_off_and_warning() -> None:
    entry = Entry("你好。", "", context="p-1", lineno=3)
    cat = Catalog(entries=[entry])
    assert entry_findings(cat, "a.po", None, lambda n: "off") == []
    assert [f.severity for f in entry_findings(cat, "a.po", None, lambda n: "warning")] == ["warning"]


# --------------------------------------------------------------------------- file-level, through the CLI


def run(*args: str) -> tuple[int, str]:
    r = runner.invoke(__import__("l10n.app.cli", fromlist=["app"]).app, list(args))
    return r.exit_code, r.output


def checks_in(out: str) -> set[str]:
    return {f["check"] for f in json.loads(out)["findings"]}


def translate_po(site: Path) -> Path:
    po = site / "po/en/news/xai-funding.po"
    en = json.loads((Path(__file__).parent / "data/sample-en.json").read_text(encoding="utf-8"))
    cat = parse_po(po.read_text(encoding="utf-8"), str(po))
    for e in cat.entries:
        e.msgstr = en[e.msgid]
    po.write_text(generate_po(cat), encoding="utf-8")
    return po


def test_clean_site_passes(site: Path) -> None:
    run("extract")
    translate_po(site)
    run("merge")
    code, out = run("check", "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []


def test_stale_po_and_stale_en(site: Path) -> None:
    run("extract")
    translate_po(site)
    run("merge")
    src = site / "content/zh/news/xai-funding.md"
    src.write_text(src.read_text(encoding="utf-8") + "\n新增的段落。\n", encoding="utf-8")
    code, out = run("check", "--format", "json")
    assert code == 1 and {"stale-po", "stale-en"} <= checks_in(out)
    run("extract")
    code, out = run("check", "--format", "json")
    assert "stale-po" not in checks_in(out) and "untranslated" in checks_in(out)


def test_po_rewrapped_by_an_editor_is_not_stale(site: Path) -> None:
    run("extract")
    po = translate_po(site)
    run("merge")
    text = po.read_text(encoding="utf-8")
    # An editor that reorders header fields and wraps differently changes bytes, not entries.
    text = text.replace('"Language: en\\n"\n', "").replace(
        '"MIME-Version: 1.0\\n"\n', '"MIME-Version: 1.0\\n"\n"Language: en\\n"\n'
    )
    text = text.replace('msgid "xAI"\nmsgstr "xAI"', 'msgid ""\n"x"\n"AI"\nmsgstr "xAI"', 1)
    po.write_text(text, encoding="utf-8")
    code, out = run("check", "--format", "json")
    assert code == 0, out


def test_stale_en_when_english_edited_by_hand(site: Path) -> None:
    run("extract")
    translate_po(site)
    run("merge")
    en = site / "content/en/news/xai-funding.md"
    en.write_text(en.read_text(encoding="utf-8") + "hand edit\n", encoding="utf-8")
    code, out = run("check", "--format", "json")
    assert code == 1 and checks_in(out) == {"stale-en"}


def test_po_syntax_and_source_syntax(site: Path) -> None:
    run("extract")
    po = site / "po/en/news/xai-funding.po"
    po.write_text(po.read_text(encoding="utf-8") + 'msgid "dangling\n', encoding="utf-8")
    (site / "content/zh/bad.md").write_text("---\ntitle: [x\n---\n", encoding="utf-8")
    code, out = run("check", "--format", "json")
    data = json.loads(out)["findings"]
    syntax = {(f["check"], f["path"]) for f in data if f["check"].endswith("syntax")}
    assert syntax == {("po-syntax", "po/en/news/xai-funding.po"), ("source-syntax", "content/zh/bad.md")}
    assert all(f["line"] > 1 for f in data if f["check"].endswith("syntax"))


def test_completeness_threshold(site: Path) -> None:
    run("extract")
    (site / "l10n.toml").write_text(
        'extra_keys = ["main_topics"]\nmin_completeness = 50\n'
        '[checks]\nuntranslated = "warning"\nstale-en = "off"\n',
        encoding="utf-8",
    )
    code, out = run("check", "--format", "json")
    assert code == 1 and "completeness" in checks_in(out)
    translate_po(site)
    code, out = run("check", "--format", "json")
    assert code == 0


def test_warnings_do_not_fail(site: Path) -> None:
    run("extract")
    (site / "l10n.toml").write_text(
        'extra_keys = ["main_topics"]\n[checks]\nuntranslated = "warning"\nstale-en = "warning"\n',
        encoding="utf-8",
    )
    code, out = run("check")
    assert code == 0 and "warning untranslated" in out


def test_github_format_annotations(site: Path) -> None:
    run("extract")
    code, out = run("check", "--format", "github", "--only", "untranslated")
    lines = [ln for ln in out.splitlines() if ln.startswith("::")]
    assert lines and all(ln.startswith("::error file=po/en/news/xai-funding.po,line=") for ln in lines)
    assert "title=l10n untranslated::[fm.title] not translated" in lines[0]


def test_check_cache_is_not_trusted_over_changed_files(site: Path) -> None:
    run("extract")
    translate_po(site)
    run("merge")
    assert run("check")[0] == 0
    assert run("check")[0] == 0  # from the cache
    po = site / "po/en/news/xai-funding.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "Musk"', 'msgstr "马斯克"'), encoding="utf-8"
    )
    code, out = run("check", "--format", "json")
    assert code == 1 and "han" in checks_in(out)


def test_per_article_completeness(site: Path) -> None:
    (site / "content/zh/drafts").mkdir()
    (site / "content/zh/drafts/wip.md").write_text("草稿。\n", encoding="utf-8")
    run("extract")
    translate_po(site)
    run("merge")
    (site / "l10n.toml").write_text(
        'extra_keys = ["main_topics"]\nmin_completeness = 100\n[completeness]\n"drafts/*" = 0\n'
        '[checks]\nuntranslated = "warning"\nstale-en = "off"\n',
        encoding="utf-8",
    )
    code, out = run("check", "--format", "json")
    assert code == 0, out
    (site / "l10n.toml").write_text(
        'extra_keys = ["main_topics"]\nmin_completeness = 100\n[checks]\nuntranslated = "warning"\n'
        'stale-en = "off"\n',
        encoding="utf-8",
    )
    code, out = run("check", "--format", "json")
    found = [f for f in json.loads(out)["findings"] if f["check"] == "completeness"]
    assert code == 1 and [f["path"] for f in found] == ["po/en/drafts/wip.po"]


def test_pathological_file_hits_the_time_limit(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The "pathological" file blocks inside parsing for far longer than the limit, whatever the
    # machine's speed; the sample article parses in milliseconds, well inside 2 s.
    import time

    from l10n.app import article_jobs

    real = article_jobs.parse_article

    def slow(text: str, path: str, *args: object, **kwargs: object) -> object:
        if path.endswith("huge.md"):
            time.sleep(120)
        return real(text, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(article_jobs, "parse_article", slow)
    (site / "l10n.toml").write_text(
        'extra_keys = ["main_topics"]\nfile_time_limit = 2\n', encoding="utf-8"
    )
    (site / "content/zh/huge.md").write_text("第1段。\n", encoding="utf-8")
    code, out = run("extract")
    assert code == 1 and "content/zh/huge.md: gave up after 2 s" in out
    assert (site / "po/en/news/xai-funding.po").is_file()  # the other article still went through


def test_registry_names_every_check() -> None:
    # One table owns the check names: entry checks, settings defaults and the README agree with it.
    from l10n.app.config import Config
    from l10n.qa.checks import ENTRY_CHECKS
    from l10n.qa.registry import CHECKS

    entry_names = {c.name for c in CHECKS if c.scope == "entry"}
    assert set(ENTRY_CHECKS) <= entry_names
    assert set(Config().checks) == {c.name for c in CHECKS}
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for c in CHECKS:
        assert f"`{c.name}`" in readme, c.name
