"""The only module that touches the disk: path mapping, reading, atomic write-if-changed, the site lock.

Invariants:
- ``content/zh/a/b.md`` ↔ ``po/en/a/b.po`` ↔ ``content/en/a/b.md`` (directories from the Config).
- A write goes to a temporary file beside the target, is fsynced, then renamed over the target, so a
  reader (or a crash) only ever sees the old file or the new one. Nothing is written when the content
  is unchanged. A write that was computed from an earlier read (``expected``) re-checks the target
  just before the rename and raises ``ChangedError`` instead of overwriting a save made meanwhile.
- Containment: unless ``allow_outside_root`` is set, every configured directory, every file read
  and every file written resolves (symlinks followed) inside the site root, so a hostile repository
  cannot make a run read or write elsewhere, nor echo another file's content in a message. Source
  files must also resolve inside the source root. Writes never go through a symlink.
- ``.l10n-cache`` must be a real directory of the site; the lock and cache files in it are opened
  with ``O_NOFOLLOW``. Temporary files are removed only when their name is exactly one this module
  makes (``.<name>.l10n-tmp-<12 hex>``), they are regular files, and they lie inside the site.
- The site lock is an ``flock`` on ``.l10n-cache/lock`` holding the owner's PID. Worker processes
  close their inherited copy (``forget_inherited_lock``), and a lock whose owner is dead is taken
  over even when an orphaned descendant still holds the descriptor.
- Messages show paths relative to the site root with control characters escaped, so an error is
  always one line.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from l10n.app.config import Config, parse_config, setting_line
from l10n.model import ConfigError, L10nError, LockError, ParseError

TEMP_MARK = ".l10n-tmp-"
CACHE_DIR = ".l10n-cache"
LOCK_NAME = "lock"
# Exactly the temporary names ``write_if_changed`` makes; anything else is never deleted.
_TEMP_NAME = re.compile(r"\.(?P<target>.+)" + re.escape(TEMP_MARK) + r"[0-9a-f]{12}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# How long the recorded owner of a held lock must stay dead before the lock counts as stale: a new
# owner writes its PID right after taking the lock, so a moment's mismatch is not staleness.
STALE_AFTER = 1.0


class ChangedError(L10nError):
    """The file changed on disk after it was read for this run; it was not overwritten."""

    def __init__(self, path: str) -> None:
        super().__init__("changed during the run, not written", path)


class _Any(Enum):
    ANY = 0


ANY = _Any.ANY


def printable(text: str) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\x1b``), so a message stays on one line."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], text)


# --------------------------------------------------------------------------- settings


def load_config(root: Path, config_file: Path | None = None) -> Config:
    """Settings: ``config_file``, else ``l10n.toml``, else ``[tool.l10n]`` in pyproject.toml, else defaults.

    The first file found wins; none found means the defaults. The configured directories are checked
    to resolve inside the site root (see ``check_roots``).
    """
    if not root.is_dir():
        raise ConfigError("site root not found (see -C/--root)", str(root))
    root = root.resolve()
    candidates: list[tuple[Path, str | None]]
    explicit = config_file is not None
    if config_file is not None:
        # Like `git -C`: a relative --config is relative to the site root.
        config_file = config_file if config_file.is_absolute() else root / config_file
        if not config_file.exists():
            raise ConfigError("config file not found", shown(config_file))
        candidates = [(config_file, "tool.l10n" if config_file.name == "pyproject.toml" else None)]
    else:
        candidates = [(root / "l10n.toml", None), (root / "pyproject.toml", "tool.l10n")]
    for path, table in candidates:
        if path.is_file():
            # A settings file found in the repository is as untrusted as the rest of it; one named
            # on the command line is the user's choice.
            text = read_text(path, shown(path), base=None if explicit else root)
            if table is not None and "[tool.l10n]" not in text:
                continue
            config = parse_config(text, shown(path), root, table)
            check_roots(config, text, table)
            return config
    config = Config(root=root)
    check_roots(config)
    return config


def _within(path: str, base: str) -> bool:
    """``path`` is ``base`` or below it (both absolute and normalised)."""
    return path == base or path.startswith(base.rstrip(os.sep) + os.sep)


def _real(path: Path | str) -> str:
    return os.path.realpath(path)


# Real paths of the configured roots, remembered within one command (``forget_roots`` at its start):
# every article's reads and writes are checked against them.
_roots: dict[str, str] = {}


def _real_root(path: Path) -> str:
    key = os.fspath(path)
    real = _roots.get(key)
    if real is None:
        real = _roots[key] = os.path.realpath(path)
    return real


def forget_roots() -> None:
    """Start of a command: the tree may have changed since the last one (in the same process)."""
    _roots.clear()
    _checked_dirs.clear()


def check_roots(config: Config, text: str | None = None, table: str | None = None) -> None:
    """Refuse configured directories that resolve outside the site root (unless allow_outside_root),
    and an output directory that overlaps the source directory (merge would feed extract)."""
    site = _real(config.root)
    where = config.source_file

    def line(key: str) -> int | None:
        return setting_line(text, key, table) if text is not None else None

    if not config.allow_outside_root:
        for key, path in (
            ("source_dir", config.source_root),
            ("target_dir", config.target_root),
            ("po_dir", config.po_root),
            ("glossary_dir", config.glossary_root),
        ):
            if not _within(_real(path), site):
                value = getattr(config, key)
                raise ConfigError(
                    f"setting {key!r} ({value!r}) resolves outside the site root; set "
                    "allow_outside_root = true to allow it",
                    where or rel(config, path),
                    line(key),
                )
    source, target = _real(config.source_root), _real(config.target_root)
    if _within(target, source) or _within(source, target):
        raise ConfigError(
            f"target_dir {config.target_dir!r} and source_dir {config.source_dir!r} overlap; "
            "English output would be read as source",
            where or rel(config, config.target_root),
            line("target_dir") or line("source_dir"),
        )


def find_root(start: Path) -> Path:
    """The site root for a run without -C: like git, the nearest directory at or above ``start`` with
    ``l10n.toml`` or a ``[tool.l10n]`` table in ``pyproject.toml``; ``start`` itself when there is none."""
    for directory in (start, *start.parents):
        if (directory / "l10n.toml").is_file():
            return directory
        pyproject = directory / "pyproject.toml"
        try:
            if pyproject.is_file() and "[tool.l10n]" in pyproject.read_text(
                encoding="utf-8", errors="replace"
            ):
                return directory
        except OSError:
            continue
    return start


def ignored_config(config: Config) -> str | None:
    """A settings file that exists but is not used because another one wins (worth a warning)."""
    pyproject = config.root / "pyproject.toml"
    if config.source_file and config.source_file.endswith("l10n.toml") and pyproject.is_file():
        try:
            if b"[tool.l10n]" in read_bytes(pyproject, shown(pyproject), config):
                return shown(pyproject)
        except L10nError:
            return None
    return None


# --------------------------------------------------------------------------- paths shown to users


def shown(path: Path) -> str:
    """A path as printed in messages: relative to the current directory when it is below it."""
    try:
        return printable(Path(os.path.abspath(path)).relative_to(Path.cwd()).as_posix())
    except ValueError:
        return printable(str(path))


def rel(config: Config, path: Path) -> str:
    """A path as shown to users and written in PO references: relative to the site root, POSIX style."""
    try:
        return printable(path.relative_to(config.root).as_posix())
    except ValueError:
        return printable(path.as_posix())


# --------------------------------------------------------------------------- reading


def _bases(config: Config) -> list[str]:
    """Real directories that reads and writes must stay in: the site, plus the configured
    directories themselves when ``allow_outside_root`` lets them lie elsewhere."""
    bases = [_real_root(config.root)]
    if config.allow_outside_root:
        for path in (config.source_root, config.target_root, config.po_root, config.glossary_root):
            bases.append(_real_root(path))
    return bases


def _read_regular(path: Path | str, display: str, nofollow: bool = False) -> bytes:
    """The bytes of a regular file. Never blocks on a FIFO or device; ``nofollow`` refuses a symlink."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (os.O_NOFOLLOW if nofollow else 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if nofollow and exc.errno == errno.ELOOP:
            raise L10nError("refusing to read through a symlink", display) from None
        if exc.errno == errno.ENOENT:
            raise
        raise L10nError(f"cannot read: {exc.strerror}", display) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise L10nError("cannot read: not a regular file", display)
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", display) from None
    finally:
        os.close(fd)


