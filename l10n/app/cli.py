"""The ``l10n`` command: parses options, calls the library, prints, and maps errors to exit codes.

Exit codes: 0 success; 1 some article failed (an I/O error included), ``check`` found errors,
``status --fail-under`` was not met or ``model status`` found no zh→en model; 2 bad configuration or
usage; 3 the site lock could not be taken; 70 an internal error (a bug); 130 interrupted (Ctrl-C),
129 / 143 after SIGHUP / SIGTERM. No path prints a traceback unless ``L10N_DEBUG`` is set, including
Ctrl-C while the program is still starting.
"""

from __future__ import annotations

import sys

try:  # Ctrl-C while the imports below load (most of start-up) ends quietly, like Ctrl-C later on.
    import json
    import os
    import signal
    from collections import Counter
    from collections.abc import Iterable, Iterator
    from contextlib import contextmanager
    from dataclasses import asdict, dataclass
    from pathlib import Path
    from types import FrameType
    from typing import Annotated, Any, TypeVar

    import typer

    from l10n import __version__
    from l10n.app import fs as storage
    from l10n.app.article_jobs import FileResult
    from l10n.app.config import Config, with_overrides
    from l10n.model import ConfigError, Finding, L10nError
    from l10n.qa.registry import check_names
except KeyboardInterrupt:
    sys.stderr.write("l10n: interrupted\n")
    raise SystemExit(130) from None

T = TypeVar("T")

app = typer.Typer(
    name="l10n",
    help="Chinese → English localisation of Markdown articles through gettext PO files.\n\n"
    "Typical flow, from the site root: `l10n extract` → translate in a PO editor (or `l10n translate` "
    "for MT drafts) → `l10n merge` → `l10n check` in CI. A site that already has English pages starts "
    "with `l10n import`.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    # Plain help and one-paragraph usage errors: readable in any terminal, log or pipe.
    rich_markup_mode=None,
)


@dataclass
class State:
    root: Path = Path(".")
    config_file: Path | None = None
    quiet: bool = False
    root_given: bool = False  # -C/--root was passed (else the root was searched for)


state = State()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"l10n {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            "-C",
            help="Site root (default: the nearest directory upwards with l10n.toml or [tool.l10n] in "
            "pyproject.toml, else the current directory).",
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", metavar="FILE", help="Settings file (default: l10n.toml, else pyproject.toml)."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the summary.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    state.root = root if root is not None else storage.find_root(Path.cwd())
    state.config_file, state.quiet, state.root_given = config, quiet, root is not None


QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print only errors and the summary (also before the command).")
]


def quiet_too(quiet: bool) -> None:
    """``-q`` is accepted after the command as well as before it."""
    state.quiet = state.quiet or quiet


def fail(exc: L10nError) -> typer.Exit:
    typer.echo(f"l10n: error: {exc}", err=True)
    return typer.Exit(exc.exit_code)


def load(**overrides: object) -> Config:
    try:
        config = with_overrides(storage.load_config(state.root, state.config_file), **overrides)
    except L10nError as exc:
        raise fail(exc) from None
    if config.source_file is None and not state.root_given and not config.source_root.is_dir():
        # Not inside a site: say so, rather than "source directory not found".
        raise fail(
            ConfigError(
                f"no l10n.toml (or [tool.l10n] in pyproject.toml) found in {storage.shown(state.root)} "
                "or any parent directory; run l10n inside a site or pass -C DIR"
            )
        )
    ignored = storage.ignored_config(config)
    if ignored is not None and state.config_file is None:
        typer.echo(
            f"l10n: warning: {ignored}: [tool.l10n] is ignored because {config.source_file} exists", err=True
        )
    return config


