"""Deterministic synthetic corpus of Chinese Hugo articles for the l10n benchmarks.

Article ``i`` depends only on ``(seed, i)``, so the corpus of N articles is a prefix of the corpus of
any larger N and two runs give byte-identical files. Sizes are log-uniform between 2 and 20 KB (median
about 6 KB, like real tech blogs). Front matter is YAML (about 85 %) or TOML; bodies mix headings,
paragraphs (some hard-wrapped), block quotes, nested and task lists, GFM tables, footnotes, fenced code,
Hugo shortcodes (standalone and paired), images, links, emphasis, inline code, thematic breaks, HTML
comments and GitHub alerts. The Chinese text comes from the word list below (written for this file),
mixed with Latin product names and quantities such as 1130亿美元 or 20万块GPU.

``pseudo_translate`` turns a msgid into a plausible "English" msgstr (numbers and dates converted with
l10n's own ``normalize_draft`` when importable, Han runs replaced by Latin pseudo-words, markup kept),
so that merge writes every article and check sees a clean, fully translated site.

Usage: ``python bench/corpus.py OUT_DIR -n 1000 [--seed 1]`` writes ``OUT_DIR/content/zh/**.md``.
"""

from __future__ import annotations

import argparse
import functools
import math
import random
import re
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

# --------------------------------------------------------------------------- vocabulary

SUBJECTS = (
    "公司 团队 研究人员 开发者 用户 社区 平台 项目 厂商 监管机构 投资者 分析师 工程师 创始人 董事会 "
    "数据中心 开源社区 合作伙伴 客户 初创企业 云服务商 芯片厂商 运营商 高校 实验室 维护者 新版本 框架 "
    "系统 服务 模型 推理引擎 编译器 调度器 存储层 网关 客户端 服务端 插件 工具链 生态"
).split()
VERBS = (
    "发布了 推出了 宣布了 完成了 优化了 重构了 支持 引入了 改进了 扩展了 部署了 测试了 评估了 采用了 "
    "开源了 收购了 投资了 升级了 替换了 简化了 统一了 验证了 整合了 迁移了 降低了 提高了 加速了 实现了"
).split()
OBJECTS = (
    "融资 估值 算力 基础设施 模型 接口 协议 性能 吞吐量 延迟 内存占用 稳定性 兼容性 安全性 可观测性 "
    "文档 测试用例 依赖 配置项 数据集 训练任务 推理服务 集群 节点 连接池 序列化 负载均衡 服务发现 "
    "限流 熔断 重试机制 日志系统 监控指标 链路追踪 代码生成 热更新 灰度发布 权限模型 缓存策略 "
    "编解码 网络栈 线程模型 协程调度 垃圾回收 向量数据库 检索增强 多模态能力 长上下文 注意力机制"
).split()
ADJECTIVES = (
    "新的 更快的 开放的 稳定的 完整的 统一的 轻量的 可扩展的 高性能的 低延迟的 默认的 实验性的 "
    "分布式的 云原生的 跨平台的 自研的 下一代的 关键的 核心的 成熟的"
).split()
ADVERBS = "已经 正在 首次 再次 逐步 全面 显著 持续 进一步 率先 同时 主要 基本 大幅 明显".split()
CONNECTORS = (
    "此外 与此同时 不过 因此 据悉 值得注意的是 另一方面 换句话说 总体来看 具体来说 事实上 "
    "在此基础上 相比之下 据公司披露 业内人士认为"
).split()
TOPICS = (
    "人工智能 大模型 云计算 开源 半导体 微服务 数据库 编程语言 网络安全 自动驾驶 机器人 "
    "边缘计算 操作系统 开发工具 投融资 行业观察 技术架构 性能优化 社区动态 版本发布"
).split()
PHRASES = (
    "第一性原理 技术路线 商业模式 开发体验 长期主义 生产环境 最佳实践 核心指标 关键路径 发展方向 "
    "市场份额 用户规模 应用场景 竞争格局 行业标准 工程效率 技术债务 迭代速度"
).split()
NAMES = (
    "xAI,OpenAI,Grok 4,GPT-4o,Claude,Gemini 2.5,DeepSeek-V3,Qwen2.5,Llama 3,Mistral,NVIDIA,H100,"
    "H200,B200,TPU v5,GPU,CUDA,ARM,RISC-V,Kubernetes,Docker,Linux 6.8,Rust,Go 1.22,Python 3.12,"
    "Kitex,Hertz,Netpoll,Thrift,gRPC,Protobuf,Redis,PostgreSQL,MySQL 8.0,Kafka,etcd,Envoy,Istio,"
    "WebAssembly,iPhone 16,Windows 11,macOS,Android 15,Colossus,Azure,AWS,Google Cloud,TikTok"
).split(",")
CLASSIFIERS = ("块GPU", "台服务器", "名用户", "个节点", "名员工", "个模型", "行代码", "次请求")
UNITS = ("毫秒", "GB", "TB", "核", "倍", "QPS", "MB")

