"""Data access for the pages: one DuckDB connection per store snapshot, cached metric results.

Why this shape: `Store.version()` is a cheap file read, so every rerun asks for it; when a
command-line load has swapped in a new snapshot, the next rerun opens (and caches) a new
connection (views + prepared bases), and every cached result is keyed by the snapshot, so nothing stale is
shown. Each query runs on its own cursor (the metric layer takes one), safe across sessions'
threads. No SQL here: everything goes through the metric layer.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

import metrics
from store import FROZEN, Store, StoreError
from ui.i18n import t


class NoSnapshotError(StoreError):
    """The store has no snapshot in force (the app shows the localised app.no_store)."""


@st.cache_resource(max_entries=4, show_spinner=False)
def _connection(root: str, version: str):
    # max_entries=4: the snapshot in use, the one a session may still be reading, and frozen ones opened
    # Parquet views + per-snapshot base tables (metrics.prepare): faster than copying the tables into
    # memory, whose strings lose Parquet's dictionary encoding (bench/RESULTS.md, metrics_micro.py).
    # Lazily: each base table is filled when a page first needs it, so the first page on a new snapshot
    # waits for its own (an SVF page: ~45 % of them), not for every one.
    # Bases once filled are kept beside the snapshot: a restarted server reads them (seconds at scale 10).
    store = Store(root)
    con = store.connect(version=version)
    metrics.prepare(con, lazy=True, keep=store.derived_dir(version))
    return con


def preopen(root: str, version: str) -> None:
    """Open a snapshot and fill every base table (ui.serve's warm start, outside any session). The
    connection is the cached one every session gets: a session asking meanwhile waits for the open (the
    cache's lock) and then for a base being filled (metrics.prepare's locks), never fills it twice."""
    con = _connection(root, version)
    metrics.prepare(con)  # every base: from the kept files, or computed
    from metrics import phases

    phases.prepare(con)  # the phase rows (the start page's "where the days are lost")


@dataclass
class Data:
    """What a page needs to query one snapshot."""

    root: str
    version: str
    con: object = field(repr=False)

    @property
    def frozen(self) -> str | None:
        """The frozen snapshot's name, None for the data in force."""
        return self.version.split("/", 1)[1] if self.version.startswith(FROZEN + "/") else None

    # every call is cached by (store, snapshot, arguments); the connection is not part of the key, and
    # the filters are reduced to the fields the table uses (switching the inclusion denominator must
    # not recompute every lead-time result)
    def compute(self, table: str, filters: metrics.Filters, by: tuple[str, ...] = ()) -> pd.DataFrame:
        f = metrics.applicable_filters(table, filters)
        with preparing(self.con, table):
            return _compute(self.root, self.version, table, f, tuple(by), _con=self.con)

    def lead_time_summary(self, filters: metrics.Filters, by: tuple[str, ...] = ("svf",)) -> pd.DataFrame:
        f = metrics.applicable_filters("lead-time", filters)
        with preparing(self.con, "lead-time"):
            return _summary(self.root, self.version, f, tuple(by), _con=self.con)

    def targets(self, table: str, svf: str | None = None) -> pd.DataFrame:
        """Every target of a compute() table ('inclusion', 'lead-time', ...)."""
        return _targets(self.root, self.version, table, svf, _con=self.con)

    def scorecard(self, scope) -> pd.DataFrame:
        """Every applicable target for a metrics.scorecard.Scope (Målöversikt, the report)."""
        with preparing(self.con, *metrics.TABLES):  # every area: every base
            return _scorecard(self.root, self.version, scope, _con=self.con)

    def status(self) -> dict:
        return _status(self.root, self.version, _con=self.con)

    def reference(self, table: str) -> pd.DataFrame:
        return _reference(self.root, self.version, table, _con=self.con)

    def units(self) -> pd.DataFrame:
        return _units(self.root, self.version, _con=self.con)


def preparing(con, *tables: str):
    """A spinner while the tables' base tables are filled for the first time (seconds at scale 10)."""
    if not any(metrics.pending_bases(con, table) for table in tables):
        return contextlib.nullcontext()
    view = st.session_state.get("_view")  # the language, when the session has a view yet
    return st.spinner(t("speed.preparing", getattr(view, "lang", "sv")))


def open_data(store: Store, frozen: str | None = None) -> Data:
    """The data in force, or a frozen snapshot by name (its version is 'frozen/<name>')."""
    version = f"{FROZEN}/{frozen}" if frozen else store.version()
    if version is None:
        raise NoSnapshotError(f"Det finns ingen ögonblicksbild i {store.root}.")
    return Data(str(store.root), version, _connection(str(store.root), version))


@st.cache_data(max_entries=1000, show_spinner=False)
def _compute(root, version, table, filters, by, _con):
    return metrics.compute(_con, table, filters, by)


@st.cache_data(max_entries=200, show_spinner=False)
def _summary(root, version, filters, by, _con):
    return metrics.lead_time_summary(_con, filters, by)


@st.cache_data(max_entries=100, show_spinner=False)
def _targets(root, version, metric, svf, _con):
    return metrics.targets(_con, metric, svf=svf)


@st.cache_data(max_entries=100, show_spinner=False)
def _scorecard(root, version, scope, _con):
    from metrics.scorecard import scorecard

    return scorecard(_con, scope)


@st.cache_data(max_entries=8, show_spinner=False)
def _status(root, version, _con):
    return metrics.data_status(_con)


_REFERENCE_TABLES = frozenset({"region", "healthcare_region", "svf", "end_type", "lead_time_limit",
                               # registers / Palliativregistret (issue 8)
                               "quality_register", "register_icd10", "palliative_indicator", "target"})


@st.cache_data(max_entries=50, show_spinner=False)
def _reference(root, version, table, _con):
    # a whole reference table (names for labels); the table name comes from an allow-list
    if table not in _REFERENCE_TABLES:
        raise ValueError(table)
    cur = _con.cursor()
    try:
        return cur.table(table).df()
    finally:
        cur.close()


@st.cache_data(max_entries=8, show_spinner=False)
def _units(root, version, _con):
    from metrics.core import run

    cur = _con.cursor()
    try:
        return run(cur, "units", {"regions": []})
    finally:
        cur.close()
