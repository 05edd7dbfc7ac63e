"""The application shell: settings, disk access, per-article and site jobs, CLI."""