def check_format(value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise typer.BadParameter(f"must be {', '.join(allowed[:-1])} or {allowed[-1]}", param_hint="--format")


def say(message: str) -> None:
    if not state.quiet:
        typer.echo(message)


@contextmanager
def guarded() -> Iterator[None]:
    """Turn domain errors into one-line messages and exit codes instead of tracebacks.

    An ``OSError`` that reaches here (the disk, not a bug) is reported as ``path: <reason>``, exit 1.
    """
    try:
        yield
    except L10nError as exc:
        raise fail(exc) from None
    except OSError as exc:
        raise fail(os_error(exc)) from None


def os_error(exc: OSError) -> L10nError:
    where = storage.printable(str(exc.filename)) if exc.filename is not None else None
    return L10nError(f"cannot read or write: {exc.strerror or exc}", where)


def progress(items: Iterable[T], total: int, label: str) -> Iterable[T]:
    """A progress bar with a rate on stderr for long runs in a terminal; silent in pipes and CI logs."""
    if total < 20 or not sys.stderr.isatty() or state.quiet:
        yield from items
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f} {task.fields['unit']}/s" if speed else "")

    unit = "segments" if label == "translate" else "articles"
    columns = (f"{label:>9}", BarColumn(), MofNCompleteColumn(), Rate(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total, unit=unit)
        for item in items:
            yield item
            bar.advance(task)


def report(results: list[FileResult], verb: str, noun: str) -> int:
    """Print per-file lines and a summary; return the exit code."""
    failed = [r for r in results if r.error]
    for r in results:
        if r.error:
            typer.echo(f"l10n: error: {r.error}", err=True)
        elif r.skipped:
            say(f"skipped {r.output}: {r.skipped}")
        elif r.changed:
            say(f"{r.output}: {'created' if r.created and 'would' not in verb else verb}")
        for m in r.messages:
            say(f"  {r.output}: {m}")
        for w in r.warnings:
            typer.echo(f"l10n: warning: {w}", err=True)
    changed = sum(1 for r in results if r.changed and not r.error)
    skipped = sum(1 for r in results if r.skipped)
    typer.echo(
        f"{len(results)} article(s): {changed} {noun} {verb}, "
        f"{len(results) - changed - skipped - len(failed)} unchanged, {skipped} skipped, {len(failed)} failed"
    )
    return 1 if failed else 0


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[PATH]...",
        help="Articles or directories (relative to the site root or the source root), or their PO or "
        "English files (default: all).",
        show_default=False,
    ),
]


