"""Entry point for profiling: ``python -m cProfile -o X bench/l10n_main.py -C SITE STEP`` runs the l10n CLI."""

from l10n.cli import main

if __name__ == "__main__":
    main()
