"""Two l10n runs on one site at once: the site lock serialises them, so both succeed, the second says
it is waiting, and the result is that of running them one after the other (nothing corrupted or lost).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import time
from pathlib import Path

from test_crash import CLI, TRANSLATE, build_site, cli, edit_sources, fill_po, outputs, temp_files

from l10n.app.fs import CACHE_DIR, LOCK_NAME
from l10n.formats.po import parse_po

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
