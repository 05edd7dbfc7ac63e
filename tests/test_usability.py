"""What a new user runs into: paths, settings errors, status totals, hooks and message wording."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import yaml
from conftest import REPO, invoke_cli
from typer.testing import CliRunner

from l10n.app.cli import app
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
    assert rows["content/zh/news/xai-funding.md"]["untranslated"] == 28
    assert data["total"]["total"] == 30 and data["total"]["percent"] == 0
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
