"""l10n: Chinese to English localisation of Markdown articles through gettext PO files."""

__version__ = "0.1.0"
