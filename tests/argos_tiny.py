"""Build a tiny, deterministic Argos Translate package whose "translation" copies its input.

``build_tiny_argosmodel(dest_dir)`` writes ``translate-zh_en-tiny.argosmodel``: a zip holding one
package directory with ``metadata.json`` (zh→en), ``sentencepiece.model`` (trained here on a small
synthetic Chinese+ASCII corpus, identity normalisation, byte fallback so any character round-trips)
and ``model/`` (a CTranslate2 Transformer wired by hand as a copy model).

How the copy transformer works (1 encoder layer, 1 decoder layer, 1 head, pre-norm):
- Every hidden vector is ``[u, -u]``: zero mean and (almost) constant norm, so each LayerNorm
  just divides by a constant and the wiring below stays linear.
- ``u`` has three blocks: A (the input token's random unit code), P (position: cos/sin of
  θ_k·t with θ_k = π/2^k, k = 1..10) and B (the copied token's code, empty on input).
- Encoder and decoder self-attention and all feed-forward layers have zero output weights, so they
  add nothing; the encoder output is its (normalised) input.
- Decoder cross-attention: query = α·P(decoder step t), key = P(source position s). The score is
  α·Σ_k cos(θ_k(t−s)), which is maximal at s = t and at least α lower elsewhere (for |t−s| < 1024
  some θ_k(t−s) is an odd multiple of π/2), so attention picks source position t. The value copies
  block A of the source into block B of the decoder state.
- The output projection scores every vocabulary code against block B: the source token wins by
  a margin of tens of nats, so greedy and beam search both reproduce the source. The source gets
  ``</s>`` appended (``add_source_eos``), so decoding stops exactly at the end of the input.

Decoding at step t (input token: ``<s>`` at t = 0) emits source token t, so output = input pieces.
Nothing here uses the network.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import zipfile
from pathlib import Path

import numpy as np

PACKAGE_DIR = "translate-zh_en-tiny"
FILENAME = "translate-zh_en-tiny.argosmodel"
PACKAGE_VERSION = "0.0.1"

# Common characters for the synthetic training corpus (written for this test, not copied).
_HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
    "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应"
    "开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命"
    "此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求"
    "老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光"
    "门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速"
    "花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需"
    "段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感"
    "劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂"
    "京识适属圆包火住调满县局照参红细引听该铁价严模型发布服务网络集群部署版本更新测试"
)
_WORDS = [
    "Kubernetes",
    "API",
    "GPU",
    "AI",
    "Go",
    "Rust",
    "HTTP",
    "JSON",
    "gRPC",
    "Kitex",
    "Hertz",
    "CloudWeGo",
    "v1.2.3",
    "2025",
    "100",
    "3.5",
    "x86_64",
    "Linux",
    "Python",
    "OpenAI",
    "xAI",
    "Grok",
    "model",
    "server",
    "the",
    "and",
    "of",
    "to",
    "in",
    "is",
    "for",
    "with",
    "on",
    "by",
    "config",
    "max_tokens",
]
_PUNCT = "，。！？；：、（）《》“”‘’「」…—·"
_ASCII = "".join(chr(c) for c in range(33, 127))

VOCAB_SIZE = 900
CODE_DIM = 96  # width of the token-code blocks A and B
N_FREQ = 10  # cos/sin pairs in the position block; exact for |t - s| < 2**N_FREQ
MAX_POSITIONS = 1024


def synthetic_corpus(n_lines: int = 1500, seed: int = 7) -> list[str]:
    """A deterministic Chinese+ASCII corpus covering every character in ``_HAN``, ``_PUNCT``, ASCII."""
    rng = random.Random(seed)
    lines = [_HAN[i : i + 40] for i in range(0, len(_HAN), 40)]
    lines += [_PUNCT, _ASCII, " ".join(_WORDS)]
    for _ in range(n_lines):
        parts: list[str] = []
        for _ in range(rng.randint(2, 6)):
            if rng.random() < 0.3:
                parts.append(" " + rng.choice(_WORDS) + " ")
            else:
                parts.append("".join(rng.choice(_HAN) for _ in range(rng.randint(2, 8))))
            parts.append(rng.choice("，，、的了"))
        parts.append(rng.choice("。。！？"))
        lines.append("".join(parts).strip())
    return lines


def train_sentencepiece(lines: list[str]) -> bytes:
    """Train a small unigram SentencePiece model in memory (identity normalisation, byte fallback)."""
    import sentencepiece as spm

    out = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=out,
        vocab_size=VOCAB_SIZE,
        model_type="unigram",
        character_coverage=1.0,
        byte_fallback=True,
        normalization_rule_name="identity",
        num_threads=1,
        hard_vocab_limit=False,
        shuffle_input_sentence=False,
        minloglevel=2,
    )
    return out.getvalue()


def _copy_transformer(vocab: list[str], seed: int = 11) -> object:
    """A CTranslate2 ``TransformerSpec`` that copies its input; see the module docstring."""
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    v = len(vocab)
    m, k2 = CODE_DIM, 2 * N_FREQ
    du = 2 * m + k2
    d = 2 * du
    a_blk = np.arange(0, m)
    p_blk = np.arange(m, m + k2)
    b_blk = np.arange(m + k2, du)

    codes = rng.standard_normal((v, m)).astype(np.float64)
    codes /= np.linalg.norm(codes, axis=1, keepdims=True)
    gram = codes @ codes.T
    np.fill_diagonal(gram, -1.0)
    assert gram.max() < 0.8, "token codes too similar; raise CODE_DIM"

    def mirrored(u: np.ndarray) -> np.ndarray:
        return np.concatenate([u, -u], axis=-1)

    emb_u = np.zeros((v, du))
    emb_u[:, a_blk] = codes
    embeddings = mirrored(emb_u).astype(np.float32)

    theta = np.pi / 2.0 ** np.arange(1, N_FREQ + 1)
    t = np.arange(MAX_POSITIONS)[:, None] * theta[None, :]
    pos_u = np.zeros((MAX_POSITIONS, du))
    pos_u[:, p_blk[0::2]] = np.cos(t)
    pos_u[:, p_blk[1::2]] = np.sin(t)
    positions = mirrored(pos_u).astype(np.float32)

    # LayerNorm of [u, -u] with |u|^2 = 1 + N_FREQ is u / sigma.
    sigma = np.sqrt(2 * (1 + N_FREQ) / d)
    # Attention logits: alpha * (1/sigma^2) * sum cos / sqrt(d); want a gap of 30 per unit of sum cos.
    alpha = 30.0 * sigma**2 * np.sqrt(d)

    spec = transformer_spec.TransformerSpec.from_config(num_layers=1, num_heads=1)
    spec.config.add_source_eos = True
    ffn_dim = 4

    def zero_linear(lin: object, out_dim: int, in_dim: int) -> None:
        lin.weight = np.zeros((out_dim, in_dim), dtype=np.float32)  # type: ignore[attr-defined]
        lin.bias = np.zeros((out_dim,), dtype=np.float32)  # type: ignore[attr-defined]

    def unit_norm(ln: object) -> None:
        ln.gamma = np.ones((d,), dtype=np.float32)  # type: ignore[attr-defined]
        ln.beta = np.zeros((d,), dtype=np.float32)  # type: ignore[attr-defined]

    def silent_block(layer: object) -> None:
        att = layer.self_attention  # type: ignore[attr-defined]
        unit_norm(att.layer_norm)
        zero_linear(att.linear[0], 3 * d, d)
        zero_linear(att.linear[1], d, d)
        unit_norm(layer.ffn.layer_norm)  # type: ignore[attr-defined]
        zero_linear(layer.ffn.linear_0, ffn_dim, d)  # type: ignore[attr-defined]
        zero_linear(layer.ffn.linear_1, d, ffn_dim)  # type: ignore[attr-defined]

    enc = spec.encoder
    enc.scale_embeddings = False
    enc.embeddings[0].weight = embeddings
    enc.position_encodings.encodings = positions
    unit_norm(enc.layer_norm)
    silent_block(enc.layer[0])

    dec = spec.decoder
    dec.scale_embeddings = False
    dec.embeddings.weight = embeddings
    dec.position_encodings.encodings = positions
    unit_norm(dec.layer_norm)
    layer = dec.layer[0]
    silent_block(layer)

    cross = layer.attention
    unit_norm(cross.layer_norm)
    wq = np.zeros((d, d))
    wq[p_blk, p_blk] = alpha
    wkv = np.zeros((2 * d, d))
    wkv[p_blk, p_blk] = 1.0  # keys: the source position
    wkv[d + a_blk, a_blk] = 1.0  # values: the source token code
    wo = np.zeros((d, d))
    wo[b_blk, a_blk] = 1.0  # into block B ...
    wo[du + b_blk, a_blk] = -1.0  # ... and its mirror, keeping the mean at zero
    for lin, w in zip(cross.linear, (wq, wkv, wo), strict=True):
        lin.weight = w.astype(np.float32)
        lin.bias = np.zeros((w.shape[0],), dtype=np.float32)

    # Output: score each vocabulary code against block B; 10x makes the margin tens of nats.
    proj = np.zeros((v, d))
    proj[:, b_blk] = 10.0 * codes
    dec.projection.weight = proj.astype(np.float32)
    dec.projection.bias = np.zeros((v,), dtype=np.float32)

    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return spec


def build_package_dir(dest_dir: Path) -> Path:
    """Write the unzipped package directory ``dest_dir/translate-zh_en-tiny`` and return it."""
    import sentencepiece as spm

    pkg = Path(dest_dir) / PACKAGE_DIR
    if pkg.exists():
        shutil.rmtree(pkg)
    pkg.mkdir(parents=True)
    sp_bytes = train_sentencepiece(synthetic_corpus())
    (pkg / "sentencepiece.model").write_bytes(sp_bytes)
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    assert vocab[:3] == ["<unk>", "<s>", "</s>"], vocab[:3]

    spec = _copy_transformer(vocab)
    spec.validate()  # type: ignore[attr-defined]
    spec.optimize(quantization=None)  # type: ignore[attr-defined]
    (pkg / "model").mkdir()
    spec.save(str(pkg / "model"))  # type: ignore[attr-defined]

    metadata = {
        "package_version": PACKAGE_VERSION,
        "argos_version": "1.9.0",
        "from_code": "zh",
        "from_name": "Chinese",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
        "code": "translate-zh_en-tiny",
        "name": "Tiny copy model (tests)",
        "links": [],
    }
    (pkg / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    (pkg / "README.md").write_text("Tiny zh→en copy model built for l10n's tests.\n", encoding="utf-8")
    return pkg


def build_tiny_argosmodel(dest_dir: Path) -> Path:
    """Build ``dest_dir/translate-zh_en-tiny.argosmodel`` (a zip of the package dir) and return it."""
    dest_dir = Path(dest_dir)
    build = dest_dir / "build"
    pkg = build_package_dir(build)
    out = dest_dir / FILENAME
    # Fixed timestamps and order, so the archive is byte-for-byte reproducible.
    stamp = (2020, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(zipfile.ZipInfo(f"{PACKAGE_DIR}/", stamp), b"")
        for path in sorted(pkg.rglob("*")):
            name = f"{PACKAGE_DIR}/{path.relative_to(pkg).as_posix()}"
            if path.is_dir():
                zf.writestr(zipfile.ZipInfo(name + "/", stamp), b"")
            else:
                info = zipfile.ZipInfo(name, stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())
    shutil.rmtree(build)
    return out
