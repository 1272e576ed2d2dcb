"""The metric layer: runs the queries in queries/, adds intervals, targets, verdicts and gaps.

Definitions: DESIGN.md "Metrics" (see also each SQL file's header). No Streamlit here.

Speed: each metric query starts from a base relation (queries/base/*.sql: the fact rows it counts,
limited to the period). prepare(con) computes those once per snapshot into tables of the
connection (rows, or sums per month where that is exact), and later queries read them instead of
joining the fact tables again: for the dashboard's long-lived connection. Without prepare() (the
CLI: one query per process) the same base SQL runs inline, so the results are the same either way.

How grouping stays safe and single-pass: every SQL file computes all dimensions the table allows,
each behind a boolean parameter ``$by_<dim>`` (NULL when not asked for), and groups by all of them.
So the SQL text is static — nothing is ever assembled from input, not even allow-listed identifiers —
and each query reads its fact table once. Measured on 1.1 M pathways the constant NULL columns cost
~3 ms over a hand-written GROUP BY (20 vs 17 ms). The metric SQL groups by period starts
(period_start) and one last step, queries/period_labels.sql, labels them: the period rules and the
"unverified" rule are DuckDB macros (queries/macros.sql) that run() / prepare() define once per
connection, so a plain CLI connection and the dashboard's prepared one read the same definitions.

Columns first, DataFrames last: compute_columns() fetches with fetchnumpy() and works on numpy arrays;
compute() wraps the result in its DataFrame (frame()). pandas is imported only there (and by the other
functions that return DataFrames): its import costs a command-line run more than its whole query.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import threading
import uuid
import weakref
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field, fields, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import numpy as np

from metrics import periods, rules, stats

if TYPE_CHECKING:
    import pandas as pd

QUERIES = Path(__file__).resolve().parent.parent / "queries"

TABLES = ("lead-time", "inclusion", "register-coverage", "register-timeliness", "palliative-coverage",
          "palliative-indicators")
PERIOD_DIMS = periods.PERIOD_DIMS
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "lead-time": ("region", "healthcare_region", "svf", "end_type", "unit", *PERIOD_DIMS),
    "inclusion": ("region", "healthcare_region", "svf", *PERIOD_DIMS),
    "register-coverage": ("register", "region", "healthcare_region", "svf", *PERIOD_DIMS),
    "register-timeliness": ("register", "region", "healthcare_region", "svf", *PERIOD_DIMS),
    "palliative-coverage": ("region", "healthcare_region", *PERIOD_DIMS),
    "palliative-indicators": ("indicator", "region", "healthcare_region", *PERIOD_DIMS),
}
# Dimensions every row of a table carries even when not asked for.
ALWAYS: dict[str, tuple[str, ...]] = {"register-coverage": ("register",), "register-timeliness": ("register",),
                                      "palliative-indicators": ("indicator",)}
# Which Filters fields a table uses (others are ignored by compute(); the CLI rejects them).
APPLICABLE: dict[str, frozenset[str]] = {
    "lead-time": frozenset({"regions", "healthcare_regions", "svfs", "units"}),
    "inclusion": frozenset({"regions", "healthcare_regions", "svfs", "inclusion_denominator"}),
    "register-coverage": frozenset({"regions", "healthcare_regions", "svfs", "registers", "as_of"}),
    "register-timeliness": frozenset({"regions", "healthcare_regions", "svfs", "registers", "as_of", "months"}),
    "palliative-coverage": frozenset({"regions", "healthcare_regions"}),
    "palliative-indicators": frozenset({"regions", "healthcare_regions", "indicators"}),
}
_SPEC = {  # table -> (sql file, numerator, denominator, metric name in the target table)
    "lead-time": ("lead_time", "n_within", "n", "lead_time"),
    "inclusion": ("inclusion", "n_svf", "n_cases", "inclusion"),
    "register-coverage": ("register_coverage", "n_registered", "n_cases", "register_coverage"),
    "register-timeliness": ("registers/register_timeliness", "n_within", "n", "register_timeliness"),
    "palliative-coverage": ("palliative_coverage", "n_registered", "n_deaths", "palliative_coverage"),
    "palliative-indicators": ("palliative_indicators", "n_met", "n", "palliative_indicator"),
}
METRIC_OF_TABLE = {t: spec[3] for t, spec in _SPEC.items()}
# table -> (numerator column, denominator column) of compute()'s result
COUNT_COLUMNS: dict[str, tuple[str, str]] = {t: (spec[1], spec[2]) for t, spec in _SPEC.items()}
DIM_NAMES_SV = {
    "region": "region", "healthcare_region": "sjukvårdsregion", "svf": "vårdförlopp",
    "end_type": "första behandling", "unit": "vårdenhet", "month": "månad", "quarter": "kvartal",
    "half_year": "halvår", "year": "år", "register": "kvalitetsregister", "indicator": "indikator",
}
_WHY_NOT = {
    ("inclusion", "unit"): "Inklusion kan inte delas upp eller filtreras på vårdenhet: nämnaren kommer "
                           "från cancerregistret, som inte har någon vårdenhet.",
    ("inclusion", "end_type"): "Inklusion kan inte delas upp på första behandling: nämnaren kommer från "
                               "cancerregistret, som inte har någon behandlingstyp.",
}
# the fact table whose last date ends a table's data: its newest months are preliminary (the CLI's
# period rows, Målöversikt's rows)
FACT_OF_TABLE = {"lead-time": "svf_pathway", "inclusion": "svf_pathway", "register-coverage": "cancer_case",
                 "register-timeliness": "cancer_case", "palliative-coverage": "death",
                 "palliative-indicators": "death"}
SUPPRESS_BELOW = 5  # a row whose denominator is below this carries suppressed = True
# The lymphoma register's timeliness target (rh_lymfom_80_3m) is "80 % within 3 months": it applies
# only when timeliness is counted with that window (the catalogue's target row states it in its note).
TIMELINESS_TARGET_MONTHS = 3
# A diagnosis year is still being reported (preliminary) until this many months after its end:
# high register coverage is reached only 1-2 years after the diagnosis year (DOMAIN.md §3).
REPORTING_MONTHS = 24
# Palliativregistret: indicators are comparable only where coverage is above this (DOMAIN.md §4).
SPR_COMPARABLE_FROM = 0.70


class UnknownCodeError(ValueError):
    """A filter names a code the catalogue does not know (the CLI's 'input rejected', exit 1)."""


@dataclass(frozen=True)
class Filters:
    """What to count. Empty tuples mean "all"; months are 'YYYY-MM' and inclusive.

    registers / indicators are additions to the contract (register coverage, palliative indicators).
    as_of (register coverage): what was known on that date — cases diagnosed and registrations made
    after it count in neither the denominator nor the numerator (None = today).
    """

    regions: tuple[str, ...] = ()
    healthcare_regions: tuple[str, ...] = ()
    svfs: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    period_from: str | None = None
    period_to: str | None = None
    inclusion_denominator: str = "same_period"
    as_of: dt.date | None = None
    registers: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    months: int = TIMELINESS_TARGET_MONTHS  # register-timeliness: registered within this many months

    def __post_init__(self) -> None:
        # accept lists (and a lone string) from callers; keep the dataclass hashable for caching
        for f in ("regions", "healthcare_regions", "svfs", "units", "registers", "indicators"):
            v = getattr(self, f)
            if v is None:
                v = ()
            elif isinstance(v, str):
                v = (v,)
            object.__setattr__(self, f, tuple(str(x) for x in v))


# -- running SQL ------------------------------------------------------------------------------------
# Base relations: the fact rows a metric query starts from, each already limited to its period;
# queries/base/<name>.sql defines one, and the metric SQL reads it by that name (summing its count
# columns). name -> (period column, its from / to parameters, the dimension columns of a month cube
# or None). prepare() keeps, per snapshot, either the rows (ordered by the period) or, where dims are
# given, the sums of the other columns per dims and month: exact for every filter, since periods are
# whole months and the from / to bounds are always first days of months. The statements are static
# files too: queries/cache/fill_<name>.sql fills the cache table, queries/cache/read_<name>.sql reads
# a period of it (their period column and parameters are the ones named here).
BASES: dict[str, tuple[str, str, str, tuple[str, ...] | None]] = {
    "lead_time": ("d", "from_date", "to_date", None),
    "inclusion_svf": ("d", "from_date", "to_date", ("region_code", "healthcare_region", "svf")),
    "inclusion_cases": ("d", "den_from_date", "den_to_date", ("region_code", "healthcare_region", "svf")),
    "register_coverage": ("d", "from_date", "to_date", None),
    "death": ("d", "from_date", "to_date", ("region_code", "healthcare_region")),
    "death_registered": ("d", "from_date", "to_date", ("region_code", "healthcare_region", "expected",
                                                        "indicator")),
}
_USES = {  # metric SQL -> the base relations it reads
    "lead_time": ("lead_time",), "lead_time_summary": ("lead_time",), "sets/lead_time": ("lead_time",),
    "sets/lead_time_summary": ("lead_time",),
    "inclusion": ("inclusion_svf", "inclusion_cases"), "sets/inclusion": ("inclusion_svf", "inclusion_cases"),
    "register_coverage": ("register_coverage",),
    "registers/register_timeliness": ("register_coverage",), "registers/register_ramp": ("register_coverage",),
    "palliative_coverage": ("death",), "palliative_indicators": ("death_registered",),
}
# Shared steps after the bases: queries/<name>.sql, read by the metric SQL by that name.
_STEPS = {"lead_time": ("lead_time_rows",), "lead_time_summary": ("lead_time_rows",),
          "sets/lead_time": ("lead_time_rows",), "sets/lead_time_summary": ("lead_time_rows",),
          "inclusion": ("inclusion_rows",),
          "sets/inclusion": ("inclusion_rows",)}
CACHE_PREFIX = "_metrics_cache_"  # the cache tables' names (queries/cache/*.sql spell them out)
_CACHE_READY = CACHE_PREFIX + "ready"  # created by queries/cache/ready.sql
_MACROS_READY = CACHE_PREFIX + "macros"  # created by queries/macros_ready.sql
# A line "-- include: <name>" in a query file stands for the text of queries/<name>.sql (a static
# file name, never input): how queries/cache/fill_*.sql reuse the base SQL without copying it.
_INCLUDE = re.compile(r"^[ \t]*-- include: ([\w/]+)[ \t]*$", re.MULTILINE)
_prepare_lock = threading.Lock()
_macros_lock = threading.Lock()
_base_locks = {b: threading.Lock() for b in BASES}  # one fill of a base at a time


@dataclass
class _Snapshot:
    """What a prepared connection (the dashboard's, one per snapshot, whose data never change while it
    lives) keeps in Python: the bases filled so far, the catalogue's codes and the target candidates.
    Each metric call asked the database for these again (~10-20 ms of fixed cost a call)."""

    lazy: bool
    keep: Path | None = None  # where filled bases are kept as Parquet files (see prepare)
    owner: weakref.ref | None = None  # the prepared connection: the kept-file writer takes a cursor of it
    ready: set = field(default_factory=set)
    codes: dict | None = None  # kind -> [(code, name_sv)]
    candidates: dict = field(default_factory=dict)


# prepare()'s connection -> its _Snapshot (gone with the connection); cursors have none and take the
# plain path, which asks the database
_SNAPSHOTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _params_of(text: str) -> frozenset[str]:
    body = "\n".join(line.split("--", 1)[0] for line in text.splitlines())  # ignore comments
    return frozenset(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", body))


def _text(name: str) -> str:
    text = (QUERIES / (name + ".sql")).read_text(encoding="utf-8").strip().rstrip(";")
    return _INCLUDE.sub(lambda m: _text(m.group(1)), text)


@cache
def _sql(name: str, cached: bool = False) -> tuple[str, frozenset[str]]:
    """The text of queries/<name>.sql and its parameter names. A metric query gets its base
    relations as CTEs in front: the base SQL itself, or (cached=True, after prepare()) a range read
    of the table prepare() filled with it; then the shared steps of _STEPS; the query itself is the
    CTE `metric`, which period_labels.sql turns into labelled rows. Either way the text is static:
    only files and names from BASES / _STEPS are put together, never input."""
    text = _text(name)
    bases = _USES.get(name, ())
    if bases:
        ctes = []
        for b in bases:
            body = _text(("cache/read_" if cached else "base/") + b)
            ctes.append(f"base_{b} AS (\n{body}\n)")
        ctes += [f"{step} AS (\n{_text(step)}\n)" for step in _STEPS.get(name, ())]
        ctes.append(f"metric AS (\n{text}\n)")
        text = "WITH " + ",\n".join(ctes) + "\n" + _text("period_labels")
    return text, _params_of(text)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """A catalog look-up of ~0.05 ms."""
    try:
        con.table(name)
    except duckdb.CatalogException:
        return False
    return True


def is_prepared(con: duckdb.DuckDBPyConnection) -> bool:
    """Has prepare() filled this connection's caches."""
    return _has_table(con, _CACHE_READY)


def define_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create the macros of queries/macros.sql (period keys and labels, the unverified rule) in this
    connection's database, once: every cursor of it sees them. run() and prepare() call this, so the
    dashboard's prepared connection and the CLI's plain one both have them. Idempotent."""
    if _has_table(con, _MACROS_READY):
        return
    with _macros_lock:
        if _has_table(con, _MACROS_READY):
            return
        con.execute(_text("macros"))
        con.execute(_text("macros_ready"))  # last: all or nothing


def prepare(con: duckdb.DuckDBPyConnection, lazy: bool = False, keep: Path | None = None) -> None:
    """Compute the base relations of every metric once for the whole snapshot and keep them as
    tables in this connection's database, so that later queries (from any cursor of it) read small
    tables instead of joining the fact tables again. For a long-lived connection over one snapshot
    (the dashboard); the caches die with the connection, so a new snapshot (a new connection) can
    never see old ones. Results are identical with or without: the same base SQL fills the cache.
    Idempotent and thread-safe. Scale 1: ~0.5 s; scale 10: ~3 s (see bench/metrics_micro.py).

    lazy=True fills nothing yet: each base is filled when a query on this connection first needs it
    (so the first page waits only for its own bases, not every one). Either way the connection then
    keeps the catalogue's codes and the target candidates in Python (its snapshot never changes).

    keep: a directory that belongs to the snapshot (store.Store.derived_dir). A base filled here is
    written there as Parquet, and a later connection on the same snapshot (a restarted server, the
    report command) reads that file instead of computing the base again (scale 10: seconds → a fraction,
    bench/first_page.py). Files are named by a digest of the base's SQL, so changed SQL never reads an
    old file; a file that cannot be read or written is ignored (the base is computed as without)."""
    snap = _SNAPSHOTS.get(con)
    if snap is None:
        with _prepare_lock:
            snap = _SNAPSHOTS.setdefault(con, _Snapshot(lazy=lazy, keep=keep, owner=weakref.ref(con)))
    # statements on a cursor, never on con itself: other threads may be querying it (ui.serve's warm start)
    with closing(con.cursor()) as cur:
        define_macros(cur)  # the base SQL uses them
        if lazy or is_prepared(cur):
            return
        for b in BASES:
            _fill_base(cur, b, snap)
        with _prepare_lock:
            if not is_prepared(cur):
                cur.execute(_text("cache/ready"))  # last: all or nothing
    snap.lazy = False


def _fill_base(cur, b: str, snap: _Snapshot | None) -> None:
    """Fill one base's cache table, once (CREATE OR REPLACE … AS: other cursors see it whole or not)."""
    if snap is not None and b in snap.ready:
        return
    with _base_locks[b]:
        if not _has_table(cur, CACHE_PREFIX + b):
            # the rows (or month sums, where BASES gives dims), ordered by the period
            _, p_lo, p_hi, _ = BASES[b]
            fill_kept(cur, CACHE_PREFIX + b, "cache/fill_" + b, {p_lo: periods.OPEN_FROM, p_hi: periods.OPEN_TO},
                      snap.keep if snap is not None else None, snap.owner() if snap is not None else None)
        if snap is not None:
            snap.ready.add(b)


def kept_dir(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The directory prepare(keep=...) gave this connection (None: nothing is kept)."""
    snap = _SNAPSHOTS.get(con)
    return snap.keep if snap is not None else None


def fill_kept(cur, table: str, sql_name: str, params: dict, keep: Path | None, owner=None) -> None:
    """Create a cache table with queries/<sql_name>.sql (a CREATE TABLE `table` AS …, bound to params),
    or, when `keep` holds the file a fill with the same SQL wrote, read that file instead; after a fill,
    the file is written in the background on a cursor of `owner`, the connection `cur` belongs to (a
    cursor of `cur` would close with it). The caller holds the table's lock."""
    path = keep / f"{sql_name.replace('/', '.')}-{_fill_digest(sql_name)}.parquet" if keep is not None else None
    if path is not None:
        wait_kept(path)  # being written by another connection on the snapshot: reading it beats computing
        if path.is_file():
            try:
                cur.read_parquet(str(path)).create(table)  # rows in the file's order: the period's
                return
            except duckdb.Error:  # damaged or from an incompatible writer: fill it again
                pass
    text, names = _sql(sql_name)
    cur.execute(text, {k: params[k] for k in names})
    if path is not None and owner is not None:
        _write_kept(owner, table, path)


@cache
def _fill_digest(sql_name: str) -> str:
    """What a kept file depends on besides the snapshot: the fill SQL (with the SQL it includes), the
    macros it may call, and DuckDB's version."""
    h = hashlib.sha256()
    for part in (_text(sql_name), _text("macros"), duckdb.__version__):
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()[:16]


# Kept files are written by one background thread, on a cursor of their own: a page that filled a base
# goes on at once instead of waiting for the Parquet write (scale 10: 0.7-1.4 s a base). Pending writes
# are keyed by path, so a second connection on the snapshot waits for the file rather than computing it.
_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="svf-keep")
_writes: dict[Path, Future] = {}
_writes_lock = threading.Lock()


def _write_kept(owner, table: str, path: Path) -> None:
    """Queue the write of a filled table for later connections (see _writer)."""
    own = owner.cursor()  # created here, used only by the writer thread
    with _writes_lock:
        _writes[path] = _writer.submit(_write_file, own, table, path)


def _write_file(cur, table: str, path: Path) -> None:
    """Written aside, then renamed: a reader never sees half a file."""
    tmp = path.with_name(f".tmp-{uuid.uuid4().hex}-{path.name}")
    try:
        path.parent.mkdir(exist_ok=True)
        cur.table(table).write_parquet(str(tmp))
        os.replace(tmp, path)
    except (OSError, duckdb.Error):  # a read-only store, a full disk, a closed database: in memory only
        with contextlib.suppress(OSError):
            tmp.unlink()
    finally:
        cur.close()
        with _writes_lock:
            _writes.pop(path, None)


def wait_kept(path: Path | None = None) -> None:
    """Wait until the kept file at `path` (None: every kept file queued so far) is written or given up."""
    with _writes_lock:
        pending = [_writes[path]] if path in _writes else [] if path is not None else list(_writes.values())
    for f in pending:
        f.result()


def pending_bases(con: duckdb.DuckDBPyConnection, table: str) -> tuple[str, ...]:
    """The bases a compute() of the table would still fill first on this lazily prepared connection
    (a few seconds at scale 10: the dashboard says so meanwhile); () when none or not prepared."""
    snap = _SNAPSHOTS.get(con)
    if snap is None or table not in _SPEC:
        return ()
    return tuple(b for b in _USES.get(_SPEC[table][0], ()) if b not in snap.ready)


def _month_bounds(name: str, params: dict) -> bool:
    """Month sums answer only for periods of whole months (always so from compute(); a direct
    run() with other dates reads the fact rows instead)."""
    for b in _USES[name]:
        _, lo, hi, dims = BASES[b]
        if dims and any(getattr(params.get(p), "day", 1) != 1 for p in (lo, hi)):
            return False
    return True


def _execute(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None,
             snap: _Snapshot | None = None) -> duckdb.DuckDBPyConnection:
    """Run queries/<name>.sql with the named parameters it uses (bound, never spliced); on the
    caches of prepare() when this connection has them. snap: the prepared connection's state when con
    is a cursor of it (its caches are then filled on demand and not looked up in the database).
    Returns con with the result pending (fetch it once)."""
    params = params or {}
    if snap is None:
        define_macros(con)
        cached = name in _USES and _month_bounds(name, params) and is_prepared(con)
    else:  # prepare() defined the macros
        cached = name in _USES and _month_bounds(name, params)
        if cached:
            for b in _USES[name]:
                _fill_base(con, b, snap)
    text, names = _sql(name, cached)
    missing = names - params.keys()
    if missing:
        raise KeyError(f"{name}.sql needs parameters {sorted(missing)}")
    return con.execute(text, {k: params[k] for k in names})


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None,
        snap: _Snapshot | None = None) -> pd.DataFrame:
    """_execute()'s result as a DataFrame."""
    return _execute(con, name, params, snap).df()


def _run_cols(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None,
              snap: _Snapshot | None = None) -> dict[str, np.ndarray]:
    """_execute()'s result as numpy columns without pandas (fetchnumpy): NULL is None in text and
    other columns, NaN in numbers (integers with a NULL become floats, as in .df())."""
    out = {}
    for k, v in _execute(con, name, params, snap).fetchnumpy().items():
        if isinstance(v, np.ma.MaskedArray):
            mask = np.ma.getmaskarray(v)
            if v.dtype.kind in "fiu":
                v = np.where(mask, np.nan, np.asarray(v.data, dtype=float)) if mask.any() else np.asarray(v.data)
            else:
                data = np.asarray(v.data, dtype=object).copy()
                data[mask] = None
                v = data
        out[k] = v
    return out


def _run_rows(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None,
              snap: _Snapshot | None = None) -> list[dict]:
    """_execute()'s result as dicts of Python values (dates as dates, NULL as None)."""
    res = _execute(con, name, params, snap)
    names = [d[0] for d in res.description]
    return [dict(zip(names, r, strict=True)) for r in res.fetchall()]


# -- checking input ---------------------------------------------------------------------------------
def check_table(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"Okänd tabell {table!r}. Välj en av: {', '.join(TABLES)}.")


def check_by(table: str, by) -> tuple[str, ...]:
    check_table(table)
    by = (by,) if isinstance(by, str) else tuple(by or ())
    allowed = DIMENSIONS[table]
    for d in by:
        if (table, d) in _WHY_NOT:
            raise ValueError(_WHY_NOT[(table, d)])
        if d not in allowed:
            if d in DIM_NAMES_SV:
                raise ValueError(f"Tabellen {table} kan inte delas upp på {DIM_NAMES_SV[d]} ({d}). "
                                 f"Möjliga indelningar: {', '.join(allowed)}.")
            raise ValueError(f"Okänd indelning {d!r}. Möjliga indelningar för {table}: {', '.join(allowed)}.")
    if len(set(by)) != len(by):
        raise ValueError("Samma indelning är angiven två gånger: " + ", ".join(by) + ".")
    return by


def _check_values(table: str, filters: Filters) -> None:
    """Format checks that need no database."""
    periods.bounds(filters.period_from, filters.period_to)
    if filters.inclusion_denominator not in ("same_period", "previous_year"):
        raise ValueError(f"Okänd nämnare {filters.inclusion_denominator!r}: välj same_period (samma "
                         "period) eller previous_year (samma månader ett år tidigare).")
    if table == "inclusion" and filters.units:
        raise ValueError(_WHY_NOT[("inclusion", "unit")])
    if not isinstance(filters.months, int) or not 1 <= filters.months <= 60:
        raise ValueError(f"Ogiltigt antal månader {filters.months!r}: ange ett heltal 1–60.")


_CODE_FILTERS = (("regions", "region", "regionkod"), ("healthcare_regions", "healthcare_region",
                 "sjukvårdsregion"), ("svfs", "svf", "vårdförloppskod"),
                 ("registers", "register", "registerkod"), ("indicators", "indicator", "indikatorkod"))


def check_codes(con: duckdb.DuckDBPyConnection, filters: Filters, snap: _Snapshot | None = None) -> None:
    """Every code in the filters must exist in the catalogue; else UnknownCodeError listing the valid
    ones. Skipped (no query) when no code filter is set."""
    if not any(getattr(filters, f) for f, _, _ in _CODE_FILTERS):
        return
    if snap is None:
        codes = _codes(con)
    else:
        if snap.codes is None:
            snap.codes = _codes(con, snap)
        codes = snap.codes
    for field_name, kind, word in _CODE_FILTERS:
        given = getattr(filters, field_name)
        if not given:
            continue
        valid = codes.get(kind, [])
        known = {c for c, _ in valid}
        unknown = [c for c in given if c not in known]
        if unknown:
            listing = ", ".join(f"{c} ({n})" for c, n in valid)
            plural = "Okända" if len(unknown) > 1 else "Okänd"
            raise UnknownCodeError(f"{plural} {word} {', '.join(repr(u) for u in unknown)}. "
                                   f"Giltiga: {listing}.")


def _codes(con, snap: _Snapshot | None = None) -> dict[str, list[tuple[str, str]]]:
    """The catalogue's codes: kind -> [(code, name_sv)] in code order."""
    codes: dict[str, list[tuple[str, str]]] = {}
    for r in _run_rows(con, "codes", snap=snap):
        codes.setdefault(r["kind"], []).append((r["code"], r["name_sv"]))
    return codes


# -- parameters ---------------------------------------------------------------------------------------
def _params(table: str, filters: Filters, by: tuple[str, ...]) -> dict:
    lo, hi = periods.bounds(filters.period_from, filters.period_to)
    shift = 1 if filters.inclusion_denominator == "previous_year" else 0
    p = {
        "from_date": lo, "to_date": hi,
        "den_from_date": periods.add_years(lo, -shift), "den_to_date": periods.add_years(hi, -shift),
        "den_shift": shift,
        "as_of": filters.as_of or dt.date.today(),
        "regions": list(filters.regions), "healthcare_regions": list(filters.healthcare_regions),
        "svfs": list(filters.svfs), "units": list(filters.units),
        "registers": list(filters.registers), "indicators": list(filters.indicators),
        "months": filters.months,
    }
    for d in ("region", "healthcare_region", "svf", "end_type", "unit", *PERIOD_DIMS):
        p["by_" + d] = d in by
    return p


def _out_dims(table: str, by: tuple[str, ...]) -> list[str]:
    dims = list(by)
    for d in ALWAYS.get(table, ()):
        if d not in dims:
            dims = [d, *dims] if d == "register" else [*dims, d]
    return dims


def _period_ends(df, by: tuple[str, ...], filters: Filters, n: int | None = None) -> list:
    """The date a row's target must be valid at: the end of its (finest) period, else the end of the
    filter's last month, else today. df: columns by name (numpy arrays or a DataFrame)."""
    for kind in PERIOD_DIMS:  # finest first
        if kind in by:
            labels = df[kind].tolist()
            ends = {lab: periods.period_end(lab, kind) for lab in set(labels) if not rules.missing(lab)}
            return [ends.get(lab) for lab in labels]
    if filters.period_to:
        end = periods.next_month(periods.parse_month(filters.period_to)) - dt.timedelta(days=1)
    else:
        end = dt.date.today()
    return [end] * (len(df) if n is None else n)


def _single(values: tuple[str, ...]) -> str | None:
    return values[0] if len(values) == 1 else None


def _pick_target(cands: list[dict], svf, register, indicator, period_end) -> dict | None:
    """The primary target with the most specific matching scope (a scope equal to the row's code
    beats NULL = "all"), valid at period_end (valid_from and valid_to inclusive when set)."""
    best, best_rank = None, None
    for t in cands:
        spec = 0
        for scope, value in ((t["scope_svf"], svf), (t["scope_register"], register),
                             (t["scope_indicator"], indicator)):
            if scope is None:
                continue
            if scope != value:
                break
            spec += 1
        else:
            if t["valid_from"] is not None and period_end < t["valid_from"]:
                continue
            if t["valid_to"] is not None and period_end > t["valid_to"]:
                continue
            rank = (spec, t["valid_from"] or dt.date.min)
            if best_rank is None or rank > best_rank:  # ties: first target_id (candidates are sorted)
                best, best_rank = t, rank
    return best


def _target_candidates(cur, table: str, snap: _Snapshot | None, sql: str = "target_candidates") -> list[dict]:
    """The target rows a table's rows are judged against (queries/<sql>.sql), dates as dates, levels
    as floats; kept per prepared connection. Read-only."""
    metric = METRIC_OF_TABLE[table]
    if snap is not None and (sql, metric) in snap.candidates:
        return snap.candidates[(sql, metric)]
    cands = _run_rows(cur, sql, {"metric": metric}, snap)
    for t in cands:
        for k in ("level_1", "level_2"):
            if t.get(k) is not None:
                t[k] = float(t[k])
        for k in ("valid_from", "valid_to"):
            if isinstance(t[k], dt.datetime):
                t[k] = t[k].date()
    if snap is not None:
        snap.candidates[(sql, metric)] = cands
    return cands


def _attach_targets(cur, cols: dict, table: str, by: tuple[str, ...], filters: Filters,
                    snap: _Snapshot | None = None) -> None:
    """Adds target, target_level_2, target_id, target_owner, target_unverified, verdict, certainty and
    gap to the columns (numpy arrays)."""
    num_col, den_col = _SPEC[table][1], _SPEC[table][2]
    x = cols[num_col]
    nn = cols[den_col]
    n = len(nn)

    def col(name, default) -> list:
        if name in cols:
            return [None if rules.missing(v) else v for v in cols[name].tolist()]
        return [default] * n

    # resolve once per distinct key (a few hundred at most), then spread to the rows by key number
    keys = zip(col("svf", _single(filters.svfs)), col("register", "spr" if table == "palliative-coverage" else None),
               col("indicator", None), _period_ends(cols, by, filters, n), strict=True)
    uniq: dict = {}
    key_no = np.array([uniq.setdefault(k, len(uniq)) for k in keys], dtype=np.intp)
    cands = _target_candidates(cur, table, snap)
    picked = [_pick_target(cands, *k) or {} for k in uniq]

    def spread(values: list, dtype) -> np.ndarray:
        return np.array(values, dtype=dtype)[key_no] if n else np.array([], dtype=dtype)

    tid = spread([t.get("target_id") for t in picked], object)
    level = spread([t.get("level_1", np.nan) for t in picked], float)
    level_2 = spread([np.nan if t.get("level_2") is None else t["level_2"] for t in picked], float)
    comp = spread([t.get("comparison", "") for t in picked], object)
    owner = spread([t.get("owner") for t in picked], object)
    unverified = spread([bool(t.get("unverified", False)) for t in picked], bool)
    has = np.array([v is not None for v in tid], dtype=bool)
    met = stats.meets(x, nn, np.where(has, level, 0.0), comp) & has
    low_ok = stats.meets_fraction(cols["ci_low"], level, comp)
    high_ok = stats.meets_fraction(cols["ci_high"], level, comp)
    no_data = nn == 0
    no_interval = np.isnan(cols["ci_low"])  # e.g. inclusion above 100 %
    cols.update({
        "target": level / 100,
        "target_level_2": level_2 / 100,
        "target_id": tid,
        "target_owner": owner,
        "target_unverified": unverified,
        "verdict": np.where(~has, "no_target", np.where(no_data, "no_data", np.where(met, "met", "not_met")))
        .astype(object),
        "certainty": np.where(~has | no_data | no_interval, "",
                              np.where(low_ok, "certainly_met",
                                       np.where(~high_ok, "certainly_not_met", "cannot_tell"))).astype(object),
        "gap": np.where(has, stats.gap(x, nn, np.where(has, level, 0.0), comp), 0).astype("int64"),
    })


def _judge_non_proportions(cols: dict) -> None:
    """rules.judge_non_proportions(flag=False) on columns: rows with a share above 100 % get no
    interval, verdict 'cannot_judge' (where judged), no certainty, no gap. When any row is such,
    verdict and certainty become lists (object columns) and gap a list with rules.NA (Int64), as the
    DataFrame function leaves them."""
    bad = rules.not_a_proportion(cols["share"]) if len(cols["share"]) else np.zeros(0, dtype=bool)
    if not bad.any():
        return
    for c in ("ci_low", "ci_high"):
        cols[c] = np.where(bad, np.nan, cols[c])
    verdict = cols["verdict"]
    judged = (verdict == "met") | (verdict == "not_met")
    cols["verdict"] = np.where(bad & judged, "cannot_judge", verdict).astype(object).tolist()
    cols["certainty"] = np.where(bad, "", cols["certainty"]).astype(object).tolist()
    cols["gap"] = [rules.NA if b else g for b, g in zip(bad.tolist(), cols["gap"].tolist(), strict=True)]


def _order(raw: dict, keys: list[str]) -> np.ndarray:
    """The row order of a stable sort by the keys, missing values last (as DataFrame.sort_values(…,
    na_position="last", kind="stable"))."""
    codes = []
    for k in keys:
        values = raw[k].tolist()
        present = sorted({v for v in values if not rules.missing(v)})
        code_of = {v: i for i, v in enumerate(present)}
        codes.append(np.array([len(present) if rules.missing(v) else code_of[v] for v in values], dtype=np.int64))
    n = len(next(iter(raw.values()))) if raw else 0
    return np.lexsort(codes[::-1]) if codes else np.arange(n)


def _query(cur, table: str, sql_name: str, filters: Filters, by: tuple[str, ...],
           snap: _Snapshot | None = None) -> tuple[list[str], dict[str, np.ndarray]]:
    """Check the filters, run queries/<sql_name>.sql for the table and order its rows (indicators in
    the catalogue's order, everything else by code / period label): (the output dims, columns)."""
    _check_values(table, filters)
    check_codes(cur, filters, snap)
    raw = _run_cols(cur, sql_name, _params(table, filters, by), snap)
    dims = _out_dims(table, by)
    order = _order(raw, ["sort_order" if d == "indicator" else d for d in dims])
    return dims, {k: v[order] for k, v in raw.items()}


# -- the API ------------------------------------------------------------------------------------------
def compute(con: duckdb.DuckDBPyConnection, table: str, filters: Filters = Filters(), by=()) -> pd.DataFrame:
    """One metric table: by-dims, counts, share, 95 % Wilson interval, target, verdict, gap.

    Raises ValueError (Swedish message) for an unknown table, a dimension the table does not have or
    bad months; UnknownCodeError (a ValueError) for codes the catalogue does not know.
    """
    return frame(compute_columns(con, table, filters, by))


def frame(cols: dict) -> pd.DataFrame:
    """compute_columns()'s result as compute()'s DataFrame: text arrays become pandas' str columns,
    lists object columns (a list named gap: nullable Int64), numbers and flags keep their dtype."""
    import pandas as pd

    data = {}
    text = str_dtype()
    for c, v in cols.items():
        if isinstance(v, list):
            data[c] = pd.array([None if x is rules.NA else x for x in v], dtype="Int64") if c == "gap" \
                else pd.Series(v, dtype=object)
        elif v.dtype == object:
            data[c] = pd.array(v, dtype=text)  # as pd.Series(v, dtype="str"), without resolving "str" each time
        else:
            data[c] = v
    return pd.DataFrame(data, index=pd.RangeIndex(len(cols["share"])))


@cache
def str_dtype():
    """pandas' "str" dtype, resolved once (looking the name up cost more than making a small column)."""
    import pandas as pd

    return pd.Series([], dtype="str").dtype


def compute_columns(con: duckdb.DuckDBPyConnection, table: str, filters: Filters = Filters(),
                    by=()) -> dict[str, np.ndarray | list]:
    """compute() without pandas (the command line: pandas' import alone costs twice its whole
    query): column name -> numpy array (text: object arrays, None for missing) or, where compute()'s
    DataFrame has an object column (verdict, certainty, gap after a share above 100 %), a list."""
    by = check_by(table, by)
    snap = _SNAPSHOTS.get(con)
    with closing(con.cursor()) as cur:  # own cursor: safe when the caller shares con between threads
        dims, raw = _query(cur, table, _SPEC[table][0], filters, by, snap)
        return _finish(cur, table, filters, by, dims, raw, snap)


def _finish(cur, table: str, filters: Filters, by: tuple[str, ...], dims: list[str], raw: dict,
            snap: _Snapshot | None) -> dict[str, np.ndarray | list]:
    """compute_columns() from the ordered rows of one grouping: counts, share, interval, targets and
    verdicts, suppression."""
    _, num_col, den_col, _ = _SPEC[table]
    counts = [num_col, den_col] if table == "inclusion" else [den_col, num_col]  # the contract's order
    cols = {d: raw[d].astype(object) for d in dims}
    for c in counts:
        cols[c] = raw[c].astype("int64")
    x = cols[num_col].astype(float)
    n = cols[den_col].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cols["share"] = np.where(n > 0, x / n, np.nan)
    cols["ci_low"], cols["ci_high"] = stats.wilson(x, n)
    _attach_targets(cur, cols, table, by, filters, snap)
    _judge_non_proportions(cols)
    cols["suppressed"] = cols[den_col] < SUPPRESS_BELOW
    if table in _AFTER:
        _AFTER[table](cur, cols, filters, by, snap)
    if table == "lead-time":  # keep the contract's column order: counts first, this extra last
        cols["n_unverified_limit"] = raw["n_unverified_limit"].astype("int64")
    return cols


# tables whose groupings compute_sets() can run in one query: table -> (its SQL, the key columns of
# its grouping_id in order; period dims by the SQL's period keys)
_SETS = {"lead-time": ("sets/lead_time", ("region", "healthcare_region", "svf", "end_type", "unit", *PERIOD_DIMS)),
         "inclusion": ("sets/inclusion", ("region", "healthcare_region", "svf", *PERIOD_DIMS))}


def compute_sets(con: duckdb.DuckDBPyConnection, table: str, filters: Filters,
                 bys) -> dict[tuple[str, ...], pd.DataFrame]:
    """compute(con, table, filters, by) for each by of `bys` (the total () and single dimensions), from
    one query: a page that asks for several groupings of the same filters pays the checks, the SQL's
    planning (most of a small query's time) and the row scan once. Each result is the very frame
    compute() gives for that by. Tables: lead-time, inclusion."""
    if table not in _SETS:
        raise ValueError(f"compute_sets: {table} går inte att räkna i flera indelningar på en gång.")
    sql_name, keys = _SETS[table]
    return {by: frame(_finish(cur, table, filters, by, dims, raw, snap))
            for cur, snap, by, dims, raw in _grouping_sets(con, table, sql_name, keys, filters, bys)}


def _grouping_sets(con, table: str, sql_name: str, keys: tuple[str, ...], filters: Filters, bys):
    """Run a sets/ query (GROUPING SETS of the total and each key alone) once and yield, per by of
    bys, (cursor, snapshot, by, its output dims, its rows ordered as _query orders them)."""
    bys = [check_by(table, by) for by in bys]
    for by in bys:
        if len(by) > 1 or (by and by[0] not in keys):
            raise ValueError(f"Flera indelningar på en gång: bara totalen och en av {', '.join(keys)} i taget "
                             f"({', '.join(by)}).")
    wanted = tuple(sorted({d for by in bys for d in by}))
    snap = _SNAPSHOTS.get(con)
    full = (1 << len(keys)) - 1
    with closing(con.cursor()) as cur:
        _check_values(table, filters)
        check_codes(cur, filters, snap)
        raw = _run_cols(cur, sql_name, _params(table, filters, wanted), snap)
        gset = raw["grouping_set"].astype(np.int64)
        for by in bys:
            bit = full if not by else full ^ (1 << (len(keys) - 1 - keys.index(by[0])))
            rows = np.flatnonzero(gset == bit)
            part = {k: v[rows] for k, v in raw.items()}
            dims = _out_dims(table, by)
            order = _order(part, dims)
            yield cur, snap, by, dims, {k: v[order] for k, v in part.items()}


def lead_time_summary(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), by=("svf",)) -> pd.DataFrame:
    """Distribution of lead times (same population as lead-time): by-dims, n, p10, p25, median, p75,
    p80, p90 (days, interpolated), limit_days (most common limit in the group), n_late,
    mean_days_over (late patients only) and suppressed (n < SUPPRESS_BELOW)."""
    by = check_by("lead-time", by)
    with closing(con.cursor()) as cur:
        dims, raw = _query(cur, "lead-time", "lead_time_summary", filters, by, _SNAPSHOTS.get(con))
    return _summary_frame(dims, raw)


