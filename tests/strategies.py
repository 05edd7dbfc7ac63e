"""Generators of Hugo articles for the reliability suite: Hypothesis strategies and a seeded twin.

``documents()`` draws whole articles (front matter + Markdown body) from the syntax l10n supports:
ATX/setext headings, hard-wrapped CJK/Latin paragraphs with inline markup, nested block quotes and
alerts, nested ordered/bullet/task lists with continuation blocks, GFM tables, fenced and indented
code, HTML blocks, Hugo shortcodes, ``$$`` math, footnote definitions, link reference definitions,
and YAML or TOML front matter whose values are random strings. ``Doc.text`` is what goes on disk
(BOM excluded, see ``Doc.raw``). Text never contains NUL or U+0004, which extract rejects by design.

``random_article(rng)`` builds similar articles from a ``random.Random`` for the subprocess tests
(crash, concurrency), where Hypothesis would be too slow and deterministic corpora are wanted.

Everything here is pure: no disk, no network.
"""

from __future__ import annotations

import random
import string
import tomllib
from dataclasses import dataclass
from typing import Literal

import yaml
from hypothesis import assume
from hypothesis import strategies as st

# --------------------------------------------------------------------------- character pools

PUNCT_ZH = "，。！？、：；“”‘’（）《》…—"
COMMON_ZH = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使"
    "点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明"
)
FRONT_KEYS = ("title", "description", "summary", "linkTitle")
LIST_KEYS = ("tags", "categories", "keywords")
KEYS = FRONT_KEYS + LIST_KEYS + ("main_topics",)  # main_topics is translatable only with extra_keys

NO_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
cjk_char = st.one_of(st.sampled_from(COMMON_ZH), st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF))
cjk_run = st.text(st.one_of(cjk_char, cjk_char, st.sampled_from(PUNCT_ZH)), min_size=1, max_size=12)
latin_word = st.text(st.sampled_from(string.ascii_letters), min_size=1, max_size=9)
number = st.builds(
    lambda n, unit: f"{n}{unit}",
    st.integers(0, 100_000),
    st.sampled_from(["", "%", "年", " 亿美元", ".5", "x"]),
)
# Arbitrary Unicode, Chinese included, minus what a text file cannot hold (surrogates, NUL) and the
# line breaks the generator places itself.
any_text = st.text(
    st.characters(exclude_categories=NO_SURROGATES, exclude_characters="\x00\x04\r\n"), min_size=1, max_size=8
)
word = st.one_of(cjk_run, cjk_run, latin_word, latin_word, number)
slug = st.text(st.sampled_from(string.ascii_lowercase + string.digits + "-"), min_size=1, max_size=10)
label = st.one_of(
    st.integers(1, 30).map(str), st.text(st.sampled_from(string.ascii_lowercase), min_size=1, max_size=5)
)


@st.composite
def simple_text(draw: st.DrawFn, max_words: int = 5) -> str:
    """Words joined the way a writer would: no space around CJK, one space between Latin words."""
    words = draw(st.lists(word, min_size=1, max_size=max_words))
    out = words[0]
    for w in words[1:]:
        out += draw(st.sampled_from(["", " "])) + w
    return out


@st.composite
def inline_atom(draw: st.DrawFn, junk: bool) -> str:
    inner = draw(simple_text(3))
    choices: list[str] = [
        inner,
        inner,
        inner,
        f"*{inner}*",
        f"**{inner}**",
        f"_{inner}_",
        f"~~{inner}~~",
        f"[{inner}](https://example.com/{draw(slug)})",
        f'[{inner}](/posts/{draw(slug)}/ "{draw(cjk_run).replace(chr(34), "")}")',
        f"![{inner}](/img/{draw(slug)}.png)",
        f"<https://example.com/{draw(slug)}>",
        f"[{inner}][ref{draw(st.integers(1, 3))}]",
        "`"
        + draw(
            st.text(st.sampled_from(string.ascii_letters + "()[]{}<>#*_.=+- 中文"), min_size=1, max_size=12)
        ).strip("` ")
        + "x`",
        f"[^{draw(label)}]",
        f'<span class="hl">{inner}</span>',
        "$" + draw(st.sampled_from(["x^2", "a_i", r"\alpha", "E=mc^2"])) + "$",
        f'{{{{< ref "{draw(slug)}.md" >}}}}',
    ]
    if junk:
        choices.append(draw(any_text))
    return draw(st.sampled_from(choices))


