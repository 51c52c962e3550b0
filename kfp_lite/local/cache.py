"""The local runner's cache: an explicit key and a SQLite store under the pipeline root.

Key (documented in docs/caching.md): sha256 over the canonical JSON of
``{"version", "component", "parameters", "artifacts"}`` where ``component`` is the sha256 of
the component's interface and executor container, ``parameters`` every input parameter value
and ``artifacts`` the content digest (and metadata) of every input artifact. An entry is
written only after the task succeeded, in one transaction, so a killed run leaves nothing
half-written.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional

__all__ = [
    "CACHE_FILE",
    "KEY_VERSION",
    "CacheKey",
    "CacheStore",
    "artifact_digest",
    "canonical_json",
    "component_fingerprint",
    "compute_key",
    "key_from_parts",
]

KEY_VERSION = 1
CACHE_FILE = ".kfp_lite_cache.sqlite3"


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_digest(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def artifact_digest(uri: str) -> str:
    """Content digest of a local artifact: a file's bytes, or a directory tree's names and bytes.

    URIs that do not exist locally (``gs://...`` or a deleted file) digest their text, marked
    so they can never equal a content digest.
    """
    path = uri[len("file://") :] if uri.startswith("file://") else uri
    if os.path.isfile(path):
        return "file:" + _file_digest(path)
    if os.path.isdir(path):
        h = hashlib.sha256()
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames.sort()
            rel_dir = os.path.relpath(dirpath, path)
            h.update(f"d:{rel_dir}\0".encode())
            for name in sorted(filenames):
                rel = os.path.normpath(os.path.join(rel_dir, name))
                h.update(f"f:{rel}\0{_file_digest(os.path.join(dirpath, name))}\0".encode())
        return "tree:" + h.hexdigest()
    return "absent:" + _sha256(uri)


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


class CacheStore:
    """SQLite file under the pipeline root; one short connection per operation (thread-safe)."""

    def __init__(self, pipeline_root: str | Path) -> None:
        self.path = Path(pipeline_root) / CACHE_FILE
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self._connect()
        try:
            # the journal mode is a property of the file: set it once, not per connection
            # (switching it needs the file to itself, which fails while tasks write)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)
        finally:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        # autocommit: writes take the write lock up front (BEGIN IMMEDIATE) so that a busy
        # database is waited for, instead of failing when a read transaction must upgrade
        return sqlite3.connect(self.path, timeout=30, isolation_level=None)

    def _write(self, sql: str, values: tuple) -> None:
        """One statement in its own transaction: all of it is stored, or nothing."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(sql, values)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def lookup(self, key: str) -> Optional[dict]:
        """The outputs of an earlier success, if every output artifact still exists."""
        conn = self._connect()
        try:
            row = conn.execute("SELECT outputs FROM cache_entries WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
        if row is None:
            return None
        outputs = json.loads(row[0])
        for items in outputs.get("artifacts", {}).values():
            for artifact in items:
                uri = artifact.get("uri", "")
                if "://" not in uri and not os.path.exists(uri):
                    return None
        return outputs

    def record_success(
        self, key: str, outputs: Mapping[str, Any], run: str, task_path: str
    ) -> None:
        """Write the entry in one transaction."""
        self._write(
            "INSERT OR REPLACE INTO cache_entries VALUES (?, ?, ?, ?, ?)",
            (key, canonical_json(outputs), run, task_path, time.time()),
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
        conn = self._connect()
        try:
            row = conn.execute(
                "SELECT run, task_path, parts FROM executions WHERE task_name = ? "
                "ORDER BY created DESC LIMIT 1",
                (task_name,),
            ).fetchone()
        finally:
            conn.close()
        if row is None:
            return None
        return {"run": row[0], "task_path": row[1], "parts": json.loads(row[2])}

    def entry_count(self) -> int:
        conn = self._connect()
        try:
            return conn.execute("SELECT COUNT(*) FROM cache_entries").fetchone()[0]
        finally:
            conn.close()
