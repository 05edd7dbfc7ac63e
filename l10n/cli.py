"""The ``l10n`` command: parses options, calls the library, prints, and maps errors to exit codes.

Exit codes: 0 success; 1 some article failed or ``check`` found errors; 2 bad configuration or usage;
3 the site lock could not be taken.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from . import __version__, storage
from .config import Config, with_overrides
from .model import L10nError
from .pipeline import FileResult

T = TypeVar("T")

app = typer.Typer(
    name="l10n",
    help="Chinese → English localisation of Markdown articles through gettext PO files.\n\n"
    "Typical flow, from the site root: `l10n extract` → translate in a PO editor (or `l10n translate` "
    "for MT drafts) → `l10n merge` → `l10n check` in CI.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    root: Path = Path(".")
    config_file: Path | None = None
    quiet: bool = False


state = State()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"l10n {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    root: Annotated[Path, typer.Option("--root", "-C", help="Site root (default: current directory).")] = Path("."),
    config: Annotated[
        Path | None, typer.Option("--config", help="Settings file (default: l10n.toml, else pyproject.toml).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the summary.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    state.root, state.config_file, state.quiet = root, config, quiet


def fail(exc: L10nError) -> typer.Exit:
    typer.echo(f"l10n: error: {exc}", err=True)
    return typer.Exit(exc.exit_code)


def load(**overrides: object) -> Config:
    try:
        return with_overrides(storage.load_config(state.root, state.config_file), **overrides)
    except L10nError as exc:
        raise fail(exc) from None


def say(message: str) -> None:
    if not state.quiet:
        typer.echo(message)


@contextmanager
def guarded() -> Iterator[None]:
    """Turn domain errors into one-line messages and exit codes instead of tracebacks."""
    try:
        yield
    except L10nError as exc:
        raise fail(exc) from None


def progress(items: list[T], label: str) -> Iterable[T]:
    """A progress bar on stderr for long runs in a terminal; silent in pipes and CI logs."""
    if len(items) < 20 or not sys.stderr.isatty() or state.quiet:
        return items
    return typer.progressbar(items, label=label, file=sys.stderr, show_pos=True)  # type: ignore[no-any-return]


def report(results: list[FileResult], verb: str, noun: str) -> int:
    """Print per-file lines and a summary; return the exit code."""
    failed = [r for r in results if r.error]
    for r in results:
        if r.error:
            typer.echo(f"l10n: error: {r.error}", err=True)
        elif r.skipped:
            say(f"skipped {r.output}: {r.skipped}")
        elif r.changed:
            say(f"{verb} {r.output}")
        for m in r.messages:
            say(f"  {r.output}: {m}")
    changed = sum(1 for r in results if r.changed and not r.error)
    typer.echo(
        f"{len(results)} article(s): {changed} {noun} {verb}, "
        f"{sum(1 for r in results if r.skipped)} skipped, {len(failed)} failed"
    )
    return 1 if failed else 0


PathsArg = Annotated[
    list[Path] | None, typer.Argument(help="Articles or directories under the source root (default: all).")
]


@app.command()
def extract(
    paths: PathsArg = None,
    prune: Annotated[bool, typer.Option("--prune", help="Drop obsolete (#~) entries.")] = False,
    mt: Annotated[bool, typer.Option("--mt", help="Then fill new entries with MT drafts (see `translate`).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
) -> None:
    """Write or update one PO file per article (po/en/<path>.po).

    Unchanged segments keep their entries; edited ones inherit the old translation as fuzzy with the
    previous msgid; removed ones become obsolete (#~) until --prune.

    Example: l10n extract content/zh/posts/
    """
    from .workflow import orphans, run_extract

    config = load()
    with guarded():
        results = run_extract(config, paths, prune=prune, dry_run=dry_run, progress=progress)
        code = report(results, "would update" if dry_run else "updated", "PO file(s)")
        for output, message in orphans(config):
            typer.echo(f"l10n: warning: {output}: {message}; delete it or restore the article", err=True)
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
        typer.Option("--fallback", help="Below the threshold: 'skip' the article or write it with 'source' text."),
    ] = None,
    threshold: Annotated[
        int | None, typer.Option("--threshold", min=0, max=100, help="Minimum % translated to write an article.")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
) -> None:
    """Write content/en/<path>.md from each article and its reviewed PO file.

    Front matter is kept byte for byte except translated values; Markdown structure is kept.
    Untranslated segments stay in Chinese; articles below the threshold are skipped.

    Example: l10n merge --include-fuzzy --threshold 0
    """
    from .workflow import run_merge

    if fallback is not None and fallback not in ("skip", "source"):
        raise typer.BadParameter("must be 'skip' or 'source'", param_hint="--fallback")
    config = load(fallback=fallback, threshold=threshold)
    with guarded():
        results = run_merge(
            config, paths, include_fuzzy=include_fuzzy or config.include_fuzzy, dry_run=dry_run, progress=progress
        )
        code = report(results, "would write" if dry_run else "wrote", "English file(s)")
    raise typer.Exit(code)


def main() -> None:
    """Console-script entry point."""
    app()


Runner = Callable[..., int]
