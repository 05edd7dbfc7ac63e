"""Which characters are Chinese: the one definition every module uses.

``HAN`` is a regex character class body (no brackets) for Han ideographs: CJK Unified Ideographs,
Extension A, the compatibility block and the supplementary planes (Extensions B and later).
``ZH_PUNCT`` is a class body for the Chinese punctuation an English page must not contain.
``is_cjk`` is broader than Han: kana and hangul also join without spaces.
"""

from __future__ import annotations

import re

__all__ = ["HAN", "HAN_RE", "ZH_PUNCT", "ZH_RUN_RE", "is_cjk", "is_han"]

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
ZH_PUNCT = "，。、；：？！“”‘’「」『』（）《》【】〈〉…—～·"
HAN_RE = re.compile(f"[{HAN}]")
# A run of Han characters and Chinese punctuation: what `han` and `leftover` report.
ZH_RUN_RE = re.compile(f"[{HAN}{ZH_PUNCT}]+")


def is_han(ch: str) -> bool:
    """A Han ideograph (any block)."""
    return HAN_RE.match(ch) is not None


def is_cjk(ch: str) -> bool:
    """CJK ideographs, kana and hangul: characters that may start a sentence or join unspaced."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0x3040 <= o <= 0x30FF
        or 0xAC00 <= o <= 0xD7AF
        or 0x20000 <= o <= 0x3FFFF
    )