@st.composite
def line_text(draw: st.DrawFn, junk: bool = True) -> str:
    """One source line of running text. It starts with a word so it never opens another block."""
    out = draw(word)
    for atom in draw(st.lists(inline_atom(junk), max_size=4)):
        out += draw(st.sampled_from(["", " ", "，", "。 "])) + atom
    return out.rstrip(" \t")


@st.composite
def paragraph(draw: st.DrawFn, junk: bool = True) -> list[str]:
    lines = draw(st.lists(line_text(junk), min_size=1, max_size=4))
    out = []
    for i, ln in enumerate(lines):
        if i < len(lines) - 1:
            ln += draw(st.sampled_from(["", "", "", "  ", "\\"]))  # hard line breaks
        out.append(ln)
    return out


@st.composite
def heading(draw: st.DrawFn, junk: bool = True) -> list[str]:
    text = draw(line_text(junk))
    if draw(st.booleans()):
        level = draw(st.integers(1, 6))
        closing = draw(st.sampled_from(["", "", " #", " " + "#" * level]))
        anchor = draw(st.sampled_from(["", "", f" {{#{draw(slug)}}}"]))
        return [f"{'#' * level} {text}{closing}{anchor}"]
    return [text, draw(st.sampled_from(["===", "---", "=====", "--------"]))]


@st.composite
def fenced_code(draw: st.DrawFn) -> list[str]:
    fence = draw(st.sampled_from(["```", "~~~", "````"]))
    info = draw(st.sampled_from(["", "go", "python", "bash", "json {linenos=true}"]))
    body = draw(
        st.lists(st.one_of(simple_text(), any_text, st.just(""), st.just("# 注释 comment")), max_size=4)
    )
    body = [b for b in body if not b.strip().startswith(("```", "~~~"))]
    return [fence + info, *body, fence]


@st.composite
def indented_code(draw: st.DrawFn) -> list[str]:
    lines = draw(st.lists(simple_text(), min_size=1, max_size=3))
    return ["    " + ln for ln in lines]


@st.composite
def html_block(draw: st.DrawFn) -> list[str]:
    kind = draw(st.integers(0, 3))
    inner = draw(simple_text())
    if kind == 0:
        return ['<div class="note">', inner, "</div>"]
    if kind == 1:
        return [f"<!-- {inner} -->"]
    if kind == 2:
        return ["<!--", inner, "-->"]
    return [f'<iframe src="https://example.com/{draw(slug)}"></iframe>']


@st.composite
def shortcode(draw: st.DrawFn, junk: bool = True) -> list[str]:
    if draw(st.booleans()):
        return [
            f'{{{{< figure src="/img/{draw(slug)}.png" title="{draw(cjk_run).replace(chr(34), "")}" >}}}}'
        ]
    name = draw(st.sampled_from(["notice", "details", "alert"]))
    return [f"{{{{% {name} tip %}}}}", *draw(paragraph(junk)), f"{{{{% /{name} %}}}}"]


@st.composite
def math_block(draw: st.DrawFn) -> list[str]:
    body = draw(st.sampled_from([r"E = mc^2", r"\sum_{i=1}^n x_i", r"\frac{1}{2}", "a + b = c"]))
    return ["$$", body, "$$"] if draw(st.booleans()) else [f"$${body}$$"]


@st.composite
def table(draw: st.DrawFn, junk: bool = True) -> list[str]:
    cols = draw(st.integers(1, 4))
    cell = st.one_of(
        simple_text(3), st.just(""), inline_atom(False), st.builds(lambda a, b: f"{a} \\| {b}", word, word)
    )
    outer = draw(st.booleans())

    def row(cells: list[str]) -> str:
        body = " | ".join(cells)
        return f"| {body} |" if outer or cols == 1 else body

    header = [draw(simple_text(3)) for _ in range(cols)]
    delim = [draw(st.sampled_from(["---", ":--", "--:", ":-:"])) for _ in range(cols)]
    rows = [[draw(cell) for _ in range(cols)] for _ in range(draw(st.integers(0, 3)))]
    return [row(header), row(delim), *(row(r) for r in rows)]


