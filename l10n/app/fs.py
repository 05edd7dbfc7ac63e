"""The only module that touches the disk: path mapping, reading, atomic write-if-changed, the site lock.

Invariants:
- ``content/zh/a/b.md`` ↔ ``po/en/a/b.po`` ↔ ``content/en/a/b.md`` (directories from the Config).
- A write goes to a temporary file beside the target, is fsynced, then renamed over the target, so a
  reader (or a crash) only ever sees the old file or the new one. Nothing is written when the content
  is unchanged. Temporary files a killed run left behind are removed by ``clean_temp``.
- Nothing is written outside the configured output roots; source files that resolve outside the source
  root (symlinks, ``..``) are refused.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from l10n.app.config import Config, parse_config
from l10n.model import ConfigError, L10nError, LockError, ParseError

TEMP_MARK = ".l10n-tmp-"
CACHE_DIR = ".l10n-cache"
LOCK_NAME = "lock"


def load_config(root: Path, config_file: Path | None = None) -> Config:
    """Settings: ``config_file``, else ``l10n.toml``, else ``[tool.l10n]`` in pyproject.toml, else defaults.

    The first file found wins; none found means the defaults.
    """
    if not root.is_dir():
        raise ConfigError("site root not found (see -C/--root)", str(root))
    root = root.resolve()
    candidates: list[tuple[Path, str | None]]
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
            text = read_text(path, shown(path))
            if table is not None and "[tool.l10n]" not in text:
                continue
            return parse_config(text, shown(path), root, table)
    return Config(root=root)


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
            if "[tool.l10n]" in pyproject.read_text(encoding="utf-8", errors="replace"):
                return shown(pyproject)
        except OSError:
            return None
    return None


def shown(path: Path) -> str:
    """A path as printed in messages: relative to the current directory when it is below it."""
    try:
        return Path(os.path.abspath(path)).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def read_text(path: Path, display: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", display) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        raise ParseError(f"invalid UTF-8 ({bad})", display, line) from None


def read_bytes(path: Path, display: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", display) from None


def rel(config: Config, path: Path) -> str:
    """A path as shown to users and written in PO references: relative to the site root, POSIX style."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        return False


def source_files(config: Config, only: list[Path] | None = None) -> list[Path]:
    """Markdown sources under the source root, sorted; ``only`` limits to given files or directories."""
    root = config.source_root
    if not root.is_dir():
        raise ConfigError(f"source directory {config.source_dir!r} not found", str(config.root))
    if only:
        found: list[Path] = []
        for given in only:
            p = _locate(config, given)
            if p.is_dir():
                found.extend(q for q in p.rglob("*.md") if q.is_file())
            elif p.suffix != ".md":
                raise ConfigError("not a Markdown article (.md), nor a PO or English file of one", str(given))
            else:
                found.append(p)
        files = found
    else:
        files = [p for p in root.rglob("*.md") if p.is_file()]
    out = []
    for p in files:
        p = Path(os.path.abspath(p))
        if not _inside(p, root):
            raise ConfigError(f"refusing a source outside {config.source_dir}/ (symlink or '..')", str(p))
        out.append(p)
    return sorted(set(out))


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
    file or an English article stands for its source article.
    """
    if given.is_absolute():
        candidates = [given]
    else:
        candidates = [Path.cwd() / given, config.root / given, config.source_root / given]
    for p in candidates:
        if p.exists():
            p = Path(os.path.abspath(p))
            for root, to_source in ((config.po_root, source_for_po), (config.target_root, source_for_target)):
                if p.is_file() and _inside(p, root) and not _inside(p, config.source_root):
                    return to_source(config, p)
            return p
    raise ConfigError("no such file or directory", str(given))


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


@lru_cache(maxsize=64)
def _resolved(path: Path) -> Path:
    return path.resolve()


_checked_dirs: set[tuple[Path, Path]] = set()


def _ensure_dir_inside(directory: Path, root: Path) -> None:
    """Create ``directory`` if needed, refusing any that (through symlinks or '..') leaves ``root``."""
    if (directory, root) in _checked_dirs:
        return
    existing = directory
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    real_root = _resolved(root) if root.exists() else _resolved(root.parent) / root.name
    try:
        existing.resolve().relative_to(real_root)
    except ValueError:
        if not real_root.is_relative_to(existing.resolve()):
            raise L10nError(f"refusing to write outside {root}", str(directory)) from None
    directory.mkdir(parents=True, exist_ok=True)
    try:
        directory.resolve().relative_to(_resolved(root))
    except ValueError:
        raise L10nError(f"refusing to write outside {root}", str(directory)) from None
    _checked_dirs.add((directory, root))


def write_if_changed(path: Path, data: str | bytes, allowed_root: Path, durable: bool = True) -> bool:
    """Atomically replace ``path`` with ``data`` unless it already holds exactly that. True if written.

    The data goes to a temporary file in the same directory that is renamed over the target, so a
    crash leaves the old file or the new one. With ``durable`` (the default) a file that replaces an
    existing one is fsynced first, so a power cut cannot leave an empty file where a translator's work
    was; new files and derived output (``durable=False``) skip that cost and are simply redone.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if ".." in path.parts:
        raise L10nError(f"refusing to write outside {allowed_root}", str(path))
    try:
        existing: bytes | None = path.read_bytes()
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", str(path)) from None
    if existing == raw:
        return False
    _ensure_dir_inside(path.parent, allowed_root)
    if path.is_symlink():
        raise L10nError("refusing to write through a symlink", str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TEMP_MARK}", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            if durable and existing is not None:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return True


