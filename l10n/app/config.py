"""Settings: defaults that fit a Hugo site, overridden by ``l10n.toml`` or ``[tool.l10n]`` in pyproject.toml.

Invariants: a ``Config`` is immutable and fully validated; an unknown key or a value of the wrong type is a
``ConfigError`` naming the file and line, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from l10n.document import DEFAULT_SHORTCODE_PARAMS
from l10n.model import ConfigError
from l10n.qa.registry import DEFAULT_SEVERITIES, SEVERITIES

DEFAULT_KEYS = ("title", "linkTitle", "description", "summary", "tags", "categories", "keywords")
# Values that identify rather than describe: translating or auditing them would break links.
DEFAULT_KEEP_KEYS = ("slug", "url", "aliases", "translationKey", "layout", "type", "images", "image")
DEFAULT_CHECKS: dict[str, str] = DEFAULT_SEVERITIES


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
    import_reviewed: bool = False
    mt_device: str = "cpu"
    mt_threads: int = 0
    mt_batch_size: int = 32
    jobs: int = 0
    file_time_limit: float = 20.0
    # Let source_dir, target_dir, po_dir and glossary_dir (or symlinks in them) lead outside the site.
    allow_outside_root: bool = False
    # Let merge write translations that start a new Markdown block (a line beginning with "# ", "- ",
    # a fence...) where the source has none; by default such a segment is kept in the source language.
    allow_block_markup: bool = False
    checks: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CHECKS))
    min_completeness: int = 0
    # Per-article overrides of min_completeness: glob (relative to source_dir) → percent; first match wins.
    completeness: dict[str, int] = field(default_factory=dict)
    # Shortcode parameters that hold prose: shortcode name (or "*") → parameter names ("0" = first
    # positional). A name listed here uses its own list instead of "*".
    shortcode_params: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_SHORTCODE_PARAMS)
    )
    # Front-matter keys whose values ship as written (not translated, not audited by `leftover`).
    keep_keys: tuple[str, ...] = DEFAULT_KEEP_KEYS
    # Regular expressions for Chinese that may stay on the English page (`leftover` ignores it).
    leftover_ignore: tuple[str, ...] = ()
    # Source URL prefix → target prefix for links merge localises (None: /<source_lang>/ → /<target_lang>/).
    links: dict[str, str] | None = None
    heading_ids: str = "off"  # "keep": translated headings keep the anchor of the Chinese heading
    # "chinese": a code block whose code holds Chinese (comments, strings) is a segment; "copy": code
    # is always copied as it is.
    code_blocks: str = "chinese"
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
    def link_prefixes(self) -> tuple[tuple[str, str], ...]:
        """Link prefixes merge maps, longest first: the setting (or the language default) and the
        site-relative path of ``source_dir`` (``/content/zh/`` → ``/content/en/``)."""
        table = {f"/{self.source_lang}/": f"/{self.target_lang}/"} if self.links is None else dict(self.links)
        if table:
            table.setdefault(f"/{self.source_dir.strip('/')}/", f"/{self.target_dir.strip('/')}/")
        return tuple(sorted(table.items(), key=lambda kv: -len(kv[0])))

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
    "import_reviewed": bool,
    "mt_device": str,
    "mt_threads": int,
    "mt_batch_size": int,
    "jobs": int,
    "file_time_limit": float,
    "allow_outside_root": bool,
    "allow_block_markup": bool,
    "checks": dict,
    "min_completeness": int,
    "completeness": dict,
    "shortcode_params": dict,
    "keep_keys": list,
    "leftover_ignore": list,
    "links": dict,
    "heading_ids": str,
    "code_blocks": str,
}
assert set(_FIELD_TYPES) == {f.name for f in fields(Config)} - {"root", "source_file"}

_CHOICES = {
    "segmentation": ("block", "sentence"),
    "fallback": ("skip", "source"),
    "mt_device": ("cpu", "cuda", "auto"),
    "heading_ids": ("off", "keep"),
    "code_blocks": ("chinese", "copy"),
}


def _line_of(text: str, key: str, start: int = 0) -> int | None:
    """Line of ``key = …`` at or after ``start``; inline tables (``checks = { a = 1 }``) count too."""
    m = re.compile(rf"(?:^|[{{,])[ \t]*\"?{re.escape(key)}\"?[ \t]*=", re.M).search(text, start)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _table_start(text: str, table: str | None) -> int:
    """Where the settings table begins in the file, so a same-named key elsewhere is not blamed."""
    if table is None:
        return 0
    m = re.search(rf"^[ \t]*\[[ \t]*{re.escape(table)}[ \t]*\]", text, re.M)
    return m.start() if m else 0


# Numeric settings and their allowed ranges (inclusive); 0 means "automatic" or "no limit" where noted.
_RANGES: dict[str, tuple[float, float]] = {
    "threshold": (0, 100),
    "min_completeness": (0, 100),
    "mt_threads": (0, 1024),
    "mt_batch_size": (1, 1 << 20),
    "jobs": (0, 1024),
    "file_time_limit": (0, 86400),
}


def _unknown(kind: str, key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(sorted(known))}"
    return f"unknown {kind} {key!r} ({hint})"


def _validate(raw: dict[str, Any], text: str, path: str, start: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        line = _line_of(text, key, start)
        if key not in _FIELD_TYPES:
            raise ConfigError(_unknown("setting", key, list(_FIELD_TYPES)), path, line)
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
        if key in _RANGES and not _RANGES[key][0] <= value <= _RANGES[key][1]:
            low, high = _RANGES[key]
            raise ConfigError(f"setting {key!r} must be from {low:g} to {high:g}, not {value!r}", path, line)
        if key in ("source_lang", "target_lang"):
            problem = language_problem(value)
            if problem is not None:
                raise ConfigError(f"setting {key!r}: {problem}", path, line)
        if key == "checks":
            value = _validate_checks(value, text, path, line or 1)
        if key == "links" and not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            message = 'links: each entry maps a URL prefix to a prefix, e.g. { "/zh/" = "/en/" }'
            raise ConfigError(message, path, line)
        if key == "shortcode_params":
            value = _validate_params(value, path, line)
        if key == "leftover_ignore":
            for rx in value:
                try:
                    re.compile(rx)
                except re.error as exc:
                    message = f"leftover_ignore: {rx!r} is not a regular expression: {exc}"
                    raise ConfigError(message, path, line) from None
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


def _validate_params(value: dict[str, Any], path: str, line: int | None) -> dict[str, tuple[str, ...]]:
    """``{name: [param, ...]}`` merged over the defaults (``"*" = []`` switches the defaults off)."""
    out = dict(DEFAULT_SHORTCODE_PARAMS)
    for name, params in value.items():
        if not isinstance(params, list) or not all(isinstance(x, str) for x in params):
            raise ConfigError(
                f'shortcode_params: {name!r} must be a list of parameter names, e.g. ["caption", "alt"]',
                path,
                line,
            )
        out[name] = tuple(params)
    return out


def babel_locale(code: str) -> Any:
    """The Babel ``Locale`` of a BCP 47 (``en-US``, ``zh-Hans``) or POSIX (``en_US``) language code.

    Raises ValueError for a code Babel does not know (``xx``) or cannot parse.
    """
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(str(exc)) from None


def language_problem(code: str) -> str | None:
    """Why ``code`` is not a usable language code, or None when Babel knows it."""
    if not re.fullmatch(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*", code):
        return f"{code!r} is not a language code (use a BCP 47 code such as en or en-US)"
    try:
        babel_locale(code)
    except ValueError:
        return f"unknown language code {code!r} (use a BCP 47 code such as en or en-US)"
    return None


def gettext_language(code: str) -> str:
    """The PO ``Language`` header value for a configured code: gettext spells ``en-US`` as ``en_US``."""
    return code.replace("-", "_")


def setting_line(text: str, key: str, table: str | None) -> int | None:
    """Line of setting ``key`` in a settings file (inside ``table`` for pyproject.toml)."""
    return _line_of(text, key, _table_start(text, table))


def _validate_checks(value: dict[str, Any], text: str, path: str, line: int) -> dict[str, str]:
    checks = dict(DEFAULT_CHECKS)
    start = sum(len(x) + 1 for x in text.split("\n")[: line - 1])
    for name, sev in value.items():
        where = _line_of(text, name, start) or line
        if name not in DEFAULT_CHECKS:
            raise ConfigError(_unknown("check", name, list(DEFAULT_CHECKS)), path, where)
        if sev not in SEVERITIES:
            raise ConfigError(f"check {name!r} severity must be one of {', '.join(SEVERITIES)}", path, where)
        checks[name] = sev
    return checks


def parse_config(text: str, path: str, root: Path, table: str | None) -> Config:
    """Build a Config from TOML text. ``table`` is "tool.l10n" for pyproject.toml, None for l10n.toml."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else text.count("\n") + (0 if text.endswith("\n") else 1)
        raise ConfigError(f"invalid TOML: {exc}", path, line) from None
    if table is not None:
        for part in table.split("."):
            data = data.get(part, {})
            if not isinstance(data, dict):
                raise ConfigError(f"[{table}] must be a table", path)
    values = _validate(data, text, path, _table_start(text, table))
    return replace(Config(root=root, source_file=path), **values)


def with_overrides(config: Config, **overrides: Any) -> Config:
    """A copy with command-line overrides applied (None means "not given")."""
    given = {k: v for k, v in overrides.items() if v is not None}
    return replace(config, **given)