def lead_time_summary_sets(con: duckdb.DuckDBPyConnection, filters: Filters,
                           bys) -> dict[tuple[str, ...], pd.DataFrame]:
    """lead_time_summary(con, filters, by) for each by of `bys` (the total () and ("svf",): what SVF –
    ledtider shows), from one query (as compute_sets)."""
    return {by: _summary_frame(dims, raw) for _, _, by, dims, raw in
            _grouping_sets(con, "lead-time", "sets/lead_time_summary", ("svf",), filters, bys)}


def _summary_frame(dims: list[str], raw: dict) -> pd.DataFrame:
    import pandas as pd

    df = pd.DataFrame({c: raw[c] for c in dims + _SUMMARY_COLS}, index=pd.RangeIndex(len(raw["n"])))
    df["n"] = df["n"].astype("int64")
    df["n_late"] = df["n_late"].astype("int64")
    df["suppressed"] = df["n"].to_numpy() < SUPPRESS_BELOW
    return df


_SUMMARY_COLS = ["n", "p10", "p25", "median", "p75", "p80", "p90", "limit_days", "n_late", "mean_days_over"]


def targets(con: duckdb.DuckDBPyConnection, metric: str, svf: str | None = None,
            register: str | None = None, indicator: str | None = None) -> pd.DataFrame:
    """Every target that applies to a metric (all owners, primary first), for drawing lines/bands.

    metric: the target table's name ('inclusion', 'lead_time', 'palliative_indicator', ...) or a
    compute() table name ('lead-time', ...). Columns: the target table's (level_1/level_2 in percent,
    as stored) plus level_1_fraction, level_2_fraction and unverified (confidence unconfirmed*).
    For palliative coverage the register scope defaults to 'spr'.
    """
    metric = METRIC_OF_TABLE.get(metric, metric)
    if metric == "palliative_coverage" and register is None:
        register = "spr"
    with closing(con.cursor()) as cur:
        df = run(cur, "targets", {"metric": metric, "svf": svf, "register": register, "indicator": indicator})
    df["level_1_fraction"] = df["level_1"] / 100
    df["level_2_fraction"] = df["level_2"] / 100
    df["unverified"] = df["unverified"].astype(bool)
    return df


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    """True when any load in the store was synthetic demo data (queries/is_demo.sql: the one rule)."""
    with closing(con.cursor()) as cur:
        return bool(_execute(cur, "is_demo").fetchone()[0])


