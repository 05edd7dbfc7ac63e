"""Every check `l10n check` can report, in one table.

The settings' defaults (``checks``), the CLI's help and the validation of ``--only``/``--ignore``
read this table, so a check added here is known everywhere at once. ``scope`` says where a check
runs: ``entry`` checks see one PO entry (``l10n.qa.checks``), ``file`` checks compare the PO and
English files with what ``extract`` and ``merge`` would write, ``site`` checks look at the whole
tree (``l10n.app``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["CHECKS", "CheckInfo", "DEFAULT_SEVERITIES", "SEVERITIES", "check_names"]

SEVERITIES = ("error", "warning", "off")


@dataclass(frozen=True)
class CheckInfo:
    """One check: its name (as in settings and findings), where it runs, and what it finds."""

    name: str
    scope: Literal["entry", "file", "site"]
    finds: str
    default: str = "error"


CHECKS: tuple[CheckInfo, ...] = (
    CheckInfo("source-syntax", "file", "unreadable articles (bad YAML/TOML front matter, invalid UTF-8…)"),
    CheckInfo("completeness", "file", "an article below its `min_completeness` / `completeness` threshold"),
    CheckInfo("untranslated", "entry", "entries with an empty translation"),
    CheckInfo("fuzzy-mt", "entry", "machine-translation (or TM, or `import`) drafts awaiting review"),
    CheckInfo("fuzzy-changed", "entry", "translations whose source changed (fuzzy with a previous msgid)"),
    CheckInfo("stale-po", "file", "a PO file `extract` would change, or a missing one"),
    CheckInfo("stale-en", "file", "an English file `merge` would change, or a missing one"),
    CheckInfo("orphan", "site", "a PO or English file whose source article is gone"),
    CheckInfo("po-syntax", "file", "unreadable PO files"),
    CheckInfo("segment-id", "entry", "duplicate or missing segment IDs (msgctxt edited by hand)"),
    CheckInfo("markup", "entry", "links, images, URLs, code, footnotes, HTML, shortcodes or emphasis differ"),
    CheckInfo("numbers", "entry", "numbers that differ after Chinese units are converted"),
    CheckInfo("han", "entry", "Chinese characters or punctuation left in a translation"),
    CheckInfo("anchor", "file", "an in-page link (#anchor) of the English page that leads nowhere"),
    CheckInfo("leftover", "file", "Chinese on the English page that no PO entry covers (HTML, shortcodes…)"),
    CheckInfo("glossary", "entry", "a pinned term missing, a forbidden one used, a kept term changed"),
)

DEFAULT_SEVERITIES: dict[str, str] = {c.name: c.default for c in CHECKS}


def check_names() -> list[str]:
    """Check names in table order."""
    return [c.name for c in CHECKS]
