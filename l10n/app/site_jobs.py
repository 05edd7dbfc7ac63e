"""Site-level commands as library functions: they pick the files, run the per-article jobs (in a
process pool when the site is large enough to gain), and return results for the CLI to print.

Invariants: results are in source-path order whatever the parallelism, so the output of a parallel
run is byte-identical to a serial one; writing commands hold the site lock. Worker processes never
outlive the run: they close their copy of the lock, die with their parent (a death signal, and a
watchdog where there is none), and the parent kills them on any error, Ctrl-C, SIGTERM or SIGHUP.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from l10n import __version__
from l10n.app import fs as storage
from l10n.app.article_jobs import (
    CHANGED_RETRIES,
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
from l10n.model import Catalog, ConfigError, Finding, L10nError

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
                files.append((display, storage.read_text(p, display, config)))
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


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _worker_init(parent: int) -> None:
    """First thing in every worker process: it must never outlive, nor keep locked, the run that
    forked it."""
    storage.forget_inherited_lock()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        # Sent when the forking thread exits: the pool forks all its workers from the main thread at
        # the first submit (start method "fork"), so that is when the parent process dies.
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the death signal was armed
        os._exit(1)
    # Where there is no death signal (or it is disarmed), a watchdog notices the parent is gone.
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="l10n-watchdog").start()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Kill the workers now: after an error, Ctrl-C, SIGTERM or SIGHUP in the parent, waiting for their
    queued work would keep the site locked for nothing. The pool's manager thread then fails the
    pending futures (nothing cancels them first: on Python 3.11 that makes the thread crash)."""
    processes: dict[int, Any] = getattr(pool, "_processes", None) or {}
    # Taken before shutdown(), which forgets it.
    manager = getattr(pool, "_executor_manager_thread", None)
    for proc in list(processes.values()):
        try:
            proc.kill()
        except (OSError, ValueError, AttributeError):
            pass
    pool.shutdown(wait=False)
    # Let the manager thread finish cleaning up now: at interpreter exit it would race with
    # concurrent.futures' own exit hook over a pipe it closes (a traceback on Python 3.11).
    if isinstance(manager, threading.Thread) and manager is not threading.current_thread():
        manager.join(timeout=10)


