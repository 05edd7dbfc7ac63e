"""Alignment of the blocks (or sentences) of a Chinese text with those of its existing English version.

Pure: ``Item`` sequences in, scored ``Pair``s out; no I/O, no knowledge of files or PO entries.

The model is Gale and Church's (1993), made to say "I don't know" rather than guess:

- **Moves.** A dynamic programme over the two sequences with the moves 1:1, 1:0 (a Chinese block
  with no English counterpart), 0:1 (an English block the translator added), 2:1 and 1:2 (two
  paragraphs merged into one, or one split in two). Move weights are log-likelihood ratios: how
  much likelier the observation is when the blocks translate each other than when they are
  unrelated, plus the log prior of the move.
- **Kinds.** Only items with the same ``key`` pair: a paragraph with a paragraph, an h2 with an h2,
  the table cell in row 2, column 3 with the same cell, a code block with a code block. Merges
  happen only between items of one mergeable key (paragraphs, list items, quotes, sentences).
- **Length.** ``log(English length / expected length)``, the expected length being ``r`` English
  characters per Han character plus the other characters as they are (code, names and numbers
  survive translation). ``r`` is estimated per text pair and pulled towards ``R_PRIOR``, fitted on
  real Chinese/English article pairs (a matched pair's log ratio has a spread of about 0.2, an
  unrelated pair's about 0.9).
- **Anchors.** Tokens that survive translation: URLs, link and image targets, code spans, footnote
  references, shortcodes, numbers and Latin words (product names, acronyms) of the Chinese text. A
  token found in the English item counts for the pair by how rare it is among the English items
  (IDF-like: a name on every line says little); a token missing counts against it, and so does a
  *stray*: an anchor of another Chinese item found in the English one.
- **Fixed blocks** (code blocks, HTML, shortcode lines, math) are items too: they never pair with
  text but anchor the alignment around them.

Each pair's ``score`` is the posterior probability of that pair over *all* monotone alignments
(forward-backward), times a local factor that demands positive evidence for the pair itself. So a
run of look-alike list items with one dropped, where several paths explain the data equally well,
gets low scores instead of a confident shift by one. Pairs with ``score > 0.5`` are mutually
consistent (two of them cannot share an item or cross). The programme runs in a band around the
diagonal, narrow when both sequences have the same keys in the same order, so its cost is linear.

``moved`` then pairs, among the items left over, blocks a translator moved out of order when a
strong anchor (a URL, a code span) ties them and nothing else.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from l10n.formats import inline
from l10n.formats.inline import TokenKind
from l10n.lang.script import HAN_RE

__all__ = [
    "FIXED",
    "MERGEABLE",
    "Alignment",
    "Item",
    "Model",
    "Pair",
    "align",
    "han_share",
    "local",
    "make_item",
    "merged",
    "moved",
]

FIXED = "fixed"
# Keys whose items may merge 2:1 or split 1:2 (a translator joining or splitting prose).
MERGEABLE = frozenset({"p", "li", "q", "s"})

# English characters per Han character: the median over the cloudwego article pairs is 3.8.
R_PRIOR = 3.8
_R_WEIGHT = 400.0  # how many Han characters of evidence count as much as the prior
_SMOOTH = 10.0  # added to both lengths, so short items are not judged on a few characters

# Log-ratio spreads (fitted): matched pairs, and the broad component for unrelated pairs.
_SD_MATCH = 0.2
_SD_RANDOM = 0.9
_TAIL = 0.05  # share of matched pairs whose length is off (a translator's aside, a dropped clause)

# Log priors of the moves, relative to 1:1.
SKIP = -4.5  # per item left out (1:0 or 0:1)
MERGE = -4.5  # 2:1 or 1:2, on top of the merged pair's own evidence
_IDENTICAL = 4.0  # bonus for an item identical on both sides (an image, a name, a command)
BAND = 10  # items an alignment may stray from the diagonal, besides the difference in length
SAME_BAND = 3  # the same, for two sequences of the same keys

# Probability that a token of the Chinese item is kept in a true translation, by token kind.
_KEEP = {"u": 0.95, "c": 0.9, "f": 0.95, "s": 0.95, "n": 0.8, "w": 0.75}
# Strong anchors: in the English item but not in the Chinese one, they count against the pair.
_STRONG = frozenset("ucfs")
_EXTRA = -1.0
# A token's share of English items that hold it, smoothed towards this prior (worth a few items),
# so that short texts, where shares say little, still weigh a shared name.
_PRIOR_SHARE = 0.1
_PRIOR_WEIGHT = 2.0
_STRAY = 0.4  # per unit of Chinese-side rarity (log inverse document frequency)
_TOKEN_CAP = 15.0  # correlated tokens (the words of one name) must not make a pair certain

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.+][A-Za-z0-9]+)*")
# A number and the scale word after it, so that 535亿 and 53.5 billion are the same anchor (the full
# reading of Chinese numbers, lang.numbers, costs too much to run on every block).
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])(\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)*)"
    r"(?:[ \t]*(万亿|万|亿|(?:thousand|million|billion|trillion)(?=s?(?![A-Za-z]))))?"
)
_SCALE = {
    "万": 10**4,
    "亿": 10**8,
    "万亿": 10**12,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
_MONTHS = {
    m: str(i)
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
_STOP = frozenset("a an the of to in on for and or is are be by as at it this that with from".split())
_MASKED = (TokenKind.CODE, TokenKind.URL, TokenKind.AUTOLINK, TokenKind.HTML, TokenKind.SHORTCODE)


@dataclass(frozen=True)
class Item:
    """One alignable unit. ``key`` says what it may pair with; ``line`` is for messages only.

    ``han`` and ``other`` are the lengths the length model reads (Han characters, other non-space
    characters); ``tokens`` are the anchors, each prefixed with its kind (``u:`` URL or target,
    ``c:`` code span, ``f:`` footnote reference, ``s:`` shortcode, ``n:`` number, ``w:`` word);
    ``lines`` are the normalised lines of a fixed block.
    """

    key: str
    text: str
    line: int = 0
    han: int = 0
    other: int = 0
    tokens: frozenset[str] = frozenset()
    lines: frozenset[str] = frozenset()
    strong: frozenset[str] = frozenset()  # the tokens that must not appear from nowhere

    @property
    def size(self) -> int:
        return self.han + self.other


@dataclass(frozen=True)
class Pair:
    """``src`` items (Chinese) translated by ``dst`` items (English): 1:1, 2:1 or 1:2 (indices)."""

    src: tuple[int, ...]
    dst: tuple[int, ...]
    score: float  # posterior × local evidence, in [0, 1]
    posterior: float
    llr: float  # the pair's own evidence (log-likelihood ratio, no prior)


@dataclass
class Alignment:
    model: Model
    pairs: list[Pair] = field(default_factory=list)  # score > 0.5 only, in order

    def dst_aligned(self) -> set[int]:
        return {j for p in self.pairs for j in p.dst}

    def src_aligned(self) -> set[int]:
        return {i for p in self.pairs for i in p.src}


def han_share(text: str) -> float:
    """Share of Han characters among letters (a Han character weighing as much as three letters)."""
    han = len(HAN_RE.findall(text))
    if not han:
        return 0.0
    letters = sum(1 for c in text if c.isascii() and c.isalpha())
    return 3 * han / (3 * han + letters)


@lru_cache(maxsize=65536)
def _norm_word(w: str) -> str:
    w = w.casefold()
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w


# Text with none of these has no inline markup worth tokenizing (most English prose).
_MARKUP = re.compile(r"[`\[<{]|https?:|www\.|ftp:")


def _markup(text: str) -> tuple[list[tuple[int, int, str]], str]:
    """The markup anchors of ``text`` with their offsets, and the text with them masked."""
    out: list[tuple[int, int, str]] = []
    if _MARKUP.search(text) is None:
        return out, text
    found = inline.tokenize(text)
    spans = []
    for tok in found:
        k = tok.kind
        if k is TokenKind.CODE:
            out.append((tok.start, tok.end, "c:" + tok.text.strip("`").strip()))
        elif k is TokenKind.LINK_CLOSE and tok.target:
            out.append((tok.start, tok.end, "u:" + tok.target))
        elif k is TokenKind.URL:
            out.append((tok.start, tok.end, "u:" + tok.text.rstrip("/")))
        elif k is TokenKind.AUTOLINK:
            out.append((tok.start, tok.end, "u:" + tok.target.rstrip("/")))
        elif k is TokenKind.FOOTNOTE:
            out.append((tok.start, tok.end, "f:" + tok.text))
        elif k is TokenKind.SHORTCODE:
            out.append((tok.start, tok.end, "s:" + " ".join(tok.text.split())))
        elif k is TokenKind.HTML:
            out.extend((tok.start, tok.end, "u:" + u.rstrip("/")) for u in inline.urls(tok.text))
        if k in _MASKED:
            spans.append((tok.start, tok.end))
    return out, inline.mask(text, spans) if spans else text


def _number(num: str, scale: str = "") -> str:
    if "," in num:
        num = num.replace(",", "")
    if scale and num.count(".") <= 1:
        value = Decimal(num) * _SCALE[scale]
        return "n:" + format(value.normalize(), "f")
    return "n:" + (num.lstrip("0") or "0")


@lru_cache(maxsize=65536)
def _word_tokens(w: str) -> tuple[str, ...]:
    low = w.casefold()
    out = []
    if low in _MONTHS:
        out.append("n:" + _MONTHS[low])
    if len(w) >= 2 and low not in _STOP:
        out.append("w:" + _norm_word(w))
    return tuple(out)


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """The anchors of ``text`` with their offsets, in order (see ``Item.tokens`` for the prefixes)."""
    out, plain = _markup(text)
    out.extend((m.start(), m.end(), _number(m.group(1), m.group(2) or "")) for m in _NUMBER.finditer(plain))
    for m in _WORD.finditer(plain):
        out.extend((m.start(), m.end(), t) for t in _word_tokens(m.group()))
    out.sort()
    return out


@lru_cache(maxsize=4096)
def _tokens(text: str) -> frozenset[str]:
    marks, plain = _markup(text)
    toks = {t for _, _, t in marks}
    toks.update(_number(n, scale) for n, scale in set(_NUMBER.findall(plain)))
    for w in set(_WORD.findall(plain)):
        toks.update(_word_tokens(w))
    return frozenset(toks)


_SPACE = re.compile(r"\s+")


def make_item(key: str, text: str, line: int = 0) -> Item:
    """An item of ``text``: its lengths and anchors (a ``FIXED`` item: its lines)."""
    han = len(HAN_RE.findall(text))
    other = len("".join(text.split())) - han
    if key == FIXED:
        lines = frozenset(ln for ln in (_SPACE.sub(" ", x).strip() for x in text.splitlines()) if ln)
        return Item(key, text, line, han, other, frozenset(), lines)
    tokens = _tokens(text)
    return Item(key, text, line, han, other, tokens, strong=frozenset(t for t in tokens if t[0] in _STRONG))


def merged(a: Item, b: Item, sep: str = " ") -> Item:
    """The item of ``a`` and ``b`` read as one (for 2:1 and 1:2 moves)."""
    return Item(
        a.key,
        a.text + sep + b.text,
        a.line,
        a.han + b.han,
        a.other + b.other,
        a.tokens | b.tokens,
        strong=a.strong | b.strong,
    )


# --------------------------------------------------------------------------- evidence


def _normal_log(x: float, sd: float) -> float:
    return -0.5 * (x / sd) ** 2 - math.log(sd * math.sqrt(2 * math.pi))


def _length_llr(lr: float) -> float:
    match = math.log(
        (1 - _TAIL) * math.exp(_normal_log(lr, _SD_MATCH)) + _TAIL * math.exp(_normal_log(lr, _SD_RANDOM))
    )
    return match - _normal_log(lr, _SD_RANDOM)


_LR_STEP = 0.01
_LR_TABLE = [_length_llr(k * _LR_STEP) for k in range(0, 601)]
_LR_LEN = len(_LR_TABLE)
_LR_LAST = _LR_TABLE[-1]


def length_llr(lr: float) -> float:
    """Evidence of a log length ratio (tabulated; symmetric)."""
    k = int(abs(lr) / _LR_STEP + 0.5)
    return _LR_TABLE[k] if k < _LR_LEN else _LR_LAST


Source = tuple[float, frozenset[str], float]  # expected English length, anchors, weight if none found
Target = tuple[int, frozenset[str], int, float]  # length, anchors, strong anchors, weight of strays


class Model:
    """Token weights and the length ratio for one text pair.

    ``llr(a, b)`` is the evidence that Chinese item ``a`` and English item ``b`` translate each other:
    the length term; for each anchor of ``a``, its weight when found in ``b`` or missing there; and
    against the pair, each *stray* of ``b``: an anchor of another Chinese item that is not in ``a``
    (English that carries ``mcache`` translates the Chinese block that says ``mcache``), weighted by
    its rarity on the Chinese side, and each strong anchor (URL, code…) of ``b`` not in ``a``.
    """

    def __init__(self, src: Sequence[Item], dst: Sequence[Item]) -> None:
        text_src = [a for a in src if a.key != FIXED]
        text_dst = [b for b in dst if b.key != FIXED]
        df: Counter[str] = Counter()
        for b in text_dst:
            df.update(b.tokens)
        df_src: Counter[str] = Counter()
        for a in text_src:
            df_src.update(a.tokens)
        n, n_src = len(text_dst), len(text_src)
        self.miss: dict[str, float] = {}
        self.gain: dict[str, float] = {}  # weight when found minus weight when missing (stray weight back)
        self.stray: dict[str, float] = {}
        for t, c in df_src.items():
            p = _KEEP[t[0]]
            q = min(0.99, (df.get(t, 0) + _PRIOR_WEIGHT * _PRIOR_SHARE) / (n + _PRIOR_WEIGHT))
            miss = min(0.0, math.log((1 - p) / (1 - q)))
            stray = _STRAY * max(0.0, math.log((n_src + 1) / (c + 0.5)))
            self.miss[t] = miss
            self.stray[t] = stray
            self.gain[t] = max(0.0, math.log(p / q)) - miss + stray
        han = sum(a.han for a in text_src)
        other = sum(a.other for a in text_src)
        en = sum(b.size for b in text_dst)
        estimate = (en - other) / han if han else R_PRIOR
        estimate = min(8.0, max(1.0, estimate))
        # Shrink towards the prior: a short text, or one whose versions differ a lot, says little.
        w = han / (han + _R_WEIGHT)
        self.r = math.exp(w * math.log(estimate) + (1 - w) * math.log(R_PRIOR))

    def source(self, a: Item) -> Source:
        """What ``llr_of`` needs of a Chinese item."""
        miss = self.miss
        return self.r * a.han + a.other, a.tokens, sum(miss.get(t, 0.0) for t in a.tokens)

    def target(self, b: Item) -> Target:
        """What ``llr_of`` needs of an English item."""
        stray = self.stray
        return b.size, b.tokens, len(b.strong), -sum(stray.get(t, 0.0) for t in b.tokens)

    def llr(self, a: Item, b: Item) -> float:
        if a.key == FIXED or b.key == FIXED:
            return fixed_llr(a, b)
        return self.llr_of(self.source(a), a.text, self.target(b), b.text)

    def llr_of(self, fa: Source, text_a: str, fb: Target, text_b: str) -> float:
        expected, tokens, tok = fa
        size, tokens_b, strong, strays = fb
        k = int(abs(math.log((size + _SMOOTH) / (expected + _SMOOTH))) / _LR_STEP + 0.5)
        score = _LR_TABLE[k] if k < _LR_LEN else _LR_LAST
        tok += strays
        common = tokens & tokens_b
        if common:
            gain = self.gain
            for t in common:
                tok += gain[t]
                if t[0] in _STRONG:
                    strong -= 1
        tok += _EXTRA * strong
        if tok > _TOKEN_CAP:
            tok = _TOKEN_CAP
        elif tok < -_TOKEN_CAP:
            tok = -_TOKEN_CAP
        score += tok
        if text_a == text_b:
            score += _IDENTICAL
        return score

    def split_scores(self, first: Item, second: Item, text: str) -> list[tuple[int, int, float, float]]:
        """For each place between two words of ``text`` (an English block that translates ``first``
        and ``second`` run together): ``(end of part one, start of part two, llr(first, part one),
        llr(second, part two))``. One pass: the parts' lengths and anchors are updated cut by cut.
        """
        spans = token_spans(text)
        han_prefix = [0]
        other_prefix = [0]
        for ch in text:
            is_space = ch.isspace()
            is_han = not is_space and HAN_RE.match(ch) is not None
            han_prefix.append(han_prefix[-1] + is_han)
            other_prefix.append(other_prefix[-1] + (not is_space and not is_han))
        fa, fb = self.source(first), self.source(second)
        gain, stray = self.gain, self.stray

        def weight(t: str, mine: frozenset[str]) -> float:
            w = -stray.get(t, 0.0)
            if t in mine:
                w += gain[t]
            elif t[0] in _STRONG:
                w += _EXTRA
            return w

        count_a: Counter[str] = Counter()
        count_b: Counter[str] = Counter(t for _, _, t in spans)
        tok_a, tok_b = fa[2], fb[2] + sum(weight(t, second.tokens) for t in count_b)
        out = []
        k = 0  # spans[:k] lie wholly in part one
        n = len(text)
        for m in _SPACE.finditer(text):
            cut, resume = m.start(), m.end()
            if cut == 0 or resume == n:
                continue
            while k < len(spans) and spans[k][1] <= cut:
                t = spans[k][2]
                count_a[t] += 1
                if count_a[t] == 1:
                    tok_a += weight(t, first.tokens)
                count_b[t] -= 1
                if count_b[t] == 0:
                    tok_b -= weight(t, second.tokens)
                k += 1
            if k < len(spans) and spans[k][0] < resume:
                continue  # the cut would split a token (a code span, a link)
            size_a = han_prefix[cut] + other_prefix[cut]
            size_b = han_prefix[n] - han_prefix[resume] + other_prefix[n] - other_prefix[resume]
            la = length_llr(math.log((size_a + _SMOOTH) / (fa[0] + _SMOOTH))) + max(
                -_TOKEN_CAP, min(_TOKEN_CAP, tok_a)
            )
            lb = length_llr(math.log((size_b + _SMOOTH) / (fb[0] + _SMOOTH))) + max(
                -_TOKEN_CAP, min(_TOKEN_CAP, tok_b)
            )
            out.append((cut, resume, la, lb))
        return out


def fixed_llr(a: Item, b: Item) -> float:
    """Evidence that two fixed blocks (code, HTML…) are the same block: their shared lines."""
    if a.key != b.key or not a.lines or not b.lines:
        return -3.0
    if a.lines == b.lines:
        return 10.0
    shared = len(a.lines & b.lines)
    return 12.0 * shared / max(len(a.lines), len(b.lines)) - 4.0


# --------------------------------------------------------------------------- dynamic programme


def local(llr: float) -> float:
    """How much a pair's own evidence supports it (posterior is about the path, this about the pair)."""
    return 1.0 / (1.0 + math.exp(-(llr + 2.0)))


