"""Throughput of l10n's batched Argos path versus ``argostranslate.translate`` per segment.

Builds the tiny copy-model Argos package from tests/argos_tiny.py, installs it with argostranslate's
``install_from_path`` into a temporary packages directory, generates N deterministic Chinese
sentences and measures sentences per second for:

(a) ``l10n.mt.ArgosTranslator.translate_batch`` on all sentences at once (one CTranslate2 call,
    batched internally), and
(b) ``argostranslate.translate.translate`` called once per sentence on the same model and input
    (its MiniSBD/Stanza sentence splitter replaced by "whole text", since those download models).

Both use beam search of the same size on the same threads; the tiny model makes the numbers a
measure of per-call overhead and batching, not of translation quality. Nothing uses the network:
socket connections are disabled for the whole run.

Usage::

    .venv/bin/python bench/mt_bench.py [--sentences N] [--threads T] [--beam-size B]
                                       [--batch-size S] [--batch-type examples|tokens]
                                       [--device cpu|cuda] [--seed K]
                                       [--skip-argos] [--json]

Flags:
  --sentences N    number of sentences to translate (default 2000)
  --threads T      CTranslate2 intra-op threads for both paths (default 1; 0 = library default)
  --beam-size B    beam size for both paths (default 4, Argos's default)
  --batch-size S   max sentences (or tokens) per CTranslate2 batch in path (a) (default 32)
  --batch-type T   what --batch-size counts: examples or tokens (default examples)
  --device D       cpu or cuda (default cpu)
  --seed K         seed of the sentence generator (default 1)
  --skip-argos     measure path (a) only
  --json           print one JSON object instead of text lines
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))


def _no_network(*args: Any, **kwargs: Any) -> Any:
    raise OSError("mt_bench: network access is disabled")


def sentences(n: int, seed: int) -> list[str]:
    """``n`` distinct, deterministic Chinese sentences of 12-60 characters with some Latin words."""
    from argos_tiny import _HAN, _WORDS

    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        parts = []
        for _ in range(rng.randint(2, 6)):
            if rng.random() < 0.25:
                parts.append(rng.choice(_WORDS))
            else:
                parts.append("".join(rng.choice(_HAN) for _ in range(rng.randint(3, 10))))
            parts.append(rng.choice("，、"))
        s = "".join(parts[:-1]) + rng.choice("。！？")
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--beam-size", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--batch-type", default="examples", choices=("examples", "tokens"))
    ap.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-argos", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    socket.socket.connect = _no_network  # type: ignore[method-assign]
    socket.create_connection = _no_network
    socket.getaddrinfo = _no_network

    with tempfile.TemporaryDirectory(prefix="mt_bench-") as tmp:
        root = Path(tmp)
        # argostranslate reads its settings from the environment once, at import.
        os.environ.update(
            {
                "XDG_DATA_HOME": str(root / "data"),
                "XDG_CONFIG_HOME": str(root / "config"),
                "XDG_CACHE_HOME": str(root / "cache"),
                "ARGOS_PACKAGES_DIR": str(root / "packages"),
                "ARGOS_DEVICE_TYPE": args.device,
                "ARGOS_INTRA_THREADS": str(args.threads),
                "ARGOS_INTER_THREADS": "1",
                "ARGOS_BEAM_SIZE": str(args.beam_size),
            }
        )
        from argos_tiny import build_tiny_argosmodel

        from l10n import mt

        t0 = time.perf_counter()
        model_file = build_tiny_argosmodel(root / "dist")
        mt.install_model(model_file)
        setup_s = time.perf_counter() - t0

        data = sentences(args.sentences, args.seed)
        result: dict[str, Any] = {
            "sentences": len(data),
            "threads": args.threads,
            "beam_size": args.beam_size,
            "device": args.device,
            "setup_s": round(setup_s, 3),
        }

        translator = mt.ArgosTranslator(
            device=args.device,
            threads=args.threads,
            beam_size=args.beam_size,
            max_batch_size=args.batch_size,
            batch_type=args.batch_type,
        )
        translator.translate_batch(data[:8])  # warm-up
        t0 = time.perf_counter()
        ours = translator.translate_batch(data)
        ours_s = time.perf_counter() - t0
        result["batched_s"] = round(ours_s, 3)
        result["batched_sps"] = round(len(data) / ours_s, 1)
        result["batched_exact_copies"] = sum(a == b for a, b in zip(ours, data, strict=True))

        if not args.skip_argos:
            import argostranslate.sbd
            import argostranslate.translate

            for cls in ("MiniSBDSentencizer", "StanzaSentencizer", "SpacySentencizerSmall"):
                getattr(argostranslate.sbd, cls).split_sentences = lambda self, text: [text]
            argostranslate.translate.get_installed_languages.cache_clear()
            argostranslate.translate.translate(data[0], "zh", "en")  # warm-up (loads the model)
            t0 = time.perf_counter()
            theirs = [argostranslate.translate.translate(s, "zh", "en") for s in data]
            theirs_s = time.perf_counter() - t0
            result["per_segment_s"] = round(theirs_s, 3)
            result["per_segment_sps"] = round(len(data) / theirs_s, 1)
            result["per_segment_exact_copies"] = sum(a == b for a, b in zip(theirs, data, strict=True))
            result["speedup"] = round(theirs_s / ours_s, 2)
            result["outputs_agree"] = sum(a == b for a, b in zip(ours, theirs, strict=True))

    if args.json:
        print(json.dumps(result))
    else:
        print(f"sentences: {result['sentences']}  threads: {args.threads}  beam: {args.beam_size}", end="")
        print(f"  batch: {args.batch_size} {args.batch_type}  device: {args.device}")
        print(f"setup (build + install tiny model): {result['setup_s']} s")
        print(
            f"(a) l10n batched ArgosTranslator: {result['batched_sps']} sentences/s "
            f"({result['batched_s']} s, {result['batched_exact_copies']} exact copies)"
        )
        if not args.skip_argos:
            print(
                f"(b) argostranslate.translate per segment: {result['per_segment_sps']} sentences/s "
                f"({result['per_segment_s']} s, {result['per_segment_exact_copies']} exact copies)"
            )
            print(f"speed-up (b time / a time): {result['speedup']}x", end="")
            print(f"; identical outputs: {result['outputs_agree']}/{result['sentences']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
