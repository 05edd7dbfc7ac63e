"""Settings: defaults that fit a Hugo site, overridden by ``l10n.toml`` or ``[tool.l10n]`` in pyproject.toml.

Invariants: a ``Config`` is immutable and fully validated; an unknown key or a value of the wrong type is a
``ConfigError`` naming the file and line, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .model import ConfigError

DEFAULT_KEYS = ("title", "linkTitle", "description", "summary", "tags", "categories", "keywords")
SEVERITIES = ("error", "warning", "off")
DEFAULT_CHECKS: dict[str, str] = {
    "source-syntax": "error",
    "completeness": "error",
    "untranslated": "error",
    "fuzzy-mt": "error",
    "fuzzy-changed": "error",
    "stale-po": "error",
    "stale-en": "error",
    "orphan": "error",
    "po-syntax": "error",
    "segment-id": "error",
    "markup": "error",
    "numbers": "error",
    "han": "error",
    "glossary": "error",
}


@dataclass(frozen=True)
class Config:
    """Every setting l10n reads. Paths are relative to ``root`` (the site root)."""

    root: Path = Path(".")
    source_dir: str = "content/zh"
    target_dir: str = "content/en"
    po_dir: str = "po"
    glossary_dir: str = "glossary"
    source_lang: str = "zh"
    target_lang: str = "en"
    keys: tuple[str, ...] = DEFAULT_KEYS
    extra_keys: tuple[str, ...] = ()
    drop_keys: tuple[str, ...] = ("isCJKLanguage",)
    segmentation: str = "block"
    threshold: int = 80
    fallback: str = "skip"
    include_fuzzy: bool = False
    tm_reviewed: bool = False
    mt_device: str = "cpu"
    mt_threads: int = 0
    mt_batch_size: int = 32
    jobs: int = 0
    file_time_limit: float = 20.0
    checks: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CHECKS))
    min_completeness: int = 0
    # Per-article overrides of min_completeness: glob (relative to source_dir) → percent; first match wins.
    completeness: dict[str, int] = field(default_factory=dict)
    source_file: str | None = None  # where the settings came from, for messages

    def required_completeness(self, source_rel: str) -> int:
        """The completeness ``check`` requires of one article (path relative to ``source_dir``)."""
        for pattern, percent in self.completeness.items():
            if fnmatch.fnmatchcase(source_rel, pattern):
                return percent
        return self.min_completeness

    @property
    def translatable_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.keys + self.extra_keys))

    @property
    def source_root(self) -> Path:
        return self.root / self.source_dir

    @property
    def target_root(self) -> Path:
        return self.root / self.target_dir

    @property
    def po_root(self) -> Path:
        return self.root / self.po_dir / self.target_lang

    @property
    def glossary_root(self) -> Path:
        return self.root / self.glossary_dir


_FIELD_TYPES: dict[str, type] = {
    "source_dir": str,
    "target_dir": str,
    "po_dir": str,
    "glossary_dir": str,
    "source_lang": str,
    "target_lang": str,
    "keys": list,
    "extra_keys": list,
    "drop_keys": list,
    "segmentation": str,
    "threshold": int,
    "fallback": str,
    "include_fuzzy": bool,
    "tm_reviewed": bool,
    "mt_device": str,
    "mt_threads": int,
    "mt_batch_size": int,
    "jobs": int,
    "file_time_limit": float,
    "checks": dict,
    "min_completeness": int,
    "completeness": dict,
}
assert set(_FIELD_TYPES) == {f.name for f in fields(Config)} - {"root", "source_file"}

_CHOICES = {
    "segmentation": ("block", "sentence"),
    "fallback": ("skip", "source"),
    "mt_device": ("cpu", "cuda", "auto"),
}


def _line_of(text: str, key: str) -> int | None:
    m = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _validate(raw: dict[str, Any], text: str, path: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        line = _line_of(text, key)
        if key not in _FIELD_TYPES:
            known = ", ".join(sorted(_FIELD_TYPES))
            raise ConfigError(f"unknown setting {key!r} (known: {known})", path, line)
        want = _FIELD_TYPES[key]
        ok = isinstance(value, want) and not (want is int and isinstance(value, bool))
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok:
            raise ConfigError(
                f"setting {key!r} must be a {want.__name__}, not {type(value).__name__}", path, line
            )
        if want is list:
            if not all(isinstance(v, str) for v in value):
                raise ConfigError(f"setting {key!r} must be a list of strings", path, line)
            value = tuple(value)
        if key in _CHOICES and value not in _CHOICES[key]:
            raise ConfigError(
                f"setting {key!r} must be one of {', '.join(_CHOICES[key])}, not {value!r}", path, line
            )
        if key == "threshold" and not 0 <= value <= 100:
            raise ConfigError("setting 'threshold' must be a percentage from 0 to 100", path, line)
        if key == "checks":
            value = _validate_checks(value, text, path)
        if key == "completeness":
            bad = [
                k
                for k, v in value.items()
                if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 100
            ]
            if bad:
                raise ConfigError(
                    f"completeness for {bad[0]!r} must be a percentage from 0 to 100", path, line
                )
        out[key] = value
    return out


def _validate_checks(value: dict[str, Any], text: str, path: str) -> dict[str, str]:
    checks = dict(DEFAULT_CHECKS)
    for name, sev in value.items():
        line = _line_of(text, name)
        if name not in DEFAULT_CHECKS:
            raise ConfigError(f"unknown check {name!r} (known: {', '.join(DEFAULT_CHECKS)})", path, line)
        if sev not in SEVERITIES:
            raise ConfigError(f"check {name!r} severity must be one of {', '.join(SEVERITIES)}", path, line)
        checks[name] = sev
    return checks


def parse_config(text: str, path: str, root: Path, table: str | None) -> Config:
    """Build a Config from TOML text. ``table`` is "tool.l10n" for pyproject.toml, None for l10n.toml."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(f"invalid TOML: {exc}", path, int(m.group(1)) if m else None) from None
    if table is not None:
        for part in table.split("."):
            data = data.get(part, {})
            if not isinstance(data, dict):
                raise ConfigError(f"[{table}] must be a table", path)
    return replace(Config(root=root, source_file=path), **_validate(data, text, path))


def with_overrides(config: Config, **overrides: Any) -> Config:
    """A copy with command-line overrides applied (None means "not given")."""
    given = {k: v for k, v in overrides.items() if v is not None}
    return replace(config, **given)