INLINE_CODE = ("go build", "kubectl apply", "pip install", "server.Run()", "max_tokens", "GOMAXPROCS")
CODE_LANGS = ("go", "python", "bash", "yaml", "json", "rust", "toml", "")
SECTIONS = ("posts", "news", "blog", "docs/guide", "docs/reference", "weekly")


def _han_words() -> list[str]:
    return SUBJECTS + OBJECTS + PHRASES + TOPICS


# --------------------------------------------------------------------------- inline text


class Writer:
    """Sentence and inline-markup generator driven by one ``random.Random``."""

    def __init__(self, rng: random.Random, article: int) -> None:
        self.r = rng
        self.article = article
        self.footnotes: list[str] = []
        self.plain = False  # front matter: no Markdown markup, no footnotes

    def pick(self, seq: tuple[str, ...] | list[str]) -> str:
        return seq[self.r.randrange(len(seq))]

    def number(self) -> str:
        r = self.r
        kind = r.randrange(10)
        if kind == 0:
            return f"{r.randint(10, 9999)}亿美元"
        if kind == 1:
            return f"{r.randint(1, 200)}万{self.pick(CLASSIFIERS)}"
        if kind == 2:
            return f"{r.randint(1, 99)}.{r.randint(1, 9)}%"
        if kind == 3:
            return f"{r.randint(2015, 2026)}年{r.randint(1, 12)}月{r.randint(1, 28)}日"
        if kind == 4:
            return f"{r.randint(2, 50)}{self.pick(UNITS)}"
        if kind == 5:
            return f"{r.randint(1, 900)}亿元"
        if kind == 6:
            return f"{r.randint(2, 9999)}{self.pick(CLASSIFIERS)}"
        if kind == 7:
            return f"{r.randint(2016, 2026)}年"
        if kind == 8:
            return f"{r.randint(1, 99)}%"
        return f"{r.randint(3, 12)}月{r.randint(1, 28)}日"

    def noun(self) -> str:
        r = self.r.random()
        if r < 0.2:
            return self.pick(NAMES)
        if r < 0.3:
            return self.pick(ADJECTIVES) + self.pick(OBJECTS)
        return self.pick(OBJECTS)

    def inline(self, text: str) -> str:
        """Wrap a phrase in some inline markup (or none)."""
        r = self.r
        k = r.randrange(40)
        if self.plain:
            return text
        if k < 3:
            return f"**{text}**"
        if k < 5:
            return f"*{text}*"
        if k == 5:
            return f"`{self.pick(INLINE_CODE)}`"
        if k == 6:
            slug = zlib.crc32(text.encode()) % 10000
            return f"[{text}](https://example.com/{self.pick(('news', 'docs', 'blog'))}/{slug})"
        if k == 7:
            return f'[{text}]({{{{< ref "/posts/p{r.randint(0, 999):05d}" >}}}})'
        if k == 8:
            return f"~~{text}~~"
        return text

    def clause(self) -> str:
        r = self.r
        parts = []
        if r.random() < 0.25:
            parts.append(self.pick(CONNECTORS) + "，")
        parts.append(self.inline(self.pick(SUBJECTS) if r.random() < 0.7 else self.pick(NAMES)))
        if r.random() < 0.5:
            parts.append(self.pick(ADVERBS))
        parts.append(self.pick(VERBS))
        if r.random() < 0.35:
            parts.append(self.number() + "的")
        parts.append(self.inline(self.noun()))
        if r.random() < 0.3:
            parts.append("和" + self.noun())
        return "".join(parts)

    def sentence(self) -> str:
        r = self.r
        n = 1 + (r.random() < 0.6) + (r.random() < 0.25)
        body = "，".join(self.clause() for _ in range(n))
        if r.random() < 0.15:
            body += f"，“{self.pick(PHRASES)}”是其中的关键"
        end = "。" if r.random() < 0.92 else self.pick(("！", "？"))
        if r.random() < 0.05 and not self.plain:
            n_fn = len(self.footnotes) + 1
            self.footnotes.append(self.footnote_text(n_fn))
            end = f"[^{n_fn}]" + end
        return body + end

    def footnote_text(self, n: int) -> str:
        r = self.r
        if r.random() < 0.5:
            return (
                f"[{self.pick(NAMES)}{self.pick(('公告', '博客', '发布说明', '技术报告'))}]"
                f"(https://example.com/ref/{self.article}-{n})，{self.number()}。"
            )
        return self.sentence()

    def short(self, lo: int = 2, hi: int = 4) -> str:
        return "".join(self.pick(_han_words()) for _ in range(self.r.randint(lo, hi)))


