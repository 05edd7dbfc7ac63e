"""Translation engines: the ``Translator`` protocol, a fake for tests, the Argos backend and model
management.

Invariants:
- Nothing here contacts the network except ``download_model``, which the user asks for explicitly.
  ``ArgosTranslator`` bypasses ``argostranslate.translate`` (whose sentence splitters, Stanza,
  MiniSBD or spaCy, download models on first use): it loads the package's CTranslate2 model and
  SentencePiece model itself and splits sentences with ``l10n.lang.sentences``.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import urllib.request
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from l10n.model import L10nError

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