def _check_inside(path: Path, display: str, bases: list[str]) -> None:
    if not any(_within(_real(path), b) for b in bases):
        raise L10nError("refusing to read through a symlink that leaves the site", display)


def read_bytes(path: Path, display: str, config: Config | None = None, base: Path | None = None) -> bytes:
    """A file's bytes. With ``config`` (or ``base``) the file must resolve inside the site (or ``base``):
    a symlink leading elsewhere is refused before anything is read."""
    if config is not None or base is not None:
        _check_inside(path, display, _bases(config) if config is not None else [_real(base or ".")])
    try:
        return _read_regular(path, display)
    except FileNotFoundError:
        raise L10nError("cannot read: No such file or directory", display) from None


def read_optional(path: Path, display: str, config: Config) -> bytes | None:
    """``read_bytes`` inside the site, or None when there is no such file (a dangling link included)."""
    if not os.path.lexists(path):
        return None
    _check_inside(path, display, _bases(config))
    try:
        return _read_regular(path, display)
    except FileNotFoundError:
        return None


def decode_text(data: bytes, display: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        raise ParseError(f"invalid UTF-8 ({bad})", display, line) from None


def read_text(path: Path, display: str, config: Config | None = None, base: Path | None = None) -> str:
    return decode_text(read_bytes(path, display, config, base), display)


def read_source(config: Config, source: Path) -> bytes:
    """An article's bytes. Refused (an error for this article only): a name with a line break or
    another control character (no PO reference can hold it), and a file that resolves outside the
    source root (a symlink or '..')."""
    display = rel(config, source)
    name = source_rel(config, source).as_posix()
    if _CONTROL.search(name):
        raise L10nError(
            "the file name has a line break or control character, which a PO file cannot refer to; "
            "rename the article",
            display,
        )
    if not _within(_real(source), _real_root(config.source_root)):
        raise L10nError(f"refusing a source outside {config.source_dir}/ (symlink or '..')", display)
    try:
        return _read_regular(source, display)
    except FileNotFoundError:
        raise L10nError("cannot read: No such file or directory", display) from None


# --------------------------------------------------------------------------- listing and mapping


def _inside(path: Path, root: Path) -> bool:
    """``path`` is below ``root``, lexically or once symlinks are resolved."""
    if _within(os.path.abspath(path), os.path.abspath(root)):
        return True
    return _within(_real(path), _real(root))


def _markdown_under(directory: Path) -> list[Path]:
    # pathlib's "**" does not descend into symlinked directories; a symlinked file is listed and
    # refused when read, so it is reported instead of silently skipped.
    return [q for q in directory.rglob("*.md") if q.is_file() or q.is_symlink()]


def source_files(config: Config, only: list[Path] | None = None) -> list[Path]:
    """Markdown sources under the source root, sorted; ``only`` limits to given files or directories.

    A command-line path outside the source root is a usage error (ConfigError); files found by
    walking are returned even when they are symlinks leading elsewhere: ``read_source`` refuses each
    such article on its own, so one bad file does not stop the site.
    """
    forget_roots()
    root = config.source_root
    if not root.is_dir():
        raise ConfigError(f"source directory {config.source_dir!r} not found", str(config.root))
    if only:
        found: list[Path] = []
        for given in only:
            p = _locate(config, given)
            if p.is_dir():
                found.extend(_markdown_under(p))
            elif p.suffix != ".md":
                raise ConfigError("not a Markdown article (.md), nor a PO or English file of one", str(given))
            else:
                found.append(p)
        files = found
    else:
        files = _markdown_under(root)
    return sorted({Path(os.path.abspath(p)) for p in files})


def named_files(config: Config, only: list[Path]) -> set[Path]:
    """The sources among ``only`` named as files (or by their PO or English file), not directories."""
    out = set()
    for given in only:
        p = _locate(config, given)
        if not p.is_dir():
            out.add(Path(os.path.abspath(p)))
    return out


def _locate(config: Config, given: Path) -> Path:
    """The source file or directory a command-line path names.

    Relative paths are tried against the current directory, the site root, then the source root; a PO
    file or an English article (or a directory of them) stands for its source; a directory of the site
    that holds the source root (the site root, ``content/``) stands for the whole source root.
    Anything else outside the source root is refused.
    """
    if given.is_absolute():
        candidates = [given]
    else:
        candidates = [Path.cwd() / given, config.root / given, config.source_root / given]
    for p in candidates:
        if not os.path.lexists(p):
            continue
        p = Path(os.path.abspath(p))
        source = config.source_root
        if not _inside(p, source):
            for root, to_source in ((config.po_root, source_for_po), (config.target_root, source_for_target)):
                if _within(str(p), os.path.abspath(root)):
                    return to_source(config, p) if p.is_file() else source / p.relative_to(root)
            if p.is_dir() and _within(os.path.abspath(source), str(p)) and _inside(p, config.root):
                return source
            raise ConfigError(
                f"refusing a source outside {config.source_dir}/ (not under the site's source directory)",
                printable(str(given)),
            )
        return p
    raise ConfigError("no such file or directory", printable(str(given)))


def article_for(config: Config, given: Path) -> Path:
    """The source article path (which need not exist) a command-line path names: an article under
    the source root, its PO file or its English file; relative paths are tried against the current
    directory, the site root, then the source root. Anything else is a ConfigError."""
    candidates = [given] if given.is_absolute() else [Path.cwd() / given, config.root / given]
    if not given.is_absolute():
        candidates.append(config.source_root / given)
    roots = ((config.source_root, ".md"), (config.po_root, ".po"), (config.target_root, ".md"))
    for c in candidates:
        p = Path(os.path.abspath(c))
        for root, suffix in roots:
            base = os.path.abspath(root)
            if str(p) != base and _within(str(p), base) and p.suffix == suffix:
                return config.source_root / p.relative_to(base).with_suffix(".md")
    raise ConfigError(
        f"not an article under {config.source_dir}/ (nor its PO or English file)", printable(str(given))
    )


def source_rel(config: Config, source: Path) -> Path:
    return Path(os.path.abspath(source)).relative_to(Path(os.path.abspath(config.source_root)))


def po_path(config: Config, source: Path) -> Path:
    return config.po_root / source_rel(config, source).with_suffix(".po")


def target_path(config: Config, source: Path) -> Path:
    return config.target_root / source_rel(config, source)


def source_for_po(config: Config, po: Path) -> Path:
    return config.source_root / po.relative_to(config.po_root).with_suffix(".md")


def source_for_target(config: Config, target: Path) -> Path:
    return config.source_root / target.relative_to(config.target_root)


def po_files(config: Config) -> list[Path]:
    root = config.po_root
    return sorted(p for p in root.rglob("*.po") if p.is_file()) if root.is_dir() else []


def target_files(config: Config) -> list[Path]:
    root = config.target_root
    return sorted(p for p in root.rglob("*.md") if p.is_file()) if root.is_dir() else []


# --------------------------------------------------------------------------- writing


_checked_dirs: set[tuple[Path, Path]] = set()


def _ensure_dir_inside(directory: Path, root: Path, display: str, bases: list[str] | None) -> None:
    """Create ``directory`` if needed, refusing any that (through symlinks or '..') leaves ``root``, or
    a ``root`` that leaves the site (``bases``)."""
    if (directory, root) in _checked_dirs:
        return
    real_root = _real(root)
    if bases is not None and not any(_within(real_root, b) for b in bases):
        raise L10nError("refusing to write outside the site (a symlink leads elsewhere)", display)
    existing = directory
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    real_existing = _real(existing)
    if not _within(real_existing, real_root) and not _within(real_root, real_existing):
        raise L10nError(f"refusing to write outside {root}", display)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise L10nError(f"cannot write: {exc.strerror or exc}", display) from None
    if not _within(_real(directory), _real(root)):
        raise L10nError(f"refusing to write outside {root}", display)
    _checked_dirs.add((directory, root))


def _current(path: Path, display: str) -> bytes | None:
    """The bytes at ``path`` now (None: no file), never following a symlink there."""
    try:
        return _read_regular(path, display, nofollow=True)
    except FileNotFoundError:
        return None
    except L10nError as exc:
        if "symlink" in exc.message:
            raise L10nError("refusing to write through a symlink", display) from None
        raise


def temp_name(path: Path) -> Path:
    """A fresh temporary name beside ``path`` that ``clean_temp`` recognises."""
    return path.parent / f".{path.name}{TEMP_MARK}{secrets.token_hex(6)}"


def write_if_changed(
    path: Path,
    data: str | bytes,
    allowed_root: Path,
    durable: bool = True,
    *,
    expected: bytes | None | Literal[_Any.ANY] = ANY,
    display: str | None = None,
    config: Config | None = None,
) -> bool:
    """Atomically replace ``path`` with ``data`` unless it already holds exactly that. True if written.

    The data goes to a temporary file in the same directory that is renamed over the target, so a
    crash leaves the old file or the new one. With ``durable`` (the default) a file that replaces an
    existing one is fsynced first, so a power cut cannot leave an empty file where a translator's work
    was; new files and derived output (``durable=False``) skip that cost and are simply redone.

    ``expected`` is what the caller read before computing ``data`` (None: there was no file). The
    target is compared with it before writing and again just before the rename; any difference
    (size or bytes) raises ``ChangedError`` and the target is left as it is, so a save made during
    the run is never lost. With ``config``, the target must also lie inside the site. An I/O failure
    is an ``L10nError`` "cannot write: <reason>" for this file only.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    where = display if display is not None else printable(str(path))
    if ".." in path.parts:
        raise L10nError(f"refusing to write outside {allowed_root}", where)
    # The directory is checked first: not even the old content is read through a symlink leading out.
    _ensure_dir_inside(path.parent, allowed_root, where, _bases(config) if config is not None else None)
    existing = _current(path, where)
    if expected is not ANY and existing != expected:
        raise ChangedError(where)
    if existing == raw:
        return False
    tmp = temp_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o644)
            fh.write(raw)
            fh.flush()
            if durable and existing is not None:
                os.fsync(fh.fileno())
        # Last look before the rename: a translator may have saved while this run was working.
        if expected is not ANY and _current(path, where) != expected:
            raise ChangedError(where)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise L10nError(f"cannot write: {exc.strerror or exc}", where) from None
        raise
    return True


def move(config: Config, old: Path, new: Path, allowed_root: Path) -> None:
    """Rename ``old`` to ``new`` (both below ``allowed_root``); refuses to replace an existing file."""
    old_display, new_display = rel(config, old), rel(config, new)
    if os.path.lexists(new):
        raise L10nError("already exists; not replaced", new_display)
    if os.path.islink(old):
        raise L10nError("refusing to move a symlink", old_display)
    _ensure_dir_inside(new.parent, allowed_root, new_display, _bases(config))
    try:
        os.rename(old, new)
    except OSError as exc:
        raise L10nError(f"cannot move to {new_display}: {exc.strerror or exc}", old_display) from None


def clean_temp(config: Config, *roots: tuple[Path, str]) -> int:
    """Delete temporary files an interrupted run left, returns how many.

    ``roots`` are (directory, suffix of the files written there). Only regular files named exactly as
    ``temp_name`` makes them for such a file are removed, only in directories inside the site, never
    through a symlinked directory.
    """
    bases = _bases(config)
    n = 0
    for root, suffix in roots:
        if os.path.islink(root) or not root.is_dir() or not any(_within(_real(root), b) for b in bases):
            continue
        for dirpath, _dirs, filenames in os.walk(root, followlinks=False):
            for name in filenames:
                m = _TEMP_NAME.fullmatch(name)
                if m is None or not m.group("target").endswith(suffix):
                    continue
                p = os.path.join(dirpath, name)
                try:
                    if stat.S_ISREG(os.lstat(p).st_mode):
                        os.unlink(p)
                        n += 1
                except OSError:
                    pass
    return n


# --------------------------------------------------------------------------- .l10n-cache and the lock


def cache_dir(config: Config) -> Path:
    """``.l10n-cache/`` under the site root, created on demand: run caches, MT cache, the lock.

    It must be a real directory: a symlink (which could lead anywhere) is refused, and a regular file
    in its place is a "cannot write" error.
    """
    path = config.root / CACHE_DIR
    display = CACHE_DIR
    try:
        os.mkdir(path, 0o755)
    except FileExistsError:
        pass
    except OSError as exc:
        raise L10nError(f"cannot write: {exc.strerror or exc}", display) from None
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise L10nError("refusing a symlinked cache directory; make it a real directory", display)
    if not stat.S_ISDIR(st.st_mode):
        raise L10nError("cannot write: not a directory (delete the file of that name)", display)
    return path


def mt_cache_path(config: Config) -> Path:
    """The MT cache database in ``.l10n-cache``; refused when it (or its journal) is a symlink."""
    path = cache_dir(config) / "mt.sqlite3"
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if os.path.islink(p) or (os.path.lexists(p) and not p.is_file()):
            raise L10nError("refusing a cache file that is a symlink or not a regular file", rel(config, p))
    return path


# Lock descriptors this process holds; a forked worker closes its copies (``forget_inherited_lock``).
_held: list[int] = []


def forget_inherited_lock() -> None:
    """In a forked worker: close the inherited lock descriptors, so that a worker outliving its parent
    can never keep the site locked (the parent's own descriptor still holds the lock)."""
    for fd in _held:
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


def _open_lock(dfd: int) -> int:
    try:
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        fd = os.open(LOCK_NAME, flags, 0o644, dir_fd=dfd)
    except OSError as exc:
        where = f"{CACHE_DIR}/{LOCK_NAME}"
        if exc.errno == errno.ELOOP:
            raise LockError("refusing a symlinked lock file; delete it", where) from None
        raise LockError(f"cannot create lock file: {exc.strerror}", where) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise LockError("the lock is not a regular file; delete it", f"{CACHE_DIR}/{LOCK_NAME}")
    return fd


def _is_current(fd: int, dfd: int) -> bool:
    """``fd`` is still the file named ``lock`` (a stale lock may have been replaced meanwhile)."""
    try:
        st = os.stat(LOCK_NAME, dir_fd=dfd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    own = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino)


def _holder(fd: int) -> int | None:
    """The PID that took the lock held on ``fd``'s file: from ``/proc/locks`` where available (the
    kernel's record, exact even when descendants inherited the descriptor), else the PID file."""
    st = os.fstat(fd)
    dev = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 6 and parts[1] == "FLOCK" and parts[5] == dev and parts[4].isdigit():
                    pid = int(parts[4])
                    if pid > 0:
                        return pid
    except OSError:
        pass
    text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie does not; unknown means yes)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rpartition(")")[2].split()[:1] != ["Z"]
    except OSError:
        return True


def _take_over(dfd: int, fd: int) -> None:
    """Unlink the stale lock file ``fd`` refers to, if it is still the current one.

    Serialised by an flock on the cache directory, so two runs taking over at once cannot each
    remove the other's new lock file. The next attempt creates a fresh file and locks it normally.
    """
    fcntl.flock(dfd, fcntl.LOCK_EX)
    try:
        if _is_current(fd, dfd):
            os.unlink(LOCK_NAME, dir_fd=dfd)
    finally:
        fcntl.flock(dfd, fcntl.LOCK_UN)


@contextmanager
def site_lock(config: Config, wait: float = 600.0) -> Iterator[None]:
    """Hold an exclusive lock on the site for the duration of a writing command.

    A second run prints who holds it and waits (up to ``wait`` seconds) instead of racing. A lock whose
    owner has died (for at least ``STALE_AFTER`` seconds) is stale and is taken over, even if orphaned
    descendants of that owner still hold the descriptor.
    """
    # Directory checks are remembered only within one command: the tree may change between runs.
    forget_roots()
    cache = cache_dir(config)
    try:
        dfd = os.open(cache, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise L10nError(f"cannot write: {exc.strerror}", CACHE_DIR) from None
    fd = -1
    try:
        fd = _acquire(dfd, wait)
    finally:
        os.close(dfd)
    _held.append(fd)
    try:
        yield
    finally:
        if fd in _held:
            _held.remove(fd)
        os.close(fd)


def _acquire(dfd: int, wait: float) -> int:
    deadline = time.monotonic() + wait
    announced = False
    suspect: tuple[tuple[int, int], float] | None = None  # ((inode, dead owner), first seen)
    fd = -1
    try:
        while True:
            if fd < 0:
                fd = _open_lock(dfd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise LockError(f"cannot lock: {exc.strerror}", f"{CACHE_DIR}/{LOCK_NAME}") from None
            else:
                if _is_current(fd, dfd):
                    os.ftruncate(fd, 0)
                    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
                    got, fd = fd, -1
                    return got
                os.close(fd)  # we locked a stale file that was replaced meanwhile: lock the new one
                fd = -1
                continue
            holder = _holder(fd)
            if not announced:
                print(f"l10n: waiting for another l10n run (pid {holder or '?'}) to finish…", file=sys.stderr)
                announced = True
            now = time.monotonic()
            if holder is not None and not _alive(holder):
                key = (os.fstat(fd).st_ino, holder)
                if suspect is None or suspect[0] != key:
                    suspect = (key, now)
                elif now - suspect[1] >= STALE_AFTER:
                    print(
                        f"l10n: warning: the lock's owner (pid {holder}) is gone; taking over its stale lock",
                        file=sys.stderr,
                    )
                    _take_over(dfd, fd)
                    os.close(fd)
                    fd, suspect = -1, None
                    continue
            else:
                suspect = None
            if not _is_current(fd, dfd):
                os.close(fd)
                fd = -1
                continue
            if now > deadline:
                raise LockError(
                    f"another l10n run (pid {holder or '?'}) still holds the lock", f"{CACHE_DIR}/{LOCK_NAME}"
                )
            time.sleep(0.1)
    finally:
        if fd >= 0:
            os.close(fd)


# --------------------------------------------------------------------------- run caches


def cache_path(config: Config, name: str) -> Path:
    return config.root / CACHE_DIR / f"{name}.json"


def load_cache(config: Config, name: str, salt: str) -> dict[str, Any]:
    """Entries of a run cache, or {} when missing, unreadable, a symlink or made under other settings.

    The cache only ever says "these exact bytes were handled already": every entry is keyed by a hash
    of the files' contents, so a stale or corrupt cache costs time, never correctness.
    """
    path = cache_path(config, name)
    if os.path.islink(path.parent):
        return {}
    try:
        data = json.loads(_read_regular(path, name, nofollow=True).decode("utf-8"))
    except (OSError, ValueError, L10nError):
        return {}
    if not isinstance(data, dict) or data.get("salt") != salt or not isinstance(data.get("entries"), dict):
        return {}
    return data["entries"]  # type: ignore[no-any-return]


def save_cache(config: Config, name: str, salt: str, entries: dict[str, Any]) -> None:
    try:
        path = cache_dir(config) / f"{name}.json"
        text = json.dumps({"salt": salt, "entries": entries}, ensure_ascii=False, sort_keys=True)
        write_if_changed(path, text, path.parent, config=config)
    except (OSError, L10nError):
        pass  # a cache that cannot be written only makes the next run slower
