"""Glossary terms in use: matching in Chinese text, hints, checks, merging and suggestions.

Everything here is pure: functions take text and return data or text. The file formats (TSV, TBX)
live in ``l10n.formats.glossary``; the caller reads and writes files (``l10n.app.fs``).

Matching normalises text and terms with a per-character map (full-width ASCII, ideographic and other
spaces, middle-dot variants, lower case for case-insensitive terms) that never changes the length,
so match offsets are offsets into the original text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from l10n.formats import frontmatter, inline, markdown
from l10n.formats.glossary import (
    CASE_SENSITIVE,
    DO_NOT_TRANSLATE,
    FLAGS,
    FORBIDDEN,
    HINT_PREFIX,
    Term,
    generate_tbx,
    generate_tsv,
    parse_file,
    parse_tbx,
    parse_tsv,
    tsv_cell,
)
from l10n.formats.inline import TokenKind
from l10n.lang.script import HAN as _HAN
from l10n.model import ParseError

__all__ = [
    "CASE_SENSITIVE",
    "DO_NOT_TRANSLATE",
    "FLAGS",
    "FORBIDDEN",
    "HINT_PREFIX",
    "Candidate",
    "Glossary",
    "Match",
    "Term",
    "Violation",
    "generate_tbx",
    "generate_tsv",
    "merge_terms",
    "normalize",
    "parse_file",
    "parse_tbx",
    "parse_tsv",
    "suggest",
    "suggestions_tsv",
    "term_pairs",
]

# --------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Match:
    """A term found in a text: ``text[start:end]`` is the occurrence (offsets into the original text).

    ``term`` is the primary term (the pinned or do-not-translate one when there is one); ``also`` holds
    the other terms with the same source, usually forbidden targets, in glossary order.
    """

    start: int
    end: int
    term: Term
    also: tuple[Term, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        return (self.term, *self.also)


@dataclass(frozen=True)
class Violation:
    """A translation that does not follow the glossary.

    ``kind`` is ``"missing"`` (pinned target absent), ``"do-not-translate"`` (source form not kept) or
    ``"forbidden"`` (a forbidden target used). ``expected`` is the text the rule is about: the pinned
    target, the source form to keep, or the forbidden target.
    """

    term: Term
    expected: str
    kind: str
    message: str


@dataclass(frozen=True)
class Candidate:
    """A suggested new glossary source: ``count`` occurrences over ``docs`` documents.

    With aligned translations (``suggest(..., pairs=...)``): ``target`` is the English term seen most
    consistently where the source term occurs, in ``target_count`` of the ``aligned`` translated
    segments that contain the source term ("" when none stands out).
    """

    term: str
    count: int
    docs: int
    example: str
    target: str = ""
    target_count: int = 0
    aligned: int = 0


# --------------------------------------------------------------------------------------------
# Normalisation


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII variants
        table[cp] = chr(cp - 0xFEE0)
    for cp in (0x00B7, 0x30FB, 0x2022, 0x2027, 0xFF65):
        table[cp] = "\u00b7"
    # Soft line breaks and odd spaces inside a paragraph must not stop "Grok 4" from matching.
    for cp in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x00A0, 0x3000, 0x202F, 0x205F, *range(0x2000, 0x200B)):
        table[cp] = " "
    return table


_FOLD = _build_fold_table()


def normalize(text: str, *, casefold: bool = True) -> str:
    """Map width, space and middle-dot variants (and, by default, case) one character to one.

    Invariant: ``len(normalize(t)) == len(t)`` for every string, so offsets carry over.
    """
    folded = text.translate(_FOLD)
    if not casefold:
        return folded
    lowered = folded.lower()
    # str.lower never shrinks a character, so equal lengths mean every character mapped 1:1.
    if len(lowered) == len(folded):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def _is_cjk(c: str) -> bool:
    return ord(c) >= 0x2E80


def _is_word(c: str) -> bool:
    """A character that glues to Latin letters: letters and digits of non-CJK scripts, and ``_``."""
    return (c.isalnum() or c == "_") and ord(c) < 0x2E80


# Same notion as _is_word, for regular expressions over (normalised) text.
_WORD_RX = r"[^\W\u2e80-\U0010ffff]"


def _key(source: str, case_sensitive: bool) -> str:
    return normalize(source, casefold=not case_sensitive)





def import_terms(existing: Iterable[Term], new: Iterable[Term]) -> tuple[list[Term], list[tuple[Term, Term]]]:
    """What importing ``new`` terms into a glossary that holds ``existing`` does, without replacing.

    Returns (terms to add, conflicts). A term already present (same source and target, keys as in
    ``merge_terms``) is skipped; a term whose source is pinned to another target there, or that is
    present with the other kind (pinned/forbidden), is a conflict ``(kept, refused)``: the curated
    row always wins.
    """
    pinned: dict[str, Term] = {}
    seen: dict[tuple[str, str], Term] = {}
    for t in existing:
        seen.setdefault((_key(t.source, t.case_sensitive), _key(t.target, t.case_sensitive)), t)
        if not t.forbidden:
            pinned.setdefault(_key(t.source, t.case_sensitive), t)
    added: list[Term] = []
    conflicts: list[tuple[Term, Term]] = []
    for t in new:
        key, tkey = _key(t.source, t.case_sensitive), _key(t.target, t.case_sensitive)
        prev = seen.get((key, tkey))
        if prev is not None:
            if prev.forbidden != t.forbidden:
                conflicts.append((prev, t))
            continue
        other = pinned.get(key)
        if not t.forbidden and other is not None:
            conflicts.append((other, t))
            continue
        seen[(key, tkey)] = t
        if not t.forbidden:
            pinned[key] = t
        added.append(t)
    return added, conflicts

# --------------------------------------------------------------------------------------------
# Merging several files

def merge_terms(term_lists: Iterable[Iterable[Term]]) -> list[Term]:
    """Merge terms from several files, dropping repeats and rejecting conflicts.

    Keys are the normalised source (case-folded unless case-sensitive). The same key with the same
    target (compared case-insensitively unless case-sensitive) and the same kind is a repeat; the
    first one is kept. Raises ``ParseError`` at the later row, naming both rows, for two different
    pinned targets or a target that is both pinned and forbidden.
    """
    pinned: dict[str, Term] = {}
    seen: dict[tuple[str, str], Term] = {}
    out: list[Term] = []
    for terms in term_lists:
        for t in terms:
            key = _key(t.source, t.case_sensitive)
            tkey = _key(t.target, t.case_sensitive)
            prev = seen.get((key, tkey))
            if prev is not None:
                if prev.forbidden != t.forbidden:
                    raise ParseError(
                        f"{t.source!r} → {t.target!r} is both pinned and forbidden "
                        f"({prev.where()} and {t.where()})",
                        t.path,
                        t.line,
                    )
                continue
            if not t.forbidden:
                other = pinned.get(key)
                if other is not None:
                    raise ParseError(
                        f"conflicting targets for {t.source!r}: {other.target!r} ({other.where()}) "
                        f"and {t.target!r} ({t.where()})",
                        t.path,
                        t.line,
                    )
                pinned[key] = t
            seen[(key, tkey)] = t
            out.append(t)
    return out


# --------------------------------------------------------------------------------------------
# Matching


@dataclass(frozen=True)
class _Entry:
    term: Term
    exact: str  # width-normalised source, for case-sensitive verification
    start_word: bool  # first char is a word char: needs a boundary before
    end_word: bool
    start_digit: bool
    end_digit: bool


def _phrase_pattern(phrase: str, *, inflect: bool) -> str:
    """Regex for a phrase on word boundaries, words separated by any space or a hyphen."""
    words = normalize(phrase, casefold=False).split()
    if not words:
        return r"(?!)"
    parts = [re.escape(w) for w in words]
    last = words[-1]
    if inflect and last.isalpha():
        forms = sorted(_inflections(last), key=lambda f: (-len(f), f))
        parts[-1] = "(?:" + "|".join(re.escape(f) for f in forms) + ")"
    # Normal targets may be hyphenated ("first-principles thinking"); kept source forms may not.
    body = (r"(?:\s+|-)" if inflect else r"\s+").join(parts)
    if _is_word(words[0][0]):
        body = f"(?<!{_WORD_RX})" + body
    if _is_word(words[-1][-1]):
        body = body + f"(?!{_WORD_RX})"
    return body


def _inflections(word: str) -> set[str]:
    """Plural/singular and third-person forms of an English word (principle/principles, company/companies)."""
    low = word.lower()
    forms = {word, word + "s", word + "es"}
    if len(low) > 1 and low.endswith("y") and low[-2] not in "aeiou":
        forms.add(word[:-1] + "ies")
    if len(low) > 3 and low.endswith("ies"):
        forms.add(word[:-3] + "y")
    if len(low) > 3 and low.endswith("es"):
        forms.add(word[:-2])
    if len(low) > 2 and low.endswith("s") and not low.endswith("ss"):
        forms.add(word[:-1])
    return forms


@lru_cache(maxsize=4096)
def _phrase_rx(phrase: str, inflect: bool, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(_phrase_pattern(phrase, inflect=inflect), re.IGNORECASE if ignore_case else 0)


_ADDRESSES = (TokenKind.URL, TokenKind.AUTOLINK, TokenKind.LINK_CLOSE)


def without_addresses(text: str) -> str:
    """``text`` with URLs and link destinations masked (same length, so offsets still hold)."""
    if not any(c in text for c in "]<:w"):
        return text
    spans = [(t.start, t.end) for t in inline.tokenize(text) if t.kind in _ADDRESSES]
    return inline.mask(text, spans) if spans else text


def _hint(t: Term) -> str:
    note = f" ({tsv_cell(t.note)})" if t.note else ""
    if t.forbidden:
        return f"{HINT_PREFIX}{t.source} ≠ {t.target} (forbidden){note}"
    if t.do_not_translate:
        return f"{HINT_PREFIX}{t.source} → {t.source} (do not translate){note}"
    return f"{HINT_PREFIX}{t.source} → {t.target}{note}"


class Glossary:
    """A set of terms, matched against text with a character trie.

    ``find`` walks the trie from each candidate position (positions whose character can start a term
    are found by one compiled character class), takes the longest valid match there and continues
    after it: leftmost-longest, non-overlapping, deterministic. Cost is O(len(text) × depth of the
    walk), and the walk is short (bounded by the longest term), independent of the number of terms.
    """

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms: tuple[Term, ...] = tuple(merge_terms([terms]))
        self._children: list[dict[str, int]] = [{}]
        self._ends: dict[int, list[_Entry]] = {}
        self._keys: set[str] = set()
        for t in self.terms:
            self._add(t)
        for entries in self._ends.values():
            # Pinned/do-not-translate first so Match.term is the one to follow; stable otherwise.
            entries.sort(key=lambda e: e.term.forbidden)
        firsts = {key[0] for key in self._keys if key}
        self._first_rx: re.Pattern[str] | None = (
            re.compile("[" + "".join(re.escape(c) for c in sorted(firsts)) + "]") if firsts else None
        )

    @classmethod
    def from_files(cls, files: Iterable[tuple[str, str]]) -> Glossary:
        """Build from ``(path, text)`` pairs (``*.tbx`` as TBX, else TSV); conflicts raise ``ParseError``."""
        return cls(merge_terms(parse_file(text, path) for path, text in files))

    def _add(self, t: Term) -> None:
        key = normalize(t.source)
        node = 0
        for c in key:
            nxt = self._children[node].get(c)
            if nxt is None:
                nxt = len(self._children)
                self._children.append({})
                self._children[node][c] = nxt
            node = nxt
        self._keys.add(key)
        self._ends.setdefault(node, []).append(
            _Entry(
                term=t,
                exact=normalize(t.source, casefold=False),
                start_word=_is_word(key[0]),
                end_word=_is_word(key[-1]),
                start_digit=key[0].isdigit(),
                end_digit=key[-1].isdigit(),
            )
        )

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, source: object) -> bool:
        """Whether a source term is in the glossary (compared normalised and case-folded)."""
        return isinstance(source, str) and normalize(source) in self._keys

    def find(self, text: str) -> list[Match]:
        """All term occurrences, leftmost-longest and non-overlapping, in text order."""
        if self._first_rx is None or not text:
            return []
        folded = normalize(text)
        exact: str | None = None
        n = len(folded)
        children = self._children
        ends = self._ends
        search = self._first_rx.search
        out: list[Match] = []
        i = 0
        while i < n:
            m = search(folded, i)
            if m is None:
                break
            i = m.start()
            prev = folded[i - 1] if i > 0 else ""
            glued_before = bool(prev) and _is_word(prev)
            # "Grok 4" must not match the start of "Grok 4.5", nor "4" the end of "1.4".
            digit_before = i >= 2 and prev in ".," and folded[i - 2].isdigit()
            node = 0
            j = i
            best: Match | None = None
            while j < n:
                nxt = children[node].get(folded[j])
                if nxt is None:
                    break
                node = nxt
                j += 1
                entries = ends.get(node)
                if entries is None:
                    continue
                nextc = folded[j] if j < n else ""
                glued_after = bool(nextc) and _is_word(nextc)
                digit_after = j + 1 < n and nextc in ".," and folded[j + 1].isdigit()
                valid: list[Term] = []
                for e in entries:
                    if e.start_word and (glued_before or (e.start_digit and digit_before)):
                        continue
                    if e.end_word and (glued_after or (e.end_digit and digit_after)):
                        continue
                    if e.term.case_sensitive:
                        if exact is None:
                            exact = normalize(text, casefold=False)
                        if exact[i:j] != e.exact:
                            continue
                    valid.append(e.term)
                if valid:
                    best = Match(i, j, valid[0], tuple(valid[1:]))
            if best is not None:
                out.append(best)
                i = best.end
            else:
                i += 1
        return out

    def matched_terms(self, text: str) -> list[Term]:
        """Distinct terms found in ``text`` (with forbidden alternatives), in order of first occurrence.

        URLs and link destinations are not prose: ``/news/xai-funding/`` does not mention xAI.
        """
        seen: dict[Term, None] = {}
        for m in self.find(without_addresses(text)):
            for t in m.terms:
                seen.setdefault(t, None)
        return list(seen)

    def hints(self, source: str) -> list[str]:
        """``#.`` comment lines (without ``#. ``) for a PO entry: one per distinct term found.

        Every line starts with ``HINT_PREFIX`` so that an extract can drop and regenerate them.
        """
        return [_hint(t) for t in self.matched_terms(source)]

    def check(self, source: str, target: str) -> list[Violation]:
        """Glossary violations of one translation; an empty (untranslated) target has none."""
        if not target.strip():
            return []
        text = normalize(without_addresses(target), casefold=False)
        out: list[Violation] = []
        for m in self.find(without_addresses(source)):
            pinned = next((t.target for t in m.terms if not t.forbidden), None)
            for t in m.terms:
                v = self._check_term(t, text, pinned)
                if v is not None and v not in out:
                    out.append(v)
        return out

    @staticmethod
    def _check_term(t: Term, text: str, pinned: str | None) -> Violation | None:
        if t.forbidden:
            if _phrase_rx(t.target, False, True).search(text) is None:
                return None
            use = f'; use "{pinned}"' if pinned else ""
            msg = f'"{t.source}" must not be translated as "{t.target}"{use}'
            return Violation(t, t.target, "forbidden", msg)
        if t.do_not_translate:
            if _phrase_rx(t.source, False, not t.case_sensitive).search(text) is not None:
                return None
            msg = f'"{t.source}" must be kept as "{t.source}" (do not translate); not in the translation'
            return Violation(t, t.source, DO_NOT_TRANSLATE, msg)
        if _phrase_rx(t.target, True, not t.case_sensitive).search(text) is not None:
            return None
        msg = f'"{t.source}" should be translated as "{t.target}"; not in the translation'
        return Violation(t, t.target, "missing", msg)


# --------------------------------------------------------------------------------------------
# Suggestions

_FUNCTION_CHARS = frozenset("的了是在和与及等也都而或这那一个为以对将从被把其之中上下")
# Frequent general-vocabulary words (pronouns, auxiliaries, generic verbs and adverbs) that recur in
# any text and would otherwise crowd the top of the ranking; they never need a glossary entry.
_COMMON_CHINESE = frozenset(
    """
    我们 你们 他们 它们 她们 咱们 自己 大家 别人 人们 这个 那个 这些 那些 这样 那样 这种 那种 这里 那里
    这次 那么 什么 怎么 怎样 如何 为什么 哪些 哪个 每个 每次 所有 一些 有些 很多 许多 更多 更加 非常 比较
    十分 特别 可以 可能 能够 需要 应该 必须 已经 正在 曾经 开始 继续 一直 不断 总是 经常 往往 通常 一般
    使用 支持 实现 提供 通过 进行 包括 包含 采用 利用 基于 根据 按照 对于 关于 由于 因为 所以 但是 不过
    然而 而且 并且 或者 还是 以及 如果 虽然 即使 只要 只有 除了 然后 之后 以后 之前 以前 同时 此外 另外
    其他 其它 其中 目前 当前 现在 时候 时间 方式 方法 情况 问题 部分 内容 过程 结果 原因 方面 作用 影响
    效果 目的 意义 东西 事情 地方 一样 不同 相同 类似 相关 具体 直接 主要 重要 简单 复杂 容易 明显 完全
    完成 成为 作为 来说 表示 发现 认为 希望 帮助 了解 解决 增加 减少 获取 得到 看到 带来 满足 达到 出现
    存在 发生 选择 考虑 保证 确保 介绍 说明 描述 讨论 分析 理解 知道 觉得 决定 尝试 遇到 面临 处于 属于
    没有 不是 就是 也是 还有 只是 而是 都是 仍然 依然 再次 首先 其次 最后 最终 最近 未来 过去 之间 之中
    以上 以下 左右 整个 任何 各种 各个 多个 一个 一种 一次 一起 一下 一定 一旦 进一步 上述 如下 下面 上面
    用于 用来 来自 对应 相应 这时 此时 当时 本文 文章 例如 比如 或许 也许 其实 确实 真正 当然 显然
    """.split()
)
_HAN_RUN_RX = re.compile(f"[{_HAN}]{{2,}}")
_LATIN_RX = re.compile(r"(?<![A-Za-z0-9_.\-])[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*(?![A-Za-z0-9_])")
_UNIT_RX = re.compile(r"\d[\d.]*[a-z]{1,3}")  # 10ms, 100k, 2x, 1st: numbers with units, not names
_COMMON_ENGLISH = frozenset(
    """
    a about above after again all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each else few for from further had
    has have having he her here hers him his how i if in into is it its itself just me more most my
    no nor not now of off on once only or other our ours out over own same she should so some such
    than that the their theirs them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yes ok new use used using get set let var func return true false null nil none via per etc vs
    http https www com org net html htm md png jpg jpeg gif svg pdf img src href id class div span
    eg ie
    """.split()
)

# Text conventions that are not terms, on top of inline markup: e-mail addresses and paths.
_REMOVE_RXS = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"(?<![\w/])\.{0,2}/[\w.\-/~%]+|\b\w+(?:/[\w.\-]+){2,}"),
]


def _front_matter_values(block: str) -> str:
    """Front-matter values without their keys (YAML ``key: v``, list ``- v``, TOML ``key = v``)."""
    lines = []
    for line in block.splitlines():
        line = re.sub(r"^\s*(?:-\s+)?(?:[\w.\-]+\s*[:=](?=\s|$))?", "", line)
        # Inline arrays and quotes (keywords: ["Go", "RPC"]) are syntax, not prose.
        lines.append(re.sub(r"[\"'\[\],{}]", " ", line).strip())
    return "\n".join(lines)


def _prose(text: str, path: str = "") -> str:
    """The prose of a Markdown document: front-matter values and the text of translatable blocks.

    Blocks come from the same scanner extract uses (so code blocks, HTML blocks and link
    definitions are left out); inline markup that is not prose is blanked by the inline tokenizer.
    Removed parts become spaces or line breaks, so text on either side never joins into one run.
    """
    parts: list[str] = []
    start = 0
    try:
        block = frontmatter.split(text, path)
    except ParseError:
        block = None  # suggestions are best effort: a broken header is read as text
    if block is not None:
        parts.append(_front_matter_values(text[block.content_start : block.content_end]))
        start = block.end
    for unit in markdown.scan(text, start):
        parts.append("\n".join(text[s:e] for s, e in unit.pieces))
    prose = inline.strip("\n\n".join(parts), inline.NOT_PROSE)
    for rx in _REMOVE_RXS:
        prose = rx.sub(" ", prose)
    return prose


def _snippet(text: str, start: int, end: int, width: int = 30) -> str:
    pad = max(6, (width - (end - start)) // 2)
    a, b = max(0, start - pad), min(len(text), end + pad)
    body = " ".join(text[a:b].split())
    return ("…" if a > 0 else "") + body + ("…" if b < len(text) else "")


def _latin_ok(token: str) -> bool:
    low = token.lower()
    return (
        len(token) >= 2
        and any(c.isalpha() for c in token)
        and low not in _COMMON_ENGLISH
        and _UNIT_RX.fullmatch(low) is None
    )


_NUMBER_UNITS = frozenset("万亿兆块")


def suggest(
    docs: Iterable[tuple[str, str]],
    glossary: Glossary,
    limit: int = 50,
    *,
    min_count: int = 2,
    pairs: Sequence[tuple[str, str]] = (),
) -> list[Candidate]:
    """Recurring terms of Chinese Markdown articles that the glossary lacks, best first.

    Candidates are Han n-grams (2–6 characters) and Latin tokens occurring at least ``min_count``
    times. Text already matched by a glossary term is blanked first, so fragments of known terms are
    not proposed. An n-gram that starts or ends with a function character (的, 了, 是 …) or is a very
    common word is dropped, and so is one (nearly) always seen inside a longer kept n-gram: when the
    longer one's count is at least 90% of its own (自定 216 vs 自定义 215), only the maximal one stays.
    Ranking: documents × occurrences, then occurrences, then length, then the term itself.

    ``pairs`` are aligned (source segment, English translation) pairs, such as the entries ``l10n
    import`` filled: each candidate gets the English term that best accompanies it (see
    ``term_pairs``).
    """
    texts: list[str] = []
    readable: list[str] = []  # the same prose as written, for examples (normalize maps 1:1, offsets agree)
    for _path, raw in docs:
        prose = _prose(raw, _path)
        readable.append(prose)
        chars = list(normalize(prose, casefold=False))
        for m in glossary.find(prose):
            chars[m.start : m.end] = " " * (m.end - m.start)
        texts.append("".join(chars))

    runs_per_doc = [[m.group(0) for m in _HAN_RUN_RX.finditer(t)] for t in texts]
    counts: dict[str, int] = {}
    doc_counts: Counter[str] = Counter()
    frequent_prev: set[str] = set()
    for n in range(2, 7):
        level: Counter[str] = Counter()
        level_docs: Counter[str] = Counter()
        for runs in runs_per_doc:
            grams: list[str] = []
            for run in runs:
                if len(run) < n:
                    continue
                seq = [run[i : i + n] for i in range(len(run) - n + 1)]
                if n > 2:
                    # Apriori: a frequent n-gram has frequent (n-1)-gram prefix and suffix.
                    seq = [g for g in seq if g[:-1] in frequent_prev and g[1:] in frequent_prev]
                grams.extend(seq)
            level.update(grams)
            level_docs.update(set(grams))
        frequent_prev = {g for g, c in level.items() if c >= min_count}
        for g in frequent_prev:
            if (
                g[0] not in _FUNCTION_CHARS
                and g[-1] not in _FUNCTION_CHARS
                and g[0] not in _NUMBER_UNITS  # "万块" of "20万块GPU", "亿美元" of "1130亿美元"
                and g not in _COMMON_CHINESE
            ):
                counts[g] = level[g]
                doc_counts[g] = level_docs[g]
        if not frequent_prev:
            break
    dropped: set[str] = set()
    for g, c in counts.items():
        for size in range(2, len(g)):
            for k in range(len(g) - size + 1):
                sub = g[k : k + size]
                sub_count = counts.get(sub)
                if sub_count is not None and 10 * c >= 9 * sub_count:
                    dropped.add(sub)
    for g in dropped:
        del counts[g]

    latin_counts: Counter[str] = Counter()
    latin_docs: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for t in texts:
        seen: set[str] = set()
        for lm in _LATIN_RX.finditer(t):
            token = lm.group(0)
            if not _latin_ok(token):
                continue
            low = token.lower()
            latin_counts[low] += 1
            forms.setdefault(low, Counter())[token] += 1
            seen.add(low)
        latin_docs.update(seen)
    for low, c in latin_counts.items():
        if c >= min_count:
            # Most frequent spelling; Counter keeps first-seen order among equals.
            best = forms[low].most_common(1)[0][0]
            counts[best] = c
            doc_counts[best] = latin_docs[low]

    ranked = sorted(
        (g for g in counts if g not in glossary),
        key=lambda g: (-doc_counts[g] * counts[g], -counts[g], -len(g), g),
    )[: max(0, limit)]
    found = term_pairs(ranked, pairs) if pairs else {}
    out = []
    for g in ranked:
        target, together, aligned = found.get(g, ("", 0, 0))
        example = _example(g, texts, readable)
        out.append(Candidate(g, counts[g], doc_counts[g], example, target, together, aligned))
    return out


# English n-grams that may be a term: 1 to 4 words, not starting or ending with a function word.
_EN_WORD_RX = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'.][A-Za-z0-9]+)*")
_MAX_TERM_WORDS = 4
_MIN_DICE = 0.3


def _english_ngrams(text: str) -> dict[str, str]:
    """Lower-cased n-gram → its spelling, for the prose of one English segment (markup blanked)."""
    prose = inline.strip(text, inline.NOT_PROSE)
    out: dict[str, str] = {}
    for run in re.split(r"[^\w\s'.-]|\.(?:\s|$)|\n", prose):
        words = _EN_WORD_RX.findall(run)
        for n in range(1, _MAX_TERM_WORDS + 1):
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
                if gram[0].lower() in _COMMON_ENGLISH or gram[-1].lower() in _COMMON_ENGLISH:
                    continue
                spelled = " ".join(gram)
                out.setdefault(spelled.lower(), spelled)
    return out


def term_pairs(
    terms: Iterable[str], pairs: Sequence[tuple[str, str]], min_together: int = 2
) -> dict[str, tuple[str, int, int]]:
    """For each source term, the English term seen with it in aligned translations.

    Returns term → (English term, segments holding both, segments holding the source term). The
    English term is the n-gram (1–4 words) with the best Dice coefficient between "the source
    segment holds the term" and "its translation holds the n-gram" over all ``pairs``, seen together
    at least ``min_together`` times and with a coefficient of at least 0.3; longer n-grams win ties.
    A term with no such n-gram is left out.
    """
    grams = [_english_ngrams(en) for _, en in pairs]
    df: Counter[str] = Counter()
    for g in grams:
        df.update(g.keys())
    sources = [normalize(inline.strip(src, inline.NOT_PROSE), casefold=False) for src, _ in pairs]
    out: dict[str, tuple[str, int, int]] = {}
    terms = list(terms)
    for term in terms:
        key = normalize(term, casefold=False)
        latin = not _is_cjk(term[0])
        # Occurrences inside a longer candidate (定义 in 自定义) are that candidate's, not this one's.
        longer = [u for u in (normalize(v, casefold=False) for v in terms if v != term) if key in u]
        hits = []
        for k, src in enumerate(sources):
            for u in longer:
                src = src.replace(u, " ")
            if key.lower() in src.lower() if latin else key in src:
                hits.append(k)
        if len(hits) < min_together:
            continue
        together: Counter[str] = Counter()
        spelling: dict[str, Counter[str]] = {}
        for k in hits:
            together.update(grams[k].keys())
            for low, spelled in grams[k].items():
                spelling.setdefault(low, Counter())[spelled] += 1
        best: tuple[float, int, int, str] | None = None
        for low, c in together.items():
            if c < min_together:
                continue
            dice = 2 * c / (len(hits) + df[low])
            cand = (dice, low.count(" "), c, low)
            if dice >= _MIN_DICE and (best is None or cand > best):
                best = cand
        if best is not None:
            low = best[3]
            out[term] = (spelling[low].most_common(1)[0][0], best[2], len(hits))
    return out


def _example(term: str, texts: Sequence[str], readable: Sequence[str]) -> str:
    if _is_cjk(term[0]):
        rx = re.compile(re.escape(term))
    else:
        rx = re.compile(
            r"(?<![A-Za-z0-9_.\-])" + re.escape(term) + r"(?![A-Za-z0-9_]|[.\-][A-Za-z0-9])", re.IGNORECASE
        )
    for t, shown in zip(texts, readable, strict=True):
        m = rx.search(t)
        if m is not None:
            return _snippet(shown, m.start(), m.end())
    return ""


def suggestions_tsv(cands: Iterable[Candidate]) -> str:
    """Candidates as TSV rows for a translator to fill in: the target seen in aligned translations
    (or empty), the example as note (with the counts behind a proposed target).

    The result is a template, not a valid glossary: ``parse_tsv`` rejects rows whose target is empty.
    """
    lines = ["source\ttarget\tnote"]
    for c in cands:
        note = c.example
        if c.target:
            note = f"seen in {c.target_count} of {c.aligned} aligned translations; {note}"
        lines.append(f"{tsv_cell(c.term)}\t{tsv_cell(c.target)}\t{tsv_cell(note)}")
    return "\n".join(lines) + "\n"
