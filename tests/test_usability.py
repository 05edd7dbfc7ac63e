"""What a new user runs into: paths, settings errors, status totals, hooks and message wording."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import yaml
from conftest import REPO, invoke_cli
from typer.testing import CliRunner

from l10n.app.cli import app, github_data, github_property
from l10n.formats.po import generate_po, parse_po
from l10n.model import Entry
from l10n.qa.checks import EntryContext, check_han


def test_paths_are_relative_to_the_site_root_and_may_name_po_or_english_files(
    site: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.chdir(elsewhere)
    code, out = invoke_cli(site, "extract", "content/zh/news/xai-funding.md")
    assert code == 0 and "po/en/news/xai-funding.po: created" in out, out
    code, out = invoke_cli(site, "extract", "news/xai-funding.md")  # relative to the source root
    assert code == 0 and "1 unchanged" in out, out
    code, out = invoke_cli(site, "check", "po/en/news/xai-funding.po", "--only", "untranslated")
    assert code == 1 and "1 article(s)" in out
    code, out = invoke_cli(site, "extract", "content/zh/nope.md")
    assert code == 2 and "content/zh/nope.md: no such file or directory" in out
    (site / "content/zh/notes.txt").write_text("x", encoding="utf-8")
    code, out = invoke_cli(site, "extract", "content/zh/notes.txt")
    assert code == 2 and "not a Markdown article" in out


def test_settings_errors_point_at_the_right_line(site: Path) -> None:
    (site / "l10n.toml").unlink()
    pyproject = site / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "site"\nthreshold = 1\n\n[tool.l10n]\nthreshold = 500\n', encoding="utf-8"
    )
    code, out = invoke_cli(site, "extract")
    assert code == 2 and "pyproject.toml:6: setting 'threshold' must be from 0 to 100, not 500" in out
    pyproject.write_text('[tool.l10n]\nsegmentaton = "sentence"\n', encoding="utf-8")
    code, out = invoke_cli(site, "extract")
    assert (
        code == 2 and "pyproject.toml:2: unknown setting 'segmentaton' (did you mean 'segmentation'?)" in out
    )
    pyproject.write_text('[tool.l10n]\njobs = 1\nchecks = { fuzzy-mtt = "warning" }\n', encoding="utf-8")
    code, out = invoke_cli(site, "extract")
    assert code == 2 and "pyproject.toml:3: unknown check 'fuzzy-mtt' (did you mean 'fuzzy-mt'?)" in out
    pyproject.write_text('[tool.l10n]\nkeys = ["title"\n', encoding="utf-8")
    code, out = invoke_cli(site, "extract")
    assert code == 2 and "pyproject.toml:2: invalid TOML" in out


def test_both_settings_files_warn(site: Path) -> None:
    (site / "pyproject.toml").write_text("[tool.l10n]\njobs = 1\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract"])
    assert result.exit_code == 0
    assert "pyproject.toml: [tool.l10n] is ignored because" in result.output


def test_status_counts_articles_without_a_usable_po_file(site: Path) -> None:
    (site / "content/zh/new.md").write_text("新文章。\n\n第二段。\n", encoding="utf-8")
    invoke_cli(site, "extract", "content/zh/news/xai-funding.md")
    po = site / "po/en/news/xai-funding.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr ""', 'msgstr "x', 1), encoding="utf-8")
    code, out = invoke_cli(site, "status", "--format", "json")
    data = json.loads(out)
    rows = {a["path"]: a for a in data["articles"]}
    assert (
        rows["content/zh/new.md"]["untranslated"] == 2
        and "no PO file" in rows["content/zh/new.md"]["problem"]
    )
    assert rows["content/zh/news/xai-funding.md"]["untranslated"] == 29
    assert data["total"]["total"] == 31 and data["total"]["percent"] == 0
    code, _ = invoke_cli(site, "status", "--fail-under", "1")
    assert code == 1


def test_bad_format_values_are_usage_errors(site: Path) -> None:
    for cmd in (["check"], ["status"], ["glossary", "check"]):
        code, out = invoke_cli(site, *cmd, "--format", "nonsense")
        assert code == 2 and "Invalid value for --format" in out


def test_han_check_shows_the_leftover_text_in_order() -> None:
    entry = Entry("马斯克表示算力很重要。", "马斯克 said 算力 matters。")
    (message,) = check_han(entry, EntryContext("a.po", "a.md", 1, None))
    assert message.endswith(": 马斯克, 算力, 。")


def test_pre_commit_hooks_run(site: Path) -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        argv = shlex.split(hook["entry"])
        assert argv[0] == "l10n"
        result = CliRunner().invoke(app, argv[1:])
        assert result.exit_code in (0, 1), (hook["id"], result.output)
        assert "No such option" not in result.output


def test_the_site_root_is_found_from_a_subdirectory(site: Path) -> None:
    invoke_cli(site, "extract")
    os.chdir(site / "content/zh/news")
    result = CliRunner().invoke(app, ["check", "--only", "stale-po", "xai-funding.md"])
    assert result.exit_code == 0, result.output
    assert "in 1 article(s)" in result.output


# ----------------------------------------------------------------------------- issue 14, small things


def test_github_annotations_escape_properties_and_data() -> None:
    assert github_property("po/en/a,b: c%.po") == "po/en/a%2Cb%3A c%25.po"
    assert github_property("l10n stale-po") == "l10n stale-po"
    assert github_data("50% done:\r\nnext, line") == "50%25 done:%0D%0Anext, line"


def test_github_format_escapes_file_names(site: Path) -> None:
    odd = site / "content/zh/a,b:c%d.md"
    odd.write_text("新段落。\n", encoding="utf-8")
    code, out = invoke_cli(site, "check", "--format", "github", "--only", "stale-po")
    assert code == 1
    line = next(li for li in out.splitlines() if "a%2Cb%3Ac%25d" in li)
    assert line.startswith("::error file=po/en/a%2Cb%3Ac%25d.po,line=1,title=l10n stale-po::")


def test_letterless_segments_are_copied_not_offered(site: Path) -> None:
    (site / "content/zh/marks.md").write_text(
        "---\ntitle: 标记\ntags:\n  - ✅\n  - 工具\n---\n\n✅\n\n...\n\n- 🚀\n- 第一项\n\n"
        "| 状态 | 说明 |\n| --- | --- |\n| ✅ | 完成 |\n| - | 未知 |\n",
        encoding="utf-8",
    )
    code, out = invoke_cli(site, "extract", "content/zh/marks.md")
    assert code == 0, out
    catalog = parse_po((site / "po/en/marks.po").read_text(encoding="utf-8"), "marks.po")
    assert [e.msgid for e in catalog.entries] == ["标记", "工具", "第一项", "状态", "说明", "完成", "未知"]
    for e in catalog.entries:
        e.msgstr = "EN"
    (site / "po/en/marks.po").write_text(generate_po(catalog), encoding="utf-8")
    code, out = invoke_cli(site, "merge", "content/zh/marks.md")
    assert code == 0, out
    english = (site / "content/en/marks.md").read_text(encoding="utf-8")
    assert "  - ✅\n" in english and "\n✅\n\n...\n\n- 🚀\n- EN\n" in english and "| ✅ | EN |" in english


def test_status_fails_on_an_unreadable_po_file(site: Path) -> None:
    invoke_cli(site, "extract")
    code, _ = invoke_cli(site, "status")
    assert code == 0
    po = site / "po/en/news/xai-funding.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr ""', 'msgstr "x', 1), encoding="utf-8")
    code, out = invoke_cli(site, "status")
    assert code == 1 and "l10n: error: po/en/news/xai-funding.po:" in out
    code, _ = invoke_cli(site, "status", "--format", "json")
    assert code == 1
    po.unlink()  # a missing PO file is work to do, not an error
    code, out = invoke_cli(site, "status")
    assert code == 0 and "warning" in out


def test_quiet_after_the_command(site: Path) -> None:
    code, out = invoke_cli(site, "extract", "-q")
    assert code == 0 and "created" not in out and "1 article(s)" in out
    code, out = invoke_cli(site, "status", "--quiet", "--format", "json")
    assert code == 0


def test_help_shows_choices() -> None:
    runner = CliRunner()
    for args, choices in (
        (["merge", "--help"], "--fallback skip|source"),
        (["check", "--help"], "--format text|json|github"),
        (["status", "--help"], "--format table|json"),
        (["translate", "--help"], "--device cpu|cuda|auto"),
        (["glossary", "export", "--help"], "--format tbx|tsv"),
    ):
        out = runner.invoke(app, args).output
        assert choices in out, (args, out)
        assert "<str>" not in out and "<int range>" not in out and "<list[str]>" not in out, out


def test_outside_a_site_the_error_names_l10n_toml(tmp_path: Path) -> None:
    os.chdir(tmp_path)
    result = CliRunner().invoke(app, ["extract"])
    assert result.exit_code == 2
    assert "no l10n.toml" in result.output and "-C DIR" in result.output, result.output
    result = CliRunner().invoke(app, ["-C", str(tmp_path), "extract"])  # an explicit root: the real problem
    assert result.exit_code == 2 and "source directory 'content/zh' not found" in result.output
