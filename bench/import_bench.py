"""Speed of ``l10n import`` on N article pairs (prints numbers; not a test).

The site holds N Chinese articles, each with its English page: by default the cloudwego pairs of
``../shared/corpus`` (those whose English page is English, copied under ``copyK/`` until there are N),
or with ``--synthetic`` (or without the corpus) the deterministic corpus of ``corpus.py`` with English
pages made by ``extract``, a pseudo translation and ``merge``. Then the real CLI runs, as a
subprocess: ``import`` from scratch (no PO files), ``import`` again (nothing to fill), and
``merge --include-fuzzy``; each line shows seconds, ms per article and the CLI's summary.

Usage: ``python bench/import_bench.py [-n 1000] [--synthetic] [--jobs J] [--keep]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import corpus  # noqa: E402

from l10n.align import han_share  # noqa: E402

CLOUDWEGO = REPO.parent / "shared" / "corpus" / "articles" / "cloudwego"
L10N = [sys.executable, str(HERE / "l10n_main.py")]


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def cli(site: Path, *args: str) -> tuple[float, float, str, int]:
    """Wall seconds, CPU seconds of the process tree, last output line, exit code."""
    cpu0, t0 = _children_cpu(), time.perf_counter()
    r = subprocess.run([*L10N, "-C", str(site), "-q", *args], capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    return wall, cpu, (r.stdout.strip().splitlines() or [""])[-1], r.returncode


def cloudwego_site(site: Path, n: int) -> int:
    """Copy English-bearing cloudwego pairs until there are ``n``; return the bytes written."""
    pairs = []
    for line in (CLOUDWEGO / "pairs.tsv").read_text(encoding="utf-8").splitlines():
        zh, _, en = line.partition("\t")
        if en and han_share((CLOUDWEGO / en).read_text(encoding="utf-8")) < 0.5:
            pairs.append((zh.removeprefix("zh/"), en.removeprefix("en/")))
    size = 0
    for k in range(n):
        zh, en = pairs[k % len(pairs)]
        copy = f"copy{k // len(pairs)}"
        for lang, rel in (("zh", zh), ("en", zh)):
            src = CLOUDWEGO / lang / (zh if lang == "zh" else en)
            dst = site / "content" / lang / copy / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            size += dst.stat().st_size
    return size


def synthetic_site(site: Path, n: int, seed: int) -> int:
    """The synthetic corpus with English pages from a pseudo translation."""
    size = corpus.write_corpus(site / "content" / "zh", n, seed)
    subprocess.run([*L10N, "-C", str(site), "-q", "extract"], check=True, capture_output=True)
    corpus.fill_l10n_po(sorted((site / "po").rglob("*.po")))
    subprocess.run([*L10N, "-C", str(site), "-q", "merge"], check=True, capture_output=True)
    shutil.rmtree(site / "po")
    shutil.rmtree(site / ".l10n-cache", ignore_errors=True)
    return size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1000, help="article pairs")
    ap.add_argument("--synthetic", action="store_true", help="the synthetic corpus, not cloudwego")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=0, help="the jobs setting (0: automatic)")
    ap.add_argument("--keep", action="store_true", help="keep bench/out/import-N")
    args = ap.parse_args()
    site = HERE / "out" / f"import-{args.n}"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    (site / "l10n.toml").write_text(f"jobs = {args.jobs}\n" if args.jobs else "", encoding="utf-8")
    synthetic = args.synthetic or not (CLOUDWEGO / "pairs.tsv").is_file()
    t0 = time.perf_counter()
    size = synthetic_site(site, args.n, args.seed) if synthetic else cloudwego_site(site, args.n)
    kind = "synthetic" if synthetic else "cloudwego"
    print(f"{args.n} {kind} article pairs, {size / 1e6:.1f} MB (set up in {time.perf_counter() - t0:.1f} s)")
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} CPUs, load average {load:.2f} (on a shared machine, compare CPU seconds)")
    for name, argv in (
        ("import", ["import"]),
        ("import again", ["import"]),
        ("merge --include-fuzzy", ["merge", "--include-fuzzy", "--threshold", "0"]),
    ):
        wall, cpu, summary, rc = cli(site, *argv)
        print(
            f"{name:>22}: {wall:6.2f} s wall, {cpu:6.2f} s CPU, {1000 * wall / args.n:5.1f} ms/article, "
            f"rc={rc}  {summary}"
        )
    if not args.keep:
        shutil.rmtree(site)


if __name__ == "__main__":
    main()
