"""PO reading and writing, refereed by GNU gettext itself.

The layout tests write ``generate_po`` output to a file, run ``msgcat`` (gettext 0.21) over it and
require byte equality: our file must be a fixed point of gettext. Entries are batched into one
file per ``msgcat`` call. ``msgfmt -c`` must accept what we write, ``parse_po`` must invert
``generate_po``, and every parse error must name the right line.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import difflib
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import CORPUS, slow_mode
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.formats.po import _wrap, escape, generate_po, parse_po, unescape
from l10n.model import Catalog, Entry, ParseError

MSGCAT = shutil.which("msgcat")
MSGFMT = shutil.which("msgfmt")
needs_msgcat = pytest.mark.skipif(MSGCAT is None, reason="GNU gettext msgcat is not installed")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU gettext msgfmt is not installed")

HEADER = [
    ("Project-Id-Version", "l10n-test 1.0"),
    ("Report-Msgid-Bugs-To", ""),
    ("POT-Creation-Date", "2025-07-01 12:00+0000"),
    ("PO-Revision-Date", "2025-07-02 08:30+0000"),
    ("Last-Translator", "Test Translator <translator@example.com>"),
    ("Language-Team", "English <en@example.com>"),
    ("Language", "en"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
]


# ----------------------------------------------------------------------------- helpers


def run_msgcat(text: str, tmp_path: Path, name: str = "in.po") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert MSGCAT is not None
    proc = subprocess.run([MSGCAT, str(path)], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    return proc.stdout.decode("utf-8")


def assert_msgcat_fixed_point(catalog: Catalog, tmp_path: Path, width: int = 79) -> str:
    """generate_po(catalog) must come back from msgcat unchanged; returns the generated text."""
    ours = generate_po(catalog, width)
    if width != 79:
        path = tmp_path / "w.po"
        path.write_text(ours, encoding="utf-8")
        assert MSGCAT is not None
        proc = subprocess.run([MSGCAT, f"--width={width}", str(path)], capture_output=True, timeout=120)
        assert proc.returncode == 0, proc.stderr.decode()
        theirs = proc.stdout.decode("utf-8")
    else:
        theirs = run_msgcat(ours, tmp_path)
    if theirs != ours:
        diff = "".join(
            list(difflib.unified_diff(theirs.splitlines(True), ours.splitlines(True), "msgcat", "ours"))[:60]
        )
        pytest.fail(f"generate_po output differs from msgcat:\n{diff}")
    return ours


def without_linenos(catalog: Catalog) -> Catalog:
    return dataclasses.replace(catalog, entries=[dataclasses.replace(e, lineno=0) for e in catalog.entries])


def assert_round_trip(catalog: Catalog, text: str | None = None) -> None:
    if text is None:
        text = generate_po(catalog)
    parsed = parse_po(text, "rt.po")
    assert without_linenos(parsed) == without_linenos(catalog)
    assert generate_po(parsed) == text


def assert_msgfmt_ok(text: str, tmp_path: Path) -> None:
    path = tmp_path / "check.po"
    path.write_text(text, encoding="utf-8")
    assert MSGFMT is not None
    proc = subprocess.run(
        [MSGFMT, "-c", "--check-format", "-o", "/dev/null", str(path)], capture_output=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[:2000]


def entries_for(texts: list[str], translations: list[str], tag: str) -> list[Entry]:
    """Entries with unique contexts; msgstr ends/starts with "\\n" exactly when msgid does (msgfmt -c)."""
    out: list[Entry] = []
    for i, text in enumerate(texts):
        tr = translations[i % len(translations)].strip("\n") if translations else ""
        if tr:
            tr = ("\n" if text.startswith("\n") else "") + tr + ("\n" if text.endswith("\n") else "")
        out.append(Entry(msgid=text, msgstr=tr, context=f"{tag}-{i}"))
    return out


# ----------------------------------------------------------------------------- corpus


def _article_paths() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    zh = sorted((CORPUS / "articles" / "cloudwego" / "zh").rglob("*.md"))
    seed = sorted((CORPUS / "seed").glob("*.md"))
    return zh + seed


@pytest.fixture(scope="module")
def corpus_catalog() -> tuple[Catalog, str]:
    """One entry per paragraph and per non-blank line of every zh article and the seed article."""
    paths = _article_paths()
    en = sorted((CORPUS / "articles" / "cloudwego" / "en").rglob("*.md"))
    translations = [
        p.strip("\n") for f in en for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()
    ]
    entries: list[Entry] = []
    for n, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        pieces = [p.strip("\n") for p in text.split("\n\n") if p.strip()]
        pieces += [line for line in text.split("\n") if line.strip()]
        rel = path.relative_to(CORPUS).as_posix()
        for i, piece in enumerate(pieces):
            tr = translations[(n * 7919 + i) % len(translations)]
            entries.append(
                Entry(
                    msgid=piece,
                    msgstr=tr if i % 5 else "",
                    context=f"a{n}-p{i}",
                    references=[f"{rel}:{i + 1}"],
                )
            )
    catalog = Catalog(header=list(HEADER), header_comments=["Corpus layout test."], entries=entries)
    return catalog, generate_po(catalog)


@needs_msgcat
def test_corpus_articles_match_msgcat(corpus_catalog: tuple[Catalog, str], tmp_path: Path) -> None:
    catalog, text = corpus_catalog
    theirs = run_msgcat(text, tmp_path)
    if theirs != text:
        diff = list(difflib.unified_diff(theirs.splitlines(True), text.splitlines(True), "msgcat", "ours"))
        pytest.fail("generate_po output differs from msgcat:\n" + "".join(diff[:60]))


def test_corpus_round_trip(corpus_catalog: tuple[Catalog, str]) -> None:
    assert_round_trip(*corpus_catalog)


@needs_msgfmt
def test_corpus_msgfmt_check(corpus_catalog: tuple[Catalog, str], tmp_path: Path) -> None:
    assert_msgfmt_ok(corpus_catalog[1], tmp_path)


# ----------------------------------------------------------------------------- hand-written cases

URL = "https://github.com/cloudwego/kitex/blob/develop/pkg/remote/trans/netpoll/bytebuf.go#L120-L180"
CASES = [
    "",
    "short",
    "一个简单的中文句子。",
    f"完整的示例代码请参考 {URL} 中的实现，以及 [文档](https://www.cloudwego.io/zh/docs/kitex/tutorials/)。",
    URL + URL,
    "Kitex 是字节跳动内部的 Golang 微服务 RPC 框架，具有高性能、强可扩展的特点，在字节内部已广泛使用。"
    "如果对微服务性能有要求，又希望定制扩展融入自己的治理体系，Kitex 会是一个不错的选择。",
    "第一行\n第二行在中间\n最后一行以换行结尾\n",
    "ends with newline only\n",
    "\n",
    "\n\nleading newlines and a long tail that keeps going well past the right margin of the page "
    "so that it has to wrap",
    'He said "你好" and then \\ left a backslash, a "quoted \\"escaped\\" word" and C:\\path\\to\\file.',
    "tab\tseparated\tcolumns\tfor\ta\ttable\trow\tthat\tis\tquite\tlong\tand\tkeeps\tgoing\tand\tgoing\tyes",
    "control escapes \a \b \f \v \r mixed in a line that is long enough to wrap somewhere near the end ok",
    "全角标点：，。、；！？“引号”‘单引号’「括号」『书名』（圆括号）《书名号》……——·～【方括号】",
    "数字与单位：QPS 提升 30%，延迟降低 50ms，内存占用 1.5GB，版本 v0.13.0 发布于 2024-03-30。",
    "**加粗** _斜体_ `code` ~~删除~~ [链接](https://example.com/a/b?c=d&e=f) ![图](/img/a.png) <br/> &nbsp;",
    "ＦＵＬＬＷＩＤＴＨ　ＡＳＣＩＩ　ｆｏｒｍｓ　１２３４５６７８９０"
    "　ａｎｄ　ｍｏｒｅ　ｆｕｌｌｗｉｄｔｈ　ｌｅｔｔｅｒｓ",
    "x" * 71,
    "x" * 72,
    "y" * 200,
    " ".join(["word"] * 40),
    "  leading and trailing spaces  " * 4,
    "a-very-long-hyphenated-identifier-that-goes-on-and-on-without-any-spaces-at-all-for-quite-a-while",
    "path/to/some/deeply/nested/directory/structure/that/is/long/enough/to/wrap/file.go:123",
    "e.g. i.e. etc. 1.2.3.4 3.14159 $100 100% (parenthesised) [bracketed] {braced} <angled> a|b|c",
    "emoji 🎉🚀 and flags 🇨🇳🇺🇸🇯🇵 and family 👨\u200d👩\u200d👧\u200d👦 with skin 👍🏽 tones in a long line",
    "combining: e\u0301 a\u0308 n\u0303 and space + mark: \u0301 then text that wraps around the edge a bit",
    "עברית-טקסט עם מקף: שלום-עולם ועוד מילים כדי שהשורה תהיה ארוכה מספיק לשבירה בסוף",
    "line\u2028separator and next\u0085line in a string that is long enough to wrap around the margin",
    "zero\u200bwidth\u200bspaces\u200bbetween\u200bevery\u200bsingle\u200bword"
    "\u200bof\u200bthis\u200bline ok",
    "한국어 문장도 포함됩니다. 줄 바꿈 규칙이 다릅니다. 이 문장은 충분히 길어서 줄을 바꿔야 합니다.",
    "日本語のテキスト、ひらがなとカタカナ。ー長音記号々繰り返し記号も含めて、十分に長い文章にします。",
    "末尾的转义\\",
    "raw controls take no columns: \x1b[31mred\x1b[0m, del \x7f, \x01\x02 - and the line goes on and on",
]


def handwritten_catalog() -> Catalog:
    entries = entries_for(CASES, ["A translation.", "Another, longer translation that wraps " * 3], "case")
    entries += [
        Entry(
            msgid="带翻译者注释和提取注释的条目",
            msgstr="Entry with comments",
            context="comments",
            translator_comments=["translator note", "", "second note"],
            extracted_comments=["kind: paragraph", ""],
            references=[f"content/zh/docs/section-{i}/very-long-article-name.md:{i * 37}" for i in range(8)]
            + [f"content/zh/博客/第{i}篇文章.md:{i}" for i in range(6)],
            flags=["fuzzy"],
            previous_msgid="带翻译者注释的旧条目，这一行比较长，"
            "需要在页面宽度处换行，以测试前缀 #| 的宽度计算。",
            previous_context="comments-old",
        ),
        Entry(
            msgid="one file",
            msgid_plural="%d files",
            msgstr_plural={0: "一个文件", 1: "%d 个文件"},
            context="pl",
        ),
        Entry(
            msgid="废弃的条目，它的文本很长很长，需要换行才能放下，"
            "以测试 #~ 前缀对宽度的影响，再加一些文字。",
            msgstr="An obsolete entry whose text is long enough that the #~ prefix changes where it wraps.",
            context="gone-1",
            obsolete=True,
            flags=["fuzzy"],
            previous_msgid="旧的废弃条目文本，也很长很长，需要换行才能放下，以测试 #~| 前缀对宽度的影响。",
            previous_context="gone-0",
            references=["content/zh/old.md:3"],
        ),
        Entry(msgid="废弃\n多行\n", msgstr="obsolete\nmulti-line\n", context="gone-2", obsolete=True),
    ]
    return Catalog(
        header=list(HEADER),
        header_comments=["Hand-written layout cases.", "Copyright (C) 2025 nobody"],
        header_flags=["fuzzy"],
        entries=entries,
    )


@needs_msgcat
def test_handwritten_cases_match_msgcat(tmp_path: Path) -> None:
    assert_msgcat_fixed_point(handwritten_catalog(), tmp_path)


@needs_msgcat
@pytest.mark.parametrize("width", [40, 60, 100])
def test_other_page_widths_match_msgcat(width: int, tmp_path: Path) -> None:
    assert_msgcat_fixed_point(handwritten_catalog(), tmp_path, width)


@needs_msgcat
def test_every_length_near_the_margin_matches_msgcat(tmp_path: Path) -> None:
    """Lengths around each prefix's first-line and continuation limits, ASCII and CJK."""
    texts: list[str] = []
    for n in range(60, 84):
        texts.append("x" * n)
        texts.append(("abc " * 30)[:n])
        texts.append(("中文" * 50)[: n // 2])
        texts.append("中" * (n // 2) + "a")
        texts.append(("中文，" * 30)[: n // 2] + "\n")
        texts.append("a" * (n - 3) + " bb")
    entries = entries_for(texts, [], "len")
    entries += [
        Entry(msgid=t, msgstr=t, context=f"old-{i}", obsolete=True, previous_msgid=t)
        for i, t in enumerate(texts)
    ]
    catalog = Catalog(header=list(HEADER), entries=entries)
    assert_msgcat_fixed_point(catalog, tmp_path)
    assert_round_trip(catalog)


def test_handwritten_round_trip() -> None:
    assert_round_trip(handwritten_catalog())


@needs_msgfmt
def test_handwritten_msgfmt_check(tmp_path: Path) -> None:
    catalog = handwritten_catalog()
    # msgfmt -c rightly rejects the deliberately odd ones (\r, \a ... escapes; plural without %d).
    catalog.entries = [
        e
        for e in catalog.entries
        if not any(c in e.msgid for c in "\a\b\f\v\r\u2028\u0085") and not e.msgid_plural
    ]
    assert_msgfmt_ok(generate_po(catalog), tmp_path)


# ----------------------------------------------------------------------------- property tests

REALISTIC = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    + " " * 12
    + "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\n"
    + "".join(chr(c) for c in range(0x4E00, 0x4E00 + 400, 3))
    + "，。、：；！？“”‘’「」『』（）《》…—·～【】％＃＠０１２ＡＢｃ　"
)
realistic_text = st.text(alphabet=REALISTIC, max_size=260)
# Broad Unicode, minus what a PO file cannot hold raw (surrogates, NUL and other C0/C1 controls).
broad_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from('\t\n"\\ '),
    max_size=160,
)


def _batch_catalog(texts: list[str]) -> Catalog:
    entries = entries_for(texts, list(reversed(texts)) or ["x"], "h")
    for i, e in enumerate(entries):
        if i % 4 == 3 and e.msgstr:
            e.obsolete = True
            e.previous_msgid = texts[(i + 1) % len(texts)]
    entries.sort(key=lambda e: e.obsolete)
    return Catalog(header=list(HEADER), entries=entries)


@needs_msgcat
@settings(max_examples=100 if slow_mode() else 8, deadline=None)
@given(st.lists(realistic_text, min_size=20, max_size=25))
def test_realistic_text_matches_msgcat(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    catalog = _batch_catalog(texts)
    assert_msgcat_fixed_point(catalog, tmp_path_factory.mktemp("hyp"))
    assert_round_trip(catalog)


@needs_msgcat
@settings(max_examples=50 if slow_mode() else 4, deadline=None)
@given(st.lists(broad_text, min_size=20, max_size=25))
def test_broad_unicode_matches_msgcat(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    catalog = _batch_catalog(texts)
    assert_msgcat_fixed_point(catalog, tmp_path_factory.mktemp("hyp"))
    assert_round_trip(catalog)


@given(st.text(max_size=80))
def test_escape_unescape_inverse(s: str) -> None:
    assert unescape(escape(s)) == s


# ----------------------------------------------------------------------------- libunistring cross-check


def _libunistring() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("unistring")
    try:
        return ctypes.CDLL(name or "libunistring.so.2")
    except OSError:
        return None


def _reference_wrap(lib: ctypes.CDLL, prefix: str, name: str, value: str, page_width: int = 79) -> str:
    """write-po.c's wrap() transcribed, calling libunistring's own ulc_width_linebreaks."""
    # gettext 0.21 built against libunistring >= 1.0 calls the _v2 entry point.
    linebreaks = getattr(lib, "ulc_width_linebreaks_v2", None) or lib.ulc_width_linebreaks
    escapes = {
        "\a": "a",
        "\b": "b",
        "\f": "f",
        "\n": "n",
        "\r": "r",
        "\t": "t",
        "\v": "v",
        "\\": "\\",
        '"': '"',
    }
    out: list[str] = []
    first = True
    parts = [p for p in value.split("\n")]
    portions = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] or len(parts) == 1 else [])
    for k, part in enumerate(portions):
        portion = bytearray()
        overrides = bytearray()
        for ch in part:
            if ch in escapes:
                portion += b"\\" + escapes[ch].encode()
                overrides += b"\x00\x01"  # UC_BREAK_UNDEFINED, UC_BREAK_PROHIBITED
            else:
                raw = ch.encode()
                portion += raw
                overrides += b"\x00" * len(raw)
        if part.endswith("\n"):
            overrides[len(portion) - 2] = 1
        n = len(portion)
        after_break = len(prefix) + 1
        width = page_width - 1 - after_break
        while True:
            startcol = len(prefix) + (len(name) + 1 if first else 0) + 1 - after_break
            breaks = ctypes.create_string_buffer(n)
            linebreaks(bytes(portion), ctypes.c_size_t(n), width, startcol, 0, bytes(overrides),
                                     b"UTF-8", breaks)  # fmt: skip
            marks = breaks.raw
            if first and n and (k + 1 < len(portions) or startcol > width or 2 in marks):
                out.append(f'{prefix}{name} ""\n')
                first = False
                continue
            break
        line = bytearray((prefix + (f"{name} " if first else "") + '"').encode())
        first = False
        for i in range(n):
            if marks[i] == 2:  # UC_BREAK_POSSIBLE
                line += b'"\n' + prefix.encode() + b'"'
            line.append(portion[i])
        out.append(line.decode() + '"\n')
    return "".join(out)


@pytest.mark.slow
def test_wrap_matches_libunistring_on_random_strings() -> None:
    """Many more strings than msgcat calls allow, against the library msgcat itself uses."""
    lib = _libunistring()
    if lib is None:
        pytest.skip("libunistring is not loadable")
    rng = random.Random(14)
    pool = list(REALISTIC) + [chr(c) for c in rng.sample(range(0x20, 0x30000), 3000) if chr(c).isprintable()]
    count = 20000 if slow_mode() else 1500
    for _ in range(count):
        value = "".join(rng.choice(pool) for _ in range(rng.choice([10, 40, 90, 200, 400])))
        prefix = rng.choice(["", "#~ ", "#| ", "#~| "])
        name = rng.choice(["msgid", "msgstr", "msgctxt", "msgstr[1]"])
        out: list[str] = []
        _wrap(out, prefix, name, value, 79)
        assert "".join(out) == _reference_wrap(lib, prefix, name, value), (prefix, name, value)


# ----------------------------------------------------------------------------- gettext normal form


@needs_msgcat
def test_normalisations_follow_msgcat(tmp_path: Path) -> None:
    catalog = Catalog(
        header=[("Content-Type", "text/plain; charset=UTF-8")],
        entries=[
            Entry(msgid="untranslated but fuzzy", msgstr="", context="a", flags=["fuzzy"]),
            Entry(msgid="refs", msgstr="r", context="b", references=["a.md:1", "a.md:1", "./b.md:2", "c.md"]),
            Entry(msgid="obsolete, untranslated", msgstr="", context="c", obsolete=True),
            Entry(msgid="first", msgstr="f", context="d", obsolete=True),
            Entry(msgid="after obsolete", msgstr="g", context="e"),
        ],
    )
    text = assert_msgcat_fixed_point(catalog, tmp_path)
    assert "#, fuzzy" not in text
    assert "#: a.md:1 b.md:2 c.md\n" in text
    assert "obsolete, untranslated" not in text
    assert text.index("after obsolete") < text.index("#~ msgid")


def test_layout_details() -> None:
    assert generate_po(Catalog()) == ""
    text = generate_po(Catalog(header=[("Content-Type", "text/plain; charset=UTF-8")]))
    assert text == 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
    e = Entry(msgid="a\nb", msgstr="", context="x")
    assert generate_po(Catalog(entries=[e])) == 'msgctxt "x"\nmsgid ""\n"a\\n"\n"b"\nmsgstr ""\n'
    e = Entry(msgid="x", msgstr="y", translator_comments=["multi\nline"], flags=["fuzzy", "c-format"])
    assert generate_po(Catalog(entries=[e])) == '# multi\n# line\n#, fuzzy, c-format\nmsgid "x"\nmsgstr "y"\n'
    long = "word " * 30
    e = Entry(msgid=long, msgstr="", flags=["no-wrap"])
    assert f'msgid "{long}"\n' in generate_po(Catalog(entries=[e]))


# ----------------------------------------------------------------------------- parsing

SAMPLE = """\
# Translator comment
# Second line
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: demo\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#  indented comment
#.extracted
#. second extracted
#: a.md:1 b.md:22
#: c.md:3
#, fuzzy, c-format
#| msgctxt "old"
#| msgid ""
#| "old "
#| "text"
msgctxt "p-1a2b"
msgid ""
"multi "
"line\\n"
msgstr "escapes: \\t \\" \\\\ \\a \\b \\f \\v \\r \\101 \\x42 \\303\\251"

msgid "one"
msgid_plural "many"
msgstr[0] "un"
msgstr[1] "plusieurs"

#, fuzzy
#~| msgid "gone before"
#~ msgctxt "p-gone"
#~ msgid "gone"
#~ msgstr ""
#~ "parti"
"""


def test_parse_sample() -> None:
    cat = parse_po(SAMPLE, "s.po")
    assert cat.header_comments == ["Translator comment", "Second line"]
    assert cat.header_flags == ["fuzzy"]
    assert cat.header == [
        ("Project-Id-Version", "demo"),
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
    ]
    a, b, c = cat.entries
    assert a == Entry(
        msgid="multi line\n",
        msgstr='escapes: \t " \\ \a \b \f \v \r A B é',
        context="p-1a2b",
        flags=["fuzzy", "c-format"],
        translator_comments=[" indented comment"],
        extracted_comments=["extracted", "second extracted"],
        references=["a.md:1", "b.md:22", "c.md:3"],
        previous_context="old",
        previous_msgid="old text",
        lineno=21,
    )
    assert (b.msgid, b.msgid_plural, b.msgstr_plural, b.lineno) == (
        "one",
        "many",
        {0: "un", 1: "plusieurs"},
        26,
    )
    assert (c.obsolete, c.context, c.msgid, c.msgstr, c.previous_msgid, c.fuzzy, c.lineno) == (
        True, "p-gone", "gone", "parti", "gone before", True, 34,
    )  # fmt: skip


def test_parse_crlf_and_bom() -> None:
    text = "\ufeff" + SAMPLE.replace("\n", "\r\n")
    assert parse_po(text, "s.po") == parse_po(SAMPLE, "s.po")


def test_parse_of_msgcat_output_regenerates_it(tmp_path: Path) -> None:
    # A file gettext wrote (msgcat normal form) comes back byte for byte.
    text = generate_po(handwritten_catalog())
    assert generate_po(parse_po(text, "x.po")) == text


ERRORS = [
    ('msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr ""\n', 4, "unterminated string"),
    ('msgid "a"\nmsgstr "b\\"\n', 2, "unterminated string"),
    ('msgstr "b"\n', 1, "msgstr without msgid"),
    ('msgctxt "x"\nmsgstr "b"\n', 2, "msgstr without msgid"),
    ('msgid "a"\nmsgtsr "b"\n', 2, 'unknown keyword "msgtsr"'),
    ('msgid "a"\nmsgstr "b"\nfoo\n', 3, 'unknown keyword "foo"'),
    ('msgid "a"\nmsgstrx "b"\n', 2, 'unknown keyword "msgstrx"'),
    ('msgctxt "p-1a2b"\nmsgid "a"\nmsgstr ""\n\n\nmsgctxt "p-1a2b"\nmsgid "a"\nmsgstr "x"\n', 7,
     'duplicate entry for msgctxt "p-1a2b" (first at line 2)'),
    ('msgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n', 4, 'duplicate entry for msgid "a" (first at line 1)'),
    ('msgid "a"\nmsgstr "\\q"\n', 2, 'invalid escape sequence "\\q"'),
    ('msgid "a"\nmsgstr ""\n"\\400"\n', 3, "out of range"),
    ('msgid "a"\nmsgstr "\\377"\n', 2, "valid UTF-8"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 1, "missing 'msgstr' section"),
    ('msgid "a"\n', 1, "missing 'msgstr' section"),
    ('msgctxt "a"\n', 1, "msgctxt without msgid"),
    ('"orphan"\n', 1, "string continuation without a keyword"),
    ('msgid "a"\nmsgstr "b" x\n', 2, "unexpected text after string"),
    ("msgid\nmsgstr \"\"\n", 1, "missing string after msgid"),
    ('msgid a\nmsgstr ""\n', 1, "expected a quoted string"),
    ('msgid "a"\n# comment\nmsgstr ""\n', 1, "missing 'msgstr' section"),
    ('msgid "a"\nmsgstr "b"\n\n# dangling comment\n', 4, "comment not followed by an entry"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr "c"\n', 3, "needs an index"),
    ('msgid "a"\nmsgstr[0] "c"\n', 2, "without msgid_plural"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr[1] "c"\n', 3, "out of order"),
    ('msgid "a"\nmsgstr ""\nmsgstr ""\n', 3, "second msgstr"),
    ('#~ msgid "a"\nmsgstr ""\n', 2, "inconsistent use of #~"),
    ('#| msgid "old"\n#~ msgid "a"\n#~ msgstr "b"\n', 2, "inconsistent use of #~"),
    ('#| msgid_plural "old"\nmsgid "a"\nmsgstr ""\n', 1, "msgid_plural"),
    ('#| msgtxt "old"\nmsgid "a"\nmsgstr ""\n', 1, 'unknown keyword "msgtxt"'),
    ('msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n"Content-Type: text/plain; charset=latin1\\n"\n', 4,
     "charset"),
    ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CHARSET\\n"\n', 3, "charset"),
    ('msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n"no colon here\\n"\n', 4, "Key: value"),
    ('#: a.md:1\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', 2, "header entry"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "fragment"), ERRORS)
def test_parse_errors_report_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_po(text, "bad.po")
    err = info.value
    assert (err.path, err.line) == ("bad.po", line), err.message
    assert fragment in err.message
    assert str(err).startswith(f"bad.po:{line}: ")


def test_parse_errors_through_crlf_keep_lines() -> None:
    with pytest.raises(ParseError) as info:
        parse_po('msgid "a"\r\nmsgstr "b"\r\n\r\nmsgid "c\r\n', "bad.po")
    assert info.value.line == 4


def test_parse_accepts_gettext_leniencies() -> None:
    text = '  msgid   "a" "b"\n\tmsgstr "c"\n\n#, fuzzy c-format\n#~ msgid "o"\n#~ msgstr "p"\n'
    cat = parse_po(text, "x.po")
    assert [(e.msgid, e.msgstr) for e in cat.entries] == [("ab", "c"), ("o", "p")]
    assert cat.entries[1].flags == ["fuzzy", "c-format"]
    # Duplicates are allowed when one side is obsolete, and the charset may be spelled utf8.
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf8\\n"\n\nmsgid "a"\nmsgstr "b"\n\n'
    text += '#~ msgid "a"\n#~ msgstr "c"\n'
    assert len(parse_po(text, "x.po").entries) == 2


# ----------------------------------------------------------------------------- speed


def test_two_hundred_entries_are_fast() -> None:
    rng = random.Random(3)
    pool = REALISTIC.replace("\n", "")
    entries = [
        Entry(
            msgid="".join(rng.choice(pool) for _ in range(rng.randint(20, 160))),
            msgstr="".join(rng.choice(pool) for _ in range(rng.randint(20, 240))),
            context=f"p-{i:04x}",
            references=[f"content/zh/post.md:{i}"],
        )
        for i in range(200)
    ]
    catalog = Catalog(header=list(HEADER), entries=entries)
    text = generate_po(catalog)  # warm the tables
    start = time.perf_counter()
    for _ in range(5):
        text = generate_po(catalog)
    generate_s = (time.perf_counter() - start) / 5
    start = time.perf_counter()
    for _ in range(5):
        parse_po(text, "x.po")
    parse_s = (time.perf_counter() - start) / 5
    # Typically ~3 ms each; the bound only catches a pathological regression on a loaded machine.
    assert generate_s < 0.25 and parse_s < 0.25, (generate_s, parse_s)