def _run_chunk(fn: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    return [fn(x) for x in chunk]


def _ordered(pool: ProcessPoolExecutor, fn: Callable[[T], R], items: Sequence[T], chunk: int) -> Iterator[R]:
    """``pool.map`` without its cancel-on-close (see ``_stop``): results in input order."""
    futures = [pool.submit(_run_chunk, fn, items[i : i + chunk]) for i in range(0, len(items), chunk)]
    for future in futures:
        yield from future.result()


def pmap(fn: Callable[[T], R], items: Sequence[T], config: Config, progress: Progress, label: str) -> list[R]:
    """``[fn(x) for x in items]``, in a process pool when worthwhile; order is preserved."""
    n = workers(config, len(items))
    if n <= 1:
        return [fn(p) for p in progress(items, len(items), label)]
    pool = ProcessPoolExecutor(max_workers=n, initializer=_worker_init, initargs=(os.getpid(),))
    try:
        chunk = max(1, min(64, len(items) // (n * 8)))
        results = list(progress(_ordered(pool, fn, items, chunk), len(items), label))
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)
    return results


def orphans(config: Config) -> list[tuple[str, str]]:
    """(output file, message) for PO and English files whose source article is gone.

    The message says what to do: after a rename, move the translation along with ``l10n mv`` (or
    ``git mv`` the PO file) rather than delete it.
    """
    out = []
    for po in storage.po_files(config):
        src = storage.source_for_po(config, po)
        if not os.path.lexists(src):
            gone = storage.rel(config, src)
            out.append(
                (
                    storage.rel(config, po),
                    f"source article {gone} is gone; if it was renamed, run `l10n mv {gone} NEW` "
                    f"(or `git mv` this file to the new name), else delete this file",
                )
            )
    for target in storage.target_files(config):
        src = storage.source_for_target(config, target)
        if not os.path.lexists(src):
            gone = storage.rel(config, src)
            out.append(
                (
                    storage.rel(config, target),
                    f"source article {gone} is gone; if it was renamed, run `l10n mv {gone} NEW`, "
                    "else delete this file",
                )
            )
    return out


def _clean(config: Config, *outputs: tuple[Path, str]) -> None:
    """Temporary files a killed run left: in the given output roots, the cache and the glossary."""
    storage.clean_temp(
        config,
        *outputs,
        (config.root / storage.CACHE_DIR, ".json"),
        (config.glossary_root, ".tsv"),
    )


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
    job = partial(extract_file, config, hints=hints, prune=prune, dry_run=dry_run, salt=salt)
    return _cached_jobs(config, "extract", salt, job, files, dry_run, progress, (config.po_root, ".po"))


def run_merge(
    config: Config,
    paths: list[Path] | None,
    include_fuzzy: bool = False,
    dry_run: bool = False,
    progress: Progress = _identity,
) -> list[FileResult]:
    files = storage.source_files(config, paths)
    salt = _salt(config)
    job = partial(
        merge_file,
        config,
        include_fuzzy=include_fuzzy,
        fallback=config.fallback,
        threshold=config.threshold,
        dry_run=dry_run,
        salt=salt,
    )
    return _cached_jobs(config, "merge", salt, job, files, dry_run, progress, (config.target_root, ".md"))


def _cached_jobs(
    config: Config,
    step: str,
    salt: str,
    job: Callable[[tuple[Path, str | None]], FileResult],
    files: list[Path],
    dry_run: bool,
    progress: Progress,
    output: tuple[Path, str],
) -> list[FileResult]:
    """Run ``job`` over ``files`` under the site lock, skipping articles the run cache knows unchanged.

    The cache is read and saved only for real runs; a dry run changes nothing on disk.
    """
    with storage.site_lock(config):
        _clean(config, output)
        cache = {} if dry_run else storage.load_cache(config, step, salt)
        results = pmap(job, _items(files, config, cache), config, progress, step)
        if not dry_run:
            storage.save_cache(config, step, salt, _update_cache(cache, results))
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
        _clean(config, (config.po_root, ".po"))
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
) -> list[tuple[str, dict[str, int], str | None, bool]]:
    """Per-article counts from the PO files (no checks run), any problem reading them, and whether
    that problem is an error (a PO file that exists but cannot be read)."""
    files = storage.source_files(config, paths)
    return pmap(partial(status_file, config), files, config, progress, "status")


# --------------------------------------------------------------------------- glossary


@dataclass
class ImportResult:
    """What ``glossary import`` did: the file written (shown path), terms added, conflicts kept out."""

    path: str
    added: int
    already: int
    conflicts: list[str]
    replaced: bool = False


def glossary_import(config: Config, file: Path, output: Path | None, replace: bool = False) -> ImportResult:
    """Import a TBX file into ``glossary/<name>.tsv`` (or ``output``).

    By default the terms are merged into an existing file: its lines are kept as they are, new terms
    are appended, and a term that conflicts with a row there is left out and reported (the curated
    row wins). ``replace`` writes the imported terms alone. The target is replaced atomically and
    only if nobody changed it since it was read.
    """
    from l10n.formats.glossary import Term, append_tsv, generate_tsv, parse_file, parse_tbx, parse_tsv
    from l10n.glossary import import_terms

    display = storage.printable(str(file))
    terms = parse_tbx(storage.read_text(file, display), display, config.source_lang, config.target_lang)
    others: list[Term] = []
    if output is None:
        target, allowed, guard = config.glossary_root / (file.stem + ".tsv"), config.glossary_root, config
        shown = storage.rel(config, target)
        old = storage.read_optional(target, shown, config)
        # The site's other glossary files count too: a term they pin differently is a conflict.
        for path, text in _glossary_files(config):
            if path != shown:
                others += parse_file(text, path)
    else:  # -o names a file the user chose, wherever it is
        target, allowed, guard = output, output.parent, None
        shown = storage.shown(target)
        old = storage.read_bytes(target, shown) if os.path.lexists(target) else None
    if replace:
        text, added, already, conflicts = generate_tsv(terms), len(terms), 0, []
    else:
        old_text = storage.decode_text(old, shown) if old is not None else ""
        present = parse_tsv(old_text, shown) if old is not None else []
        new, clashes = import_terms(present + others, terms)
        added, already = len(new), len(terms) - len(new) - len(clashes)
        conflicts = [
            f"{refused.source!r} → {refused.target!r} left out: {kept.where()} has {kept.target!r}"
            + (" (forbidden)" if kept.forbidden else "")
            for kept, refused in clashes
        ]
        if not new:
            return ImportResult(shown, 0, already, conflicts)
        if old is None:
            text = generate_tsv(new)
        else:
            bom = "\ufeff" if old.startswith(b"\xef\xbb\xbf") else ""
            text = bom + append_tsv(old_text, new)
    storage.write_if_changed(target, text, allowed, expected=old, display=shown, config=guard)
    return ImportResult(shown, added, already, conflicts, replaced=old is not None and replace)


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


def glossary_suggest(config: Config, limit: int, output: Path | None) -> tuple[str, list[str]]:
    """Candidate terms as TSV, and the articles that could not be read (reported, then skipped)."""
    from l10n.glossary import suggest, suggestions_tsv

    glossary = load_glossary(config)
    docs = []
    problems = []
    for p in storage.source_files(config):
        display = storage.rel(config, p)
        try:
            docs.append((display, storage.decode_text(storage.read_source(config, p), display)))
        except L10nError as exc:
            problems.append(str(exc))
    text = suggestions_tsv(suggest(docs, glossary, limit=limit, pairs=aligned_pairs(config)))
    if output is not None:
        storage.write_if_changed(output, text, output.parent)
    return text, problems


def aligned_pairs(config: Config) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every human translation in the project's PO files: reviewed entries and
    the pairs ``l10n import`` aligned from English pages (MT drafts are not evidence of usage)."""
    from l10n.formats.po import decode_po, parse_po

    out: list[tuple[str, str]] = []
    for po in storage.po_files(config):
        display = storage.rel(config, po)
        try:
            catalog = parse_po(decode_po(storage.read_bytes(po, display, config), display), display)
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
    from l10n.formats.po import decode_po, parse_po

    tm: dict[str, tuple[str, str]] = {}
    imported: dict[str, tuple[str, str]] = {}
    for po in storage.po_files(config):
        display = storage.rel(config, po)
        try:
            catalog = parse_po(decode_po(storage.read_bytes(po, display, config), display), display)
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

    Drafting can take minutes: a PO file a translator saved meanwhile is not overwritten; the drafts
    are merged into what they saved instead (``save_drafts``).
    """
    from l10n.formats.po import decode_po, parse_po
    from l10n.mt import ArgosTranslator, FakeTranslator, MTCache, draft_catalogs

    files = storage.source_files(config, paths)
    glossary = load_glossary(config)
    results: list[FileResult] = []
    totals: Counter[str] = Counter()
    with storage.site_lock(config):
        _clean(config, (config.po_root, ".po"))
        tm, tm_drafts = translation_memories(config)
        loaded: list[tuple[FileResult, Path, Catalog, bytes]] = []
        for src in files:
            po = storage.po_path(config, src)
            display = storage.rel(config, po)
            res = FileResult(storage.rel(config, src), output=display)
            results.append(res)
            try:
                data = storage.read_optional(po, display, config)
                if data is None:
                    raise L10nError("no PO file; run `l10n extract` first", display)
                loaded.append((res, po, parse_po(decode_po(data, display), display), data))
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
        cache_note = ""
        if not dry_run:
            try:
                cache = MTCache(storage.mt_cache_path(config))
            except L10nError as exc:  # the cache only saves time: go on without it
                cache_note = f"\nnote: {exc}; running without the MT cache"
        try:
            all_stats = draft_catalogs(
                [c for _, _, c, _ in loaded],
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
        for (res, po, catalog, data), st in zip(loaded, all_stats, strict=True):
            for key in ("drafted", "reused", "cached", "skipped", "flagged"):
                totals[key] += getattr(st, key)
            if dry_run:
                res.messages.extend(f"would {action} [{ctx}]" for ctx, action in st.actions)
            else:
                try:
                    save_drafts(config, res, po, data, catalog)
                except L10nError as exc:
                    res.error = str(exc)
    verb = "to draft" if dry_run else "drafted"
    summary = (
        f"{len(files)} article(s): {totals['drafted']} {verb}, {totals['reused']} reused from TM, "
        f"{totals['cached']} sentence(s) from cache, {totals['skipped']} skipped, {totals['flagged']} flagged"
    )
    if dry_run and totals["drafted"]:
        summary += _model_note()
    return summary + cache_note, results


def save_drafts(config: Config, res: FileResult, po: Path, read: bytes, drafted: Catalog) -> None:
    """Write ``drafted`` (the catalog read as ``read``, after drafting) to ``po``.

    If the file changed since it was read (a translator saved during the MT run), the drafts are
    merged into the saved file entry by entry (``catalog.replay``: an entry the translator changed
    keeps their version) and that is written instead, checked again the same way; after
    ``CHANGED_RETRIES`` tries, or when the file is gone, nothing is written and the error says so.
    """
    from l10n.catalog import replay
    from l10n.formats.po import decode_po, generate_po, parse_po

    display = res.output
    base, text = read, generate_po(drafted)
    for _attempt in range(CHANGED_RETRIES):
        try:
            res.changed = storage.write_if_changed(
                po, text, config.po_root, expected=base, display=display, config=config
            )
            return
        except storage.ChangedError:
            fresh = storage.read_optional(po, display, config)
            if fresh is None:
                break
            original = parse_po(decode_po(read, display), display)
            merged, left_out = replay(original, drafted, parse_po(decode_po(fresh, display), display))
            base, text = fresh, generate_po(merged)
            res.messages = [
                "saved by someone during the run: drafts merged into the saved file"
                + (f" ({left_out} entries they changed keep their version)" if left_out else "")
            ]
    raise storage.ChangedError(display)


def move_article(config: Config, old: Path, new: Path) -> list[str]:
    """``l10n mv OLD NEW``: rename an article's PO and English files (and the source, if it has not
    been moved yet) so the translations follow the article. Returns "old → new" lines.

    ``old`` and ``new`` name articles as other commands do (source, PO or English paths). Nothing
    existing is replaced; the PO file's references are refreshed by the next ``extract``.
    """
    old_src = storage.article_for(config, old)
    new_src = storage.article_for(config, new)
    if old_src == new_src:
        raise ConfigError("OLD and NEW are the same article", storage.printable(str(new)))
    moves = [
        (old_src, new_src, config.source_root),
        (storage.po_path(config, old_src), storage.po_path(config, new_src), config.po_root),
        (storage.target_path(config, old_src), storage.target_path(config, new_src), config.target_root),
    ]
    done = []
    with storage.site_lock(config):
        todo = [(a, b, root) for a, b, root in moves if os.path.lexists(a)]
        if not any(root != config.source_root for _, _, root in todo):
            raise ConfigError(
                "no PO or English file to move for this article",
                storage.rel(config, storage.po_path(config, old_src)),
            )
        if not os.path.lexists(old_src) and not os.path.lexists(new_src):
            raise ConfigError("no such article: neither OLD nor NEW exists", storage.rel(config, new_src))
        for _, b, _ in todo:
            if os.path.lexists(b):
                raise L10nError("already exists; not replaced (nothing was moved)", storage.rel(config, b))
        for a, b, root in todo:
            storage.move(config, a, b, root)
            done.append(f"{storage.rel(config, a)} → {storage.rel(config, b)}")
    return done


def _model_note() -> str:
    """For --dry-run: say now, not on the real run, when no zh→en model is there to draft with."""
    from l10n.mt import model_status

    try:
        if any(p["from"] == "zh" and p["to"] == "en" for p in model_status()):
            return ""
    except L10nError as exc:
        return f"\nnote: {exc}"
    return "\nnote: no zh→en Argos model is installed; run `l10n model install FILE.argosmodel` first"
