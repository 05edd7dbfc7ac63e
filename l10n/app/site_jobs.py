"""Site-level commands as library functions: they pick the files, run the per-article jobs (in a
process pool when the site is large enough to gain), and return results for the CLI to print.

Invariants: results are in source-path order whatever the parallelism, so the output of a parallel
run is byte-identical to a serial one; writing commands hold the site lock.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from l10n import __version__
from l10n.app import fs as storage
from l10n.app.article_jobs import (
    FileResult,
    check_file,
    extract_file,
    fingerprint,
    import_file,
    merge_file,
    status_file,
)
from l10n.app.config import Config
from l10n.catalog import is_import_draft
from l10n.glossary import Glossary
from l10n.model import Catalog, Finding, L10nError

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]

PARALLEL_MIN_FILES = 64


def _identity(items: Iterable[T], _total: int, _label: str) -> Iterable[T]:
    return items


def _glossary_files(config: Config) -> list[tuple[str, str]]:
    root = config.glossary_root
    files: list[tuple[str, str]] = []
    if root.is_dir():
        for p in sorted(root.iterdir()):
            if p.suffix in (".tsv", ".tbx") and p.is_file():
                display = storage.rel(config, p)
                files.append((display, storage.read_text(p, display)))
    return files


def load_glossary(config: Config) -> Glossary:
    """All ``glossary/*.tsv`` and ``*.tbx`` files, merged (conflicts raise ParseError)."""
    return Glossary.from_files(_glossary_files(config))


def _salt(config: Config, glossary_files: list[tuple[str, str]] | None = None) -> str:
    """Everything besides the article's own files that decides a job's output."""
    parts = [__version__, repr(replace(config, source_file=None))]
    for path, text in glossary_files or []:
        parts += [path, text]
    return fingerprint(*parts)


def _items(files: list[Path], config: Config, cache: dict[str, Any]) -> list[tuple[Path, str | None]]:
    out = []
    for p in files:
        known = cache.get(storage.rel(config, p))
        out.append((p, known if isinstance(known, str) else None))
    return out


def _update_cache(cache: dict[str, Any], results: list[FileResult]) -> dict[str, Any]:
    for r in results:
        if r.key is not None and not r.error:
            cache[r.source] = r.key
        else:
            cache.pop(r.source, None)
    return cache


def workers(config: Config, n_items: int) -> int:
    if config.jobs > 0:
        return config.jobs
    if n_items < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def pmap(fn: Callable[[T], R], items: Sequence[T], config: Config, progress: Progress, label: str) -> list[R]:
    """``[fn(x) for x in items]``, in a process pool when worthwhile; order is preserved."""
    n = workers(config, len(items))
    if n <= 1:
        return [fn(p) for p in progress(items, len(items), label)]
    with ProcessPoolExecutor(max_workers=n) as pool:
        chunk = max(1, min(64, len(items) // (n * 8)))
        return list(progress(pool.map(fn, items, chunksize=chunk), len(items), label))


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
    gfiles = _glossary_files(config)
    glossary = Glossary.from_files(gfiles)
    hints = glossary.hints if len(glossary) else None
    salt = _salt(config, gfiles)
    with storage.site_lock(config):
        storage.clean_temp(config.po_root, config.root / storage.CACHE_DIR)
        cache = {} if dry_run else storage.load_cache(config, "extract", salt)
        job = partial(extract_file, config, hints=hints, prune=prune, dry_run=dry_run, salt=salt)
        results = pmap(job, _items(files, config, cache), config, progress, "extract")
        if not dry_run:
            storage.save_cache(config, "extract", salt, _update_cache(cache, results))
        return results


def run_merge(
    config: Config,
    paths: list[Path] | None,
    include_fuzzy: bool = False,
    dry_run: bool = False,
    progress: Progress = _identity,
) -> list[FileResult]:
    files = storage.source_files(config, paths)
    salt = _salt(config)
    with storage.site_lock(config):
        storage.clean_temp(config.target_root, config.root / storage.CACHE_DIR)
        cache = {} if dry_run else storage.load_cache(config, "merge", salt)
        job = partial(
            merge_file,
            config,
            include_fuzzy=include_fuzzy,
            fallback=config.fallback,
            threshold=config.threshold,
            dry_run=dry_run,
            salt=salt,
        )
        results = pmap(job, _items(files, config, cache), config, progress, "merge")
        if not dry_run:
            storage.save_cache(config, "merge", salt, _update_cache(cache, results))
        return results


def run_import(
    config: Config,
    paths: list[Path] | None,
    force: bool = False,
    dry_run: bool = False,
    progress: Progress = _identity,
) -> list[FileResult]:
    """``import`` over the site (or the directories in ``paths``): every article with an English
    page, in source order. An article named on its own must have one (its absence is an error)."""
    files = storage.source_files(config, paths)
    named = storage.named_files(config, paths) if paths else set()
    files = [p for p in files if p in named or storage.target_path(config, p).is_file()]
    gfiles = _glossary_files(config)
    glossary = Glossary.from_files(gfiles)
    hints = glossary.hints if len(glossary) else None
    with storage.site_lock(config):
        storage.clean_temp(config.po_root, config.root / storage.CACHE_DIR)
        job = partial(import_file, config, hints=hints, force=force, dry_run=dry_run)
        return pmap(job, files, config, progress, "import")


@dataclass(frozen=True)
class Severity:
    """Severity of each check after ``--only`` / ``--ignore``; picklable for worker processes."""

    checks: tuple[tuple[str, str], ...]
    only: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __call__(self, name: str) -> str:
        if self.only and name not in self.only:
            return "off"
        if name in self.ignore:
            return "off"
        return dict(self.checks).get(name, "error")


def severity_filter(config: Config, only: list[str] | None, ignore: list[str] | None) -> Severity:
    """The severity function for a run (unknown check names are a ConfigError)."""
    from l10n.model import ConfigError

    for name in (only or []) + (ignore or []):
        if name not in config.checks:
            raise ConfigError(f"unknown check {name!r} (known: {', '.join(config.checks)})")
    return Severity(tuple(sorted(config.checks.items())), tuple(only or ()), tuple(ignore or ()))


def run_check(
    config: Config,
    paths: list[Path] | None,
    only: list[str] | None = None,
    ignore: list[str] | None = None,
    progress: Progress = _identity,
) -> tuple[list[Finding], list[tuple[str, dict[str, int]]]]:
    """Findings for the site (or ``paths``) and per-article stats, in source order."""
    enabled = severity_filter(config, only, ignore)
    gfiles = _glossary_files(config)
    glossary = Glossary.from_files(gfiles)
    files = storage.source_files(config, paths)
    salt = _salt(config, gfiles) + "|" + ",".join(f"{n}={enabled(n)}" for n in sorted(config.checks))
    cache = storage.load_cache(config, "check", salt)
    keys = {k: v.get("key") for k, v in cache.items() if isinstance(v, dict)}
    job = partial(
        check_file, config, glossary=glossary if len(glossary) else None, enabled=enabled, salt=salt
    )
    results = pmap(job, _items(files, config, keys), config, progress, "check")
    findings: list[Finding] = []
    per_article: list[tuple[str, dict[str, int]]] = []
    for r in results:
        stored = cache.get(r.source)
        if r.key is not None and isinstance(stored, dict) and stored.get("key") == r.key and not r.findings:
            # Same bytes as last time: reuse what was found then.
            r.findings = [Finding(**f) for f in stored.get("findings", [])]
            r.stats = dict(stored.get("stats", {}))
        elif r.key is not None:
            cache[r.source] = {"key": r.key, "findings": [asdict(f) for f in r.findings], "stats": r.stats}
        findings.extend(r.findings)
        per_article.append((r.source, r.stats))
    storage.save_cache(config, "check", salt, cache)
    if not paths and enabled("orphan") != "off":
        for output, message in orphans(config):
            findings.append(Finding("orphan", enabled("orphan"), output, 1, message))
    return findings, per_article


def run_status(
    config: Config, paths: list[Path] | None, progress: Progress = _identity
) -> list[tuple[str, dict[str, int], str | None]]:
    """Per-article counts from the PO files (no checks run) and any problem reading them."""
    files = storage.source_files(config, paths)
    return pmap(partial(status_file, config), files, config, progress, "status")


# --------------------------------------------------------------------------- glossary


def glossary_import(config: Config, file: Path, output: Path | None) -> tuple[str, int]:
    """Convert a TBX file into ``glossary/<name>.tsv`` (or ``output``)."""
    from l10n.glossary import generate_tsv, parse_tbx

    display = str(file)
    terms = parse_tbx(storage.read_text(file, display), display, config.source_lang, config.target_lang)
    target = output or config.glossary_root / (file.stem + ".tsv")
    storage.write_if_changed(target, generate_tsv(terms), target.parent)
    return storage.rel(config, target), len(terms)


def glossary_export(config: Config, fmt: str, output: Path | None) -> str:
    from l10n.glossary import generate_tbx, generate_tsv

    glossary = load_glossary(config)
    if fmt == "tbx":
        text = generate_tbx(glossary.terms, config.source_lang, config.target_lang)
    else:
        text = generate_tsv(glossary.terms)
    if output is not None:
        storage.write_if_changed(output, text, output.parent)
    return text


def glossary_suggest(config: Config, limit: int, output: Path | None) -> str:
    from l10n.glossary import suggest, suggestions_tsv

    glossary = load_glossary(config)
    docs = []
    for p in storage.source_files(config):
        display = storage.rel(config, p)
        docs.append((display, storage.read_text(p, display)))
    text = suggestions_tsv(suggest(docs, glossary, limit=limit, pairs=aligned_pairs(config)))
    if output is not None:
        storage.write_if_changed(output, text, output.parent)
    return text


def aligned_pairs(config: Config) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every human translation in the project's PO files: reviewed entries and
    the pairs ``l10n import`` aligned from English pages (MT drafts are not evidence of usage)."""
    from l10n.formats.po import parse_po

    out: list[tuple[str, str]] = []
    for po in storage.po_files(config):
        display = storage.rel(config, po)
        try:
            catalog = parse_po(storage.read_text(po, display), display)
        except L10nError:
            continue
        out.extend((e.msgid, e.msgstr) for e in catalog.entries if e.translated or is_import_draft(e))
    return out


# --------------------------------------------------------------------------- machine translation


def translation_memory(config: Config) -> dict[str, tuple[str, str]]:
    """msgid → (reviewed msgstr, PO path) over every PO file of the project (first one wins)."""
    return translation_memories(config)[0]


def translation_memories(config: Config) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Two memories over every PO file of the project, msgid → (msgstr, PO path), first one wins:
    reviewed translations, and the unreviewed pairs ``l10n import`` aligned from English pages."""
    from l10n.formats.po import parse_po

    tm: dict[str, tuple[str, str]] = {}
    imported: dict[str, tuple[str, str]] = {}
    for po in storage.po_files(config):
        display = storage.rel(config, po)
        try:
            catalog = parse_po(storage.read_text(po, display), display)
        except L10nError:
            continue
        for e in catalog.entries:
            if e.translated:
                tm.setdefault(e.msgid, (e.msgstr, display))
            elif is_import_draft(e):
                imported.setdefault(e.msgid, (e.msgstr, display))
    return tm, imported


def run_translate(
    config: Config,
    paths: list[Path] | None,
    refresh: bool = False,
    dry_run: bool = False,
    translator: Any = None,
    engine_progress: Callable[[int, int], None] | None = None,
) -> tuple[str, list[FileResult]]:
    """Draft every empty entry of the selected PO files with MT (see ``mt.draft_catalogs``).

    The model is loaded once and every article's sentences go to the engine in one batched call; the
    per-sentence cache lives in ``.l10n-cache/mt.sqlite3``. ``--dry-run`` needs no model.
    """
    from l10n.formats.po import generate_po, parse_po
    from l10n.mt import ArgosTranslator, FakeTranslator, MTCache, draft_catalogs

    files = storage.source_files(config, paths)
    glossary = load_glossary(config)
    results: list[FileResult] = []
    totals: Counter[str] = Counter()
    with storage.site_lock(config):
        storage.clean_temp(config.po_root, config.root / storage.CACHE_DIR)
        tm, tm_drafts = translation_memories(config)
        loaded: list[tuple[FileResult, Path, Catalog]] = []
        for src in files:
            po = storage.po_path(config, src)
            display = storage.rel(config, po)
            res = FileResult(storage.rel(config, src), output=display)
            results.append(res)
            if not po.exists():
                res.error = f"{display}: no PO file; run `l10n extract` first"
                continue
            try:
                loaded.append((res, po, parse_po(storage.read_text(po, display), display)))
            except L10nError as exc:
                res.error = str(exc)
        if translator is None:
            if dry_run:
                translator = FakeTranslator(name="argos", version="(dry run)")
            else:
                translator = ArgosTranslator(
                    device=config.mt_device, threads=config.mt_threads, max_batch_size=config.mt_batch_size
                )
        cache = None
        if not dry_run:
            cache = MTCache(storage.cache_dir(config) / "mt.sqlite3")
        try:
            all_stats = draft_catalogs(
                [c for _, _, c in loaded],
                translator,
                glossary=glossary if len(glossary) else None,
                tm=tm,
                tm_reviewed=config.tm_reviewed,
                tm_drafts=tm_drafts,
                cache=cache,
                refresh=refresh,
                dry_run=dry_run,
                target_lang=config.target_lang,
                engine_progress=engine_progress,
            )
        finally:
            if cache is not None:
                cache.close()
        for (res, po, catalog), st in zip(loaded, all_stats, strict=True):
            for key in ("drafted", "reused", "cached", "skipped", "flagged"):
                totals[key] += getattr(st, key)
            if dry_run:
                res.messages.extend(f"would {action} [{ctx}]" for ctx, action in st.actions)
            else:
                res.changed = storage.write_if_changed(po, generate_po(catalog), config.po_root)
    verb = "to draft" if dry_run else "drafted"
    summary = (
        f"{len(files)} article(s): {totals['drafted']} {verb}, {totals['reused']} reused from TM, "
        f"{totals['cached']} sentence(s) from cache, {totals['skipped']} skipped, {totals['flagged']} flagged"
    )
    if dry_run and totals["drafted"]:
        summary += _model_note()
    return summary, results


def _model_note() -> str:
    """For --dry-run: say now, not on the real run, when no zh→en model is there to draft with."""
    from l10n.mt import model_status

    try:
        if any(p["from"] == "zh" and p["to"] == "en" for p in model_status()):
            return ""
    except L10nError as exc:
        return f"\nnote: {exc}"
    return "\nnote: no zh→en Argos model is installed; run `l10n model install FILE.argosmodel` first"
