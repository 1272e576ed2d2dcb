"""The store: canonical tables as Parquet snapshots that DuckDB reads.

Why snapshots: DuckDB's own database file allows one writing process and no readers beside it, but
the dashboard must keep running while `python -m ingest load` writes. So every table lives as one
Parquet file inside a snapshot directory, and a pointer file ``CURRENT`` names the snapshot in force.
A write builds a complete new snapshot (unchanged tables are hard links, so this is cheap) and then
swaps the pointer with an atomic rename: readers see the old snapshot or the new one, never half of a
load. Writers serialise on a lock file.

Layout::

    <root>/CURRENT              name of the snapshot in force, e.g. "000007"
    <root>/snapshots/000007/    one <table>.parquet per table in schema.sql
    <root>/.lock                held (flock) by the one writer
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STORE = ROOT / "data" / "store"
QUERIES = ROOT / "queries"
SCHEMA_FILE = Path(__file__).with_name("schema.sql")
KEEP_SNAPSHOTS = 3
KEEP_SECONDS = 600  # a reader that opened a snapshot this recently may still be scanning it


class StoreError(RuntimeError):
    """A store problem a person can act on (message in Swedish, no traceback needed)."""


@cache
@cache
def sql(name: str) -> str:
    """The text of queries/<name>.sql (names come from code, never from input)."""
    return (QUERIES / (name + ".sql")).read_text(encoding="utf-8")


def first_line(e: BaseException) -> str:
    """A short, single-line description of an error for a message (no traceback)."""
    if isinstance(e, OSError) and e.strerror:
        return e.strerror + (f": {e.filename}" if e.filename else "")
    text = str(e).strip()
    return text.splitlines()[0][:200] if text else type(e).__name__


def default_path() -> Path:
    env = os.environ.get("SVF_DB")
    return Path(env) if env else DEFAULT_STORE


@lru_cache(maxsize=1)
def schema() -> dict[str, list[tuple[str, str]]]:
    """Table name -> [(column, DuckDB type)], read from schema.sql."""
    con = duckdb.connect()
    con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
    rows = con.execute(sql("store/schema_columns")).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, col, typ in rows:
        out.setdefault(table, []).append((col, typ))
    con.close()
    return out


def typed_projection(table: str, available: list[str]) -> str:
    """Projection list that casts a relation to the table's exact column types.

    Identifiers come from schema.sql only (an allow-list), never from input.
    """
    parts = []
    for col, typ in schema()[table]:
        src = col if col in available else "NULL"
        parts.append("CAST(" + src + " AS " + typ + ") AS " + col)
    return ", ".join(parts)


@dataclass
class Store:
    root: Path = field(default_factory=default_path)

    def __post_init__(self) -> None:
        self.root = Path(self.root)

    # -- reading -------------------------------------------------------------------------------
    def exists(self) -> bool:
        return (self.root / "CURRENT").is_file()

    def version(self) -> str | None:
        """The snapshot in force (a cheap file read: the dashboard checks it on every rerun)."""
        try:
            name = (self.root / "CURRENT").read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as e:  # no permission, the path is a file, garbage
            raise StoreError(f"Lagret {self.root} kan inte läsas ({first_line(e)}).") from None
        return name or None

    def snapshot_dir(self, version: str | None = None) -> Path:
        version = version or self.version()
        if version is None:
            raise StoreError(f"Det finns inga data i {self.root} ännu. Kör 'python -m ingest build' "
                             "för demodata eller 'python -m ingest load' för egna filer.")
        return self.root / "snapshots" / version

    def connect(self, materialize: bool = False, version: str | None = None
                ) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with every table of one snapshot.

        materialize=False: views over the Parquet files (quick to open). The command line and the
        dashboard use this (the dashboard adds its own prepared bases via metrics.prepare).
        materialize=True: tables copied into memory: slower to open and uses memory, but immune to
        the snapshot being cleaned away later (KEEP_SECONDS) — for a long-lived reader that must
        keep one snapshot, and for tests and benchmarks comparing the two.
        """
        snap = self.snapshot_dir(version)
        con = duckdb.connect()
        try:
            for table in schema():
                path = snap / (table + ".parquet")
                if not path.exists():
                    # a store written before this table was added to schema.sql: the table reads as
                    # empty until the next write creates its file
                    empty = con.sql("SELECT 1 AS _empty WHERE false").project(typed_projection(table, []))
                    if materialize:
                        empty.create(table)
                    else:
                        empty.create_view(table)
                elif materialize:
                    con.read_parquet(str(path)).create(table)
                else:
                    con.read_parquet(str(path)).create_view(table)
        except (duckdb.Error, OSError) as e:
            con.close()
            raise StoreError(f"Lagret {self.root} kan inte läsas ({first_line(e)}).") from None
        except StoreError:
            con.close()
            raise
        return con

    # -- writing -------------------------------------------------------------------------------
    @contextmanager
    def transaction(self):
        """Exclusive write: yields a Transaction; its snapshot becomes current only on success.

        The store's own file operations (directories, lock, staging, commit) raise StoreError with
        a Swedish message when the disk or the permissions say no; errors from the block pass as they are.
        """
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / "snapshots").mkdir(exist_ok=True)
            lock = open(self.root / ".lock", "a+")
        except OSError as e:
            raise self._write_error(e) from None
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                tx = Transaction(self)
            except (OSError, duckdb.Error) as e:
                raise self._write_error(e) from None
            try:
                yield tx
                try:
                    tx._commit()
                except (OSError, duckdb.Error) as e:
                    raise self._write_error(e) from None
            finally:
                tx._cleanup()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()

    def _write_error(self, e: BaseException) -> StoreError:
        return StoreError(f"Lagret {self.root} kan inte skrivas ({first_line(e)}); inget ändrades.")