def align(src: Sequence[Item], dst: Sequence[Item], band: int | None = None) -> Alignment:
    """Pairs of ``src`` and ``dst`` items with ``score > 0.5``, in order (see the module doc).

    ``band`` limits how far the alignment may stray from the proportional diagonal, which keeps
    long texts linear. By default it is ``BAND`` items plus the difference in length of the two
    sequences; when both have the same keys in the same order (the usual case: a translation of the
    same structure) alignments stay within ``SAME_BAND`` of the diagonal and merges are not tried
    (a merge on one side would change the sequence of keys). The forward and backward sums run in
    probability space with one scale per row.
    """
    n, m = len(src), len(dst)
    model = Model(src, dst)
    result = Alignment(model)
    if n == 0 or m == 0:
        return result
    same = [a.key for a in src] == [b.key for b in dst]
    width = band if band is not None else SAME_BAND if same else BAND + abs(n - m)
    lo = [max(0, (i * m) // n - width) for i in range(n + 1)]
    hi = [min(m, -(-(i * m) // n) + width) for i in range(n + 1)]

    # Edge weights by the cell the move starts at: w11[i][j] (1:1), w21 (2:1), w12 (1:2), as
    # exp(log weight), and the llr of each edge kept for the scores.
    llrs: dict[tuple[int, int, int], float] = {}
    zero = [0.0] * (m + 1)
    w11 = [zero] * (n + 1)
    w21 = [zero] * (n + 1)
    w12 = [zero] * (n + 1)
    keys_dst = [b.key for b in dst]
    src_feat = [model.source(a) if a.key != FIXED else None for a in src]
    dst_feat = [model.target(b) for b in dst]
    pair_src = [
        model.source(merged(src[i], src[i + 1]))
        if not same and i + 1 < n and src[i].key in MERGEABLE and src[i + 1].key == src[i].key
        else None
        for i in range(n)
    ]
    pair_text = [src[i].text + " " + src[i + 1].text if pair_src[i] is not None else "" for i in range(n)]
    pair_dst = [
        merged(dst[j], dst[j + 1])
        if not same and j + 1 < m and dst[j].key in MERGEABLE and dst[j + 1].key == dst[j].key
        else None
        for j in range(m)
    ]
    pair_dst_feat = [model.target(d) if d is not None else None for d in pair_dst]
    exp = math.exp
    for i in range(n):
        a = src[i]
        ka, fa, f2 = a.key, src_feat[i], pair_src[i]
        row11: list[float] | None = None
        row21: list[float] | None = None
        row12: list[float] | None = None
        for j in range(lo[i], min(m, hi[i] + 1)):
            if keys_dst[j] != ka:
                continue
            b = dst[j]
            llr = fixed_llr(a, b) if fa is None else model.llr_of(fa, a.text, dst_feat[j], b.text)
            if row11 is None:
                row11 = w11[i] = [0.0] * (m + 1)
            row11[j] = exp(llr)
            llrs[(0, i, j)] = llr
            if f2 is not None:
                llr2 = model.llr_of(f2, pair_text[i], dst_feat[j], b.text)
                if row21 is None:
                    row21 = w21[i] = [0.0] * (m + 1)
                row21[j] = exp(llr2 + MERGE)
                llrs[(1, i, j)] = llr2
            d2 = pair_dst[j]
            if d2 is not None and fa is not None:
                llr2 = model.llr_of(fa, a.text, pair_dst_feat[j], d2.text)  # type: ignore[arg-type]
                if row12 is None:
                    row12 = w12[i] = [0.0] * (m + 1)
                row12[j] = exp(llr2 + MERGE)
                llrs[(2, i, j)] = llr2

    skip = exp(SKIP)
    # Forward: f[i][j] * exp(fs[i]) = sum over paths from (0, 0) to (i, j).
    f = [zero] * (n + 1)
    fs = [0.0] * (n + 1)
    for i in range(n + 1):
        row = [0.0] * (m + 1)
        up = f[i - 1] if i >= 1 else zero
        up2 = f[i - 2] if i >= 2 else zero
        d11 = w11[i - 1] if i >= 1 else zero
        d21 = w21[i - 2] if i >= 2 else zero
        d12 = w12[i - 1] if i >= 1 else zero
        # Rows are kept in units of the previous row's scale.
        k2 = exp(fs[i - 2] - fs[i - 1]) if i >= 2 else 0.0
        if i == 0:
            row[0] = 1.0
        start = max(lo[i], 1 if i == 0 else 0)
        left = row[start - 1] if start > 0 else 0.0
        for j in range(start, hi[i] + 1):
            v = left * skip + up[j] * skip
            if j >= 1:
                v += up[j - 1] * d11[j - 1] + up2[j - 1] * d21[j - 1] * k2
                if j >= 2:
                    v += up[j - 2] * d12[j - 2]
            row[j] = v
            left = v
        top = max(row)
        if top <= 0.0:
            return result
        fs[i] = (fs[i - 1] if i >= 1 else 0.0) + math.log(top)
        f[i] = [v / top for v in row]
    log_total = fs[n] + math.log(f[n][m]) if f[n][m] > 0.0 else None
    if log_total is None:
        return result
    # Backward: g[i][j] * exp(gs[i]) = sum over paths from (i, j) to (n, m).
    g = [zero] * (n + 2)
    gs = [0.0] * (n + 2)
    for i in range(n, -1, -1):
        row = [0.0] * (m + 2)
        down = g[i + 1]
        down2 = g[i + 2] if i + 2 <= n else zero
        k2 = exp(gs[i + 2] - gs[i + 1]) if i + 2 <= n else 0.0
        d11, d21, d12 = w11[i], w21[i], w12[i]
        right = row[hi[i] + 1] if hi[i] < m else 0.0
        if i == n:
            row[m] = 1.0
            right = 1.0
        for j in range(min(hi[i], m - 1 if i == n else m), lo[i] - 1, -1):
            v = right * skip
            if i < n:
                v += down[j] * skip
                if j < m:
                    v += down[j + 1] * d11[j] + down2[j + 1] * d21[j] * k2
                    if j + 1 < m:
                        v += down[j + 2] * d12[j]
            row[j] = v
            right = v
        top = max(row)
        if top <= 0.0:
            return result
        gs[i] = (gs[i + 1] if i < n else 0.0) + math.log(top)
        g[i] = [v / top for v in row]

    # Posterior of an edge = f · weight · g · exp(fs + gs - log_total), by row pairs.
    steps = ((w11, 1, 1), (w21, 2, 1), (w12, 1, 2))
    for kind, (weights, di, dj) in enumerate(steps):
        for i in range(n):
            row_w = weights[i]
            if row_w is zero or i + di > n:
                continue
            factor = exp(min(700.0, fs[i] + gs[i + di] - log_total))
            row_f, row_g = f[i], g[i + di]
            for j in range(lo[i], min(m, hi[i] + 1)):
                wv = row_w[j]
                if wv == 0.0 or j + dj > m:
                    continue
                post = row_f[j] * wv * row_g[j + dj] * factor
                if post <= 0.5:
                    continue
                llr = llrs[(kind, i, j)]
                score = min(1.0, post) * local(llr)
                if score > 0.5:
                    pair = Pair(tuple(range(i, i + di)), tuple(range(j, j + dj)), score, min(1.0, post), llr)
                    result.pairs.append(pair)
    result.pairs.sort(key=lambda p: p.src[0])
    return result


MOVED_LLR = 5.0  # the least evidence for pairing two blocks out of order


def moved(src: Sequence[Item], dst: Sequence[Item], alignment: Alignment) -> list[Pair]:
    """Blocks the translator moved (sections swapped, list items reordered), which no monotone
    alignment can pair: among the items ``alignment`` left over, the pairs of one key that share a
    strong anchor (URL, code span, footnote, shortcode) found in no other left-over item on either
    side, that are each other's best match and whose evidence is at least ``MOVED_LLR``. Their
    score is the local evidence alone, made stricter.
    """
    model = alignment.model
    taken_src, taken_dst = alignment.src_aligned(), alignment.dst_aligned()
    free_src = [i for i, a in enumerate(src) if i not in taken_src and a.key != FIXED and a.strong]
    free_dst = [j for j, b in enumerate(dst) if j not in taken_dst and b.key != FIXED and b.strong]
    once_src = Counter(t for i in free_src for t in src[i].strong)
    once_dst = Counter(t for j in free_dst for t in dst[j].strong)
    best_src: dict[int, tuple[float, int]] = {}
    best_dst: dict[int, tuple[float, int]] = {}
    for i in free_src:
        for j in free_dst:
            if src[i].key != dst[j].key:
                continue
            if not any(once_src[t] == 1 and once_dst[t] == 1 for t in src[i].strong & dst[j].strong):
                continue
            llr = model.llr(src[i], dst[j])
            if llr > best_src.get(i, (-math.inf, -1))[0]:
                best_src[i] = (llr, j)
            if llr > best_dst.get(j, (-math.inf, -1))[0]:
                best_dst[j] = (llr, i)
    out = []
    for i, (llr, j) in best_src.items():
        if best_dst[j][1] == i and llr >= MOVED_LLR:
            score = local(llr - MOVED_LLR)
            out.append(Pair((i,), (j,), score, 1.0, llr))
    return sorted(out, key=lambda p: p.src[0])