def _prefix(lines: list[str], first: str, rest: str) -> list[str]:
    """Put ``lines`` in a container: ``first`` before the first line, ``rest`` before the others."""
    out = []
    for i, ln in enumerate(lines):
        p = first if i == 0 else rest
        out.append((p + ln) if ln else p.rstrip())
    return out


@st.composite
def block_quote(draw: st.DrawFn, depth: int, junk: bool = True) -> list[str]:
    children = draw(st.lists(block(depth + 1, junk), min_size=1, max_size=3))
    lines: list[str] = []
    if draw(st.integers(0, 4)) == 0:
        lines.append(draw(st.sampled_from(["[!NOTE]", "[!TIP]", "[!WARNING]", "[!IMPORTANT]", "[!CAUTION]"])))
    for i, child in enumerate(children):
        if i:
            lines.append("")
        lines.extend(child)
    return _prefix(lines, "> ", "> ")


@st.composite
def list_block(draw: st.DrawFn, depth: int, junk: bool = True) -> list[str]:
    ordered = draw(st.booleans())
    task = not ordered and draw(st.integers(0, 3)) == 0
    bullet = draw(st.sampled_from(["-", "*", "+"]))
    delim = draw(st.sampled_from([".", ")"]))
    start = draw(st.integers(1, 3))
    loose = draw(st.booleans())
    n_items = draw(st.integers(1, 4))
    lines: list[str] = []
    for k in range(n_items):
        marker = f"{start + k}{delim}" if ordered else bullet
        marker += " "
        if task:
            marker += draw(st.sampled_from(["[ ] ", "[x] ", "[X] "]))
        first = draw(paragraph(junk))
        item = list(first)
        for child in draw(st.lists(block(depth + 1, junk), max_size=2 if depth < 2 else 0)):
            item.append("")
            item.extend(child)
        width = len(marker) - (4 if task else 0)
        if k and loose:
            lines.append("")
        lines.extend(_prefix(item, marker, " " * width))
    return lines


@st.composite
def footnote_def(draw: st.DrawFn, junk: bool = True) -> list[str]:
    lines = [f"[^{draw(label)}]: " + draw(line_text(junk))]
    if draw(st.booleans()):
        lines += ["", "    " + draw(line_text(junk))]
    return lines


@st.composite
def link_ref(draw: st.DrawFn) -> list[str]:
    title = draw(st.sampled_from(["", ' "标题"', " 'Title'", " (括号)"]))
    return [f"[ref{draw(st.integers(1, 3))}]: https://example.com/{draw(slug)}{title}"]


def block(depth: int = 0, junk: bool = True) -> st.SearchStrategy[list[str]]:
    """One block as a list of lines (no line breaks inside a line)."""
    leaves = [
        paragraph(junk),
        paragraph(junk),
        paragraph(junk),
        heading(junk),
        fenced_code(),
        indented_code(),
        html_block(),
        shortcode(junk),
        math_block(),
        table(junk),
        footnote_def(junk),
        link_ref(),
        st.sampled_from([["***"], ["___"], ["- - -"], ["* * *"]]),
    ]
    if depth < 3:
        leaves += [block_quote(depth, junk), list_block(depth, junk), list_block(depth, junk)]
    return st.one_of(*leaves)


@st.composite
def body(draw: st.DrawFn, junk: bool = True, max_blocks: int = 8) -> str:
    blocks = draw(st.lists(block(0, junk), min_size=0, max_size=max_blocks))
    lines: list[str] = []
    for b in blocks:
        if lines:
            lines.append("")
        lines.extend(b)
    text = "\n".join(lines)
    if text and draw(st.integers(0, 5)):
        text += "\n"
    return text


# --------------------------------------------------------------------------- front matter

fm_string = st.one_of(
    simple_text(4),
    simple_text(4),
    st.text(st.one_of(cjk_char, st.sampled_from(string.printable + PUNCT_ZH)), min_size=1, max_size=30),
    st.text(
        st.characters(exclude_categories=NO_SURROGATES, exclude_characters="\x00\x04"),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(
        ["true", "123", "2025-07-03", "null", "~", "a: b", "# not a comment", "- item", "'q'", '"dq"']
    ),
)


def _yaml_scalar(value: str, style: str | None, width: int) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, default_style=style, width=width)
    if dumped.endswith("\n...\n"):
        dumped = dumped[: -len("\n...\n")] + "\n"
    return dumped.rstrip("\n")


