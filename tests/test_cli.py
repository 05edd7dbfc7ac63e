"""The command line through Typer's CliRunner: help, the workflow, exit codes, output formats, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer
from conftest import REPO
from typer.testing import CliRunner

from l10n.app.cli import app
from l10n.formats.po import generate_po, parse_po

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def _commands(group: typer.Typer, prefix: list[str]) -> list[list[str]]:
    out = []
    for cmd in group.registered_commands:
        out.append(prefix + [cmd.name or cmd.callback.__name__])  # type: ignore[union-attr]
    for sub in group.registered_groups:
        out.append(prefix + [sub.name or ""])
        out += _commands(sub.typer_instance, prefix + [sub.name or ""])  # type: ignore[arg-type]
    return out


COMMANDS = _commands(app, [])


def test_top_level_help_lists_commands() -> None:
    code, out = run("--help")
    assert code == 0
    for name in ("extract", "merge", "check", "status", "translate", "glossary", "model"):
        assert name in out


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c))
def test_every_command_has_help_with_an_example(cmd: list[str]) -> None:
    code, out = run(*cmd, "--help")
    assert code == 0
    assert "Usage:" in out
    if cmd[-1] not in ("glossary", "model"):
        assert "Example:" in out, f"{' '.join(cmd)} --help lacks an example"


def translate_all(root: Path) -> None:
    en = json.loads((REPO / "tests" / "data" / "sample-en.json").read_text(encoding="utf-8"))
    for po in (root / "po").rglob("*.po"):
        cat = parse_po(po.read_text(encoding="utf-8"), str(po))
        for e in cat.entries:
            e.msgstr = en.get(e.msgid, f"EN {e.msgid}")
        po.write_text(generate_po(cat), encoding="utf-8")


def test_full_workflow(site: Path) -> None:
    code, out = run("extract")
    assert code == 0, out
    po = site / "po/en/news/xai-funding.po"
    assert po.is_file()
    code, out = run("extract")
    assert code == 0 and "0 PO file(s) updated" in out
    code, out = run("check")
    assert code == 1
    assert "untranslated" in out and "po/en/news/xai-funding.po" in out
    translate_all(site)
    code, out = run("merge")
    assert code == 0, out
    english = (site / "content/en/news/xai-funding.md").read_text(encoding="utf-8")
    shipped = (REPO / "content/en/news/xai-funding.md").read_text(encoding="utf-8")
    assert english == shipped
    code, out = run("check")
    assert code == 0, out
    code, out = run("merge")
    assert "0 English file(s) written" in out


def test_shipped_sample_passes_check() -> None:
    code, out = run("-C", str(REPO), "check")
    assert code == 0, out


def test_check_formats(site: Path) -> None:
    run("extract")
    code, out = run("check", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["summary"]["errors"] == len(data["findings"]) > 0
    f = data["findings"][0]
    assert {"check", "severity", "path", "line", "segment", "message"} <= set(f)
    code, out = run("check", "--format", "github")
    assert out.startswith("::error file=po/en/news/xai-funding.po,line=")
    code, out = run("check", "--ignore", "untranslated,completeness,stale-en")
    assert code == 0, out
    code, out = run("check", "--only", "nonsense")
    assert code == 2 and "unknown check" in out


def test_status_table_json_and_fail_under(site: Path) -> None:
    run("extract")
    code, out = run("status")
    assert code == 0 and "xai-funding.md" in out and "0%" in out
    code, out = run("status", "--format", "json")
    data = json.loads(out)
    assert data["total"]["untranslated"] == data["total"]["total"] > 0
    code, out = run("status", "--fail-under", "50")
    assert code == 1


def test_merge_threshold_and_fallback(site: Path) -> None:
    run("extract")
    code, out = run("merge")
    assert code == 0 and "below the 80% threshold" in out
    assert not (site / "content/en/news/xai-funding.md").exists()
    code, out = run("merge", "--fallback", "source")
    assert code == 0
    assert (site / "content/en/news/xai-funding.md").read_text(encoding="utf-8").count("马斯克") > 0


def test_bad_articles_are_reported_and_others_still_processed(site: Path) -> None:
    zh = site / "content/zh"
    (zh / "bad-yaml.md").write_text("---\ntitle: [unclosed\n---\n正文。\n", encoding="utf-8")
    (zh / "bad-utf8.md").write_bytes("---\ntitle: 好\n---\n\n正文".encode() + b"\xff\xfe\n")
    (zh / "empty.md").write_text("", encoding="utf-8")
    (zh / "fence.md").write_text("段落。\n\n```\n未闭合的代码块\n", encoding="utf-8")
    code, out = run("extract")
    assert code == 1
    assert "content/zh/bad-yaml.md:2:" in out
    assert "content/zh/bad-utf8.md:5: invalid UTF-8" in out
    assert "Traceback" not in out
    assert (site / "po/en/news/xai-funding.po").is_file()
    assert (site / "po/en/empty.po").is_file() and (site / "po/en/fence.po").is_file()


def test_broken_po_is_reported_with_line(site: Path) -> None:
    run("extract")
    po = site / "po/en/news/xai-funding.po"
    text = po.read_text(encoding="utf-8").replace(
        'msgstr ""\n\n#. front matter summary', 'msgstr "unterminated\n\n#. front matter summary', 1
    )
    po.write_text(text, encoding="utf-8")
    before = po.read_bytes()
    code, out = run("extract")
    assert code == 1 and "po/en/news/xai-funding.po:" in out
    assert po.read_bytes() == before  # the translator's file is never overwritten
    code, out = run("check")
    assert code == 1 and "po-syntax" in out


def test_deleted_article_is_reported(site: Path) -> None:
    run("extract")
    shutil.move(site / "content/zh/news/xai-funding.md", site / "gone.md")
    (site / "content/zh/other.md").write_text("别的文章。\n", encoding="utf-8")
    code, out = run("extract")
    assert "po/en/news/xai-funding.po: source article content/zh/news/xai-funding.md is gone" in out
    assert (site / "po/en/news/xai-funding.po").exists()
    code, out = run("check")
    assert code == 1 and "orphan" in out


def test_unknown_setting_is_a_config_error(site: Path) -> None:
    (site / "l10n.toml").write_text(
        'extra_keys = ["main_topics"]\nsegmentaton = "sentence"\n', encoding="utf-8"
    )
    code, out = run("extract")
    assert code == 2
    assert "l10n.toml:2: unknown setting 'segmentaton'" in out


def test_config_in_pyproject_and_sentence_mode(site: Path) -> None:
    (site / "l10n.toml").unlink()
    (site / "pyproject.toml").write_text(
        '[tool.l10n]\nsegmentation = "sentence"\npo_dir = "i18n"\n', encoding="utf-8"
    )
    (site / "content/zh/two.md").write_text("第一句话。第二句话！\n", encoding="utf-8")
    code, out = run("extract")
    assert code == 0, out
    cat = parse_po((site / "i18n/en/two.po").read_text(encoding="utf-8"), "x")
    assert [e.msgid for e in cat.entries] == ["第一句话。", "第二句话！"]
    assert cat.entries[0].extracted_comments == ["paragraph (sentence)"]


def test_dry_run_writes_nothing(site: Path) -> None:
    code, out = run("extract", "--dry-run")
    assert code == 0 and "would be updated" in out
    assert not (site / "po").exists()


def test_version() -> None:
    code, out = run("--version")
    assert code == 0 and out.startswith("l10n ")


def _many_articles(root: Path, n: int) -> None:
    sample = (REPO / "content/zh/news/xai-funding.md").read_text(encoding="utf-8")
    for i in range(n):
        text = sample.replace("融资细节", f"融资细节{i}").replace("参考资料", f"参考资料（{i}）")
        (root / f"content/zh/a{i:03d}.md").write_text(text, encoding="utf-8")


def test_parallel_output_is_byte_identical_to_serial(site: Path, tmp_path: Path) -> None:
    _many_articles(site, 12)
    other = tmp_path / "serial"
    shutil.copytree(site, other)
    (site / "l10n.toml").write_text('extra_keys = ["main_topics"]\njobs = 2\n', encoding="utf-8")
    (other / "l10n.toml").write_text('extra_keys = ["main_topics"]\njobs = 1\n', encoding="utf-8")
    for root in (site, other):
        assert run("-C", str(root), "extract")[0] == 0
        assert run("-C", str(root), "merge", "--fallback", "source")[0] == 0
    for po in sorted((other / "po").rglob("*.po")):
        assert (site / po.relative_to(other)).read_bytes() == po.read_bytes()
    for md in sorted((other / "content/en").rglob("*.md")):
        assert (site / md.relative_to(other)).read_bytes() == md.read_bytes()
    code_p, out_p = run("-C", str(site), "check", "--format", "json")
    code_s, out_s = run("-C", str(other), "check", "--format", "json")
    assert code_p == code_s == 1 and json.loads(out_p) == json.loads(out_s)
    code, out = run("-C", str(site), "status", "--format", "json")
    assert code == 0 and len(json.loads(out)["articles"]) == 13


def test_every_setting_is_documented_in_the_readme() -> None:
    from dataclasses import fields

    from l10n.app.config import Config

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for f in fields(Config):
        if f.name not in ("root", "source_file"):
            assert f"`{f.name}`" in readme, f.name
