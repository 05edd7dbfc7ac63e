"""Offline machine translation: engines, a sentence cache, model management and catalog drafting.

Invariants:
- Nothing here contacts the network except ``download_model``, which the user asks for explicitly.
  ``ArgosTranslator`` bypasses ``argostranslate.translate`` (whose sentence splitters, Stanza,
  MiniSBD or spaCy, download models on first use): it loads the package's CTranslate2 model and
  SentencePiece model itself and splits sentences with ``l10n.lang.sentences``.
- ``draft_catalog`` never changes a reviewed entry (non-fuzzy with a msgstr) nor a fuzzy entry a
  human edited. Every draft it writes is fuzzy and carries ``mt: <engine> <version> sha1=<8 hex>``
  (or ``tm: from <po> sha1=<8 hex>``) where the hash is of the msgstr it wrote, so a later
  ``refresh`` can tell an untouched draft (hash matches) from an edited one (hash differs).
- A draft never silently loses a URL, code span, footnote reference, link target or shortcode of
  its source: a loss is recorded as ``mt-flag: lost ...`` and the entry stays fuzzy.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import re
import sqlite3
import urllib.request
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from l10n.lang.sentences import is_cjk, join_sentences, sentence_spans
from l10n.model import Catalog, Entry, L10nError
from l10n.mt.placeholders import ESSENTIAL_KINDS, GlossaryLike, Protected, protect, restore

__all__ = [
    "ArgosTranslator",
    "DraftStats",
    "FakeTranslator",
    "MTCache",
    "Translator",
    "argos_packages_dir",
    "download_model",
    "draft_catalog",
    "draft_catalogs",
    "draft_hash",
    "install_model",
    "model_status",
]

FROM_CODE = "zh"
TO_CODE = "en"
PACKAGE_NAME = "translate-zh_en"

NO_MODEL_MESSAGE = (
    "no zh→en Argos model installed; run `l10n model install FILE.argosmodel` (offline) "
    f"or `l10n model install` (downloads {PACKAGE_NAME})"
)
NO_ARGOS_MESSAGE = (
    "argostranslate is not installed; install l10n with its MT extra "
    "(in an l10n checkout: pip install -e '.[mt]')"
)


class Translator(Protocol):
    """A sentence-level MT engine. ``version`` identifies the model for the cache."""

    name: str
    version: str

    def translate_batch(self, sentences: list[str]) -> list[str]: ...


class FakeTranslator:
    """Deterministic engine for tests: a dict lookup, else ``fn(sentence)``, else ``"[en] " + s``.

    ``calls`` records every batch it was given.
    """

    def __init__(
        self,
        mapping: Mapping[str, str] | None = None,
        fn: Callable[[str], str] | None = None,
        *,
        name: str = "fake",
        version: str = "1",
    ) -> None:
        self.name = name
        self.version = version
        self.mapping = dict(mapping or {})
        self.fn = fn
        self.calls: list[list[str]] = []

    def translate_batch(self, sentences: list[str]) -> list[str]:
        self.calls.append(list(sentences))
        out = []
        for s in sentences:
            if s in self.mapping:
                out.append(self.mapping[s])
            elif self.fn is not None:
                out.append(self.fn(s))
            else:
                out.append(f"[en] {s}")
        return out

    @property
    def sentences_translated(self) -> int:
        return sum(len(c) for c in self.calls)


# --------------------------------------------------------------------------------------------
# Argos Translate (CTranslate2 + SentencePiece), loaded directly


def _argos_package_module() -> Any:
    try:
        return importlib.import_module("argostranslate.package")
    except ImportError as exc:
        raise L10nError(NO_ARGOS_MESSAGE) from exc


def _version_key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v))


def _installed(package_dirs: Sequence[Path] | None = None) -> list[Any]:
    pkg_mod = _argos_package_module()
    try:
        if package_dirs is None:
            return list(pkg_mod.get_installed_packages())
        return list(pkg_mod.get_installed_packages([Path(p) for p in package_dirs if Path(p).is_dir()]))
    except (OSError, ValueError, KeyError) as exc:
        # e.g. a half-extracted package directory without metadata.json
        raise L10nError(f"cannot read the installed Argos packages: {exc}") from exc


def _find_package(package_dirs: Sequence[Path] | None, from_code: str, to_code: str) -> Any:
    installed = _installed(package_dirs)
    found = [
        p
        for p in installed
        if getattr(p, "type", "translate") == "translate"
        and p.from_code == from_code
        and p.to_code == to_code
    ]
    if not found:
        raise L10nError(NO_MODEL_MESSAGE)
    return max(found, key=lambda p: _version_key(str(p.package_version)))


class ArgosTranslator:
    """An installed Argos Translate zh→en package, run through CTranslate2 in large batches.

    Mirrors ``argostranslate.translate.apply_packaged_translation``: SentencePiece pieces in,
    the package's ``target_prefix`` if any, ``replace_unknowns``, ``length_penalty=0.2``, beam 4;
    decoded pieces with ``▁`` as spaces, the prefix and the leading space removed. Unlike Argos we
    keep ``_`` as is (Argos turns it into a space, which corrupts identifiers).
    """

    name = "argos"

    def __init__(
        self,
        *,
        device: str = "cpu",
        threads: int = 0,
        inter_threads: int = 1,
        beam_size: int = 4,
        max_batch_size: int = 32,
        batch_type: str = "examples",
        compute_type: str = "auto",
        max_decoding_length: int = 256,
        from_code: str = FROM_CODE,
        to_code: str = TO_CODE,
        package_dirs: Sequence[Path] | None = None,
    ) -> None:
        pkg = _find_package(package_dirs, from_code, to_code)
        try:
            ctranslate2 = importlib.import_module("ctranslate2")
        except ImportError as exc:
            raise L10nError(NO_ARGOS_MESSAGE) from exc
        self.package = pkg
        self.package_path = Path(pkg.package_path)
        self.version = f"{pkg.type}-{pkg.from_code}_{pkg.to_code} {pkg.package_version}"
        self.target_prefix: str = getattr(pkg, "target_prefix", "") or ""
        self.beam_size = beam_size
        # CTranslate2 sorts the inputs by length and cuts batches of at most this many sentences
        # (or tokens, with batch_type="tokens"), so padding stays small and memory is bounded.
        self.max_batch_size = max_batch_size
        self.batch_type = batch_type
        self.max_decoding_length = max_decoding_length
        self._sp: Any = None
        sp_path = self.package_path / "sentencepiece.model"
        if sp_path.exists():
            spm = importlib.import_module("sentencepiece")
            self._sp = spm.SentencePieceProcessor(model_file=str(sp_path))
        elif getattr(pkg, "tokenizer", None) is None:
            raise L10nError(f"Argos package {self.package_path} has no tokenizer model")
        try:
            self._ct2: Any = ctranslate2.Translator(
                str(self.package_path / "model"),
                device=device,
                inter_threads=inter_threads,
                intra_threads=threads,
                compute_type=compute_type,
            )
        except (RuntimeError, ValueError) as exc:
            raise L10nError(f"cannot load the Argos model in {self.package_path / 'model'}: {exc}") from exc
        self.model_calls = 0  # translate_batch calls that reached CTranslate2
        # Sources whose output hit max_decoding_length (Argos cuts at 256 tokens without a word);
        # draft_catalog flags their entries and does not cache them.
        self.truncated: set[str] = set()

    def _encode(self, sentences: list[str]) -> list[list[str]]:
        if self._sp is not None:
            return [list(t) for t in self._sp.encode(sentences, out_type=str)]
        return [list(self.package.tokenizer.encode(s)) for s in sentences]

    def _decode(self, tokens: list[str]) -> str:
        if self._sp is not None:
            value = str(self._sp.decode(tokens)).replace("▁", " ")
        else:
            value = str(self.package.tokenizer.decode(tokens))
        if self.target_prefix and value.startswith(self.target_prefix):
            value = value[len(self.target_prefix) :]
        return value[1:] if value.startswith(" ") else value

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        tokenized = self._encode(sentences)
        prefix = [[self.target_prefix] for _ in tokenized] if self.target_prefix else None
        self.model_calls += 1
        results = self._ct2.translate_batch(
            tokenized,
            target_prefix=prefix,
            replace_unknowns=True,
            max_batch_size=self.max_batch_size,
            batch_type=self.batch_type,
            beam_size=self.beam_size,
            num_hypotheses=1,
            length_penalty=0.2,
            max_decoding_length=self.max_decoding_length,
        )
        limit = self.max_decoding_length - (1 if self.target_prefix else 0)
        out = []
        for src, r in zip(sentences, results, strict=True):
            tokens = list(r.hypotheses[0])
            if len(tokens) >= limit:
                self.truncated.add(src)
            out.append(self._decode(tokens))
        return out


# --------------------------------------------------------------------------------------------
# Model management (thin I/O around argostranslate.package)


def argos_packages_dir() -> Path:
    """Where Argos installs packages (``ARGOS_PACKAGES_DIR`` or ``~/.local/share/argos-translate``)."""
    try:
        settings = importlib.import_module("argostranslate.settings")
    except ImportError as exc:
        raise L10nError(NO_ARGOS_MESSAGE) from exc
    return Path(settings.package_data_dir)


def model_status() -> list[dict[str, str]]:
    """Installed Argos packages: name, from, to, version, path, and the packages dir of each."""
    packages_dir = str(argos_packages_dir())
    out = []
    for p in _installed():
        out.append(
            {
                "name": f"{p.type}-{p.from_code}_{p.to_code}",
                "from": str(p.from_code),
                "to": str(p.to_code),
                "version": str(p.package_version),
                "path": str(p.package_path),
                "packages_dir": packages_dir,
            }
        )
    return out


def install_model(path: Path) -> dict[str, str]:
    """Install a ``.argosmodel`` file (offline); return the installed package's status entry."""
    path = Path(path)
    if not path.is_file():
        raise L10nError("no such file", str(path))
    if not zipfile.is_zipfile(path):
        raise L10nError("not an Argos model (.argosmodel files are zip archives)", str(path))
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        meta_name = next((n for n in names if n.count("/") == 1 and n.endswith("/metadata.json")), None)
        if meta_name is None:
            raise L10nError("not an Argos model: no <package>/metadata.json inside", str(path))
        try:
            meta = json.loads(zf.read(meta_name).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise L10nError(f"not an Argos model: bad metadata.json ({exc})", str(path)) from exc
    pkg_mod = _argos_package_module()
    pkg_mod.install_from_path(path)
    top = meta_name.split("/")[0]
    for st in model_status():
        if Path(st["path"]).name == top:
            return st
    return {
        "name": f"translate-{meta.get('from_code')}_{meta.get('to_code')}",
        "from": str(meta.get("from_code")),
        "to": str(meta.get("to_code")),
        "version": str(meta.get("package_version", "")),
        "path": str(argos_packages_dir() / top),
        "packages_dir": str(argos_packages_dir()),
    }


def download_model(timeout: float = 10) -> Path:
    """Fetch the Argos package index and the zh→en model, install it, return the downloaded file.

    The only function here that uses the network; it fails fast with an offline hint.
    """
    settings = importlib.import_module("argostranslate.settings") if _has_argos() else None
    if settings is None:
        raise L10nError(NO_ARGOS_MESSAGE)
    index_url = str(settings.remote_package_index)

    def offline(exc: BaseException) -> L10nError:
        return L10nError(
            f"cannot reach the Argos package index ({exc}): you appear to be offline; download "
            f"{PACKAGE_NAME}-*.argosmodel elsewhere and run `l10n model install FILE`"
        )

    try:
        with urllib.request.urlopen(index_url, timeout=timeout) as resp:  # noqa: S310 - fixed https URL
            index = json.loads(resp.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise offline(exc) from exc
    entries = [
        m
        for m in index
        if isinstance(m, dict)
        and m.get("type", "translate") == "translate"
        and m.get("from_code") == FROM_CODE
        and m.get("to_code") == TO_CODE
    ]
    if not entries:
        raise L10nError(f"the Argos package index at {index_url} lists no zh→en package")
    best = max(entries, key=lambda m: _version_key(str(m.get("package_version", ""))))
    links = [str(u) for u in best.get("links", []) if str(u).startswith(("https://", "http://"))]
    if not links:
        raise L10nError("the Argos package index entry for zh→en has no download link")
    dest = Path(settings.downloads_dir) / f"{PACKAGE_NAME}-{best.get('package_version', '0')}.argosmodel"
    last: BaseException | None = None
    for url in links:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310
                data = resp.read()
            tmp = dest.with_suffix(".part")
            tmp.write_bytes(data)
            tmp.replace(dest)
            break
        except OSError as exc:
            last = exc
    else:
        raise offline(last or OSError("download failed"))
    install_model(dest)
    return dest


def _has_argos() -> bool:
    return importlib.util.find_spec("argostranslate") is not None


# --------------------------------------------------------------------------------------------
# Sentence cache


class MTCache:
    """SQLite cache ``(model version, source sentence) → translation``.

    WAL journal plus a busy timeout, so two concurrent runs (or a run and ``l10n status``) share it
    safely; writes are one short transaction per batch.
    """

    def __init__(self, path: Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS mt (model TEXT NOT NULL, source TEXT NOT NULL, "
                "target TEXT NOT NULL, PRIMARY KEY (model, source)) WITHOUT ROWID"
            )
        except (OSError, sqlite3.Error) as exc:
            raise L10nError(f"cannot open the MT cache: {exc}", str(self.path)) from exc

    def get_many(self, model: str, sentences: Iterable[str]) -> dict[str, str]:
        """Cached translations of those ``sentences`` that are in the cache."""
        wanted = list(dict.fromkeys(sentences))
        out: dict[str, str] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT source, target FROM mt WHERE model = ? AND source IN ({marks})", [model, *chunk]
            )
            out.update((s, t) for s, t in rows)
        return out

    def put_many(self, model: str, pairs: Iterable[tuple[str, str]]) -> None:
        rows = [(model, s, t) for s, t in pairs]
        if not rows:
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany("INSERT OR REPLACE INTO mt (model, source, target) VALUES (?, ?, ?)", rows)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM mt").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> MTCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------------
# Drafting


ENGINE_CHUNK = 512


@dataclass
class DraftStats:
    """What ``draft_catalog`` did (or, with ``dry_run``, would do).

    ``drafted``: entries given an MT draft; ``reused``: entries filled from the TM; ``cached``:
    sentences served from the cache; ``translated``: sentences sent to the engine; ``skipped``:
    entries left alone (reviewed, human-edited, plural); ``flagged``: drafts with ``mt-flag``
    comments. ``actions`` lists ``(context, action)`` for every entry changed.
    """

    drafted: int = 0
    reused: int = 0
    cached: int = 0
    translated: int = 0
    skipped: int = 0
    flagged: int = 0
    actions: list[tuple[str, str]] = field(default_factory=list)


_PROVENANCE = re.compile(r"^(?:mt|tm): .*\bsha1=([0-9a-f]{8})\s*$")
_OURS = ("mt:", "tm:", "mt-flag:")


def draft_hash(msgstr: str) -> str:
    """The 8-hex digest recorded next to a draft to recognise it later."""
    return hashlib.sha1(msgstr.encode("utf-8")).hexdigest()[:8]


def _state(e: Entry) -> str:
    """'empty', 'reviewed', 'draft' (our untouched MT/TM draft) or 'edited'."""
    if not e.msgstr:
        return "empty"
    if not e.fuzzy:
        return "reviewed"
    if e.previous_msgid is None:
        for c in e.translator_comments:
            m = _PROVENANCE.match(c)
            if m and m.group(1) == draft_hash(e.msgstr):
                return "draft"
    return "edited"


def _mt_input(sentence: str) -> str:
    """Engine input: soft line breaks become a space (or nothing between CJK characters)."""

    def join(m: re.Match[str]) -> str:
        a = sentence[m.start() - 1] if m.start() else ""
        b = sentence[m.end()] if m.end() < len(sentence) else ""
        return "" if a and b and is_cjk(a) and is_cjk(b) else " "

    return re.sub(r"[ \t]*\n\s*", join, sentence)


def _needs_engine(sentence: str) -> bool:
    # Only text with Chinese in it goes to a zh→en engine; tokens, numbers and English stay as is.
    return any(is_cjk(c) for c in sentence)


def _normalizer() -> Callable[[str], str] | None:
    try:
        mod = importlib.import_module("l10n.lang.numbers")
    except ImportError:
        return None
    fn = getattr(mod, "normalize_draft", None)
    return fn if callable(fn) else None


def _contains(text: str, needle: str, case_sensitive: bool) -> bool:
    return needle in text if case_sensitive else needle.casefold() in text.casefold()


def _essential_losses(draft: str, prot: Protected) -> list[str]:
    out = []
    for ph in prot.placeholders:
        for kind, text in ph.parts:
            if kind in ESSENTIAL_KINDS and text not in draft:
                out.append(ph.describe()[ph.parts.index((kind, text))])
    return out


def _finish(
    draft: str, prot: Protected, problems: list[str], normalize: Callable[[str], str] | None
) -> tuple[str, list[str]]:
    """Number normalisation, glossary check and the markup-safety check of one restored draft."""
    flags = list(problems)
    if normalize is not None:
        normalized = normalize(draft)
        # Never let number formatting break a URL, code span or reference that restore put back.
        if not _essential_losses(normalized, prot) or _essential_losses(draft, prot):
            draft = normalized
    for use in prot.terms:
        if use.form and not _contains(draft, use.form, use.case_sensitive):
            msg = f'glossary term "{use.source}" → "{use.form}" missing'
            # restore already reported the lost token ("lost glossary term 源 → target").
            if not any(f"{use.source} → {use.form}" in f for f in flags):
                flags.append(msg)
        for bad in use.forbidden:
            if re.search(rf"(?<!\w){re.escape(bad)}(?!\w)", draft, re.IGNORECASE):
                flags.append(f'forbidden translation "{bad}" of "{use.source}"')
    for loss in _essential_losses(draft, prot):
        msg = f"lost {loss}"
        if msg not in flags:
            flags.append(msg)
    return draft, flags


def _set_draft(e: Entry, msgstr: str, comment: str, flags: list[str], fuzzy: bool) -> None:
    e.translator_comments = [c for c in e.translator_comments if not c.startswith(_OURS)]
    # A fuzzy draft records the hash of what we wrote, so refresh can tell if a human touched it;
    # a reviewed TM match is final and carries provenance only.
    e.translator_comments.append(f"{comment} sha1={draft_hash(msgstr)}" if fuzzy else comment)
    e.translator_comments.extend(f"mt-flag: {f}" for f in flags)
    e.msgstr = msgstr
    e.set_fuzzy(fuzzy or bool(flags))


@dataclass
class _Job:
    book: int  # index of the catalog in the batch
    pos: int  # index of the entry in its catalog
    entry: Entry
    protected: Protected
    sentences: list[str]
    engine: list[bool]
    action: str


# Action phrases read after "would" in --dry-run listings: "would draft by MT [seg-id]".
DRAFT = "draft by MT"
REDRAFT = "redraft by MT"


def draft_catalog(
    catalog: Catalog,
    translator: Translator,
    *,
    glossary: GlossaryLike | None = None,
    tm: Mapping[str, tuple[str, str]] | None = None,
    tm_reviewed: bool = False,
    cache: MTCache | None = None,
    refresh: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    target_lang: str = "en",
) -> DraftStats:
    """Fill empty entries of ``catalog`` in place with TM matches or MT drafts.

    With ``refresh`` our untouched earlier drafts (recorded hash still matches) are redone too.
    All sentences of all entries go to the engine in one ``translate_batch`` call, after
    de-duplication and the cache. With ``dry_run`` nothing is translated or changed; the stats
    and actions say what would happen. ``progress(n)`` gets the number of entries just finished.
    """
    return draft_catalogs(
        [catalog],
        translator,
        glossary=glossary,
        tm=tm,
        tm_reviewed=tm_reviewed,
        cache=cache,
        refresh=refresh,
        dry_run=dry_run,
        progress=progress,
        target_lang=target_lang,
    )[0]


def draft_catalogs(
    catalogs: Sequence[Catalog],
    translator: Translator,
    *,
    glossary: GlossaryLike | None = None,
    tm: Mapping[str, tuple[str, str]] | None = None,
    tm_reviewed: bool = False,
    cache: MTCache | None = None,
    refresh: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    target_lang: str = "en",
    engine_progress: Callable[[int, int], None] | None = None,
) -> list[DraftStats]:
    """``draft_catalog`` over several catalogs with ONE engine call for all of them.

    Returns one ``DraftStats`` per catalog; ``cached``/``translated`` count each catalog's distinct
    sentences, so a sentence shared by two catalogs counts in both.
    """
    tick = progress or (lambda n: None)
    all_stats = [DraftStats() for _ in catalogs]
    acts: list[list[tuple[int, str, str]]] = [[] for _ in catalogs]
    jobs: list[_Job] = []
    for book, catalog in enumerate(catalogs):
        stats = all_stats[book]
        for pos, e in enumerate(catalog.entries):
            if e.obsolete or not e.msgid:
                continue
            state = _state(e)
            if (
                e.msgid_plural is not None
                or state in ("reviewed", "edited")
                or (state == "draft" and not refresh)
            ):
                stats.skipped += 1
                continue
            hit = tm.get(e.msgid) if tm else None
            if hit is not None and hit[0]:
                msgstr, po_path = hit
                stats.reused += 1
                label = f"reuse reviewed TM from {po_path}" if tm_reviewed else f"reuse TM from {po_path}"
                acts[book].append((pos, _ctx(e), label))
                if not dry_run:
                    _set_draft(e, msgstr, f"tm: from {po_path}", [], fuzzy=not tm_reviewed)
                tick(1)
                continue
            prot = protect(e.msgid, glossary)
            sents = [_mt_input(prot.text[a:b]) for a, b in sentence_spans(prot.text)]
            engine = [_needs_engine(x) for x in sents]
            jobs.append(_Job(book, pos, e, prot, sents, engine, REDRAFT if state == "draft" else DRAFT))

    model = f"{translator.name} {translator.version}"
    unique = list(dict.fromkeys(x for j in jobs for x, eng in zip(j.sentences, j.engine, strict=True) if eng))
    results = cache.get_many(model, unique) if cache is not None else {}
    from_cache = set(results)
    for book in range(len(catalogs)):
        mine = {
            x for j in jobs if j.book == book for x, eng in zip(j.sentences, j.engine, strict=True) if eng
        }
        all_stats[book].cached = len(mine & from_cache)
        all_stats[book].translated = len(mine - from_cache)
    missing = [x for x in unique if x not in results]
    truncated: set[str] = set()
    if missing and not dry_run:
        # Large batches keep CTranslate2 busy; chunking only lets a progress bar move (sentences/s).
        out = []
        for start in range(0, len(missing), ENGINE_CHUNK):
            chunk = missing[start : start + ENGINE_CHUNK]
            out.extend(translator.translate_batch(chunk))
            if engine_progress is not None:
                engine_progress(len(chunk), len(missing))
        if len(out) != len(missing):
            raise L10nError(
                f"MT engine {model} returned {len(out)} translations for {len(missing)} sentences"
            )
        fresh = dict(zip(missing, out, strict=True))
        results.update(fresh)
        truncated = {x for x in getattr(translator, "truncated", ()) or () if x in fresh}
        if cache is not None:
            # A cut-off output is not kept: a later run (with a higher limit) should retry it.
            cache.put_many(model, ((x, t) for x, t in fresh.items() if x not in truncated))

    normalize = None if dry_run else _normalizer()
    for j in jobs:
        stats = all_stats[j.book]
        if dry_run:
            stats.drafted += 1
            acts[j.book].append((j.pos, _ctx(j.entry), j.action))
            tick(1)
            continue
        parts = [results[x] if eng else x for x, eng in zip(j.sentences, j.engine, strict=True)]
        restored, problems = restore(join_sentences(parts, target_lang), j.protected)
        if not restored.strip():
            stats.flagged += 1
            acts[j.book].append((j.pos, _ctx(j.entry), "leave untranslated (empty MT output)"))
            tick(1)
            continue
        draft, flags = _finish(restored, j.protected, problems, normalize)
        if any(x in truncated for x in j.sentences):
            flags.append("MT output cut off at the engine's length limit")
        _set_draft(j.entry, draft, f"mt: {model}", flags, fuzzy=True)
        stats.drafted += 1
        if flags:
            stats.flagged += 1
        acts[j.book].append((j.pos, _ctx(j.entry), j.action + (" (flagged)" if flags else "")))
        tick(1)
    for stats, book_acts in zip(all_stats, acts, strict=True):
        # Catalog order (TM matches are decided before the MT batch runs).
        stats.actions = [(c, a) for _, c, a in sorted(book_acts, key=lambda t: t[0])]
    return all_stats


def _ctx(e: Entry) -> str:
    return e.context or e.msgid[:40]