# --------------------------------------------------------------------------- blocks


def _paragraph(w: Writer) -> str:
    sents = [w.sentence() for _ in range(w.r.randint(1, 5))]
    if w.r.random() < 0.3:  # hard-wrapped, as in the sample articles
        return "\n".join(sents) + "\n"
    return "".join(sents) + "\n"


def _heading(w: Writer, level: int) -> str:
    title = w.short(1, 3)
    if w.r.random() < 0.2:
        title = f"{w.pick(NAMES)} {title}"
    anchor = f" {{#h{w.r.randint(0, 99999)}}}" if w.r.random() < 0.1 else ""
    return f"{'#' * level} {title}{anchor}\n"


def _quote(w: Writer) -> str:
    r = w.r
    lines = [f"> {w.sentence()}" for _ in range(r.randint(1, 3))]
    if r.random() < 0.3:
        lines.append(">")
        lines.extend(f"> - {w.sentence()}" for _ in range(r.randint(2, 3)))
    elif r.random() < 0.3:
        lines.append(">")
        lines.append(f"> {w.sentence()}")
    if r.random() < 0.2:
        lines.append(f"> —— {w.pick(NAMES)}{w.pick(SUBJECTS)}")
    return "\n".join(lines) + "\n"


def _alert(w: Writer) -> str:
    kind = w.pick(("NOTE", "TIP", "WARNING", "IMPORTANT"))
    return f"> [!{kind}]\n> {w.sentence()}\n"


def _nested_list(w: Writer) -> str:
    """A list whose sub-lists are indented under their parent item's text."""
    return "\n".join(_list_block(w, 0, w.r.random() < 0.35)) + "\n"


def _list_block(w: Writer, col: int, ordered: bool) -> list[str]:
    r = w.r
    task = not ordered and col == 0 and r.random() < 0.08
    out: list[str] = []
    for i in range(r.randint(2, 6)):
        if ordered:
            marker = f"{i + 1}. "
        else:
            marker = "- " + (("[x] " if r.random() < 0.5 else "[ ] ") if task else "")
        text = w.sentence() if r.random() < 0.6 else f"{w.inline(w.short(1, 2))}：{w.sentence()}"
        out.append(" " * col + marker + text)
        if col < 8 and r.random() < 0.2:
            child_col = col + (len(f"{i + 1}. ") if ordered else 2)
            out.extend(_list_block(w, child_col, r.random() < 0.2))
    return out


def _table(w: Writer) -> str:
    r = w.r
    cols = r.randint(2, 5)
    head = [w.short(1, 2) for _ in range(cols)]
    align = [w.pick(("---", ":---", ":---:", "---:")) for _ in range(cols)]
    rows = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    for _ in range(r.randint(2, 8)):
        cells = []
        for c in range(cols):
            k = r.random()
            if c == 0:
                cells.append(w.pick(NAMES) if k < 0.5 else w.short(1, 2))
            elif k < 0.4:
                cells.append(w.number())
            elif k < 0.5:
                cells.append(f"`{w.pick(('v1.2.0', 'true', 'nil', '8080', 'GOGC=100'))}`")
            else:
                cells.append(w.inline(w.short(1, 3)))
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


