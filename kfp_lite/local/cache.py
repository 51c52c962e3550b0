"""The local runner's cache: an explicit key and a SQLite store under the pipeline root.

Key (documented in docs/caching.md): sha256 over the canonical JSON of
``{"version", "component", "parameters", "artifacts"}`` where ``component`` is the sha256 of
the component's interface and executor container, ``parameters`` every input parameter value
and ``artifacts`` the content digest (and metadata) of every input artifact. An entry is
written only after the task succeeded, in one transaction, so a killed run leaves nothing
half-written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Optional

__all__ = [
    "CACHE_FILE",
    "KEY_VERSION",
    "CacheKey",
    "CacheStore",
    "CacheUnusable",
    "artifact_digest",
    "canonical_json",
    "component_fingerprint",
    "compute_key",
    "key_from_parts",
]

KEY_VERSION = 1
CACHE_FILE = ".kfp_lite_cache.sqlite3"
_BUSY_RETRIES = 8


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_digest(path: str) -> str:
    h = hashlib.sha256()
    # O_NOFOLLOW: a file swapped for a symlink after the check is not followed
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            return "special"
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _entry_digest(path: str) -> str:
    """One directory entry, never following a symlink nor reading a special file (a FIFO or
    ``/dev/zero`` would block or never end): links digest their target text."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return "link:" + _sha256(os.readlink(path))
    if stat.S_ISREG(info.st_mode):
        return _file_digest(path)
    return "special:" + stat.filemode(info.st_mode)[0]


def artifact_digest(uri: str) -> str:
    """Content digest of a local artifact: a file's bytes, or a directory tree's names and bytes.

    URIs that do not exist locally (``gs://...`` or a deleted file) digest their text, marked
    so they can never equal a content digest. The artifact itself may be a symlink to a
    regular file or folder; inside a folder, symlinks are not followed and special files
    (devices, FIFOs, sockets) are never read.
    """
    path = uri[len("file://") :] if uri.startswith("file://") else uri
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return "absent:" + _sha256(uri)
    if stat.S_ISREG(info.st_mode):
        return "file:" + _file_digest(os.path.realpath(path))
    if stat.S_ISDIR(info.st_mode):
        h = hashlib.sha256()
        for dirpath, dirnames, filenames in os.walk(path):  # os.walk does not enter links
            dirnames.sort()
            rel_dir = os.path.relpath(dirpath, path)
            h.update(f"d:{rel_dir}\0".encode())
            links = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
            for name in sorted(filenames + links):
                rel = os.path.normpath(os.path.join(rel_dir, name))
                h.update(f"f:{rel}\0{_entry_digest(os.path.join(dirpath, name))}\0".encode())
        return "tree:" + h.hexdigest()
    return "special:" + _sha256(uri)


def component_fingerprint(component: Mapping[str, Any], executor: Mapping[str, Any]) -> dict:
    """What of a component goes into the key: its interface and how its container runs."""
    container = executor.get("container", {})
    return {
        "inputDefinitions": component.get("inputDefinitions", {}),
        "outputDefinitions": component.get("outputDefinitions", {}),
        "container": {
            k: container[k] for k in ("image", "command", "args", "env") if k in container
        },
    }


@dataclass(frozen=True)
class CacheKey:
    key: str
    component_digest: str
    parameters: dict = field(default_factory=dict)
    artifacts: dict = field(default_factory=dict)

    def parts(self) -> dict:
        return {
            "version": KEY_VERSION,
            "component": self.component_digest,
            "parameters": self.parameters,
            "artifacts": self.artifacts,
        }


def compute_key(
    fingerprint: Mapping[str, Any],
    parameters: Mapping[str, Any],
    artifacts: Mapping[str, list],
) -> CacheKey:
    """``artifacts`` maps an input name to its runtime artifacts (dicts with uri, metadata)."""
    artifact_parts = {
        name: [
            {"digest": artifact_digest(a.get("uri", "")), "metadata": a.get("metadata") or {}}
            for a in items
        ]
        for name, items in artifacts.items()
    }
    return key_from_parts(_sha256(canonical_json(fingerprint)), parameters, artifact_parts)


