"""Drive mdpo over a whole corpus in one process, one PO file per article (as l10n does).

Run with the interpreter of the venv that has mdpo installed (not l10n's), e.g.
``/work/bench-venv-mdpo/bin/python bench/anchor_mdpo.py extract SRC_ROOT PO_ROOT``
``/work/bench-venv-mdpo/bin/python bench/anchor_mdpo.py merge SRC_ROOT PO_ROOT OUT_ROOT``.

One process for all articles keeps interpreter start-up out of the comparison (mdpo's own CLI
takes a glob but then writes a single PO file for every article).
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    step, src = argv[0], Path(argv[1])
    po_root = Path(argv[2])
    files = sorted(src.rglob("*.md"))
    failed = 0
    if step == "extract":
        from mdpo.md2po import markdown_to_pofile

        for f in files:
            po = po_root / f.relative_to(src).with_suffix(".po")
            po.parent.mkdir(parents=True, exist_ok=True)
            try:
                markdown_to_pofile(str(f), po_filepath=str(po), save=True)
            except Exception as exc:  # count and go on, like l10n does
                failed += 1
                print(f"{f}: {type(exc).__name__}: {exc}", file=sys.stderr)
    elif step == "merge":
        from mdpo.po2md import pofile_to_markdown

        out_root = Path(argv[3])
        for f in files:
            rel = f.relative_to(src)
            out = out_root / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            try:
                pofile_to_markdown(str(f), str(po_root / rel.with_suffix(".po")), save=str(out))
            except Exception as exc:
                failed += 1
                print(f"{f}: {type(exc).__name__}: {exc}", file=sys.stderr)
    else:
        print(f"unknown step {step!r}", file=sys.stderr)
        return 2
    print(f"{len(files)} article(s), {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
