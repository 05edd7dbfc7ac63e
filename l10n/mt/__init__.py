"""Offline machine translation: placeholders, the argos engine, the sentence cache and drafting.

The public API is re-exported here; ``engine`` is the only module that imports argostranslate.
"""

from l10n.mt.cache import MTCache
from l10n.mt.drafts import DraftStats, draft_catalog, draft_catalogs, draft_hash
from l10n.mt.engine import (
    NO_MODEL_MESSAGE,
    ArgosTranslator,
    FakeTranslator,
    Translator,
    argos_packages_dir,
    download_model,
    install_model,
    model_status,
)

__all__ = [
    "NO_MODEL_MESSAGE",
    "ArgosTranslator",
    "DraftStats",
    "FakeTranslator",
    "MTCache",
    "Translator",
    "argos_packages_dir",
    "download_model",
    "draft_catalog",
    "draft_catalogs",
    "draft_hash",
    "install_model",
    "model_status",
]