def key_from_parts(
    component_digest: str, parameters: Mapping[str, Any], artifact_parts: Mapping[str, list]
) -> CacheKey:
    """The key over already-digested parts (``cache-key`` reuses a previous run's digests)."""
    partial = CacheKey("", component_digest, dict(parameters), dict(artifact_parts))
    return CacheKey(
        _sha256(canonical_json(partial.parts())),
        component_digest,
        dict(parameters),
        dict(artifact_parts),
    )


_SCHEMA = """
CREATE TABLE IF NOT EXISTS cache_entries (
    key TEXT PRIMARY KEY,
    outputs TEXT NOT NULL,
    run TEXT NOT NULL,
    task_path TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS executions (
    run TEXT NOT NULL,
    task_path TEXT NOT NULL,
    task_name TEXT NOT NULL,
    key TEXT NOT NULL,
    parts TEXT NOT NULL,
    state TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS executions_by_task ON executions (task_name, created);
"""


class CacheUnusable(RuntimeError):
    """The cache file cannot be opened nor rebuilt (the message says why)."""


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (runs starting at once on one pipeline root)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: SQLite's own locking only
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class CacheStore:
    """SQLite file under the pipeline root; one connection, used by one thread at a time.

    Opening creates or checks the file under an exclusive lock file, so that several runs
    starting at once on a fresh pipeline root do not race to set it up; a file that is not a
    SQLite database (or fails its integrity check) is moved aside to ``<file>.corrupt`` and
    rebuilt, and ``warn`` says so (with ``rebuild=False``, for readers such as ``cache-key``,
    CacheUnusable is raised instead). Busy errors are retried with back-off.
    """

    def __init__(
        self,
        pipeline_root: str | Path,
        warn: Optional[Callable[[str], None]] = None,
        rebuild: bool = True,
    ) -> None:
        self.path = Path(pipeline_root) / CACHE_FILE
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.warn = warn or (lambda _message: None)
        self._lock = threading.Lock()
        self._conn: Optional[sqlite3.Connection] = None
        with _file_lock(self.path.with_name(CACHE_FILE + ".lock")):
            try:
                self._initialise()
            except sqlite3.DatabaseError as exc:
                if (isinstance(exc, sqlite3.OperationalError) and _is_busy(exc)) or not rebuild:
                    raise CacheUnusable(f"{self.path}: {exc}") from exc
                self._rebuild(exc)

    def _initialise(self) -> None:
        conn = self._connect()
        try:
            if self.path.stat().st_size:
                row = conn.execute("PRAGMA quick_check").fetchone()
                if not row or row[0] != "ok":
                    raise sqlite3.DatabaseError(f"integrity check: {row[0] if row else 'none'}")
            # the journal mode is a property of the file: set it once, not per connection
            # (switching it needs the file to itself, which fails while tasks write)
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)
        finally:
            conn.close()

    def _rebuild(self, problem: Exception) -> None:
        aside = self.path.with_name(CACHE_FILE + ".corrupt")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(CACHE_FILE + suffix)
                if side.exists():
                    side.unlink()
            self._initialise()
        except (OSError, sqlite3.DatabaseError) as exc:
            raise CacheUnusable(
                f"{self.path} is damaged ({problem}) and cannot be rebuilt: {exc}"
            ) from exc
        self.warn(
            f"the cache file {self.path} was damaged ({problem}); it was moved to {aside.name} "
            "and a new, empty cache was started"
        )

    def _connect(self) -> sqlite3.Connection:
        # autocommit: writes take the write lock up front (BEGIN IMMEDIATE) so that a busy
        # database is waited for, instead of failing when a read transaction must upgrade
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        # WAL with synchronous=NORMAL never corrupts the file; a power cut may lose the
        # last entries, which only costs re-running those tasks
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def close(self) -> None:
        """Close the store's connection (a later operation opens a new one)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _retrying(self, operation: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``operation`` on the store's connection (one at a time), retrying while the
        database is busy."""
        delay = 0.05
        for attempt in range(_BUSY_RETRIES):
            with self._lock:
                if self._conn is None:
                    self._conn = self._connect()
                try:
                    return operation(self._conn)
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc) or attempt == _BUSY_RETRIES - 1:
                        raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
        raise AssertionError("unreachable")

    def _write(self, sql: str, values: tuple) -> None:
        """One statement in its own transaction: all of it is stored, or nothing."""

        def write(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(sql, values)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

        self._retrying(write)

    def lookup(self, key: str) -> tuple[Optional[dict], str]:
        """``(outputs, reason)``: the outputs of an earlier success when every output
        artifact is still what it was (``outputs["produced_by"]`` names the run that made
        them), else None and why not.

        Output artifacts are digested again and compared with the digests stored with the
        entry, so a later task that changed (or deleted) its input artifact in place never
        makes the cache hand out the changed content."""
        row = self._retrying(
            lambda conn: conn.execute(
                "SELECT outputs, run FROM cache_entries WHERE key = ?", (key,)
            ).fetchone()
        )
        if row is None:
            return None, "no cache entry for this key"
        outputs = json.loads(row[0])
        stored = outputs.pop("digests", None)
        for name, items in outputs.get("artifacts", {}).items():
            for index, artifact in enumerate(items):
                uri = artifact.get("uri", "")
                if stored is None:
                    if "://" not in uri and not os.path.exists(uri):
                        return None, f"the cached output {name!r} no longer exists"
                    continue
                expected = (stored.get(name) or [None] * (index + 1))[index]
                if artifact_digest(uri) != expected:
                    return None, f"the cached output {name!r} changed since it was stored"
        outputs["produced_by"] = row[1]
        return outputs, "same key as an earlier run"

    def record_success(
        self, key: str, outputs: Mapping[str, Any], run: str, task_path: str
    ) -> None:
        """Write the entry, with the digests of its output artifacts, in one transaction."""
        digests = {
            name: [artifact_digest(a.get("uri", "")) for a in items]
            for name, items in outputs.get("artifacts", {}).items()
        }
        self._write(
            "INSERT OR REPLACE INTO cache_entries VALUES (?, ?, ?, ?, ?)",
            (key, canonical_json({**outputs, "digests": digests}), run, task_path, time.time()),
        )

    def record_execution(
        self, run: str, task_path: str, task_name: str, key: CacheKey, state: str
    ) -> None:
        self._write(
            "INSERT INTO executions VALUES (?, ?, ?, ?, ?, ?, ?)",
            (run, task_path, task_name, key.key, canonical_json(key.parts()), state, time.time()),
        )

    def last_execution(self, task_name: str) -> Optional[dict]:
        """The key parts of the latest execution of a task (by task name), for ``cache-key``."""
        row = self._retrying(
            lambda conn: conn.execute(
                "SELECT run, task_path, parts FROM executions WHERE task_name = ? "
                "ORDER BY created DESC LIMIT 1",
                (task_name,),
            ).fetchone()
        )
        if row is None:
            return None
        return {"run": row[0], "task_path": row[1], "parts": json.loads(row[2])}

    def previous_execution(self, task_path: str, task_name: str, run: str) -> Optional[dict]:
        """``{"run", "task_path", "parts", "state"}`` of the newest execution of the task in
        another run than ``run``: the same task path, else the same task name."""

        def query(conn: sqlite3.Connection) -> Any:
            for column, value in (("task_path", task_path), ("task_name", task_name)):
                row = conn.execute(
                    f"SELECT run, task_path, parts, state FROM executions WHERE {column} = ? "
                    "AND run != ? ORDER BY created DESC LIMIT 1",
                    (value, run),
                ).fetchone()
                if row is not None:
                    return row
            return None

        row = self._retrying(query)
        if row is None:
            return None
        return {"run": row[0], "task_path": row[1], "parts": json.loads(row[2]), "state": row[3]}

    def entry_count(self) -> int:
        return self._retrying(
            lambda conn: conn.execute("SELECT COUNT(*) FROM cache_entries").fetchone()[0]
        )
