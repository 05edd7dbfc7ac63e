"""The MT sentence cache: SQLite, shared safely by concurrent runs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from l10n.model import L10nError


class MTCache:
    """SQLite cache ``(model version, source sentence) → translation``.

    WAL journal plus a busy timeout, so two concurrent runs (or a run and ``l10n status``) share it
    safely; writes are one short transaction per batch.
    """

    def __init__(self, path: Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS mt (model TEXT NOT NULL, source TEXT NOT NULL, "
                "target TEXT NOT NULL, PRIMARY KEY (model, source)) WITHOUT ROWID"
            )
        except (OSError, sqlite3.Error) as exc:
            raise L10nError(f"cannot open the MT cache: {exc}", str(self.path)) from exc

    def get_many(self, model: str, sentences: Iterable[str]) -> dict[str, str]:
        """Cached translations of those ``sentences`` that are in the cache ({} if it cannot be read)."""
        wanted = list(dict.fromkeys(sentences))
        out: dict[str, str] = {}
        try:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT source, target FROM mt WHERE model = ? AND source IN ({marks})", [model, *chunk]
                )
                out.update((s, t) for s, t in rows)
        except sqlite3.Error:
            return {}  # a cache that cannot be read only costs time
        return out

    def put_many(self, model: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Store translations; a cache that cannot be written (disk full, read-only) is skipped."""
        rows = [(model, s, t) for s, t in pairs]
        if not rows:
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "INSERT OR REPLACE INTO mt (model, source, target) VALUES (?, ?, ?)", rows
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error:
            pass

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM mt").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> MTCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
