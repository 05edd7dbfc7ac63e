"""Site-level commands as library functions: they pick the files, run the per-article jobs (in a
process pool when the site is large enough to gain), and return results for the CLI to print.

Invariants: results are in source-path order whatever the parallelism, so the output of a parallel
run is byte-identical to a serial one; writing commands hold the site lock.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from . import storage
from .config import Config
from .glossary import Glossary
from .model import L10nError
from .pipeline import FileResult, extract_file, merge_file

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[list[Any], str], Iterable[Any]]

PARALLEL_MIN_FILES = 64


def _identity(items: list[T], _label: str) -> Iterable[T]:
    return items


def load_glossary(config: Config) -> Glossary:
    """All ``glossary/*.tsv`` and ``*.tbx`` files, merged (conflicts raise ParseError)."""
    root = config.glossary_root
    files: list[tuple[str, str]] = []
    if root.is_dir():
        for p in sorted(root.iterdir()):
            if p.suffix in (".tsv", ".tbx") and p.is_file():
                display = storage.rel(config, p)
                files.append((display, storage.read_text(p, display)))
    return Glossary.from_files(files)


def workers(config: Config, n_items: int) -> int:
    if config.jobs > 0:
        return config.jobs
    if n_items < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def pmap(fn: Callable[[Path], R], items: Sequence[Path], config: Config, progress: Progress, label: str) -> list[R]:
    """``[fn(x) for x in items]``, in a process pool when worthwhile; order is preserved."""
    n = workers(config, len(items))
    if n <= 1:
        return [fn(p) for p in progress(list(items), label)]
    with ProcessPoolExecutor(max_workers=n) as pool:
        chunk = max(1, len(items) // (n * 8))
        return list(progress(list(pool.map(fn, items, chunksize=chunk)), label))


def _glossary_hints(config: Config) -> Callable[[str], list[str]] | None:
    glossary = load_glossary(config)
    return glossary.hints if len(glossary) else None


def orphans(config: Config) -> list[tuple[str, str]]:
    """(output file, message) for PO and English files whose source article is gone."""
    out = []
    for po in storage.po_files(config):
        src = storage.source_for_po(config, po)
        if not src.exists():
            out.append((storage.rel(config, po), f"source article {storage.rel(config, src)} is gone"))
    for target in storage.target_files(config):
        src = storage.source_for_target(config, target)
        if not src.exists():
            out.append((storage.rel(config, target), f"source article {storage.rel(config, src)} is gone"))
    return out


def run_extract(
    config: Config,
    paths: list[Path] | None,
    prune: bool = False,
    dry_run: bool = False,
    progress: Progress = _identity,
) -> list[FileResult]:
    files = storage.source_files(config, paths)
    hints = _glossary_hints(config)
    with storage.site_lock(config):
        storage.clean_temp(config.po_root)
        job = partial(extract_file, config, hints=hints, prune=prune, dry_run=dry_run)
        return pmap(job, files, config, progress, "extract")


def run_merge(
    config: Config,
    paths: list[Path] | None,
    include_fuzzy: bool = False,
    dry_run: bool = False,
    progress: Progress = _identity,
) -> list[FileResult]:
    files = storage.source_files(config, paths)
    with storage.site_lock(config):
        storage.clean_temp(config.target_root)
        job = partial(
            merge_file,
            config,
            include_fuzzy=include_fuzzy,
            fallback=config.fallback,
            threshold=config.threshold,
            dry_run=dry_run,
        )
        return pmap(job, files, config, progress, "merge")


def require(cond: bool, message: str) -> None:
    if not cond:
        raise L10nError(message)
