"""Two l10n runs on one site at once: the site lock serialises them, so both succeed, the second says
it is waiting, and the result is that of running them one after the other (nothing corrupted or lost).
"""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import slow_mode
from test_crash import CLI, TRANSLATE, build_site, cli, edit_sources, fill_po, outputs, temp_files

from l10n.app.article_jobs import CHANGED_RETRIES
from l10n.app.fs import CACHE_DIR, LOCK_NAME
from l10n.formats.po import generate_po, parse_po

N_ARTICLES = 30


def _base(tmp_path: Path) -> Path:
    base = tmp_path / "base"
    base.mkdir()
    build_site(base, N_ARTICLES, seed=5)
    assert cli(base, "extract")[0] == 0
    fill_po(base, every=2)
    assert cli(base, "merge")[0] == 0
    edit_sources(base, seed=6)
    return base


def _serial(tmp_path: Path, base: Path, name: str, *cmds: list[str]) -> dict[str, bytes]:
    site = tmp_path / name
    shutil.copytree(base, site)
    for cmd in cmds:
        proc = subprocess.run(cmd, cwd=site, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return outputs(site)


def _together(site: Path, a: list[str], b: list[str]) -> list[tuple[int, str, str]]:
    procs = [
        subprocess.Popen(c, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in (a, b)
    ]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        out.append((p.returncode, stdout, stderr))
    return out


def _check_clean(results: list[tuple[int, str, str]], site: Path) -> None:
    for code, stdout, stderr in results:
        assert code == 0, stdout + stderr
        assert "Traceback" not in stderr
    assert temp_files(site) == []
    for po in (site / "po").rglob("*.po"):
        parse_po(po.read_text(encoding="utf-8"), str(po))


def test_two_extracts_at_once_equal_one(tmp_path: Path) -> None:
    base = _base(tmp_path)
    once = _serial(tmp_path, base, "serial", CLI + ["extract"])
    site = tmp_path / "site"
    shutil.copytree(base, site)
    results = _together(site, CLI + ["extract"], CLI + ["extract"])
    _check_clean(results, site)
    assert outputs(site) == once
    # When they overlapped, the one that waited said so.
    waited = [r for r in results if "waiting for another l10n run" in r[2]]
    assert len(waited) <= 1


def test_two_merges_at_once_equal_one(tmp_path: Path) -> None:
    base = _base(tmp_path)
    assert cli(base, "extract")[0] == 0
    once = _serial(tmp_path, base, "serial", CLI + ["merge"])
    site = tmp_path / "site"
    shutil.copytree(base, site)
    results = _together(site, CLI + ["merge"], CLI + ["merge"])
    _check_clean(results, site)
    assert outputs(site) == once


def test_extract_and_translate_at_once_lose_nothing(tmp_path: Path) -> None:
    """Different commands: the result is one of the two serial orders, never a blend that lost work."""
    base = _base(tmp_path)
    orders = [
        _serial(tmp_path, base, "et", CLI + ["extract"], TRANSLATE),
        _serial(tmp_path, base, "te", TRANSLATE, CLI + ["extract"]),
    ]
    assert orders[0] != orders[1]
    site = tmp_path / "site"
    shutil.copytree(base, site)
    results = _together(site, CLI + ["extract"], TRANSLATE)
    _check_clean(results, site)
    assert outputs(site) in orders


def test_a_waiting_run_says_so_and_then_completes(tmp_path: Path) -> None:
    base = _base(tmp_path)
    once = _serial(tmp_path, base, "serial", CLI + ["extract"])
    (base / CACHE_DIR).mkdir(exist_ok=True)
    lock = os.open(base / CACHE_DIR / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        os.ftruncate(lock, 0)
        os.pwrite(lock, str(os.getpid()).encode(), 0)
        err = tmp_path / "stderr.txt"
        with err.open("w") as fh:
            proc = subprocess.Popen(CLI + ["extract"], cwd=base, stdout=subprocess.DEVNULL, stderr=fh)
        deadline = time.monotonic() + 60
        while "waiting" not in err.read_text(encoding="utf-8") and time.monotonic() < deadline:
            assert proc.poll() is None, "extract ran although the site was locked"
            time.sleep(0.05)
        message = err.read_text(encoding="utf-8")
        assert f"l10n: waiting for another l10n run (pid {os.getpid()}) to finish" in message
        time.sleep(0.3)
        assert proc.poll() is None and outputs(base) != once, "extract wrote while the site was locked"
    finally:
        os.close(lock)  # releases the lock
    assert proc.wait(timeout=120) == 0
    assert outputs(base) == once
    assert "Traceback" not in err.read_text(encoding="utf-8")


def test_check_during_extract_never_sees_a_partial_file(tmp_path: Path) -> None:
    """``check`` takes no lock; thanks to atomic renames it reads old or new files, never half of one."""
    base = _base(tmp_path)
    results = _together(base, CLI + ["extract"], CLI + ["check", "--format", "json"])
    code, stdout, stderr = results[1]
    assert code in (0, 1), stdout + stderr
    assert "Traceback" not in stderr
    assert '"po-syntax"' not in stdout and '"source-syntax"' not in stdout
    assert results[0][0] == 0, results[0][2]


# --------------------------------------------------------------------------- issue 15: a translator saving


def _translator_save(po: Path, msgstr: str) -> str:
    """What a PO editor does: translate the first untranslated (or any) entry and save atomically."""
    cat = parse_po(po.read_text(encoding="utf-8"), str(po))
    entry = next((e for e in cat.entries if not e.obsolete and not e.msgstr), None)
    entry = entry or next(e for e in cat.entries if not e.obsolete)
    entry.msgstr = msgstr
    entry.set_fuzzy(False)
    tmp = po.with_name(po.name + ".editor-tmp")
    tmp.write_text(generate_po(cat), encoding="utf-8")
    os.replace(tmp, po)
    assert entry.context is not None
    return entry.context


def _msgstr_of(po: Path, context: str) -> str:
    cat = parse_po(po.read_text(encoding="utf-8"), str(po))
    return next(e.msgstr for e in cat.entries if e.context == context and not e.obsolete)


def test_save_during_extract_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The save lands between extract's read and its write (deterministically): extract redoes that
    article from the saved file instead of overwriting it."""
    from l10n.app import article_jobs

    base = _base(tmp_path)
    po = sorted((base / "po").rglob("*.po"))[0]
    real = article_jobs.extract_text
    saved: list[str] = []

    def slow_extract(article: Any, old: Any, po_display: str, *args: Any, **kwargs: Any) -> Any:
        if po_display.endswith(po.name) and not saved:
            saved.append(_translator_save(po, "Saved while extract was working."))
        return real(article, old, po_display, *args, **kwargs)

    monkeypatch.setattr(article_jobs, "extract_text", slow_extract)
    code, out = cli(base, "extract")
    assert code == 0, out
    assert saved and _msgstr_of(po, saved[0]) == "Saved while extract was working."
    # ...and the PO file is what extract makes of the saved file: a second run changes nothing.
    monkeypatch.undo()
    assert "0 PO file(s) updated" in cli(base, "extract")[1]


def test_file_that_keeps_changing_is_reported_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from l10n.app import article_jobs

    base = _base(tmp_path)
    po = sorted((base / "po").rglob("*.po"))[0]
    real = article_jobs.extract_text
    saves = iter(range(100))

    def busy(article: Any, old: Any, po_display: str, *args: Any, **kwargs: Any) -> Any:
        if po_display.endswith(po.name):
            _translator_save(po, f"Save number {next(saves)}.")
        return real(article, old, po_display, *args, **kwargs)

    monkeypatch.setattr(article_jobs, "extract_text", busy)
    code, out = cli(base, "extract")
    rel = po.relative_to(base).as_posix()
    assert code == 1 and f"l10n: error: {rel}: changed during the run, not written" in out, out
    last = po.read_text(encoding="utf-8")
    assert f"Save number {CHANGED_RETRIES - 1}." in last  # the translator's last save, untouched


def test_save_during_translate_is_merged_with_the_drafts(tmp_path: Path) -> None:
    """translate reads every PO file, runs MT (minutes on a real model), then writes: a save made
    meanwhile keeps the translator's entries and still gets the drafts for the others."""
    from l10n.app.fs import load_config
    from l10n.app.site_jobs import run_translate
    from l10n.mt import FakeTranslator

    base = _base(tmp_path)
    assert cli(base, "extract")[0] == 0
    po = sorted((base / "po").rglob("*.po"))[0]
    saved: list[str] = []

    class SlowEngine(FakeTranslator):
        def translate_batch(self, sentences: list[str]) -> list[str]:
            if not saved:
                saved.append(_translator_save(po, "Human translation saved during MT."))
            return super().translate_batch(sentences)

    summary, results = run_translate(load_config(base), None, translator=SlowEngine())
    assert not any(r.error for r in results), [r.error for r in results]
    cat = parse_po(po.read_text(encoding="utf-8"), str(po))
    mine = next(e for e in cat.entries if e.context == saved[0])
    assert mine.msgstr == "Human translation saved during MT." and not mine.fuzzy
    drafts = [e for e in cat.entries if e.fuzzy and any(c.startswith("mt:") for c in e.translator_comments)]
    assert drafts, "the drafts for the other entries were lost"
    assert not [e for e in cat.entries if not e.obsolete and not e.msgstr]
    note = next(r for r in results if r.output == po.relative_to(base).as_posix()).messages
    assert any("drafts merged into the saved file" in m for m in note), note


SAVES = 40 if slow_mode() else 10


def test_saves_at_random_moments_of_a_real_run_are_never_lost(tmp_path: Path) -> None:
    """The real CLI in a subprocess; the translator saves the PO file of a long article (so that the
    time between extract reading and writing it is wide) at a random moment of the run."""
    base = _base(tmp_path)
    big = base / "content" / "zh" / "big.md"
    paragraphs = (f"第{i}段，讲述了一件很长的事情的第{i}个部分。\n\n" for i in range(3000))
    big.write_text("".join(paragraphs), encoding="utf-8")
    assert cli(base, "extract")[0] == 0
    big.write_text(big.read_text(encoding="utf-8").replace("事情", "事件"), encoding="utf-8")
    po = Path("po/en/big.po")
    probe = tmp_path / "probe"
    shutil.copytree(base, probe)
    t0 = time.time()
    assert subprocess.run(CLI + ["extract"], cwd=probe, capture_output=True, timeout=120).returncode == 0
    duration = time.time() - t0
    # Aim at the window in which extract works on that file (it comes first: "big" < "sec0"), with a
    # margin either side; before it or after it a save is trivially safe.
    written = (probe / po).stat().st_mtime - t0
    rng = random.Random(8)
    lost = []
    for k in range(SAVES):
        site = tmp_path / f"save{k}"
        shutil.copytree(base, site)
        proc = subprocess.Popen(CLI + ["extract"], cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.3, 1.1) * written)
        text = f"Save {k} made during the run."
        _translator_save(site / po, text)
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode in (0, 1), stderr
        if proc.returncode == 1:  # allowed only as the explicit "not written" report
            assert b"changed during the run, not written" in stderr, stderr
        # Kept, on its entry or (when extract ran on the save) carried to the edited text as fuzzy.
        kept = parse_po((site / po).read_text(encoding="utf-8"), "big.po").entries
        if text not in {e.msgstr for e in kept}:
            lost.append(k)
        shutil.rmtree(site)
    print(f"\nlost concurrent saves: {len(lost)} of {SAVES} (run of {duration:.1f} s)")
    assert not lost, f"saves lost at attempts {lost}"


def test_glossary_import_merges_and_never_replaces_by_default(site: Path) -> None:
    terms = site / "glossary" / "terms.tsv"
    before = terms.read_text(encoding="utf-8")
    tbx = site / "terms.tbx"
    tbx.write_text(TBX, encoding="utf-8")
    code, out = cli(site, "glossary", "import", str(tbx))
    assert code == 0 and "imported 1 term(s) into glossary/terms.tsv" in out, out
    assert "'马斯克' → 'Mask' left out: glossary/terms.tsv:" in out and "has 'Musk'" in out, out
    after = terms.read_text(encoding="utf-8")
    assert after.startswith(before) and after[len(before) :] == "超算中心\tsupercomputing center\n"
    # Importing again adds nothing; --replace is the explicit way to overwrite.
    code, out = cli(site, "glossary", "import", str(tbx))
    assert code == 0 and "imported 0 term(s)" in out and terms.read_text(encoding="utf-8") == after
    code, out = cli(site, "glossary", "import", str(tbx), "-o", "elsewhere.tsv")
    assert code == 0 and (site / "elsewhere.tsv").read_text(encoding="utf-8").count("\n") == 3, out
    code, out = cli(site, "glossary", "import", str(tbx), "--replace")
    assert code == 0 and "replaced glossary/terms.tsv with 2 term(s)" in out, out
    assert terms.read_text(encoding="utf-8").count("\n") == 3


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
<termEntry><langSet xml:lang="zh"><tig><term>马斯克</term></tig></langSet>
<langSet xml:lang="en"><tig><term>Mask</term></tig></langSet></termEntry>
<termEntry><langSet xml:lang="zh"><tig><term>超算中心</term></tig></langSet>
<langSet xml:lang="en"><tig><term>supercomputing center</term></tig></langSet></termEntry>
</body></text></martif>
"""
