"""The glossary commands and glossary hints through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from l10n.app.cli import app
from l10n.formats.po import generate_po, parse_po

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.output


def test_export_import_round_trip(site: Path) -> None:
    code, tbx = run("glossary", "export", "--format", "tbx")
    assert code == 0 and tbx.startswith("<?xml") and "第一性原理" in tbx
    (site / "terms.tbx").write_text(tbx, encoding="utf-8")
    code, out = run("glossary", "import", "terms.tbx", "-o", "glossary/imported.tsv")
    assert code == 0 and "imported" in out
    imported = (site / "glossary/imported.tsv").read_text(encoding="utf-8")
    assert "第一性原理\tfirst principles" in imported
    # Two files with the same terms merge without conflict.
    code, tsv = run("glossary", "export", "--format", "tsv")
    assert code == 0 and "马斯克\tMusk" in tsv


def test_conflicting_glossaries_are_an_error_naming_both_lines(site: Path) -> None:
    (site / "glossary/extra.tsv").write_text("source\ttarget\n马斯克\tMask\n", encoding="utf-8")
    code, out = run("extract")
    assert code == 1
    assert "glossary/extra.tsv:2" in out and "glossary/terms.tsv:" in out


def test_hints_refresh_without_touching_translations(site: Path) -> None:
    assert run("extract")[0] == 0
    po = site / "po/en/news/xai-funding.po"
    cat = parse_po(po.read_text(encoding="utf-8"), str(po))
    for e in cat.entries:
        e.msgstr = f"EN {e.context}"
    po.write_text(generate_po(cat), encoding="utf-8")
    before = {e.context: e.msgstr for e in cat.entries}
    gl = site / "glossary/terms.tsv"
    gl.write_text(
        gl.read_text(encoding="utf-8").replace("马斯克\tMusk\tsurname", "马斯克\tMusk\tthe surname"),
        encoding="utf-8",
    )
    assert run("extract")[0] == 0
    after = parse_po(po.read_text(encoding="utf-8"), str(po))
    assert {e.context: e.msgstr for e in after.entries} == before
    title = after.by_context()["fm.title"]
    assert "glossary: 马斯克 → Musk (the surname on later mentions)" in title.extracted_comments


def test_glossary_check_command(site: Path) -> None:
    run("extract")
    po = site / "po/en/news/xai-funding.po"
    cat = parse_po(po.read_text(encoding="utf-8"), str(po))
    cat.by_context()["fm.title"].msgstr = "xAI raises money: Mask bets on calculation power"
    po.write_text(generate_po(cat), encoding="utf-8")
    code, out = run("glossary", "check", "--format", "json")
    assert code == 1
    messages = [f["message"] for f in json.loads(out)["findings"]]
    assert any("Musk" in m for m in messages) and any("calculation power" in m for m in messages)
    assert all(f["check"] == "glossary" for f in json.loads(out)["findings"])


def test_suggest_lists_terms_not_in_glossary(site: Path) -> None:
    (site / "content/zh/more.md").write_text(
        "孟菲斯的超算中心。\n\n超算中心扩建。\n\n超算中心很大。\n", encoding="utf-8"
    )
    code, out = run("glossary", "suggest", "-n", "10")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "source\ttarget\tnote"
    assert any(line.startswith("超算中心\t\t") for line in lines[1:])
    assert not any(line.startswith("孟菲斯\t") for line in lines[1:])  # already in the glossary
    assert not any(line.startswith(("万块\t", "亿美元\t")) for line in lines[1:])  # number fragments
