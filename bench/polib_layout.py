"""How far polib's PO layout is from gettext's, compared with ``l10n.formats.po.generate_po``.

For every zh article of the cloudwego corpus plus the seed article, build one PO catalog with an
entry per paragraph (msgstr taken from the English articles so both sides are realistic), write it
with polib (``str(POFile)``) and with ``generate_po``, and run ``msgcat`` over each. A layout that
gettext would not change is a fixed point of ``msgcat``; every entry or line msgcat rewrites is
diff noise the day a translator's PO editor re-saves the file.

Usage: ``python bench/polib_layout.py [--corpus DIR] [--limit N]``. Prints numbers; not a test.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from l10n.formats.po import generate_po  # noqa: E402
from l10n.model import Catalog, Entry  # noqa: E402

HEADER = [
    ("Project-Id-Version", "cloudwego-docs"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Language", "en"),
]


def build_catalogs(corpus: Path, limit: int | None) -> list[tuple[str, Catalog]]:
    zh = sorted((corpus / "articles" / "cloudwego" / "zh").rglob("*.md"))
    zh += sorted((corpus / "seed").glob("*.md"))
    en_files = sorted((corpus / "articles" / "cloudwego" / "en").rglob("*.md"))
    translations = [
        p.strip("\n") for f in en_files for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()
    ]
    out: list[tuple[str, Catalog]] = []
    for n, path in enumerate(zh[:limit]):
        rel = path.relative_to(corpus).as_posix()
        paragraphs = [p.strip("\n") for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        entries = [
            Entry(
                msgid=p,
                msgstr=translations[(n * 7919 + i) % len(translations)] if translations else "",
                context=f"p-{i:04d}",
                references=[f"{rel}:{i + 1}"],
            )
            for i, p in enumerate(paragraphs)
        ]
        out.append((rel, Catalog(header=list(HEADER), entries=entries)))
    return out


def polib_text(catalog: Catalog, wrapwidth: int) -> str:
    po = polib.POFile(wrapwidth=wrapwidth)
    po.metadata = dict(catalog.header)
    for e in catalog.entries:
        refs = [tuple(r.rsplit(":", 1)) for r in e.references]
        po.append(polib.POEntry(msgid=e.msgid, msgstr=e.msgstr, msgctxt=e.context, occurrences=refs))
    return str(po) + "\n"  # str() omits the final newline a saved file has


def msgcat(text: str, workdir: Path) -> str:
    path = workdir / "in.po"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run(["msgcat", str(path)], capture_output=True, check=True)
    return proc.stdout.decode("utf-8")


def compare(ours: str, theirs: str) -> tuple[int, int]:
    """(entries laid out differently, lines msgcat would rewrite). Entries are blank-line blocks."""
    a = ours.split("\n\n")
    b = theirs.split("\n\n")
    entries = sum(1 for x, y in zip(a, b, strict=False) if x != y) + abs(len(a) - len(b))
    lines = sum(
        1
        for d in difflib.unified_diff(ours.splitlines(), theirs.splitlines(), lineterm="", n=0)
        if d.startswith("+") and not d.startswith("+++")
    )
    return entries, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = ap.parse_args()
    if shutil.which("msgcat") is None:
        print("msgcat (GNU gettext) is not installed", file=sys.stderr)
        return 2
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    catalogs = build_catalogs(args.corpus, args.limit)
    n_entries = sum(len(c.entries) for _, c in catalogs)
    layouts: dict[str, Callable[[Catalog], str]] = {
        "l10n.formats.po": generate_po,
        "polib (wrapwidth=78, its default)": lambda c: polib_text(c, 78),
        "polib (wrapwidth=79, gettext's)": lambda c: polib_text(c, 79),
    }
    print(f"{len(catalogs)} articles, {n_entries} entries (one per paragraph)\n")
    columns = ("entries differing", "lines differing", "files differing")
    print(f"{'writer':36} " + " ".join(f"{c:>17}" for c in columns) + f" {'write s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for name, write in layouts.items():
            bad_entries = bad_lines = bad_files = 0
            elapsed = 0.0
            for _, catalog in catalogs:
                start = time.perf_counter()
                text = write(catalog)
                elapsed += time.perf_counter() - start
                reference = msgcat(text, workdir)
                entries, lines = compare(text, reference)
                bad_entries += entries
                bad_lines += lines
                bad_files += text != reference
            print(f"{name:36} {bad_entries:>17} {bad_lines:>17} {bad_files:>17} {elapsed:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