def last_dates(con: duckdb.DuckDBPyConnection) -> dict:
    """data_status()["last_dates"] alone, without pandas: {fact table: its last date or None}."""
    with closing(con.cursor()) as cur:
        rows = _run_rows(cur, "data_status_tables")
    return {r["table_name"]: r["last_date"].date() if isinstance(r["last_date"], dt.datetime) else r["last_date"]
            for r in rows}


def data_status(con: duckdb.DuckDBPyConnection) -> dict:
    """The data's state: is_demo, loads (load_log, newest first), counts {table: rows},
    first_dates / last_dates {table: date or None}, and tables (the same as one DataFrame)."""
    import pandas as pd

    with closing(con.cursor()) as cur:
        loads = run(cur, "data_status_loads")
        tables = run(cur, "data_status_tables")

    def _date(v):
        return None if pd.isna(v) else pd.Timestamp(v).date()

    return {
        "is_demo": is_demo(con),
        "loads": loads,
        "counts": {r.table_name: int(r.rows) for r in tables.itertuples()},
        "first_dates": {r.table_name: _date(r.first_date) for r in tables.itertuples()},
        "last_dates": {r.table_name: _date(r.last_date) for r in tables.itertuples()},
        "tables": tables,
    }


def all_regions_present(con: duckdb.DuckDBPyConnection) -> bool:
    """Does the store hold SVF pathways (or cancer cases) from every region of the catalogue? Only then
    is its total the country's ("Riket"); else it is "Alla regioner i underlaget". Asked of the fact
    rows (queries/regions_missing.sql), not of the SVF metrics, whose base tables a register page's
    first view would otherwise wait for."""
    with closing(con.cursor()) as cur:
        r = run(cur, "regions_missing").iloc[0]
    return int(r["regions"]) > 0 and int(r["missing"]) == 0


