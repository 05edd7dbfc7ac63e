"""Quality checks run by `l10n check`."""