_counter_lock = threading.Lock()


class Transaction:
    """Staged changes to a store. Reads inside the transaction see its own writes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.base = store.version()
        self.stage = store.root / "snapshots" / (".stage-" + uuid.uuid4().hex[:12])
        self.stage.mkdir()
        self.changed: set[str] = set()
        self.con = duckdb.connect()
        try:
            base_dir = store.snapshot_dir(self.base) if self.base else None
            for table in schema():
                if base_dir is not None and (base_dir / (table + ".parquet")).exists():
                    self.con.read_parquet(str(base_dir / (table + ".parquet"))).create_view(table)
                else:
                    self.replace(table, None)
        except BaseException:
            self._cleanup()  # no stage directory left behind
            raise

    def replace(self, table: str, source: duckdb.DuckDBPyRelation | None) -> int:
        """Give `table` new full contents (None = empty). Returns the row count written."""
        if table not in schema():
            raise ValueError(f"unknown table {table}")
        path = self.stage / (table + ".parquet")
        tmp = self.stage / (table + ".parquet.tmp")
        if source is None:
            source = self.con.sql("SELECT 1 AS _empty WHERE false")
        typed = source.project(typed_projection(table, source.columns))
        try:
            typed.write_parquet(str(tmp), compression="zstd")
            os.replace(tmp, path)
        except (duckdb.IOException, OSError) as e:  # disk full, no permission: not the input's fault
            raise self.store._write_error(e) from None
        self.con.read_parquet(str(path)).create_view(table, replace=True)
        self.changed.add(table)
        return self.con.table(table).count("*").fetchall()[0][0]

    def next_load_id(self) -> int:
        with _counter_lock:
            (n,) = self.con.execute(sql("store/next_load_id")).fetchall()[0]
        return int(n)

    def _commit(self) -> None:
        if not self.changed:
            return  # nothing written: no new snapshot, readers keep theirs
        snaps = self.store.root / "snapshots"
        base_dir = self.store.snapshot_dir(self.base) if self.base else None
        for table in schema():
            if table in self.changed:
                continue
            os.link(base_dir / (table + ".parquet"), self.stage / (table + ".parquet"))
        self.con.close()
        for f in self.stage.iterdir():
            _fsync(f)
        existing = [int(p.name) for p in snaps.iterdir() if re.fullmatch(r"\d{6}", p.name)]
        name = f"{max(existing, default=0) + 1:06d}"
        os.rename(self.stage, snaps / name)
        _fsync(snaps)
        pointer = self.store.root / "CURRENT.tmp"
        pointer.write_text(name + "\n", encoding="ascii")
        _fsync(pointer)
        os.replace(pointer, self.store.root / "CURRENT")
        try:  # the new snapshot is in force now: what follows is best effort, never an error
            _fsync(self.store.root)
            self._gc(name)
        except OSError:
            pass

    def _gc(self, current: str) -> None:
        """Drop old snapshots, but never one replaced in the last KEEP_SECONDS (a CLI query or a
        dashboard connection that opened it may still be reading its files)."""
        snaps = sorted(p for p in (self.store.root / "snapshots").iterdir()
                       if re.fullmatch(r"\d{6}", p.name))
        newer = {p.name: q for p, q in zip(snaps, snaps[1:], strict=False)}
        now = time.time()
        for old in snaps[:-KEEP_SNAPSHOTS]:
            successor = newer.get(old.name)
            replaced_at = successor.stat().st_mtime if successor else now
            if old.name != current and now - replaced_at > KEEP_SECONDS:
                shutil.rmtree(old, ignore_errors=True)

    def _cleanup(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:
            pass
        if self.stage.exists():
            shutil.rmtree(self.stage, ignore_errors=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