def applicable_fields(table: str) -> frozenset[str]:
    """The Filters fields a table uses (the period always)."""
    check_table(table)
    return APPLICABLE[table] | {"period_from", "period_to"}


_DEFAULT_FILTERS = Filters()


def applicable_filters(table: str, filters: Filters) -> Filters:
    """The filters with every field the table does not use reset to its default: equal filters give
    equal results, so this serves as a cache key (e.g. as_of does not change lead time)."""
    keep = applicable_fields(table)
    reset = {f.name: getattr(_DEFAULT_FILTERS, f.name) for f in fields(Filters) if f.name not in keep}
    return replace(filters, **reset) if any(getattr(filters, k) != v for k, v in reset.items()) else filters



# -- register coverage and Palliativregistret: steps after compute() and tables of their own ------------
def _timeliness_after(cur, cols: dict, filters: Filters, by: tuple[str, ...], snap=None) -> None:
    """The timeliness target is set for a 3-month window: with another N no target applies."""
    n = len(cols["share"])
    cols["months"] = np.full(n, filters.months, dtype="int64")
    if filters.months != TIMELINESS_TARGET_MONTHS:
        for c in ("target", "target_level_2"):
            cols[c] = np.full(n, np.nan)
        cols["target_id"] = np.full(n, "None", dtype=object)
        cols["target_owner"] = np.full(n, "None", dtype=object)
        cols["target_unverified"] = np.zeros(n, dtype=bool)
        cols["verdict"] = np.full(n, "no_target", dtype=object)
        cols["certainty"] = np.full(n, "", dtype=object)
        cols["gap"] = np.zeros(n, dtype="int64")


