"""The l10n CLI as a script, for profiling: ``python -m cProfile -o X bench/l10n_main.py -C SITE STEP``."""

from l10n.app.cli import main

if __name__ == "__main__":
    main()
