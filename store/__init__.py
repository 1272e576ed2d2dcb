"""The store: canonical tables as Parquet snapshots that DuckDB reads.

Why snapshots: DuckDB's own database file allows one writing process and no readers beside it, but
the dashboard must keep running while `python -m ingest load` writes. So every table lives as one
Parquet file inside a snapshot directory, and a pointer file ``CURRENT`` names the snapshot in force.
A write builds a complete new snapshot (unchanged tables are hard links, so this is cheap) and then
swaps the pointer with an atomic rename: readers see the old snapshot or the new one, never half of a
load. Writers serialise on a lock file.

Layout::

    <root>/CURRENT              name of the snapshot in force, e.g. "000007"
    <root>/snapshots/000007/    one <table>.parquet per table in schema.sql, and MANIFEST.json
    <root>/snapshots/.stage-*   a write in progress (or left by a killed one); .work-*: its scratch files
    <root>/damaged/             snapshots that `ingest check --repair` moved aside
    <root>/.lock                held (flock) by the one writer

Damage: the manifest written with each snapshot lists its tables with row count, size and SHA-256.
A table listed there whose file is missing, shorter or unreadable makes the snapshot damaged; readers
and writers refuse it (DamagedStoreError) rather than read the table as empty and write a snapshot
without its rows. A table of schema.sql that the manifest does not list was added after the snapshot
was written and reads as empty. Snapshots from before manifests existed: only the tables added to
schema.sql since (PRE_MANIFEST_OPTIONAL) may be absent.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
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
MANIFEST = "MANIFEST.json"
# tables added to schema.sql after the first snapshots were written, but before snapshots carried a
# manifest: such an old snapshot may lack their files
PRE_MANIFEST_OPTIONAL = frozenset({"catalogue_version", "svf_min_age"})
SNAPSHOT_NAME = re.compile(r"\d{6}")
# Frozen snapshots (`ingest freeze --name`): hard links of one snapshot under <root>/frozen/<name>/, never
# cleaned away, opened as the version "frozen/<name>" (names from the URL are checked against this)
FROZEN = "frozen"
FROZEN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
FROZEN_INFO = "FROZEN.json"
DERIVED = "derived"  # a snapshot's sub-directory of readers' derived files (Store.derived_dir)


class StoreError(RuntimeError):
    """A store problem a person can act on (message in Swedish, no traceback needed)."""


class DamagedStoreError(StoreError):
    """The snapshot in force is incomplete or unreadable: refused, never written over."""


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


_CREATE_TABLE = re.compile(r"^CREATE TABLE (\w+)", re.MULTILINE)


@cache
def table_names() -> tuple[str, ...]:
    """The tables of schema.sql in schema()'s order, read from the file's text: opening a snapshot needs
    only the names, and schema() builds a second DuckDB database for the types (~0.1–0.2 s of every
    command-line run; tests/test_store_schema.py keeps the two equal)."""
    return tuple(sorted(_CREATE_TABLE.findall(SCHEMA_FILE.read_text(encoding="utf-8"))))


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
        """A store is here (possibly damaged: snapshots without a pointer still count, so that nobody
        starts a new, empty store over them)."""
        return (self.root / "CURRENT").is_file() or bool(self.snapshot_names())

    def version(self) -> str | None:
        """The snapshot in force (a cheap file read: the dashboard checks it on every rerun)."""
        try:
            name = (self.root / "CURRENT").read_text(encoding="ascii").strip()
        except FileNotFoundError:
            if self.snapshot_names():  # snapshots without a pointer: a new empty store would lose them
                raise self.damaged("CURRENT saknas men det finns ögonblicksbilder ("
                                   + ", ".join(self.snapshot_names()) + ")") from None
            return None
        except (OSError, UnicodeDecodeError) as e:  # no permission, the path is a file, garbage
            raise StoreError(f"Lagret {self.root} kan inte läsas ({first_line(e)}).") from None
        if not name and not self.snapshot_names():
            return None  # a pointer that names nothing over no snapshots: nothing to lose, no data yet
        if not SNAPSHOT_NAME.fullmatch(name):
            raise self.damaged(f"CURRENT innehåller inget giltigt namn på en ögonblicksbild ({name[:20]!r})")
        return name

    def snapshot_names(self) -> list[str]:
        """The numbered snapshots on disk, oldest first."""
        try:
            return sorted(p.name for p in (self.root / "snapshots").iterdir()
                          if SNAPSHOT_NAME.fullmatch(p.name) and p.is_dir())
        except (FileNotFoundError, NotADirectoryError):
            return []

    def damaged(self, problem: str) -> DamagedStoreError:
        return DamagedStoreError(
            f"Lagret {self.root} är skadat: {problem}. Inget skrivs dit och inget visas förrän det är lagat: "
            f"kör 'python -m ingest check --db {self.root} --repair', som går tillbaka till den senaste hela "
            "ögonblicksbilden och skriver ut vad som då går förlorat.")

    def table_files(self, version: str) -> dict[str, Path | None]:
        """Table -> its Parquet file in the snapshot, None for a table added to schema.sql after the
        snapshot was written. Quick checks (presence, size, row count from the footer); raises
        DamagedStoreError."""
        if version.startswith(FROZEN + "/"):
            return self._frozen_files(version[len(FROZEN) + 1:])
        snap = self.root / "snapshots" / version
        if not snap.is_dir():
            try:
                pointed = (self.root / "CURRENT").read_text(encoding="ascii").strip()
            except (OSError, UnicodeDecodeError):
                pointed = None
            if pointed != version:  # an older snapshot asked for by name, since cleaned away: no damage
                raise StoreError(f"Ögonblicksbilden {version} finns inte (längre) i {self.root}.")
            raise self.damaged(f"CURRENT pekar på ögonblicksbilden {version}, som saknas")
        problems, files = snapshot_problems(snap, full=False)
        if problems:
            raise self.damaged(problems[0])
        return files

    def no_data_message(self) -> str:
        """What to do when the store holds nothing yet (the dashboard, ingest, metrics and report say it alike)."""
        return (f"Det finns inga data i {self.root} ännu. Kör 'python -m ingest build' för demodata eller "
                "'python -m ingest load' för egna filer.")

    def snapshot_dir(self, version: str | None = None) -> Path:
        version = version or self.version()
        if version is None:
            raise StoreError(self.no_data_message())
        if version.startswith(FROZEN + "/"):
            return self.root / version
        return self.root / "snapshots" / version

    def derived_dir(self, version: str) -> Path:
        """Where readers keep what they derive from one snapshot (metrics.prepare's base tables): inside
        the snapshot's directory, so it lives and goes with it. Never read as data of the snapshot:
        the manifest, checks, freezing and new snapshots look only at the table files."""
        return self.snapshot_dir(version) / DERIVED

    # -- frozen snapshots ------------------------------------------------------------------------
    def _frozen_files(self, name: str) -> dict[str, Path | None]:
        if not FROZEN_NAME.fullmatch(name) or not (self.root / FROZEN / name).is_dir():
            raise StoreError(f"Det finns inget fryst underlag som heter {name[:64]!r} i {self.root}.")
        problems, files = snapshot_problems(self.root / FROZEN / name, full=False)
        if problems:
            raise StoreError(f"Det frysta underlaget {name} i {self.root} är skadat: {problems[0]}.")
        return files

    def frozen(self) -> list[dict]:
        """The frozen snapshots, oldest first: {name, snapshot, frozen_at} (from their FROZEN.json)."""
        out = []
        base = self.root / FROZEN
        for d in sorted(base.iterdir()) if base.is_dir() else []:
            if not FROZEN_NAME.fullmatch(d.name) or not d.is_dir():
                continue
            try:
                info = json.loads((d / FROZEN_INFO).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                info = {}
            out.append({"name": d.name, "snapshot": str(info.get("snapshot", "?")),
                        "frozen_at": str(info.get("frozen_at", ""))})
        return sorted(out, key=lambda f: (f["frozen_at"], f["name"]))

    def freeze(self, name: str, version: str | None = None) -> dict:
        """Keep the snapshot in force (or the numbered `version`, e.g. the one a page shows) under `name`
        for good (a review must give the same figures a year later): its files hard-linked into
        frozen/<name>/, which no cleanup touches. Under the writer's lock, so the snapshot cannot change
        meanwhile; a damaged snapshot is refused."""
        if not FROZEN_NAME.fullmatch(name or ""):
            raise StoreError(f"Ogiltigt namn {str(name)[:64]!r} för ett fryst underlag: använd bokstäver a–z, siffror, "
                             "'.', '_' och '-' (högst 64 tecken), t.ex. 2026H1-lpo.")
        with self.locked():
            version = version or self.version()
            if version is None:
                self.snapshot_dir(None)  # raises the 'no data yet' message
            if not SNAPSHOT_NAME.fullmatch(version):
                raise StoreError(f"Bara en numrerad ögonblicksbild kan frysas, inte {version[:64]!r}.")
            self.table_files(version)  # refuses a damaged snapshot
            dest = self.root / FROZEN / name
            if dest.exists():
                raise StoreError(f"Det finns redan ett fryst underlag som heter {name} i {self.root}; "
                                 "välj ett annat namn.")
            tmp = self.root / FROZEN / f".tmp-{name}-{uuid.uuid4().hex[:8]}"
            info = {"name": name, "snapshot": version,
                    "frozen_at": time.strftime("%Y-%m-%d %H:%M:%S")}
            try:
                tmp.mkdir(parents=True)
                for f in (self.root / "snapshots" / version).iterdir():
                    if f.is_file():
                        os.link(f, tmp / f.name)
                (tmp / FROZEN_INFO).write_text(json.dumps(info, indent=1), encoding="utf-8")
                _fsync(tmp / FROZEN_INFO)
                os.rename(tmp, dest)
                _fsync(self.root / FROZEN)
            except OSError as e:
                shutil.rmtree(tmp, ignore_errors=True)
                raise self._write_error(e) from None
        return info

    def connect(self, materialize: bool = False, version: str | None = None
                ) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with every table of one snapshot.

        materialize=False: views over the Parquet files (quick to open). The command line and the
        dashboard use this (the dashboard adds its own prepared bases via metrics.prepare).
        materialize=True: tables copied into memory: slower to open and uses memory, but immune to
        the snapshot being cleaned away later (KEEP_SECONDS) — for a long-lived reader that must
        keep one snapshot, and for tests and benchmarks comparing the two.
        """
        version = version or self.version()
        self.snapshot_dir(version)  # 'no data yet' when there is no snapshot
        files = self.table_files(version)
        con = duckdb.connect()
        try:
            for table in table_names():
                path = files[table]
                if path is None:
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
        with self.locked():
            try:
                self.cleaned = self.remove_leftovers()
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

    @contextmanager
    def locked(self):
        """Hold the writer's lock (every writer takes it, so while it is held no other writer lives)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / "snapshots").mkdir(exist_ok=True)
            lock = open(self.root / ".lock", "a+")
        except OSError as e:
            raise self._write_error(e) from None
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()

    def writer_running(self) -> bool:
        """Whether some process holds the writer's lock right now."""
        try:
            with open(self.root / ".lock", "a+") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError as e:
                    if e.errno in (errno.EAGAIN, errno.EACCES):
                        return True
                    raise
                fcntl.flock(lock, fcntl.LOCK_UN)
                return False
        except OSError:
            return False

    def leftovers(self) -> list[tuple[Path, int]]:
        """Staging directories, scratch files and pointer temp files of writes that never finished
        (killed), with their size in bytes. Only garbage while no writer holds the lock."""
        found = [p for p in (self.root / "snapshots").glob(".*")] if (self.root / "snapshots").is_dir() else []
        found += [p for p in (self.root / "CURRENT.tmp",) if p.exists()]
        found += list((self.root / FROZEN).glob(".tmp-*")) if (self.root / FROZEN).is_dir() else []
        return [(p, _size(p)) for p in sorted(found)]

    def remove_leftovers(self) -> list[tuple[Path, int]]:
        """Call only holding the lock: then no live writer owns any of them."""
        gone = self.leftovers()
        for p, _ in gone:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
        return gone

    def _write_error(self, e: BaseException) -> StoreError:
        return StoreError(f"Lagret {self.root} kan inte skrivas ({first_line(e)}); inget ändrades.")


_counter_lock = threading.Lock()


class Transaction:
    """Staged changes to a store. Reads inside the transaction see its own writes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.base = store.version()
        # damage is refused before anything is staged: a missing table must never become an empty one
        self.base_files = store.table_files(self.base) if self.base else {}
        self.base_manifest = read_manifest(store.root / "snapshots" / self.base) if self.base else None
        tag = uuid.uuid4().hex[:12]
        self.stage = store.root / "snapshots" / (".stage-" + tag)
        self.work = store.root / "snapshots" / (".work-" + tag)  # scratch: transcoded input, DuckDB spill
        self.stage.mkdir()
        self.work.mkdir()
        self.changed: set[str] = set()
        self.rows: dict[str, int] = {}
        self.con = duckdb.connect()
        try:
            # a connection setting, not a query: spill files stay where the next writer can clean them
            self.con.execute("SET temp_directory = ?", [str(self.work / "duckdb")])
            for table in schema():
                path = self.base_files.get(table)
                if path is not None:
                    try:
                        self.con.read_parquet(str(path)).create_view(table)
                    except duckdb.Error as e:
                        raise store.damaged(f"tabellfilen {path.name} i ögonblicksbilden {self.base} kan inte "
                                            f"läsas ({first_line(e)})") from None
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
        self.rows[table] = self.con.table(table).count("*").fetchall()[0][0]
        return self.rows[table]

    def next_load_id(self) -> int:
        with _counter_lock:
            (n,) = self.con.execute(sql("store/next_load_id")).fetchall()[0]
        return int(n)

    def _commit(self) -> None:
        if not self.changed:
            return  # nothing written: no new snapshot, readers keep theirs
        snaps = self.store.root / "snapshots"
        old = (self.base_manifest or {}).get("tables", {})
        tables = {}
        for table in schema():
            path = self.stage / (table + ".parquet")
            if table not in self.changed:
                os.link(self.base_files[table], path)
            if table in old and table not in self.changed:
                tables[table] = old[table]  # the same file (a hard link): the same record
            else:
                tables[table] = {"rows": self.rows.get(table, _parquet_rows(path)), "bytes": path.stat().st_size,
                                 "sha256": _sha256(path)}
        (self.stage / MANIFEST).write_text(json.dumps({"format": 1, "base": self.base, "tables": tables},
                                                      indent=1), encoding="utf-8")
        self.con.close()
        for f in self.stage.iterdir():
            _fsync(f)
        existing = [int(p.name) for p in snaps.iterdir() if SNAPSHOT_NAME.fullmatch(p.name)]
        existing += [int(p.name) for p in (self.store.root / "damaged").glob("*") if SNAPSHOT_NAME.fullmatch(p.name)]
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
        snaps = sorted(p for p in (self.store.root / "snapshots").iterdir() if SNAPSHOT_NAME.fullmatch(p.name))
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
        for d in (self.stage, self.work):
            if d.exists():
                shutil.rmtree(d, ignore_errors=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _size(p: Path) -> int:
    if p.is_dir() and not p.is_symlink():
        return sum(f.stat().st_size for f in p.rglob("*") if f.is_file() and not f.is_symlink())
    try:
        return p.lstat().st_size
    except OSError:
        return 0


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def _parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.read_metadata(path).num_rows


def _footer_rows(paths: list[Path]) -> dict[Path, int]:
    """Path -> the row count in its footer, for the files DuckDB can read the footers of in one query
    (every file, normally; when one cannot be read, none: the caller then asks pyarrow file by file,
    which names the problem). DuckDB, not pyarrow, because importing pyarrow costs the command line
    ~0.2 s CPU before any work (bench/cli.py)."""
    present = [p for p in paths if p.is_file()]
    if not present:
        return {}
    try:
        with duckdb.connect() as con:
            rows = con.execute(sql("store/footer_rows"), {"files": [str(p) for p in present]}).fetchall()
    except duckdb.Error:
        return {}
    return {Path(f): int(n) for f, n in rows}


def read_manifest(snap: Path) -> dict | None:
    """The snapshot's manifest, None for a snapshot from before manifests (raises ValueError if unreadable)."""
    try:
        text = (snap / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        data = json.loads(text)
        if not isinstance(data.get("tables"), dict):
            raise ValueError("tables")
        return data
    except (ValueError, AttributeError) as e:
        raise ValueError(f"manifestet {MANIFEST} i ögonblicksbilden {snap.name} kan inte läsas ({first_line(e)})") \
            from None


def snapshot_problems(snap: Path, full: bool = False) -> tuple[list[str], dict[str, Path | None]]:
    """What is wrong with one snapshot (Swedish, one line each) and table -> file (None = a table the
    snapshot predates). Quick: presence, size and the footer's row count; full adds reading every
    value and comparing the SHA-256 (ingest check)."""
    name = snap.name
    try:
        manifest = read_manifest(snap)
    except ValueError as e:
        return [str(e)], {}
    except OSError as e:
        return [f"ögonblicksbilden {name} kan inte läsas ({first_line(e)})"], {}
    listed = manifest["tables"] if manifest else None
    problems: list[str] = []
    files: dict[str, Path | None] = {}
    footer = _footer_rows([snap / (table + ".parquet") for table in table_names()])
    for table in table_names():
        path = snap / (table + ".parquet")
        rec = listed.get(table) if listed is not None else None
        if not path.is_file():
            optional = (rec is None) if listed is not None else (table in PRE_MANIFEST_OPTIONAL)
            if optional:
                files[table] = None
                continue
            problems.append(f"tabellfilen {path.name} saknas i ögonblicksbilden {name}")
            continue
        files[table] = path
        try:
            size = path.stat().st_size
            if rec is not None and size != rec["bytes"]:
                problems.append(f"tabellfilen {path.name} i ögonblicksbilden {name} är avkortad eller ändrad "
                                f"({size} byte, väntat {rec['bytes']})")
                continue
            num_rows = footer.get(path)
            if num_rows is None:  # not readable as a whole: pyarrow names what is wrong
                import pyarrow.parquet as pq

                num_rows = pq.read_metadata(path).num_rows
            if rec is not None and num_rows != rec["rows"]:
                problems.append(f"tabellfilen {path.name} i ögonblicksbilden {name} har {num_rows} rader, "
                                f"väntat {rec['rows']}")
                continue
            if full:
                import pyarrow.parquet as pq

                if rec is not None and _sha256(path) != rec["sha256"]:
                    problems.append(f"tabellfilen {path.name} i ögonblicksbilden {name} har ändrats sedan den "
                                    "skrevs (kontrollsumman stämmer inte)")
                    continue
                f = pq.ParquetFile(path)
                for i in range(f.num_row_groups):
                    f.read_row_group(i)
        except Exception as e:  # pyarrow raises several kinds for a broken file
            problems.append(f"tabellfilen {path.name} i ögonblicksbilden {name} kan inte läsas ({first_line(e)})")
    return problems, files