def _palliative_indicators_after(cur, cols: dict, filters: Filters, by: tuple[str, ...], snap=None) -> None:
    """Each indicator row gets the Palliativregistret coverage of its group (same region / period):
    indicators are comparable only where coverage is above SPR_COMPARABLE_FROM (RCC's condition)."""
    dims = [d for d in by if d != "indicator"]
    cov = _run_cols(cur, "palliative_coverage", _params("palliative-coverage", filters, tuple(dims)), snap)
    deaths = cov["n_deaths"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        spr = np.where(deaths > 0, cov["n_registered"] / np.where(deaths > 0, deaths, 1), np.nan)
    n = len(cols["share"])
    if dims:  # a left join on the dims (the coverage has one row per group)
        of_key = dict(zip(zip(*(cov[d].tolist() for d in dims), strict=True), spr.tolist(), strict=True))
        rows = zip(*(cols[d].tolist() for d in dims), strict=True)
        cols["spr_coverage"] = np.array([of_key.get(k, np.nan) for k in rows], dtype=float).reshape(n)
    else:
        cols["spr_coverage"] = np.full(n, float(spr[0]) if len(spr) else np.nan)
    with np.errstate(invalid="ignore"):
        cols["comparable"] = cols["spr_coverage"] > SPR_COMPARABLE_FROM


_AFTER = {"register-timeliness": _timeliness_after, "palliative-indicators": _palliative_indicators_after}


def _scope_matches(t: dict, svf, register, indicator, period_end, region=None) -> bool:
    """As _pick_target's scope rule, plus the region of a local owner's target (scope_region): it
    applies only to a row of exactly that region."""
    for scope, value in ((t["scope_svf"], svf), (t["scope_register"], register),
                         (t["scope_indicator"], indicator), (t.get("scope_region"), region)):
        if scope is not None and scope != value:
            return False
    if t["valid_from"] is not None and period_end < t["valid_from"]:
        return False
    return not (t["valid_to"] is not None and period_end > t["valid_to"])


def targets_long(con: duckdb.DuckDBPyConnection, table: str, filters: Filters = Filters(), by=(),
                 computed: pd.DataFrame | None = None) -> pd.DataFrame:
    """compute()'s rows once per applicable target of every owner (primary or not): the row's dims,
    counts, share and interval, then target_id, target_owner, target_owner_sv, target (fraction),
    target_level_2, target_comparison, target_primary, target_unverified, verdict, certainty, gap.
    A row no target applies to appears once with verdict 'no_target'. E.g. Palliativregistret
    coverage for Region Gävleborg 2024: RCC's 70 % and the LPO's 65 % (unverified), one row each.
    computed: compute()'s frame for these arguments when the caller has it (from compute_sets)."""
    import pandas as pd

    by = check_by(table, by)
    df = compute(con, table, filters, by) if computed is None else computed
    num_col, den_col = COUNT_COLUMNS[table]
    keep = [c for c in df.columns if not c.startswith("target") and c not in ("verdict", "certainty", "gap")]
    with closing(con.cursor()) as cur:
        cands = _target_candidates(cur, table, _SNAPSHOTS.get(con), "registers/target_candidates_all")
    ends = _period_ends(df, by, filters)
    svf_col = df["svf"] if "svf" in df else pd.Series([_single(filters.svfs)] * len(df), index=df.index)
    reg_default = "spr" if table == "palliative-coverage" else None
    region_col = df["region"] if "region" in df else pd.Series([_single(filters.regions)] * len(df), index=df.index)
    if "region" not in df and filters.healthcare_regions:
        region_col = pd.Series([None] * len(df), index=df.index)
    out = []
    timeliness_off = table == "register-timeliness" and filters.months != TIMELINESS_TARGET_MONTHS
    # rows as dicts and plain lists (iterrows built a Series per row: most of this function's time)
    svfs, end_list, regions = svf_col.tolist(), ends, region_col.tolist()
    for j, row in enumerate(df[keep].to_dict("records")):
        svf = None if pd.isna(svfs[j]) else svfs[j]
        register = row.get("register", reg_default)
        matching = [] if timeliness_off else [
            t for t in cands
            if _scope_matches(t, svf, register, row.get("indicator"), end_list[j], regions[j])]
        for t in matching or [None]:
            r = dict(row)
            if t is None:
                r.update(target_id=None, target_owner=None, target_owner_sv=None, target=np.nan,
                         target_level_2=np.nan, target_comparison=None, target_primary=False,
                         target_unverified=False, verdict="no_target", certainty="", gap=0)
            else:
                x, n = np.array([row[num_col]]), np.array([row[den_col]])
                level = float(t["level_1"])
                met = bool(stats.meets(x, n, np.array([level]), np.array([t["comparison"]], dtype=object))[0])
                lo, hi = row["ci_low"], row["ci_high"]
                if n[0] == 0:
                    verdict, certainty = "no_data", ""
                else:
                    verdict = "met" if met else "not_met"
                    if pd.isna(lo):
                        certainty = ""
                    elif stats.meets_fraction(np.array([lo]), np.array([level]), np.array([t["comparison"]]))[0]:
                        certainty = "certainly_met"
                    elif not stats.meets_fraction(np.array([hi]), np.array([level]),
                                                  np.array([t["comparison"]]))[0]:
                        certainty = "certainly_not_met"
                    else:
                        certainty = "cannot_tell"
                r.update(target_id=t["target_id"], target_owner=t["owner"], target_owner_sv=t["owner_sv"],
                         target=level / 100,
                         target_level_2=np.nan if t["level_2"] is None else float(t["level_2"]) / 100,
                         target_comparison=t["comparison"], target_primary=bool(t["primary_target"]),
                         target_unverified=bool(t["unverified"]), verdict=verdict, certainty=certainty,
                         gap=int(stats.gap(x, n, np.array([level]), np.array([t["comparison"]], dtype=object))[0]))
            out.append(r)
    cols = keep + ["target_id", "target_owner", "target_owner_sv", "target", "target_level_2", "target_comparison",
                   "target_primary", "target_unverified", "verdict", "certainty", "gap"]
    return pd.DataFrame(out, columns=cols)


def register_ramp(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), by_register: bool = True,
                  max_lag: int = 36) -> pd.DataFrame:
    """Register coverage by diagnosis year as it stood 0..max_lag whole months after the end of that
    year (queries/registers/register_ramp.sql), up to filters.as_of (default today): register (when
    by_register), diagnosis_year, lag_months, n_cases, n_registered, share, ci_low, ci_high,
    suppressed. The period filter limits the diagnosis dates."""
    _check_values("register-coverage", filters)
    snap = _SNAPSHOTS.get(con)
    with closing(con.cursor()) as cur:
        check_codes(cur, filters, snap)
        p = _params("register-coverage", filters, ())
        p.update(by_register=by_register, max_lag=int(max_lag))
        raw = run(cur, "registers/register_ramp", p, snap)
    cols = (["register"] if by_register else []) + ["diagnosis_year", "lag_months", "n_cases", "n_registered"]
    df = raw[cols].sort_values(cols[:-2], kind="stable").reset_index(drop=True)
    for c in ("diagnosis_year", "lag_months", "n_cases", "n_registered"):
        df[c] = df[c].astype("int64")
    x, n = df["n_registered"].to_numpy(dtype=float), df["n_cases"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        df["share"] = np.where(n > 0, x / n, np.nan)
    df["ci_low"], df["ci_high"] = stats.wilson(x, n)
    df["suppressed"] = df["n_cases"].to_numpy() < SUPPRESS_BELOW
    return df


def reporting_status(as_of: dt.date, diagnosis_year: int) -> tuple[bool, int]:
    """(still being reported, whole months since the end of the diagnosis year) on as_of."""
    lag = (as_of.year - diagnosis_year - 1) * 12 + as_of.month - (0 if _month_end(as_of) else 1)
    return lag < REPORTING_MONTHS, lag


def _month_end(d: dt.date) -> bool:
    return (d + dt.timedelta(days=1)).day == 1


def palliative_unit_types(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Palliativregistret coverage per place/type of care (death.unit_type; '' = not given):
    unit_type, n_deaths, n_registered, share, ci_low, ci_high, suppressed."""
    _check_values("palliative-coverage", filters)
    lo, hi = periods.bounds(filters.period_from, filters.period_to)
    with closing(con.cursor()) as cur:
        check_codes(cur, filters)
        df = run(cur, "palliative/unit_types", {"from_date": lo, "to_date": hi, "regions": list(filters.regions),
                                                 "healthcare_regions": list(filters.healthcare_regions)})
    for c in ("n_deaths", "n_registered"):
        df[c] = df[c].astype("int64")
    x, n = df["n_registered"].to_numpy(dtype=float), df["n_deaths"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        df["share"] = np.where(n > 0, x / n, np.nan)
    df["ci_low"], df["ci_high"] = stats.wilson(x, n)
    df["suppressed"] = df["n_deaths"].to_numpy() < SUPPRESS_BELOW
    return df
