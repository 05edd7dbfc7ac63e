"""Crash safety: l10n processes SIGKILLed at random points never leave a truncated or mixed file.

For extract, merge and translate (with ``mt.FakeTranslator`` through ``workflow.run_translate``; the
CLI itself always loads Argos), a site with a generated corpus is prepared so that the command has
work to do. An uninterrupted run on a copy gives the *new* version of every output file. Then, for
each kill point, a fresh copy is run as a subprocess in its own process group and SIGKILLed after a
random delay. Afterwards:
- every PO / English file parses and is byte-identical to its old or its new version;
- a re-run completes, gives exactly the uninterrupted result and leaves no ``.l10n-tmp-`` file.

CI: 40 articles (serial), 3 kill points each for extract and merge, 2 for translate.
Slow mode: 90 articles (process pool), 25 / 25 / 15 kill points.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import slow_mode
from strategies import edit_article, pseudo, random_article
from typer.testing import CliRunner

from l10n.app.cli import app
from l10n.app.fs import TEMP_MARK, temp_name
from l10n.document import decode, parse_article
from l10n.formats.po import generate_po, parse_po

CLI = [sys.executable, "-c", "from l10n.app.cli import main; main()"]
TRANSLATE = [
    sys.executable,
    "-c",
    "import sys; from pathlib import Path; from l10n.app.fs import load_config; "
    "from l10n.app.site_jobs import run_translate; from l10n.mt import FakeTranslator; "
    "summary, results = run_translate(load_config(Path('.')), None, translator=FakeTranslator()); "
    "print(summary); sys.exit(1 if any(r.error for r in results) else 0)",
]
N_ARTICLES = 90 if slow_mode() else 40
KILLS = (
    {"extract": 25, "merge": 25, "translate": 15}
    if slow_mode()
    else {"extract": 3, "merge": 3, "translate": 2}
)

runner = CliRunner()


# ---------------------------------------------------------------- helpers shared with test_concurrency


def build_site(root: Path, n: int, seed: int = 7) -> None:
    """``n`` generated articles under content/zh in a few sections, with an l10n.toml."""
    rng = random.Random(seed)
    for i in range(n):
        p = root / "content" / "zh" / f"sec{i % 5}" / f"post{i:03}.md"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(random_article(rng), encoding="utf-8")
    (root / "l10n.toml").write_text("threshold = 0\n", encoding="utf-8")


def cli(root: Path, *args: str) -> tuple[int, str]:
    """Run the CLI in-process (for setup and re-runs; the processes under test are real subprocesses)."""
    result = runner.invoke(app, ["-C", str(root), *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def fill_po(root: Path, translate: Callable[[str], str] = pseudo, every: int = 1) -> None:
    """Give every ``every``-th entry of each PO file a translation, as a translator would."""
    for po in sorted((root / "po").rglob("*.po")):
        cat = parse_po(po.read_text(encoding="utf-8"), str(po))
        for i, e in enumerate(cat.entries):
            if not e.obsolete and i % every == 0:
                e.msgstr = translate(e.msgid)
                e.set_fuzzy(False)
        po.write_text(generate_po(cat), encoding="utf-8")


def edit_sources(root: Path, seed: int, share: float = 0.6) -> None:
    rng = random.Random(seed)
    for p in sorted((root / "content" / "zh").rglob("*.md")):
        if rng.random() < share:
            p.write_text(edit_article(rng, p.read_text(encoding="utf-8")), encoding="utf-8")


def outputs(root: Path) -> dict[str, bytes]:
    """Every PO and English file of the site (temporary files excluded)."""
    out = {}
    for sub in ("po", "content/en"):
        base = root / sub
        if base.is_dir():
            for p in sorted(base.rglob("*")):
                if p.is_file() and TEMP_MARK not in p.name:
                    out[p.relative_to(root).as_posix()] = p.read_bytes()
    return out


def temp_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob(f"*{TEMP_MARK}*"))


def assert_parses(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        if name.endswith(".po"):
            parse_po(data.decode("utf-8"), name)
        elif name.endswith(".md"):
            text, bom = decode(data, name)
            parse_article(text, name, bom)


def popen(cmd: list[str], root: Path) -> subprocess.Popen[bytes]:
    # Own session: the kill reaches the process pool's workers too.
    return subprocess.Popen(
        cmd, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate(timeout=30)


# --------------------------------------------------------------------------- the scenarios


def _prepared(tmp_path: Path) -> Path:
    """A translated site whose sources have since been edited: extract has work to do."""
    base = tmp_path / "base"
    base.mkdir()
    build_site(base, N_ARTICLES)
    assert cli(base, "extract")[0] == 0
    fill_po(base)
    assert cli(base, "merge")[0] == 0
    edit_sources(base, seed=11)
    return base


def _run_scenario(tmp_path: Path, base: Path, cmd: list[str], kills: int, seed: int) -> tuple[int, int]:
    """Kill ``cmd`` ``kills`` times on copies of ``base``; returns (kills landing mid-write, total)."""
    old = outputs(base)
    ref = tmp_path / "reference"
    shutil.copytree(base, ref)
    t0 = time.time()
    proc = subprocess.run(cmd, cwd=ref, capture_output=True, text=True, timeout=120)
    duration = time.time() - t0
    assert proc.returncode == 0, proc.stdout + proc.stderr
    new = outputs(ref)
    changed = {k for k in new if old.get(k) != new[k]}
    assert changed, "the scenario must give the command something to write"
    # Start-up (imports) takes most of a short run: aim the kills at the window in which the
    # uninterrupted run wrote its files (with a margin, as timings vary from run to run).
    mtimes = [(ref / name).stat().st_mtime - t0 for name in changed]
    first, last = max(0.0, min(mtimes) - 0.1), min(duration, max(mtimes) + 0.05)
    rng = random.Random(seed)
    mid_write = 0
    for k in range(kills):
        site = tmp_path / f"kill{k}"
        shutil.copytree(base, site)
        delay = first + (last - first) * (k + rng.random()) / kills
        proc2 = popen(cmd, site)
        time.sleep(delay)
        kill_group(proc2)
        after = outputs(site)
        assert_parses(site, after)
        for name, data in after.items():
            assert data == old.get(name) or data == new.get(name), (
                f"kill {k} at {delay:.2f}s: {name} is neither"
            )
        for name in old:
            assert name in after, f"kill {k}: {name} disappeared"
        states = {after.get(n) == new.get(n) for n in changed}
        mid_write += len(states) == 2
        rerun = subprocess.run(cmd, cwd=site, capture_output=True, text=True, timeout=120)
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        assert "Traceback" not in rerun.stderr
        assert outputs(site) == new, f"kill {k}: the re-run differs from an uninterrupted run"
        assert temp_files(site) == [], f"kill {k}: temporary files left"
        shutil.rmtree(site)
    return mid_write, kills


def _check_hits(result: tuple[int, int]) -> None:
    hits, kills = result
    if slow_mode():
        # Timing varies, so CI does not insist; with many kill points some must land mid-write.
        assert hits > 0, f"none of {kills} kills landed while files were being written"


def test_extract_killed_at_random_points(tmp_path: Path) -> None:
    base = _prepared(tmp_path)
    _check_hits(_run_scenario(tmp_path, base, CLI + ["extract"], KILLS["extract"], seed=1))


def test_merge_killed_at_random_points(tmp_path: Path) -> None:
    base = _prepared(tmp_path)
    assert cli(base, "extract")[0] == 0
    fill_po(base, lambda m: f"[EN] {m}", every=2)  # new translations: merge rewrites most articles
    _check_hits(_run_scenario(tmp_path, base, CLI + ["merge"], KILLS["merge"], seed=2))


def test_translate_killed_at_random_points(tmp_path: Path) -> None:
    pytest.importorskip("l10n.mt")
    from l10n import mt

    if not hasattr(mt, "FakeTranslator") or not hasattr(mt, "draft_catalog"):
        pytest.skip("l10n.mt has no FakeTranslator / draft_catalog")
    base = _prepared(tmp_path)
    assert cli(base, "extract")[0] == 0
    _check_hits(_run_scenario(tmp_path, base, TRANSLATE, KILLS["translate"], seed=3))


def test_temp_files_of_a_killed_run_are_cleaned(tmp_path: Path) -> None:
    """Leftovers a crash leaves (whatever their age) go at the next run, in both output trees."""
    base = _prepared(tmp_path)
    po_tmp = temp_name(base / "po" / "en" / "sec0" / "post000.po")
    en_tmp = temp_name(base / "content" / "en" / "sec1" / "post001.md")
    po_tmp.write_text("half a PO fi", encoding="utf-8")
    en_tmp.write_text("half an arti", encoding="utf-8")
    # Only names this tool makes are temporary files; a look-alike is someone else's and stays.
    lookalike = base / "po" / "en" / "sec0" / f"notes{TEMP_MARK}keep.txt"
    lookalike.write_text("mine", encoding="utf-8")
    assert cli(base, "extract")[0] == 0
    assert not po_tmp.exists()
    assert cli(base, "merge")[0] == 0
    assert temp_files(base) == [lookalike.relative_to(base).as_posix()]


# --------------------------------------------------------------------------- issue 15: killed parallel runs

N_PARALLEL = 70  # above PARALLEL_MIN_FILES: the run uses a process pool
KILL_SIGNALS = [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP, signal.SIGINT] * (3 if slow_mode() else 1)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _group_gone(pgid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to find the workers")
def test_killed_parent_of_a_parallel_run_leaves_no_worker_and_no_lock(tmp_path: Path) -> None:
    """SIGKILL, SIGTERM, SIGHUP or SIGINT to the parent alone (not its group), while its workers run: the
    workers die with it, nothing is left half-written, and the next run starts at once."""
    base = tmp_path / "base"
    base.mkdir()
    build_site(base, N_PARALLEL, seed=21)
    (base / "l10n.toml").write_text("threshold = 0\njobs = 2\n", encoding="utf-8")
    assert cli(base, "extract")[0] == 0
    fill_po(base, every=2)
    edit_sources(base, seed=22, share=0.9)
    old = outputs(base)
    ref = tmp_path / "reference"
    shutil.copytree(base, ref)
    proc = subprocess.run(CLI + ["extract"], cwd=ref, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    new = outputs(ref)
    rng = random.Random(23)
    waits = []
    for k, sig in enumerate(KILL_SIGNALS):
        site = tmp_path / f"kill{k}"
        shutil.copytree(base, site)
        run = popen(CLI + ["extract"], site)
        deadline = time.monotonic() + 60
        while len(_children(run.pid)) < 2 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert run.poll() is None, "the run ended before its workers were seen"
        time.sleep(rng.random() * 0.3)
        os.kill(run.pid, sig)
        _, stderr = run.communicate(timeout=60)
        assert b"Traceback" not in stderr, stderr.decode()
        # 143 SIGTERM, 129 SIGHUP, 130 SIGINT; 0 or -sig when the run had finished its work already
        # (Python restores the default signal actions while it shuts down).
        expected = -9 if sig == signal.SIGKILL else 128 + sig
        assert run.returncode in (expected, 0, -sig), (sig.name, run.returncode, stderr.decode())
        assert _group_gone(run.pid, 10), f"{sig.name}: worker processes outlived their parent"
        after = outputs(site)
        assert_parses(site, after)
        for name, data in after.items():
            assert data == old.get(name) or data == new.get(name), f"{sig.name}: {name} is neither"
        t0 = time.monotonic()
        rerun = subprocess.run(CLI + ["extract"], cwd=site, capture_output=True, text=True, timeout=120)
        waits.append(time.monotonic() - t0)
        assert rerun.returncode == 0, rerun.stderr
        assert waits[-1] < 10, f"{sig.name}: the next run took {waits[-1]:.1f} s"
        assert "waiting for another l10n run" not in rerun.stderr
        assert outputs(site) == new and temp_files(site) == []
        shutil.rmtree(site)
    print(f"\nnext run after a killed parallel parent: max {max(waits):.2f} s over {len(waits)} kills")


ORPHAN_HOLDER = """
import fcntl, os, sys, time
os.makedirs(".l10n-cache", exist_ok=True)
fd = os.open(".l10n-cache/lock", os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.pwrite(fd, str(os.getpid()).encode(), 0)
child = os.fork()
if child == 0:
    null = os.open(os.devnull, os.O_RDWR)
    for std in (0, 1, 2):
        os.dup2(null, std)  # let the test's pipes close
    time.sleep(120)  # an orphaned worker of an older version: holds the descriptor, never exits
    os._exit(0)
print(child, flush=True)
os._exit(0)  # the owner dies; the lock stays held through the child's descriptor
"""


def test_stale_lock_held_by_an_orphaned_descendant_is_taken_over(tmp_path: Path) -> None:
    base = tmp_path / "site"
    base.mkdir()
    build_site(base, 5, seed=31)
    holder = subprocess.run([sys.executable, "-c", ORPHAN_HOLDER], cwd=base, capture_output=True, text=True)
    orphan = int(holder.stdout)
    try:
        t0 = time.monotonic()
        proc = subprocess.run(CLI + ["extract"], cwd=base, capture_output=True, text=True, timeout=120)
        elapsed = time.monotonic() - t0
        assert proc.returncode == 0, proc.stderr
        assert "is gone; taking over its stale lock" in proc.stderr, proc.stderr
        assert elapsed < 10, f"took {elapsed:.1f} s"
        # And the next run finds a normal lock.
        proc = subprocess.run(CLI + ["extract"], cwd=base, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0 and "stale" not in proc.stderr, proc.stderr
    finally:
        os.kill(orphan, signal.SIGKILL)