CODE_BODIES = {
    "go": [
        "package main",
        "",
        'import "fmt"',
        "",
        "// {c}",
        "func main() {{",
        '\tfmt.Println("hello", {n})',
        "}}",
    ],
    "python": ["# {c}", "def handler(req):", "    total = {n}", '    return {{"ok": True, "total": total}}'],
    "bash": ["# {c}", "go install github.com/example/tool@latest", "tool gen --idl api.thrift --workers {n}"],
    "yaml": ["# {c}", "server:", "  port: 8080", "  workers: {n}", '  name: "示例服务"'],
    "json": ["{{", '  "name": "demo",', '  "replicas": {n},', '  "note": "{c}"', "}}"],
    "rust": ["// {c}", "fn main() {{", "    let n: u64 = {n};", '    println!("{{}}", n * 2);', "}}"],
    "toml": ["# {c}", "[server]", "port = 8080", "workers = {n}"],
    "": ["$ curl -s http://localhost:8080/ping", '{{"message":"pong"}}', "# {c}"],
}


def _fence(w: Writer) -> str:
    lang = w.pick(CODE_LANGS)
    body = [line.format(c=w.short(2, 4), n=w.r.randint(1, 4096)) for line in CODE_BODIES[lang]]
    reps = w.r.randint(1, 3)
    return "```" + lang + "\n" + "\n".join(body * reps) + "\n```\n"


def _shortcode(w: Writer) -> str:
    r = w.r
    k = r.randrange(5)
    if k == 0:
        return (
            f'{{{{< figure src="/images/p{w.article}-{r.randint(1, 9)}.png" caption="{w.short(2, 3)}" >}}}}\n'
        )
    if k == 1:
        return f'{{{{< youtube id="v{r.randint(100000, 999999)}" >}}}}\n'
    if k == 2:
        return (
            f"{{{{% notice {w.pick(('tip', 'note', 'warning'))} %}}}}\n{w.sentence()}\n{{{{% /notice %}}}}\n"
        )
    if k == 3:
        return f'{{{{< tweet user="example" id="{r.randint(10**17, 10**18)}" >}}}}\n'
    return f'{{{{< ref "/docs/guide/p{r.randint(0, 999):05d}" >}}}}\n'


def _image(w: Writer) -> str:
    return f"![{w.short(1, 3)}](/images/a{w.article}-{w.r.randint(1, 20)}.jpg)\n"


def _block(w: Writer) -> str:
    k = w.r.random()
    if k < 0.50:
        return _paragraph(w)
    if k < 0.60:
        return _heading(w, w.pick((2, 2, 3, 3, 4)))  # type: ignore[arg-type]
    if k < 0.68:
        return _nested_list(w)
    if k < 0.74:
        return _quote(w)
    if k < 0.79:
        return _table(w)
    if k < 0.85:
        return _fence(w)
    if k < 0.90:
        return _shortcode(w)
    if k < 0.94:
        return _image(w)
    if k < 0.96:
        return _alert(w)
    if k < 0.98:
        return "---\n"
    return f"<!-- {w.short(2, 3)} -->\n"


# --------------------------------------------------------------------------- front matter


def _date(r: random.Random) -> str:
    return (
        f"{r.randint(2018, 2026)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        f"T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00+08:00"
    )


def _yaml_list(key: str, items: list[str], flow: bool) -> str:
    if flow:
        return f"{key}: [" + ", ".join(f'"{x}"' for x in items) + "]\n"
    return f"{key}:\n" + "".join(f"  - {x}\n" for x in items)


def _front_matter(w: Writer) -> str:
    w.plain = True
    try:
        return _front_matter_text(w)
    finally:
        w.plain = False