@app.command()
def extract(
    paths: PathsArg = None,
    prune: Annotated[bool, typer.Option("--prune", help="Drop obsolete (#~) entries.")] = False,
    mt: Annotated[
        bool, typer.Option("--mt", help="Then fill new entries with MT drafts (see `translate`).")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Write or update one PO file per article (po/en/<path>.po).

    Unchanged segments keep their entries; edited ones inherit the old translation as fuzzy with the
    previous msgid; removed ones become obsolete (#~) until --prune.

    Example: l10n extract content/zh/posts/
    """
    from l10n.app.site_jobs import orphans, run_extract

    quiet_too(quiet)
    config = load()
    with guarded():
        results = run_extract(config, paths, prune=prune, dry_run=dry_run, progress=progress)
        code = report(results, "would be updated" if dry_run else "updated", "PO file(s)")
        for output, message in orphans(config):
            typer.echo(f"l10n: warning: {output}: {message}", err=True)
        if mt and code == 0 and not dry_run:
            code = _translate(config, paths, refresh=False, dry_run=False)
    raise typer.Exit(code)


@app.command()
def merge(
    paths: PathsArg = None,
    include_fuzzy: Annotated[
        bool, typer.Option("--include-fuzzy", help="Also use fuzzy (draft) translations.")
    ] = False,
    fallback: Annotated[
        str | None,
        typer.Option(
            "--fallback",
            metavar="skip|source",
            help="Below the threshold: 'skip' the article or write it with 'source' text.",
        ),
    ] = None,
    threshold: Annotated[
        int | None,
        typer.Option(
            "--threshold", min=0, max=100, metavar="N", help="Minimum % translated to write an article."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Write content/en/<path>.md from each article and its reviewed PO file.

    Front matter is kept byte for byte except translated values; Markdown structure is kept.
    Untranslated segments stay in Chinese; articles below the threshold are skipped.

    Example: l10n merge --include-fuzzy --threshold 0
    """
    from l10n.app.site_jobs import run_merge

    quiet_too(quiet)
    if fallback is not None and fallback not in ("skip", "source"):
        raise typer.BadParameter("must be 'skip' or 'source'", param_hint="--fallback")
    config = load(fallback=fallback, threshold=threshold)
    with guarded():
        results = run_merge(
            config,
            paths,
            include_fuzzy=include_fuzzy or config.include_fuzzy,
            dry_run=dry_run,
            progress=progress,
        )
        code = report(results, "would be written" if dry_run else "written", "English file(s)")
    raise typer.Exit(code)


@app.command("import")
def import_(
    paths: PathsArg = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Also articles whose PO file has reviewed translations, replacing every aligned entry.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
) -> None:
    """Bootstrap PO files from English pages that already exist (content/en/<path>.md).

    Both versions are split into segments the same way and aligned block by block (kinds, anchors
    such as code, URLs and numbers, and lengths); each trusted pair fills an empty entry, marked
    fuzzy with an `# import: aligned from …` comment (setting `import_reviewed`: high scores as
    reviewed). A block that only its place ties to the Chinese one (a free rewrite between two sure
    pairs) is imported too, and said so. Code blocks that hold Chinese are filled from the English
    page's code. English blocks with no Chinese counterpart are listed as path:line. By default: every
    article with an English page and no reviewed translation yet. Then review, or run
    `l10n merge --include-fuzzy`.

    Example: l10n import content/zh/blog/ && l10n merge --include-fuzzy
    """
    from l10n.app.site_jobs import run_import

    config = load()
    with guarded():
        results = run_import(config, paths, force=force, dry_run=dry_run, progress=progress)
    code = report_import(results, dry_run)
    raise typer.Exit(code)


def report_import(results: list[FileResult], dry_run: bool) -> int:
    """Per-article lines, the English blocks left over (path:line), and a summary; the exit code."""
    failed = [r for r in results if r.error]
    for r in results:
        if r.error:
            typer.echo(f"l10n: error: {r.error}", err=True)
            continue
        if r.skipped:
            say(f"skipped {r.output}: {r.skipped}")
            continue
        st = r.stats
        what = "unchanged"
        if r.changed:
            what = "would be updated" if dry_run else "created" if r.created else "updated"
        exact_note = "; merge reproduces the English page" if st.get("exact") else ""
        kept = f", {st['kept']} already translated otherwise" if st.get("kept") else ""
        if st.get("reviewed"):
            kept += f", {st['reviewed']} as reviewed"
        if st.get("by_position"):
            kept += f", {st['by_position']} paired by position only"
        say(
            f"{r.output}: {what}: {st.get('aligned', 0)} of {st.get('segments', 0)} segment(s) aligned, "
            f"{st.get('filled', 0)} filled{kept}{exact_note}"
        )
        for m in r.messages:
            say(f"  {m}")
    done = [r for r in results if not r.error and not r.skipped]
    changed = sum(1 for r in done if r.changed)
    skipped = sum(1 for r in results if r.skipped)
    aligned = sum(r.stats.get("aligned", 0) for r in done)
    filled = sum(r.stats.get("filled", 0) for r in done)
    segments = sum(r.stats.get("segments", 0) for r in done)
    exact = sum(r.stats.get("exact", 0) for r in done)
    share = f" ({aligned * 100 // segments}%)" if segments else ""
    verb = "would be updated" if dry_run else "updated"
    typer.echo(
        f"{len(results)} article(s): {changed} PO file(s) {verb}, {len(done) - changed} unchanged, "
        f"{skipped} skipped, {len(failed)} failed; {aligned} of {segments} segment(s) aligned{share}, "
        f"{filled} filled; {exact} English page(s) reproduced exactly by `merge --include-fuzzy`"
    )
    return 1 if failed else 0


def _parse_names(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def github_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub Actions requires (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A workflow command's property value (``file=``, ``title=``): also ``:`` and ``,`` escaped."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def print_findings(findings: list[Finding], fmt: str, per_article: list[tuple[str, dict[str, int]]]) -> None:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    counts = Counter(f.check for f in findings)
    if fmt == "json":
        payload = {
            "findings": [asdict(f) for f in findings],
            "summary": {
                "errors": errors,
                "warnings": warnings,
                "by_check": dict(sorted(counts.items())),
                "articles": len(per_article),
            },
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if fmt == "github":
        for f in findings:
            level = "error" if f.severity == "error" else "warning"
            seg = f"[{f.segment}] " if f.segment else ""
            file, title = github_property(f.path), github_property(f"l10n {f.check}")
            typer.echo(f"::{level} file={file},line={f.line},title={title}::{github_data(seg + f.message)}")
    else:
        by_file: dict[str, list[Finding]] = {}
        for f in findings:
            by_file.setdefault(f.path, []).append(f)
        for path, items in by_file.items():
            typer.echo(path)
            for f in items:
                seg = f" [{f.segment}]" if f.segment else ""
                src = f"  ({f.source_path}:{f.source_line})" if f.source_path and f.source_line else ""
                typer.echo(f"  {f.line}: {f.severity} {f.check}{seg}: {f.message}{src}")
    # From the articles' counts, not the findings, so --only/--ignore do not hide work waiting.
    waiting = ", ".join(
        f"{label}: {sum(st.get(key, 0) for _, st in per_article)}"
        for key, label in (
            ("untranslated", "untranslated"),
            ("fuzzy_mt", "MT drafts to review"),
            ("fuzzy_changed", "changed sources to review"),
        )
    )
    typer.echo(f"{errors} error(s), {warnings} warning(s) in {len(per_article)} article(s) ({waiting})")


@app.command()
def check(
    paths: PathsArg = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="text|json|github",
            help="Output: text, json or github (Actions annotations).",
        ),
    ] = "text",
    only: Annotated[
        list[str] | None,
        typer.Option("--only", metavar="NAMES", help="Run only these checks (repeat or comma-separate)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", metavar="NAMES", help="Skip these checks.")
    ] = None,
    include_fuzzy: Annotated[
        bool,
        typer.Option(
            "--include-fuzzy", help="English files are merged with drafts (as `merge --include-fuzzy`)."
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """The CI gate: exit 1 when any error-level finding exists.

    Checks: {checks}. Severities come from the `checks` setting; a translator comment
    `# l10n: ignore numbers` silences one entry.

    Example: l10n check --format github --ignore fuzzy-mt
    """
    from l10n.app.site_jobs import run_check

    quiet_too(quiet)
    check_format(fmt, ("text", "json", "github"))
    config = load(include_fuzzy=True if include_fuzzy else None)
    with guarded():
        findings, per_article = run_check(config, paths, _parse_names(only), _parse_names(ignore), progress)
    print_findings(findings, fmt, per_article)
    raise typer.Exit(1 if any(f.severity == "error" for f in findings) else 0)


# The check list in the help comes from the registry, so it cannot drift from the code.
check.__doc__ = (check.__doc__ or "").replace("{checks}", ", ".join(check_names()))


STATUS_COLUMNS = (
    ("translated", "translated"),
    ("fuzzy_mt", "fuzzy MT"),
    ("fuzzy_changed", "fuzzy changed"),
    ("untranslated", "untranslated"),
    ("leftover", "of which leftover"),
    ("total", "segments"),
    ("chars", "source chars"),
)


@app.command()
def status(
    paths: PathsArg = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="table|json", help="Output format.")
    ] = "table",
    fail_under: Annotated[
        int | None,
        typer.Option(
            "--fail-under", min=0, max=100, metavar="N", help="Exit 1 if the total % translated is lower."
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Per-article progress: translated, fuzzy (MT), fuzzy (changed) and untranslated segments.

    Chinese that no PO entry covers (see `check`'s leftover) counts as untranslated, so 100%
    means the English page holds no Chinese.

    Example: l10n status --fail-under 90
    """
    from l10n.app.site_jobs import run_status

    quiet_too(quiet)
    check_format(fmt, ("table", "json"))
    config = load()
    with guarded():
        rows = run_status(config, paths, progress)
    keys = [k for k, _ in STATUS_COLUMNS]
    totals = {k: sum(st.get(k, 0) for _, st, _, _ in rows) for k in keys}
    totals["percent"] = 100 if not totals["total"] else totals["translated"] * 100 // totals["total"]
    if fmt == "json":
        typer.echo(
            json.dumps(
                {
                    "articles": [
                        {"path": p, **st, **({"problem": e} if e else {})} for p, st, e, _ in rows
                    ],
                    "total": totals,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_footer=True)
        table.add_column("article", footer="total")
        for k, label in STATUS_COLUMNS:
            table.add_column(label, justify="right", footer=str(totals[k]))
        table.add_column("%", justify="right", footer=f"{totals['percent']}%")
        for path, st, _, _ in rows:
            cells = [str(st[k]) if k in st else "-" for k in keys]
            table.add_row(path, *cells, f"{st['percent']}%" if "percent" in st else "-")
        Console(width=max(120, len(max((p for p, _, _, _ in rows), key=len, default="")) + 125)).print(table)
    for _, _, problem, unreadable in rows:
        if problem and fmt != "json":  # JSON carries it as "problem"
            typer.echo(f"l10n: {'error' if unreadable else 'warning'}: {problem}", err=True)
    if fail_under is not None and totals["percent"] < fail_under:
        typer.echo(f"l10n: {totals['percent']}% translated, under --fail-under {fail_under}", err=True)
        raise typer.Exit(1)
    if any(unreadable for _, _, _, unreadable in rows):
        raise typer.Exit(1)  # an unreadable PO file is an error, not a zero


class SentenceMeter:
    """Progress of the MT engine in sentences/s; appears on the first batch, only in a terminal."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if not sys.stderr.isatty() or state.quiet:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            rate = TextColumn("")
            self.bar = Progress(
                "translate",
                BarColumn(),
                MofNCompleteColumn(),
                rate,
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("translate", total=total)
        self.bar.advance(self.task, done)
        speed = self.bar.tasks[0].speed
        if speed:
            self.bar.columns[3].text_format = f"{speed:,.1f} sentences/s"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _translate(config: Config, paths: list[Path] | None, refresh: bool, dry_run: bool) -> int:
    from l10n.app.site_jobs import run_translate

    meter = SentenceMeter()
    try:
        summary, results = run_translate(
            config, paths, refresh=refresh, dry_run=dry_run, engine_progress=meter
        )
    finally:
        meter.close()
    for r in results:
        if r.error:
            typer.echo(f"l10n: error: {r.error}", err=True)
        for m in r.messages:
            say(f"{r.output}: {m}")
    typer.echo(summary)
    return 1 if any(r.error for r in results) else 0


@app.command()
def translate(
    paths: PathsArg = None,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Redo drafts still exactly as MT wrote them.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be translated; write nothing.")
    ] = False,
    device: Annotated[
        str | None,
        typer.Option(
            "--device", metavar="cpu|cuda|auto", help="Where to run the model (default: mt_device)."
        ),
    ] = None,
    threads: Annotated[
        int | None,
        typer.Option("--threads", min=0, metavar="N", help="CPU threads for CTranslate2 (0 = auto)."),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Fill empty entries with offline MT drafts (argostranslate zh→en), marked fuzzy for review.

    Reviewed entries and drafts a human edited are never touched. Exact matches from reviewed
    translations elsewhere in the project are reused first; MT output is cached.

    Example: l10n translate --dry-run
    """
    quiet_too(quiet)
    if device is not None and device not in ("cpu", "cuda", "auto"):
        raise typer.BadParameter("must be cpu, cuda or auto", param_hint="--device")
    config = load(mt_device=device, mt_threads=threads)
    with guarded():
        code = _translate(config, paths, refresh, dry_run)
    raise typer.Exit(code)


@app.command("mv")
def mv(
    old: Annotated[Path, typer.Argument(help="The article's old path (source, PO or English file).")],
    new: Annotated[Path, typer.Argument(help="Its new path.")],
) -> None:
    """Rename an article together with its translations: moves its PO file and English file (and the
    source too, if it is still at OLD), so no translation is orphaned. Nothing existing is replaced.

    Run it after `git mv` of the source (or instead of it); `l10n extract` then refreshes references.

    Example: l10n mv content/zh/news/old-name.md content/zh/news/new-name.md
    """
    from l10n.app.site_jobs import move_article

    config = load()
    with guarded():
        moved = move_article(config, old, new)
    for line in moved:
        say(f"moved {line}")


glossary_app = typer.Typer(
    help="Pinned terminology: import, export, check and suggest terms.\n\n"
    "Example: l10n glossary suggest -n 20 > glossary/candidates.tsv",
    no_args_is_help=True,
)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("check")
def glossary_check(
    paths: PathsArg = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="text|json|github", help="Output format.")
    ] = "text",
    quiet: QuietOption = False,
) -> None:
    """Report translations that miss a pinned term, use a forbidden one, or translate a do-not-translate term.

    Example: l10n glossary check content/zh/news/
    """
    from l10n.app.site_jobs import run_check

    quiet_too(quiet)
    check_format(fmt, ("text", "json", "github"))
    config = load()
    with guarded():
        findings, per_article = run_check(config, paths, ["glossary"], None, progress)
    print_findings(findings, fmt, per_article)
    raise typer.Exit(1 if any(f.severity == "error" for f in findings) else 0)


@glossary_app.command("import")
def glossary_import(
    file: Annotated[Path, typer.Argument(help="A TBX file (ISO 30042).", exists=True, dir_okay=False)],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="TSV to write (default: glossary/<name>.tsv)."),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Overwrite the TSV file with the imported terms instead of merging."),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Import a TBX termbase into a glossary TSV file, merging with what it holds.

    New terms are appended; rows already there are kept as they are (comments and order too), and an
    imported term that conflicts with one of them is left out and reported. --replace overwrites the
    file; -o writes elsewhere.

    Example: l10n glossary import weblate-export.tbx
    """
    from l10n.app.site_jobs import glossary_import as run

    quiet_too(quiet)
    config = load()
    with guarded():
        result = run(config, file, output, replace=replace)
    for conflict in result.conflicts:
        typer.echo(f"l10n: warning: {conflict}", err=True)
    if result.replaced:
        typer.echo(f"replaced {result.path} with {result.added} term(s)")
    else:
        extra = f", {result.already} already there" if result.already else ""
        extra += f", {len(result.conflicts)} conflicting left out" if result.conflicts else ""
        typer.echo(f"imported {result.added} term(s) into {result.path}{extra}")


@glossary_app.command("export")
def glossary_export(
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="tbx|tsv", help="Output format.")] = "tbx",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="File to write (default: stdout).")
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Write the merged glossary as TBX (for Weblate, OmegaT, memoQ) or TSV.

    Example: l10n glossary export --format tbx -o glossary.tbx
    """
    from l10n.app.site_jobs import glossary_export as run

    quiet_too(quiet)
    if fmt not in ("tbx", "tsv"):
        raise typer.BadParameter("must be tbx or tsv", param_hint="--format")
    config = load()
    with guarded():
        text = run(config, fmt, output)
    if output is None:
        typer.echo(text, nl=False)
    else:
        typer.echo(f"wrote {output}")


@glossary_app.command("suggest")
def glossary_suggest(
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, metavar="N", help="How many candidates.")
    ] = 50,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="TSV file to write (default: stdout)."),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """List frequent terms in the source articles that the glossary lacks, as TSV rows to fill in.

    When the PO files hold translations (reviewed, or aligned by `l10n import`), each row proposes the
    English term seen most consistently with the source term, with the counts in the note.

    Example: l10n glossary suggest -n 20 -o glossary/candidates.tsv
    """
    from l10n.app.site_jobs import glossary_suggest as run

    quiet_too(quiet)
    config = load()
    with guarded():
        text, problems = run(config, limit, output)
    for problem in problems:
        typer.echo(f"l10n: warning: {problem} (skipped)", err=True)
    if output is None:
        typer.echo(text, nl=False)
    else:
        typer.echo(f"wrote {output}")


model_app = typer.Typer(
    help="Offline MT model management (argostranslate zh→en).\n\n"
    "Example: l10n model install translate-zh_en.argosmodel",
    no_args_is_help=True,
)
app.add_typer(model_app, name="model")


@model_app.command("status")
def model_status(quiet: QuietOption = False) -> None:
    """Show installed Argos translation packages and where they live.

    Example: l10n model status
    """
    from l10n.mt import argos_packages_dir
    from l10n.mt import model_status as run

    with guarded():
        pkgs = run()
        where = argos_packages_dir()
    typer.echo(f"packages directory: {where}")
    for p in pkgs:
        typer.echo(f"{p['from']}→{p['to']}  {p['name']} {p['version']}  {p['path']}")
    if not any(p["from"] == "zh" and p["to"] == "en" for p in pkgs):
        typer.echo(
            "zh→en: missing; run `l10n model install FILE.argosmodel` (offline) or `l10n model install`"
        )
        raise typer.Exit(1)


@model_app.command("install")
def model_install(
    file: Annotated[
        Path | None, typer.Argument(help="A .argosmodel file (offline). Omit to download zh→en.")
    ] = None,
    timeout: Annotated[
        float,
        typer.Option("--timeout", metavar="SECONDS", help="Network timeout in seconds for the download."),
    ] = 10.0,
    quiet: QuietOption = False,
) -> None:
    """Install the zh→en model from a file (offline) or download it from the Argos index.

    Example: l10n model install translate-zh_en-1_9.argosmodel
    """
    from l10n.mt import download_model, install_model

    with guarded():
        if file is not None:
            info = install_model(file)
            typer.echo(f"installed {info['name']} {info['version']} in {info['path']}")
        else:
            typer.echo(f"installed {download_model(timeout=timeout)}")


class Interrupted(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, so temporary files go, the lock is released and the
    worker processes are stopped (see ``site_jobs.pmap``) before the process exits."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _on_signal(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


def main() -> None:
    """Console-script entry point: domain errors are one line; anything else is a short internal error."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _on_signal)
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("l10n: interrupted", err=True)
        raise SystemExit(130) from None
    except Interrupted as exc:
        typer.echo(f"l10n: interrupted ({exc})", err=True)
        raise SystemExit(128 + exc.signum) from None
    except OSError as exc:  # the disk, not a bug: one line, like the errors the commands report
        typer.echo(f"l10n: error: {os_error(exc)}", err=True)
        raise SystemExit(1) from None
    except Exception as exc:  # a bug: say so in one line instead of a wall of traceback
        typer.echo(
            f"l10n: internal error: {type(exc).__name__}: {exc} (set L10N_DEBUG=1 for details)", err=True
        )
        if os.environ.get("L10N_DEBUG"):
            raise
        raise SystemExit(70) from None