def clean_temp(*roots: Path) -> int:
    """Delete temporary files an interrupted run left under ``roots``. Returns how many."""
    n = 0
    for root in roots:
        if root.is_dir():
            for p in root.rglob(f"*{TEMP_MARK}*"):
                try:
                    p.unlink()
                    n += 1
                except OSError:
                    pass
    return n


@contextmanager
def site_lock(config: Config, wait: float = 600.0) -> Iterator[None]:
    """Hold an exclusive lock on the site for the duration of a writing command.

    A second run prints who holds it and waits (up to ``wait`` seconds) instead of racing.
    """
    path = config.root / CACHE_DIR / LOCK_NAME
    path.parent.mkdir(exist_ok=True)
    # Directory checks are remembered only within one command: the tree may change between runs.
    _checked_dirs.clear()
    _resolved.cache_clear()
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise LockError(f"cannot create lock file: {exc.strerror}", str(path)) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            print(f"l10n: waiting for another l10n run (pid {holder}) to finish…", file=sys.stderr)
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise LockError(
                            f"another l10n run (pid {holder}) still holds the lock", str(path)
                        ) from None
                    time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def cache_dir(config: Config) -> Path:
    """``.l10n-cache/`` under the site root (created on demand): run caches, MT cache, the lock."""
    path = config.root / CACHE_DIR
    path.mkdir(exist_ok=True)
    return path


def cache_path(config: Config, name: str) -> Path:
    return config.root / CACHE_DIR / f"{name}.json"


def load_cache(config: Config, name: str, salt: str) -> dict[str, Any]:
    """Entries of a run cache, or {} when missing, unreadable or made under other settings.

    The cache only ever says "these exact bytes were handled already": every entry is keyed by a hash
    of the files' contents, so a stale or corrupt cache costs time, never correctness.
    """
    path = cache_path(config, name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("salt") != salt or not isinstance(data.get("entries"), dict):
        return {}
    return data["entries"]  # type: ignore[no-any-return]


def save_cache(config: Config, name: str, salt: str, entries: dict[str, Any]) -> None:
    path = cache_path(config, name)
    try:
        text = json.dumps({"salt": salt, "entries": entries}, ensure_ascii=False, sort_keys=True)
        write_if_changed(path, text, path.parent)
    except (OSError, L10nError):
        pass  # a cache that cannot be written only makes the next run slower