@st.composite
def yaml_front_matter(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    keys = draw(
        st.lists(st.sampled_from(KEYS + ("date", "draft", "weight", "isCJKLanguage", "aliases")), unique=True)
    )
    lines: list[str] = []
    data: dict[str, object] = {}
    if draw(st.booleans()):
        lines.append("# " + draw(simple_text()))
    for key in keys:
        if key == "date":
            lines.append("date: 2025-07-03T11:10:04+08:00")
            data[key] = None
            continue
        if key == "draft" or key == "isCJKLanguage":
            lines.append(f"{key}: {draw(st.sampled_from(['true', 'false']))}")
            data[key] = None
            continue
        if key == "weight":
            lines.append(f"weight: {draw(st.integers(0, 99))}")
            data[key] = None
            continue
        if key == "aliases":
            lines.append(f"aliases:\n  - /old/{draw(slug)}/")
            data[key] = None
            continue
        style = draw(st.sampled_from([None, None, "'", '"', "|", ">"]))
        width = draw(st.sampled_from([80, 20]))
        if key in LIST_KEYS:
            items = draw(st.lists(fm_string, min_size=0, max_size=4))
            data[key] = items
            if draw(st.booleans()) or not items:
                flow = yaml.safe_dump(items, allow_unicode=True, default_flow_style=True, width=10**6).strip()
                lines.append(f"{key}: {flow}")
            else:
                lines.append(f"{key}:")
                for it in items:
                    scalar = _yaml_scalar(it, style if style in (None, "'", '"') else None, width)
                    lines.append("  - " + scalar.replace("\n", "\n    "))
        else:
            value = draw(fm_string)
            data[key] = value
            lines.append(f"{key}: {_yaml_scalar(value, style, width)}")
    text = "\n".join(lines)
    loaded = yaml.safe_load(text) if text.strip() else None
    loaded = loaded or {}
    assume(isinstance(loaded, dict))
    for k, v in data.items():
        if v is not None:
            assume(loaded.get(k) == v)  # a value PyYAML itself does not round-trip is not our concern
    return "---\n" + text + ("\n" if text else "") + "---\n", {k: v for k, v in data.items() if v is not None}


def toml_basic(s: str) -> str:
    out = []
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_string(s: str, style: int) -> str:
    controls = any((ord(c) < 0x20 and c not in "\t\n") or ord(c) == 0x7F for c in s)
    if style == 1 and "'" not in s and "\n" not in s and not controls:
        return f"'{s}'"
    # A newline right after the opening delimiter of a multi-line string is trimmed by TOML.
    if style == 2 and "'''" not in s and not s.endswith("'") and not s.startswith("\n") and not controls:
        return f"'''{s}'''"
    if style == 3 and not s.startswith("\n"):
        body = toml_basic(s)[1:-1].replace("\\n", "\n")
        return f'"""{body}"""'
    return toml_basic(s)


@st.composite
def toml_front_matter(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    keys = draw(st.lists(st.sampled_from(KEYS + ("date", "draft", "weight")), unique=True))
    lines: list[str] = []
    data: dict[str, object] = {}
    for key in keys:
        if key == "date":
            lines.append("date = 2025-07-03T11:10:04+08:00")
            continue
        if key == "draft":
            lines.append("draft = false")
            continue
        if key == "weight":
            lines.append(f"weight = {draw(st.integers(0, 99))}")
            continue
        if key in LIST_KEYS:
            items = draw(st.lists(fm_string, max_size=4))
            data[key] = items
            rendered = [_toml_string(it, draw(st.integers(0, 3))) for it in items]
            lines.append(f"{key} = [{', '.join(rendered)}]")
        else:
            value = draw(fm_string)
            data[key] = value
            lines.append(f"{key} = {_toml_string(value, draw(st.integers(0, 3)))}")
    if draw(st.integers(0, 3)) == 0:
        lines += ["", "[params]", f"title = {toml_basic(draw(simple_text()))}"]
    text = "\n".join(lines)
    loaded = tomllib.loads(text)
    for k, v in data.items():
        assert loaded[k] == v, (k, v, text)
    return "+++\n" + text + ("\n" if text else "") + "+++\n", data


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Doc:
    """A generated article: ``text`` as decoded (no BOM), ``bom`` and ``crlf`` as written on disk."""

    text: str
    front: dict[str, object]
    body_start: int
    bom: bool = False

    @property
    def raw(self) -> bytes:
        return ("\ufeff" if self.bom else "").encode() + self.text.encode("utf-8")


@st.composite
def documents(draw: st.DrawFn, junk: bool = True, max_blocks: int = 8) -> Doc:
    """A whole article; ``junk`` mixes arbitrary Unicode into running text."""
    kind = draw(st.sampled_from(["yaml", "yaml", "toml", "none"]))
    front: str = ""
    data: dict[str, object] = {}
    if kind == "yaml":
        front, data = draw(yaml_front_matter())
    elif kind == "toml":
        front, data = draw(toml_front_matter())
    text = draw(body(junk, max_blocks))
    if front and text and draw(st.booleans()):
        text = "\n" + text
    if not front:
        # A first line of "---" or "+++" would open front matter.
        first = text.split("\n", 1)[0].rstrip(" \t")
        if first in ("---", "+++"):
            text = "段落。\n\n" + text
    full = front + text
    if draw(st.integers(0, 5)) == 0:
        full = full.replace("\n", "\r\n")
        front = front.replace("\n", "\r\n")
    return Doc(full, data, len(front), bom=draw(st.integers(0, 7)) == 0)


# --------------------------------------------------------------------------- seeded twin


def random_article(rng: random.Random, paragraphs: int = 12) -> str:
    """A plausible article without Hypothesis: YAML front matter, headings, paragraphs, lists, code."""

    def zh(n: int) -> str:
        return "".join(rng.choice(COMMON_ZH) for _ in range(n))

    def sentence() -> str:
        parts = [zh(rng.randint(4, 14))]
        if rng.random() < 0.4:
            parts.append(rng.choice([" Kitex ", " Hertz ", " 2025 年", " **" + zh(3) + "**", " `go run`"]))
            parts.append(zh(rng.randint(3, 10)))
        return "".join(parts) + rng.choice("。！？")

    title = zh(rng.randint(4, 12))
    tags = ", ".join(zh(rng.randint(2, 4)) for _ in range(rng.randint(1, 3)))
    out = [
        "---",
        f"title: {title}",
        f'description: "{sentence()}"',
        "date: 2025-07-03T11:10:04+08:00",
        f"tags: [{tags}]",
        "isCJKLanguage: true",
        "---",
        "",
    ]
    for i in range(paragraphs):
        r = rng.random()
        if r < 0.15:
            out += [f"## {zh(rng.randint(3, 8))}", ""]
        elif r < 0.3:
            out += [f"- {sentence()}" for _ in range(rng.randint(1, 4))] + [""]
        elif r < 0.38:
            out += ["```go", 'fmt.Println("' + zh(4) + '")', "```", ""]
        elif r < 0.45:
            out += [f"> {sentence()}", ""]
        elif r < 0.5:
            out += ["| 列 | 值 |", "| --- | --- |", f"| {zh(3)} | {rng.randint(1, 99)} |", ""]
        else:
            # Hard-wrapped paragraph.
            lines = [sentence() for _ in range(rng.randint(1, 4))]
            out += lines + [""]
        if i == paragraphs - 1:
            out.append(f"结尾{zh(6)}。")
    return "\n".join(out) + "\n"


def edit_article(rng: random.Random, text: str) -> str:
    """A small source edit of an article made by ``random_article`` (for re-extract scenarios)."""
    lines = text.split("\n")
    body_start = lines.index("---", 1) + 1
    candidates = [
        i for i in range(body_start, len(lines)) if lines[i] and not lines[i].startswith(("```", "|", "fmt"))
    ]
    i = rng.choice(candidates)
    action = rng.random()
    if action < 0.4:
        lines[i] = lines[i] + "新增的内容。"
    elif action < 0.7:
        lines.insert(i, "")
        lines.insert(i, "插入的段落" + str(rng.randint(0, 10**6)) + "。")
    else:
        del lines[i]
    return "\n".join(lines)


def pseudo(s: str) -> str:
    return f"⟦{s}⟧"