def _front_matter_text(w: Writer) -> str:
    r = w.r
    title = f"{w.pick(NAMES)}{w.pick(VERBS)}{w.short(1, 3)}" if r.random() < 0.6 else w.short(2, 4)
    if r.random() < 0.3:
        title += f"：{w.short(1, 2)}"
    summary = w.sentence() + (w.sentence() if r.random() < 0.5 else "")
    tags = [w.pick(NAMES) if r.random() < 0.3 else w.pick(OBJECTS) for _ in range(r.randint(1, 5))]
    tags = list(dict.fromkeys(tags))
    cats = list(dict.fromkeys(w.pick(TOPICS) for _ in range(r.randint(1, 2))))
    draft = "true" if r.random() < 0.05 else "false"
    if r.random() < 0.15:  # TOML
        out = [
            "+++",
            f'title = "{title}"',
            f"date = {_date(r)}",
            f"draft = {draft}",
            f'summary = "{summary}"',
        ]
        out.append("tags = [" + ", ".join(f'"{t}"' for t in tags) + "]")
        out.append("categories = [" + ", ".join(f'"{c}"' for c in cats) + "]")
        if r.random() < 0.3:
            out.append(f"weight = {r.randint(1, 100)}")
        out.append("+++")
        return "\n".join(out) + "\n"
    out = ["---"]
    out.append(f'title: "{title}"' if r.random() < 0.6 else f"title: {title}")
    out.append(f"date: {_date(r)}")
    out.append(f"draft: {draft}")
    if r.random() < 0.2:
        out.append("summary: >-\n  " + summary)
    else:
        out.append(f"summary: {summary}" if r.random() < 0.5 else f'summary: "{summary}"')
    text = "\n".join(out) + "\n"
    text += _yaml_list("tags", tags, r.random() < 0.3)
    text += _yaml_list("categories", cats, r.random() < 0.5)
    if r.random() < 0.3:
        text += f"description: {w.sentence()}\n"
    if r.random() < 0.2:
        text += f'featured_image: "/images/cover-{w.article}.jpg"\n'
    if r.random() < 0.5:
        text += "isCJKLanguage: true\n"
    return text + "---\n"


# --------------------------------------------------------------------------- articles


MIN_BYTES, MAX_BYTES = 2_000, 20_000


def target_size(rng: random.Random) -> int:
    """Log-uniform between 2 and 20 KB."""
    return int(math.exp(rng.uniform(math.log(MIN_BYTES), math.log(MAX_BYTES))))


def article(i: int, seed: int = 1) -> str:
    """The text of article ``i`` (deterministic in ``seed`` and ``i``)."""
    rng = random.Random(f"l10n-bench:{seed}:{i}")
    w = Writer(rng, i)
    size = target_size(rng)
    head = _front_matter(w)
    blocks = [_paragraph(w)]
    used = len(head.encode()) + len(blocks[0].encode())
    budget = size - 200  # leave room for footnote definitions
    while used < budget:
        b = _block(w)
        if blocks[-1] == "---\n" and b == "---\n":
            continue
        blocks.append(b)
        used += len(b.encode()) + 1
    if w.footnotes:
        blocks.append("".join(f"[^{n}]: {t}\n" for n, t in enumerate(w.footnotes, 1)))
    body = "\n".join(blocks)
    # Trim from the end if the footnotes overshot the 20 KB ceiling.
    while len((head + "\n" + body).encode()) > MAX_BYTES and len(blocks) > 2:
        blocks.pop(-2)
        body = "\n".join(blocks)
    return head + "\n" + body


def article_path(i: int) -> str:
    """Relative path under the source root; at most 100 articles per directory."""
    section = SECTIONS[i % len(SECTIONS)]
    return f"{section}/{i // 100 // len(SECTIONS):03d}/p{i:05d}.md"


def write_corpus(source_root: Path, n: int, seed: int = 1) -> int:
    """Write articles 0..n-1 under ``source_root``; return the total bytes."""
    total = 0
    for i in range(n):
        p = source_root / article_path(i)
        p.parent.mkdir(parents=True, exist_ok=True)
        data = article(i, seed).encode()
        p.write_bytes(data)
        total += len(data)
    return total


_HAN_LINE = re.compile(r"^[\u4e00-\u9fff]")


