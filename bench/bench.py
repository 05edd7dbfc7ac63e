"""Scale benchmark: times the real ``l10n`` CLI on a synthetic corpus and compares it with po4a,
Translate Toolkit (md2po/po2md) and mdpo where they are installed.

Per corpus size N (``--sizes 100,1000``), in a fresh site under ``bench/out/sites/nN``:

1. generate N articles (``bench/corpus.py``; not timed);
2. anchors (N <= ``--anchor-max``): extract, fill every msgstr (not timed), merge — each capped by
   ``--anchor-timeout``;
3. l10n: cold ``extract``; no-op ``extract``; ``extract`` after editing 1 % of the articles; fill every
   msgstr with a pseudo translation (not timed); ``merge``; ``check``; ``status``.

Every timed step is one subprocess, timed with ``time.perf_counter``. Memory is measured two ways:
``tree`` = the peak of the summed RSS of the process and all its descendants (sampled every 50 ms from
/proc; also PSS, which does not double-count pages forked workers share), ``single`` = ``ru_maxrss``
from ``wait4`` (the largest single process of the tree — RUSAGE_CHILDREN semantics, not a sum).

Output: a table on stdout (on stderr with ``--json``, which prints the records as JSON on stdout), the
throughput ratios against the anchors, and whether each target of the Scale issue is met. The records
are also written to ``bench/out/last-run.json``.

``--profile extract,merge,check`` instead runs those steps once each under cProfile, serially
(``jobs = 1``), at ``--profile-n`` articles, and writes ``bench/out/profile-STEP.prof`` and ``.txt``.

Run with the interpreter that has l10n installed (the fill step uses ``l10n.formats.po``):
``/work/main/.venv/bin/python bench/bench.py --sizes 100,1000``.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import pstats
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


# --------------------------------------------------------------------------- measuring


@dataclass
class Record:
    tool: str
    step: str
    n: int
    seconds: float | None = None
    status: str = "ok"  # ok | failed | timeout | skipped
    rc: int | None = None
    tree_rss_mb: float | None = None
    tree_pss_mb: float | None = None
    single_rss_mb: float | None = None
    summary: str = ""
    kind: str = "step"
    load1: float | None = None  # 1-minute load average when the step started (others share the machine)
    ratio: float | None = None  # kind "ratio": anchor seconds / l10n seconds
    l10n_s: float | None = None
    anchor_s: float | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def per_article_ms(self) -> float | None:
        return None if self.seconds is None or not self.n else self.seconds * 1000 / self.n

    def as_json(self) -> dict[str, object]:
        d = asdict(self)
        d["per_article_ms"] = self.per_article_ms
        d["articles_per_s"] = None if not self.seconds else self.n / self.seconds
        return d


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields start after the last ')'.
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree(root: int) -> list[int]:
    kids = _children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def _rss_pss(pid: int) -> tuple[int, int]:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            rss = int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0, 0
    pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
    except OSError:
        pss = rss
    return rss, pss


@dataclass
class Run:
    seconds: float
    rc: int | None
    timed_out: bool
    tree_rss: int
    tree_pss: int
    single_rss: int
    last_line: str
    load: float


def run_measured(cmd: list[str], cwd: Path, log: Path, timeout: float, sample_s: float = 0.05) -> Run:
    """Run ``cmd`` to completion (or ``timeout``), timing it and tracking the memory of its process tree."""
    log.parent.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    maxrss_file = log.with_suffix(".maxrss")
    if GNU_TIME:
        # ru_maxrss survives fork+exec, so a child of this (large) process would report at least our own
        # peak; GNU time is small, and it reports its child's ru_maxrss (the largest process of the tree).
        cmd = [GNU_TIME, "-f", "%M", "-o", str(maxrss_file), *cmd]
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        done = threading.Event()
        peak = [0, 0]
        reaped: list[tuple[int, int, resource.struct_rusage]] = []

        def sample() -> None:
            while not done.is_set():
                rss = pss = 0
                for pid in _tree(p.pid):
                    r, s = _rss_pss(pid)
                    rss, pss = rss + r, pss + s
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                # Fine-grained at first (short steps), coarser later to keep the sampler cheap.
                done.wait(sample_s if time.perf_counter() - t0 < 5 else 4 * sample_s)

        def reap() -> None:
            reaped.append(os.wait4(p.pid, 0))

        sampler, reaper = threading.Thread(target=sample), threading.Thread(target=reap)
        sampler.start()
        reaper.start()
        reaper.join(timeout)
        timed_out = reaper.is_alive()
        if timed_out:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            reaper.join()
        seconds = time.perf_counter() - t0
        done.set()
        sampler.join()
    _, status, usage = reaped[0]
    p.returncode = os.waitstatus_to_exitcode(status)
    maxrss = usage.ru_maxrss * 1024
    if GNU_TIME:
        try:
            maxrss = int(maxrss_file.read_text().split()[-1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
    text = log.read_bytes()[-4000:].decode("utf-8", "replace").strip().splitlines()
    last = text[-1] if text else ""
    return Run(
        seconds,
        None if timed_out else p.returncode,
        timed_out,
        peak[0],
        peak[1],
        maxrss,
        last,
        load,
    )


def record(tool: str, step: str, n: int, run: Run, ok: Callable[[Run], bool] | None = None) -> Record:
    status = "timeout" if run.timed_out else ("ok" if (ok(run) if ok else run.rc == 0) else "failed")
    mb = 1 / 2**20
    return Record(
        tool,
        step,
        n,
        run.seconds,
        status,
        run.rc,
        round(run.tree_rss * mb, 1),
        round(run.tree_pss * mb, 1),
        round(run.single_rss * mb, 1),
        run.last_line[:160],
        load1=round(run.load, 2),
    )


# --------------------------------------------------------------------------- filling PO files


def _fill_chunk(args: tuple[str, list[str]]) -> int:
    kind, paths = args
    fn = corpus.fill_l10n_po if kind == "l10n" else corpus.fill_any_po
    return fn(Path(p) for p in paths)


def fill(kind: str, paths: list[Path], jobs: int) -> int:
    """Pseudo-translate every entry of ``paths`` (outside any timing), in ``jobs`` processes."""
    strs = [str(p) for p in paths]
    if jobs <= 1 or len(strs) < 64:
        return _fill_chunk((kind, strs))
    chunks = [(kind, strs[i : i + 200]) for i in range(0, len(strs), 200)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return sum(pool.map(_fill_chunk, chunks))


# --------------------------------------------------------------------------- tools


@dataclass
class Tools:
    l10n: list[str]
    python: str
    po4a: str | None
    tt_bin: Path | None  # directory holding md2po/po2md from Translate Toolkit
    mdpo_python: str | None


def _works(cmd: list[str]) -> bool:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def detect(args: argparse.Namespace) -> Tools:
    l10n = shutil.which(args.l10n) or args.l10n
    po4a = shutil.which("po4a") if not args.no_anchors else None
    tt = Path(args.tt_venv) / "bin"
    tt_ok = (
        not args.no_anchors
        and (tt / "md2po").exists()
        and _works([str(tt / "python"), "-c", "import translate.convert.md2po, translate.convert.po2md"])
    )
    mdpo_py = str(Path(args.mdpo_venv) / "bin" / "python")
    mdpo_ok = (
        not args.no_anchors
        and Path(mdpo_py).exists()
        and _works([mdpo_py, "-c", "import mdpo.md2po, mdpo.po2md"])
    )
    return Tools([l10n], args.python, po4a, tt if tt_ok else None, mdpo_py if mdpo_ok else None)


def po4a_config(site: Path, files: list[Path], split: bool) -> Path:
    """A po4a config for every article: one POT/PO pair per article (``split``, l10n's layout) or one
    catalog for the whole site (po4a's default)."""
    if split:
        paths = "[po4a_paths] po4a-split/po/$master.pot $lang:po4a-split/po/$master.$lang.po"
    else:
        paths = "[po4a_paths] po4a-single/po/site.pot $lang:po4a-single/po/site.$lang.po"
    out = "po4a-split" if split else "po4a-single"
    lines = [
        "[po4a_langs] en",
        paths,
        '[options] -M UTF-8 -L UTF-8 -k 0 opt:"-o markdown '
        '-o yfm_keys=title,summary,description,tags,categories,keywords -o yfm_lenient"',
    ]
    src = site / "content" / "zh"
    for f in files:
        rel = f.relative_to(src).as_posix()
        pot = " pot=" + rel[:-3].replace("/", "_") if split else ""
        lines.append(f"[type: text] content/zh/{rel} $lang:{out}/en/{rel}{pot}")
    cfg = site / f"{out}.cfg"
    cfg.write_text("\n".join(lines) + "\n", "utf-8")
    return cfg


def run_anchors(site: Path, n: int, tools: Tools, args: argparse.Namespace) -> list[Record]:
    recs: list[Record] = []
    src = site / "content" / "zh"
    logs = site / "logs"
    files = sorted(src.rglob("*.md"))
    t = args.anchor_timeout

    def both(tool: str, extract: list[str], merge: list[str], po_glob: tuple[Path, str]) -> None:
        po_glob[0].mkdir(parents=True, exist_ok=True)  # none of the anchors creates nested output folders
        r = run_measured(extract, site, logs / f"{tool}-extract.log", t)
        recs.append(record(tool, "extract-cold", n, r))
        say(recs[-1])
        if r.timed_out or r.rc != 0:
            recs.append(Record(tool, "merge", n, status="skipped", summary="extract did not finish"))
            say(recs[-1])
            return
        t0 = time.perf_counter()
        count = fill("any", sorted(po_glob[0].rglob(po_glob[1])), args.fill_jobs)
        recs.append(
            Record(
                tool, "fill (setup)", n, time.perf_counter() - t0, summary=f"{count} entries", kind="setup"
            )
        )
        r = run_measured(merge, site, logs / f"{tool}-merge.log", t)
        recs.append(record(tool, "merge", n, r))
        say(recs[-1])

    if tools.po4a:
        for mode in args.po4a_modes.split(","):
            cfg = po4a_config(site, files, split=mode == "split")
            both(
                f"po4a-{mode}",
                [tools.po4a, "--no-translations", cfg.name],
                [tools.po4a, "--no-update", cfg.name],
                (site / f"po4a-{mode}" / "po", "*.en.po"),
            )
    else:
        recs.append(Record("po4a", "all", n, status="skipped", summary="not installed"))
    if tools.tt_bin:
        md2po, po2md = str(tools.tt_bin / "md2po"), str(tools.tt_bin / "po2md")
        both(
            "translate-toolkit",
            [md2po, "--progress=none", "-i", "content/zh", "-o", "tt/po"],
            [po2md, "--progress=none", "-t", "content/zh", "-i", "tt/po", "-o", "tt/en"],
            (site / "tt" / "po", "*.po"),
        )
    else:
        recs.append(Record("translate-toolkit", "all", n, status="skipped", summary="not installed"))
    if tools.mdpo_python:
        drv = str(HERE / "anchor_mdpo.py")
        both(
            "mdpo",
            [tools.mdpo_python, drv, "extract", "content/zh", "mdpo/po"],
            [tools.mdpo_python, drv, "merge", "content/zh", "mdpo/po", "mdpo/en"],
            (site / "mdpo" / "po", "*.po"),
        )
    else:
        recs.append(Record("mdpo", "all", n, status="skipped", summary="not installed"))
    return recs


# --------------------------------------------------------------------------- the l10n sequence

_SUMMARY = re.compile(r"(\d+) article\(s\): (\d+) ")


def _changed(run: Run) -> int | None:
    m = _SUMMARY.search(run.last_line)
    return int(m.group(2)) if m else None


def make_site(site: Path, n: int, args: argparse.Namespace, jobs: int | None) -> Record:
    if site.exists():
        shutil.rmtree(site)
    (site / "content" / "zh").mkdir(parents=True)
    t0 = time.perf_counter()
    size = corpus.write_corpus(site / "content" / "zh", n, args.seed)
    cfg = f"jobs = {jobs}\n" if jobs else ""
    (site / "l10n.toml").write_text(cfg, "utf-8")
    return Record(
        "bench",
        "generate (setup)",
        n,
        time.perf_counter() - t0,
        kind="setup",
        summary=f"{size / 1e6:.1f} MB, mean {size / n / 1000:.1f} KB/article",
        extra={"bytes": size},
    )


CACHE_DIR = ".l10n-cache"  # l10n's run caches (extract.json, merge.json, check.json)


def run_l10n(site: Path, n: int, tools: Tools, args: argparse.Namespace) -> list[Record]:
    """The l10n sequence; with ``--repeat R`` each step runs R times from the same state (best time kept).

    l10n keeps per-article run caches under ``.l10n-cache/``; "cold" steps delete the relevant cache
    before every repetition, "warm"/"noop" steps keep it, ``extract-noop-nocache`` is a no-op extract on
    a fresh checkout (PO files committed, no cache), as CI sees it.
    """
    recs: list[Record] = []
    logs = site / "logs"
    base = [*tools.l10n, "-C", str(site)]
    t = args.timeout
    cache = site / CACHE_DIR

    def forget(*names: str) -> Callable[[], None]:
        def run() -> None:
            for name in names:
                (cache / f"{name}.json").unlink(missing_ok=True)

        return run

    def step(
        name: str,
        argv: list[str],
        ok: Callable[[Run], bool] | None = None,
        prepare: Callable[[], None] | None = None,
    ) -> Record:
        best: Record | None = None
        times = []
        for _ in range(args.repeat if n <= args.repeat_max_n else 1):
            if prepare is not None:
                prepare()
            r = run_measured([*base, *argv], site, logs / f"l10n-{name}.log", t)
            rec = record("l10n", name, n, r, ok)
            times.append(round(r.seconds, 3))
            better = best is None or (
                rec.status == "ok" and (best.status != "ok" or r.seconds < (best.seconds or 0.0))
            )
            if best is None or better:
                peak = [x for x in (best, rec) if x is not None]
                best = rec
                best.tree_rss_mb = max(x.tree_rss_mb or 0 for x in peak)
                best.tree_pss_mb = max(x.tree_pss_mb or 0 for x in peak)
                best.single_rss_mb = max(x.single_rss_mb or 0 for x in peak)
            if rec.status != "ok":
                break
        assert best is not None
        if len(times) > 1:
            best.extra["all_seconds"] = times
        recs.append(best)
        say(best)
        return best

    po_root, en_root = site / "po", site / "content" / "en"

    def no_po() -> None:
        shutil.rmtree(po_root, ignore_errors=True)
        forget("extract")()

    step("extract-cold", ["extract"], lambda r: r.rc == 0 and _changed(r) == n, no_po)
    step("extract-noop", ["extract"], lambda r: r.rc == 0 and _changed(r) == 0)
    step("extract-noop-nocache", ["extract"], lambda r: r.rc == 0 and _changed(r) == 0, forget("extract"))
    src = site / "content" / "zh"
    edited = corpus.edit_articles(src, n, 0.01, args.seed)
    pos = [po_root / "en" / p.relative_to(src).with_suffix(".po") for p in edited]
    saved = {p: p.read_bytes() for p in pos if p.exists()}

    def restore() -> None:
        for p, data in saved.items():
            p.write_bytes(data)

    step("extract-1pct", ["extract"], lambda r: r.rc == 0 and _changed(r) == len(edited), restore)
    recs[-1].extra["edited"] = len(edited)
    t0 = time.perf_counter()
    count = fill("l10n", sorted(po_root.rglob("*.po")), args.fill_jobs)
    recs.append(
        Record(
            "l10n",
            "fill (setup)",
            n,
            time.perf_counter() - t0,
            summary=f"{count} entries",
            kind="setup",
            extra={"entries": count},
        )
    )

    def no_en() -> None:
        shutil.rmtree(en_root, ignore_errors=True)
        forget("merge")()

    step("merge", ["merge"], lambda r: r.rc == 0 and _changed(r) == n, no_en)
    chk = step("check", ["check"], prepare=forget("check"))
    if chk.status != "ok":
        # Keep a number for the targets when the parallel path is broken: the same command, serial.
        serial = site / "l10n-serial.toml"
        serial.write_text((site / "l10n.toml").read_text("utf-8") + "jobs = 1\n", "utf-8")
        step("check-serial", ["--config", str(serial), "check"], prepare=forget("check"))
    step("check-warm", ["check"])
    step("status", ["status"])
    return recs


# --------------------------------------------------------------------------- reporting

_out = sys.stdout


def say(rec: Record | str) -> None:
    if isinstance(rec, Record):
        sec = "-" if rec.seconds is None else f"{rec.seconds:.2f}s"
        rec = f"  {rec.tool:<18} {rec.step:<20} N={rec.n:<6} {sec:>9}  {rec.status:<7} {rec.summary[:70]}"
    print(rec, file=sys.stderr if _out is not sys.stdout else sys.stdout, flush=True)


def _self_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fmt(v: float | None, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def table(recs: list[Record]) -> str:
    head = (
        f"{'tool':<18} {'step':<20} {'N':>6} {'seconds':>9} {'ms/art':>8} {'art/s':>8} "
        f"{'treeRSS':>8} {'treePSS':>8} {'maxRSS':>7} {'load':>5}  status"
    )
    lines = [head, "-" * len(head)]
    for r in recs:
        if r.kind not in ("step", "setup"):
            continue
        aps = None if not r.seconds else r.n / r.seconds
        lines.append(
            f"{r.tool:<18} {r.step:<20} {r.n:>6} {_fmt(r.seconds, '.2f'):>9} "
            f"{_fmt(r.per_article_ms, '.2f'):>8} "
            f"{_fmt(aps, '.0f'):>8} {_fmt(r.tree_rss_mb, '.0f'):>8} {_fmt(r.tree_pss_mb, '.0f'):>8} "
            f"{_fmt(r.single_rss_mb, '.0f'):>7} {_fmt(r.load1, '.1f'):>5}  {r.status}"
            + (f" ({r.summary[:60]})" if r.status != "ok" or r.kind == "setup" else "")
        )
    rusage = (
        "ru_maxrss via /usr/bin/time"
        if GNU_TIME
        else f"ru_maxrss via wait4, never below the bench's own peak ({_self_rss_mb():.0f} MiB)"
    )
    lines.append(
        "(memory in MiB: treeRSS/treePSS = peak sum over the process tree; maxRSS = largest single process, "
        f"{rusage};\n load = 1-minute load average when the step started, on {os.cpu_count()} CPUs)"
    )
    return "\n".join(lines)


def find(recs: list[Record], tool: str, step: str, n: int) -> Record | None:
    for r in recs:
        if r.tool == tool and r.step == step and r.n == n and r.kind == "step":
            return r
    return None


def secs(r: Record | None) -> float | None:
    return r.seconds if r is not None and r.status == "ok" else None


def ratios(recs: list[Record]) -> list[Record]:
    """Throughput of l10n over each anchor's (= anchor time / l10n time) per step and N."""
    out = []
    sizes = sorted({r.n for r in recs if r.tool == "l10n"})
    for n in sizes:
        for tool in ("po4a-single", "po4a-split", "translate-toolkit", "mdpo"):
            for step in ("extract-cold", "merge"):
                ours, theirs = find(recs, "l10n", step, n), find(recs, tool, step, n)
                if theirs is None:
                    continue
                a, b = secs(ours), secs(theirs)
                value = None if a is None or b is None else b / a
                status = theirs.status if theirs.status != "ok" else ("ok" if value is not None else "failed")
                if theirs.status == "timeout" and a is not None:
                    value = args_anchor_timeout / a  # a lower bound: they did not finish
                    status = "timeout"
                out.append(
                    Record(
                        tool,
                        step.replace("-cold", ""),
                        n,
                        kind="ratio",
                        status=status,
                        ratio=value,
                        l10n_s=a,
                        anchor_s=b,
                    )
                )
    return out


args_anchor_timeout = 600.0


def targets(recs: list[Record]) -> list[Record]:
    sizes = sorted({r.n for r in recs if r.tool == "l10n" and r.kind == "step"})
    big = 10_000 if 10_000 in sizes else (max(sizes) if sizes else 0)
    note = "" if big == 10_000 else f" [10,000 not measured: shown at N={big}]"
    out = []

    def add(name: str, met: bool | None, detail: str) -> None:
        out.append(
            Record(
                "target",
                name,
                big,
                kind="target",
                status="n/a" if met is None else ("MET" if met else "NOT MET"),
                summary=detail + note,
            )
        )

    def total(n: int, *steps: str) -> float | None:
        vals = [secs(find(recs, "l10n", s, n)) for s in steps]
        return None if any(v is None for v in vals) else sum(vals)  # type: ignore[arg-type]

    v = total(big, "extract-cold", "merge")
    add(
        "cold extract + merge < 60 s",
        None if v is None else (v < 60 if big == 10_000 else None),
        f"{_fmt(v, '.1f')} s at N={big}",
    )
    groups = {"po4a": ("po4a-single", "po4a-split"), "translate-toolkit": ("translate-toolkit",)}
    for group, members in groups.items():
        # Against the anchor's best layout: the smallest ratio per step (a timeout is a lower bound).
        parts, met = [], True
        for step in ("extract", "merge"):
            rs = [r for r in ratios(recs) if r.tool in members and r.n == 1000 and r.step == step]
            known = [r for r in rs if r.ratio is not None]
            if not known:
                parts.append(f"{step}: {'not measured' if not rs else rs[0].status}")
                met = False if rs else met
                continue
            worst = min(known, key=lambda r: r.ratio or 0.0)
            bound = " (lower bound: timeout)" if worst.status == "timeout" else ""
            parts.append(f"{step} {worst.ratio:.2f}x vs {worst.tool}{bound}")
            met = met and (worst.ratio or 0.0) >= 3
        measured = any(r.tool in members and r.n == 1000 for r in ratios(recs))
        add(f">= 3x {group} at 1,000", met if measured else None, "; ".join(parts))
        out[-1].n = 1000
        out[-1].summary = out[-1].summary.replace(note, "")
    for noop, chk, label in (
        ("extract-noop", "check-warm", "with run caches"),
        ("extract-noop-nocache", "check", "fresh checkout, no cache"),
    ):
        v, how = total(big, noop, chk), ""
        if v is None and chk == "check" and total(big, noop, "check-serial") is not None:
            v, how = total(big, noop, "check-serial"), " (parallel check failed: serial check used)"
        add(
            f"no-op extract + check < 5 s ({label})",
            None if v is None else (v < 5 if big == 10_000 else None),
            f"{_fmt(v, '.1f')} s at N={big}{how}",
        )
    mem = [r.tree_rss_mb for r in recs if r.tool == "l10n" and r.n == big and r.tree_rss_mb is not None]
    pss = [r.tree_pss_mb for r in recs if r.tool == "l10n" and r.n == big and r.tree_pss_mb is not None]
    single = [
        r.single_rss_mb for r in recs if r.tool == "l10n" and r.n == big and r.single_rss_mb is not None
    ]
    peak = max(mem) if mem else None
    add(
        "peak memory < 300 MB",
        None if peak is None else (peak < 300 if big == 10_000 else None),
        f"tree RSS {_fmt(peak, '.0f')} MiB (PSS {_fmt(max(pss) if pss else None, '.0f')}, "
        f"largest process {_fmt(max(single) if single else None, '.0f')}) at N={big}; by N: "
        + ", ".join(
            f"{n}: {_fmt(max((r.tree_rss_mb or 0) for r in recs if r.tool == 'l10n' and r.n == n), '.0f')}"
            for n in sizes
        ),
    )
    small = min(sizes) if sizes else 0
    a, b = total(small, "extract-cold", "merge"), total(big, "extract-cold", "merge")
    if a is None or b is None or small == big:
        add("ms/article at 10,000 <= 1.3x at 100", None, "not measured")
    else:
        pa, pb = a * 1000 / small, b * 1000 / big
        add(
            "ms/article at 10,000 <= 1.3x at 100",
            (pb <= 1.3 * pa) if big == 10_000 and small == 100 else None,
            f"extract+merge {pb:.2f} ms at N={big} vs {pa:.2f} ms at N={small} ({pb / pa:.2f}x)",
        )
    return out


def report(recs: list[Record]) -> str:
    buf = io.StringIO()
    print(table(recs), file=buf)
    rs = ratios(recs)
    if rs:
        print(
            "\nThroughput ratios (l10n articles/s ÷ anchor articles/s; > 1 means l10n is faster):", file=buf
        )
        for r in rs:
            x = r.ratio
            val = "-" if x is None else f"{float(x):.2f}x"
            extra = (
                " (anchor timed out: lower bound)"
                if r.status == "timeout"
                else ("" if r.status == "ok" else f" ({r.status})")
            )
            print(
                f"  N={r.n:<6} {r.step:<8} vs {r.tool:<18} {val:>8}  "
                f"[l10n {_fmt(r.l10n_s, '.2f')} s, "
                f"{r.tool} {_fmt(r.anchor_s, '.2f')} s]{extra}",
                file=buf,
            )
    print("\nTargets:", file=buf)
    for r in targets(recs):
        print(f"  [{r.status:^7}] {r.step}: {r.summary}", file=buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- profiling


def profile(steps: list[str], tools: Tools, args: argparse.Namespace) -> None:
    """Run ``steps`` under cProfile, serially, on a fresh site of ``--profile-n`` articles."""
    n = args.profile_n
    out = Path(args.out)
    site = out / "sites" / f"profile-n{n}"
    say(f"profile: generating {n} articles in {site} (jobs = 1)")
    make_site(site, n, args, jobs=1)
    base = [*tools.l10n, "-C", str(site)]
    entry = str(HERE / "l10n_main.py")
    order = ["extract", "fill", "merge", "check", "status"]
    last = max(order.index(s) for s in steps)
    for s in order[: last + 1]:
        if s == "fill":
            fill("l10n", sorted((site / "po").rglob("*.po")), args.fill_jobs)
            continue
        if s not in steps:
            subprocess.run([*base, "-q", s], check=False, stdout=subprocess.DEVNULL)
            continue
        prof = out / f"profile-{s}.prof"
        cmd = [tools.python, "-m", "cProfile", "-o", str(prof), entry, "-C", str(site), s]
        r = run_measured(cmd, site, site / "logs" / f"profile-{s}.log", args.timeout)
        say(f"profile {s}: {r.seconds:.1f} s under cProfile, rc={r.rc}: {r.last_line[:100]}")
        text = profile_text(prof, s, n)
        (out / f"profile-{s}.txt").write_text(text, "utf-8")
        say(text.split("\n\n")[0])


def profile_text(prof: Path, step: str, n: int, top: int = 25) -> str:
    st = pstats.Stats(str(prof))
    total = st.total_tt  # type: ignore[attr-defined]
    rows = []
    for (file, line, fn), (_cc, nc, tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        short = file.replace(str(REPO) + "/", "").replace(sys.prefix, "<prefix>")
        rows.append((ct, tt, nc, f"{short}:{line}({fn})"))
    out = [
        f"cProfile of `l10n {step}` on {n} articles, serial: {total:.2f} s total\n"
        f"{'cum %':>6} {'cum s':>7} {'self %':>6} {'calls':>9}  function"
    ]
    interesting = [
        r
        for r in rows
        if "l10n/" in r[3]
        or "re.py" in r[3]
        or "yaml" in r[3]
        or "{" in r[3]
        or "tomllib" in r[3]
        or "polib" in r[3]
        or "babel" in r[3]
    ]
    # The CLI, typer and pmap frames wrap everything (~100 %); start below them.
    inner = [r for r in interesting if r[0] < 0.97 * total]
    for ct, tt, nc, name in sorted(inner, reverse=True)[:top]:
        out.append(f"{100 * ct / total:6.1f} {ct:7.2f} {100 * tt / total:6.1f} {nc:9d}  {name}")
    out.append("\nBy self time:")
    for ct, tt, nc, name in sorted(rows, key=lambda r: -r[1])[:top]:
        out.append(f"{100 * ct / total:6.1f} {ct:7.2f} {100 * tt / total:6.1f} {nc:9d}  {name}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="100,1000", help="corpus sizes, comma-separated (default 100,1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=str(HERE / "out"), help="work folder (default bench/out, gitignored)")
    ap.add_argument("--l10n", default=str(REPO / ".venv" / "bin" / "l10n"), help="the l10n console script")
    ap.add_argument(
        "--python",
        default=str(REPO / ".venv" / "bin" / "python"),
        help="interpreter with l10n installed (for --profile)",
    )
    ap.add_argument(
        "--jobs", type=int, default=0, help="write `jobs = N` in the site's l10n.toml (0: default)"
    )
    ap.add_argument("--timeout", type=float, default=1800, help="cap per l10n step, seconds")
    ap.add_argument(
        "--repeat", type=int, default=1, help="run each l10n step R times, keep the best (default 1)"
    )
    ap.add_argument("--repeat-max-n", type=int, default=1000, help="larger corpora run each step once")
    ap.add_argument("--anchor-max", type=int, default=1000, help="run anchors only up to this N")
    ap.add_argument("--anchor-timeout", type=float, default=600, help="cap per anchor run, seconds")
    ap.add_argument(
        "--po4a-modes",
        default="single,split",
        help="po4a layouts: single (one catalog for the site) and/or split (one per article)",
    )
    ap.add_argument("--no-anchors", action="store_true")
    ap.add_argument("--tt-venv", default="/work/bench-venv", help="venv with translate-toolkit[markdown]")
    ap.add_argument("--mdpo-venv", default="/work/bench-venv-mdpo", help="venv with mdpo")
    ap.add_argument(
        "--fill-jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="processes for the (untimed) msgstr fill",
    )
    ap.add_argument(
        "--json", action="store_true", help="print the records as JSON on stdout (table on stderr)"
    )
    ap.add_argument(
        "--profile", metavar="STEP", help="cProfile these steps (extract,merge,check,status) instead"
    )
    ap.add_argument("--profile-n", type=int, default=1000)
    ap.add_argument(
        "--keep", action="store_true", help="keep the generated sites (default: delete after use)"
    )
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    global _out, args_anchor_timeout
    args = parse_args(argv)
    if args.json:
        _out = sys.stderr
    args_anchor_timeout = args.anchor_timeout
    tools = detect(args)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.profile:
        steps = [s.strip() for s in args.profile.split(",") if s.strip()]
        bad = [s for s in steps if s not in ("extract", "merge", "check", "status")]
        if bad:
            print(f"bench: unknown profile step(s): {', '.join(bad)}", file=sys.stderr)
            return 2
        profile(steps, tools, args)
        return 0
    say(
        f"l10n: {' '.join(tools.l10n)}; po4a: {tools.po4a or 'not installed'}; translate-toolkit: "
        f"{tools.tt_bin or 'not installed'}; mdpo: {tools.mdpo_python or 'not installed'}; "
        f"cpus: {os.cpu_count()}"
    )
    recs: list[Record] = []
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        site = out / "sites" / f"n{n}"
        recs.append(make_site(site, n, args, args.jobs or None))
        say(recs[-1])
        if n <= args.anchor_max and not args.no_anchors:
            recs += run_anchors(site, n, tools, args)
        recs += run_l10n(site, n, tools, args)
        if not args.keep:
            shutil.rmtree(site)
        (out / "last-run.json").write_text(json.dumps([r.as_json() for r in recs], indent=1), "utf-8")
    text = report(recs)
    everything = recs + ratios(recs) + targets(recs)
    (out / "last-run.json").write_text(json.dumps([r.as_json() for r in everything], indent=1), "utf-8")
    (out / "last-run.txt").write_text(text, "utf-8")
    if args.json:
        print(text, file=sys.stderr)
        print(json.dumps([r.as_json() for r in everything], indent=1))
    else:
        print("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
