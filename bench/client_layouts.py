"""Figures for "no churn from translators' tools" and "joining lines keeps the Markdown" (issue 14).

For every Chinese article of ``../shared/corpus`` (cloudwego zh + seed):

1. extract a PO file, let a client translate every entry and save it in its own layout, then run a
   no-op extract and count the files it would rewrite. Clients: polib (load + save), Translate
   Toolkit's PO storage (what Weblate writes), a no-wrap layout (Poedit's), and ``msgcat`` (width 79);
2. after that save, edit one character of the longest Chinese line, extract again, and measure the
   bytes changed in the entries and in the header, and count the entries whose fields did not
   change but whose bytes did (must be 0);
3. count the multi-line paragraphs of ../shared (articles, seed, footnote cases, CommonMark/GFM
   examples) whose joined msgid parses to a different inline tree under markdown-it-py than the
   source lines (and how many msgids differ from the plain join, all of which must be broken there).

Usage: ``python bench/client_layouts.py [--corpus DIR] [--limit N]``. Prints numbers; not a test.
Needs polib, translate-toolkit, markdown-it-py, mdit-py-plugins and linkify-it-py (the test extra).
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
os.environ.setdefault("SOURCE_DATE_EPOCH", "1751500000")

import polib  # noqa: E402

from l10n.app.article_jobs import extract_text  # noqa: E402
from l10n.app.config import Config  # noqa: E402
from l10n.document import decode, parse_article  # noqa: E402
from l10n.formats.po import parse_po  # noqa: E402

CONFIG = Config(extra_keys=("main_topics",), drop_keys=())


def _translate(i: int, msgid: str) -> str:
    return f"T{i} " + " ".join(reversed(msgid.split())) + (" and more English words" * (i % 3))


def save_polib(text: str, tmp: Path, wrapwidth: int = 78) -> str:
    path = tmp / "x.po"
    path.write_text(text, encoding="utf-8")
    po = polib.pofile(str(path), wrapwidth=wrapwidth)
    for i, e in enumerate(po):
        e.msgstr = _translate(i, e.msgid)
    po.save()
    return path.read_text(encoding="utf-8")


def save_translate_toolkit(text: str, tmp: Path) -> str:
    from translate.storage import po as ttpo

    path = tmp / "x.po"
    path.write_text(text, encoding="utf-8")
    store = ttpo.pofile.parsefile(str(path))
    for i, unit in enumerate(store.units):
        if not unit.isheader():
            unit.target = _translate(i, unit.source)
    store.save()
    return path.read_text(encoding="utf-8")


def save_no_wrap(text: str, tmp: Path) -> str:
    return save_polib(text, tmp, wrapwidth=0)


def save_msgcat(text: str, tmp: Path) -> str:
    path = tmp / "x.po"
    path.write_text(save_polib(text, tmp, wrapwidth=0), encoding="utf-8")
    return subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout.decode("utf-8")


CLIENTS: dict[str, Callable[[str, Path], str]] = {
    "polib": save_polib,
    "Translate Toolkit": save_translate_toolkit,
    "no-wrap (Poedit)": save_no_wrap,
    "msgcat": save_msgcat,
}


def _edit(source: str) -> str | None:
    """The source with one Chinese character of its longest paragraph line changed, or None."""
    lines = source.split("\n")
    best = max(
        (i for i, line in enumerate(lines) if any("\u4e00" <= ch <= "\u9fff" for ch in line)),
        key=lambda i: len(lines[i]),
        default=None,
    )
    if best is None:
        return None
    line = lines[best]
    k = next(k for k, ch in enumerate(line) if "\u4e00" <= ch <= "\u9fff")
    lines[best] = line[:k] + ("甲" if line[k] != "甲" else "乙") + line[k + 1 :]
    return "\n".join(lines)


def _changed_bytes(old: str, new: str) -> int:
    """Bytes that differ: lines are aligned first, then each changed block byte by byte."""
    a, b = old.splitlines(True), new.splitlines(True)
    total = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        x, y = "".join(a[i1:i2]).encode("utf-8"), "".join(b[j1:j2]).encode("utf-8")
        sm = difflib.SequenceMatcher(None, x, y, autojunk=False)
        total += sum(max(p2 - p1, q2 - q1) for t, p1, p2, q1, q2 in sm.get_opcodes() if t != "equal")
    return total


def client_figures(articles: list[tuple[str, str]]) -> None:
    print("rewritten: files a no-op extract rewrites after the client saved them; edits: one paragraph")
    print("edited per file; entry bytes / header: bytes changed per edit in the entries / in the header")
    print("(POT-Creation-Date); others: unchanged entries whose bytes changed anyway (must be 0)")
    columns = ("files", "rewritten", "edits", "entry bytes", "header", "others")
    widths = (6, 10, 6, 12, 8, 14)
    print(f"{'client':<20} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        for name, save in CLIENTS.items():
            if name == "msgcat" and shutil.which("msgcat") is None:
                print(f"{name:<20} (msgcat not installed)")
                continue
            rewritten = files = edits = entry_bytes = header_bytes = others_changed = 0
            for rel, source in articles:
                article = parse_article(source, rel)
                saved = save(extract_text(article, None, rel + ".po", CONFIG)[0], tmp)
                files += 1
                if extract_text(article, saved, rel + ".po", CONFIG)[0] != saved:
                    rewritten += 1
                edited = _edit(source)
                if edited is None:
                    continue
                os.environ["SOURCE_DATE_EPOCH"] = "1760000000"  # the edit happens on a later day
                new = extract_text(parse_article(edited, rel), saved, rel + ".po", CONFIG)[0]
                os.environ["SOURCE_DATE_EPOCH"] = "1751500000"
                old_cat, new_cat = parse_po(saved, "a.po"), parse_po(new, "a.po")
                before = {(e.context, e.obsolete): e for e in old_cat.entries}
                edits += 1
                for e in new_cat.entries:
                    was = before.get((e.context, e.obsolete))
                    # An entry whose fields did not change must keep its bytes.
                    if was and was.raw and e.raw and was.fields() == e.fields():
                        others_changed += was.raw.text != e.raw.text
                old_h, new_h = old_cat.raw_header, new_cat.raw_header
                header = _changed_bytes(old_h.text if old_h else "", new_h.text if new_h else "")
                header_bytes += header
                entry_bytes += _changed_bytes(saved, new) - header
            per_entry = entry_bytes / edits if edits else 0.0
            per_header = header_bytes / edits if edits else 0.0
            print(
                f"{name:<20} {files:>6} {rewritten:>10} {edits:>6} {per_entry:>12.0f} {per_header:>8.0f} "
                f"{others_changed:>14}"
            )


def join_figures(corpus: Path) -> None:
    from test_join import corpus_paragraphs, plain_join, tree

    from l10n.document import join_lines

    total = differ = changed = changed_fine = 0
    for _where, parts, env in corpus_paragraphs():
        total += 1
        source = tree("\n".join(parts), env)
        joined = join_lines(parts)
        differ += tree(joined, env) != source
        if joined != plain_join(parts):
            changed += 1
            changed_fine += tree(plain_join(parts), env) == source
    old_differ = sum(
        tree(plain_join(parts), env) != tree("\n".join(parts), env) for _w, parts, env in corpus_paragraphs()
    )
    print(f"multi-line paragraphs of ../shared: {total}")
    print(f"  joined form parses differently from the source: {differ} (plain join: {old_differ})")
    print(f"  msgids that differ from the plain join: {changed} ({changed_fine} were parsed right before)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    paths = sorted((args.corpus / "articles" / "cloudwego" / "zh").rglob("*.md"))
    paths += sorted((args.corpus / "seed").glob("*.md"))
    articles = []
    for p in paths[: args.limit]:
        rel = p.relative_to(args.corpus).as_posix()
        articles.append((rel, decode(p.read_bytes(), rel)[0]))
    client_figures(articles)
    join_figures(args.corpus)


if __name__ == "__main__":
    main()