def edit_articles(source_root: Path, n: int, fraction: float = 0.01, seed: int = 1) -> list[Path]:
    """Append one sentence to the first body paragraph of ``fraction`` of the articles (at least one)."""
    rng = random.Random(f"l10n-bench-edit:{seed}:{n}")
    picked = sorted(rng.sample(range(n), max(1, round(n * fraction))))
    edited = []
    for i in picked:
        p = source_root / article_path(i)
        lines = p.read_text("utf-8").split("\n")
        fm_end = next(k for k in range(1, len(lines)) if lines[k] in ("---", "+++"))
        for k in range(fm_end + 1, len(lines)):
            if _HAN_LINE.match(lines[k]):
                lines[k] += (
                    f"据最新消息，该项目已于{2026}年{rng.randint(1, 12)}月更新至第{rng.randint(2, 9)}版。"
                )
                break
        p.write_text("\n".join(lines), "utf-8")
        edited.append(p)
    return edited


# --------------------------------------------------------------------------- pseudo translation

_SYL = [c + v for c in "bdgklmprsvz" for v in "aou"]  # vowels a/o/u only: never spells an English number
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_PUNCT = str.maketrans(
    {
        "，": ", ",
        "。": ". ",
        "、": ", ",
        "：": ": ",
        "；": "; ",
        "！": "! ",
        "？": "? ",
        "“": '"',
        "”": '"',
        "（": "(",
        "）": ")",
        "《": '"',
        "》": '"',
        "—": "-",
    }
)


@functools.lru_cache(maxsize=65536)
def _word(chunk: str) -> str:
    h = zlib.crc32(chunk.encode())
    return "".join(_SYL[(h >> (5 * k)) % len(_SYL)] for k in range(1 + len(chunk) // 2))


def _latin_han(m: re.Match[str]) -> str:
    run = m.group()
    words = " ".join(_word(run[k : k + 2]) for k in range(0, len(run), 2))
    s, e = m.start(), m.end()
    text = m.string
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] in ")]"):
        words = " " + words
    if e < len(text) and (text[e].isalnum() or text[e] in "(["):
        words += " "
    return words


def _normalizer() -> Callable[[str], str]:
    try:
        from l10n.lang.numbers import to_english
    except Exception:  # the bench must still run if l10n.lang.numbers is mid-edit
        return lambda s: s
    return to_english


_normalize: Callable[[str], str] | None = None
_DIGIT = re.compile(r"[0-9]")


def pseudo_translate(msgid: str) -> str:
    """A deterministic stand-in translation: numbers and dates in English, Han → pseudo-Latin, markup kept."""
    global _normalize
    if _normalize is None:
        _normalize = _normalizer()
    text = msgid
    if _DIGIT.search(text):  # the generator writes quantities with Arabic digits only
        try:
            text = _normalize(text)
        except Exception:
            pass
    text = _HAN_RUN.sub(_latin_han, text).translate(_PUNCT)
    return re.sub(r"(?<=\S) {2,}", " ", text).strip(" ") or msgid


def fill_l10n_po(paths: Iterable[Path]) -> int:
    """Fill every msgstr of l10n's PO files (through l10n.formats.po, so the files stay canonical)."""
    from l10n.formats.po import generate_po, parse_po

    count = 0
    for p in paths:
        cat = parse_po(p.read_text("utf-8"), str(p))
        for e in cat.entries:
            if not e.obsolete:
                e.msgstr = pseudo_translate(e.msgid)
                if "fuzzy" in e.flags:
                    e.flags.remove("fuzzy")
                count += 1
        p.write_text(generate_po(cat), "utf-8")
    return count


def fill_any_po(paths: Iterable[Path]) -> int:
    """Fill every msgstr of generic PO files (po4a, Translate Toolkit, mdpo) with polib."""
    import polib

    count = 0
    for p in paths:
        po = polib.pofile(str(p), wrapwidth=0)
        for e in po:
            if e.obsolete or not e.msgid:
                continue
            e.msgstr = pseudo_translate(e.msgid)
            if "fuzzy" in e.flags:
                e.flags.remove("fuzzy")
            count += 1
        po.save(str(p))
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="site root to write content/zh/ under")
    ap.add_argument("-n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    total = write_corpus(a.out / "content" / "zh", a.n, a.seed)
    print(f"{a.n} articles, {total / 1e6:.1f} MB under {a.out / 'content' / 'zh'}")


if __name__ == "__main__":
    main()
