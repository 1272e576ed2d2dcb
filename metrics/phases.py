"""Phases of the pathway: where the days are lost, and what shortening one phase would gain.

A phase is the days between two consecutive measurement points (DOMAIN.md §1: VM x10, första besök
x25, första MDK x35, diagnosbesked x40, behandlingsbeslut x44, start av behandling), counted on the
pathways that have both ends recorded (the intermediate points are optional). The population is the
lead-time population (queries/phases/base.sql follows queries/base/lead_time.sql): pathways ending in
a treatment start with a known limit, period by end date, region where it ended.

The SQL (queries/phases/) returns patient rows; everything else here is pure numpy/pandas on those
rows, so the what-if is exact on the patients and the functions are tested on hand-made frames.
No Streamlit here.
"""

from __future__ import annotations

import threading
from contextlib import closing
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from metrics import core, periods, stats

PHASES = ("ph1", "ph2", "ph3", "ph4", "ph5")
# the points each phase runs between (codes for the UI's strings and the CLI)
PHASE_POINTS = {"ph1": ("vm", "first_visit"), "ph2": ("first_visit", "mdk"), "ph3": ("mdk", "diagnosis_info"),
                "ph4": ("diagnosis_info", "decision"), "ph5": ("decision", "start")}
POINTS = ("vm", "first_visit", "mdk", "diagnosis_info", "decision", "start")
PHASE_NAMES_SV = {"ph1": "VM → första besök", "ph2": "första besök → MDK", "ph3": "MDK → diagnosbesked",
                  "ph4": "diagnosbesked → behandlingsbeslut", "ph5": "behandlingsbeslut → behandlingsstart"}
# Planning times ("ingående ledtider") where DOMAIN.md §1 gives them: breast VM→remiss 2 d,
# remiss→första besök 5 d, första besök→diagnosbesked 7 d, diagnosbesked→SFB 14 d. Local planning
# times, NOT national targets. Our points have no remiss, so VM→första besök is 2 + 5 = 7 d; the
# other two spans cover two of our phases each. svf -> ((first phase, last phase, days), ...)
PLANNING: dict[str, tuple[tuple[str, str, int], ...]] = {
    "brost": (("ph1", "ph1", 7), ("ph2", "ph3", 7), ("ph4", "ph5", 14)),
}
PLANNING_SOURCE = ("RCC, vårdförlopp bröstcancer: ingående ledtider VM→remiss 2 d, remiss→första besök 5 d, "
                   "första besök→diagnosbesked 7 d, diagnosbesked→SFB 14 d (planeringstider, inte mål)")
DIMENSIONS = ("region", "healthcare_region", "svf", "unit", *periods.PERIOD_DIMS)
_DIM_COL = {"region": "region_code", "healthcare_region": "healthcare_region", "svf": "svf", "unit": "unit"}
BENCH_MIN_N = 10   # a unit enters the benchmark with at least this many recorded pathways in the phase
BENCH_MIN_UNITS = 4  # a quartile needs at least four units
CACHE_TABLE = "_metrics_cache_phases"
_lock = threading.Lock()
_ALL = core.Filters()


# -- rows ------------------------------------------------------------------------------------------------
def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Keep the phase rows of the whole snapshot in a table of this connection (like
    metrics.prepare for the other metrics): later calls read it instead of joining the facts.
    Idempotent and thread-safe; dies with the connection, but is kept as a file where prepare(keep=...)
    keeps the bases."""
    # statements on cursors, never on con itself: ui.serve's warm thread may share the connection
    with closing(con.cursor()) as cur:
        if is_prepared(cur):
            return
        core.define_macros(cur)
    with _lock, closing(con.cursor()) as cur:
        if is_prepared(cur):
            return
        core.fill_kept(cur, CACHE_TABLE, "phases/fill_cache", {"from_date": periods.OPEN_FROM,
                                                                "to_date": periods.OPEN_TO}, core.kept_dir(con), con)


def is_prepared(con) -> bool:
    return bool(core.run(con, "phases/cache_ready")["n"].iloc[0])


def rows(con: duckdb.DuckDBPyConnection, filters: core.Filters = _ALL) -> pd.DataFrame:
    """The patient rows of the lead-time population for the filters, with ph1..ph5 (days, NaN when
    not both ends are recorded). Columns: region_code, healthcare_region, svf, unit, d, lead_days,
    max_days, ph1..ph5."""
    lo, hi = periods.bounds(filters.period_from, filters.period_to)
    with closing(con.cursor()) as cur:
        core.check_codes(cur, filters)
        name = "phases/rows_cached" if is_prepared(cur) else "phases/rows"
        df = core.run(cur, name, {"from_date": lo, "to_date": hi, "regions": list(filters.regions),
                                  "healthcare_regions": list(filters.healthcare_regions),
                                  "svfs": list(filters.svfs), "units": list(filters.units)})
    for c in ("lead_days", "max_days", *PHASES):
        df[c] = df[c].astype("float64")
    return df


def late(df: pd.DataFrame) -> np.ndarray:
    """Late = lead time over the limit valid for that patient (within = lead_days <= max_days)."""
    return df["lead_days"].to_numpy(dtype=float) > df["max_days"].to_numpy(dtype=float)


# -- phase table -------------------------------------------------------------------------------------------
def _period_key(d: pd.Series, kind: str) -> pd.Series:
    d = pd.to_datetime(d)
    if kind == "month":
        return d.dt.strftime("%Y-%m")
    if kind == "quarter":
        return d.dt.year.astype(str) + "-Q" + d.dt.quarter.astype(str)
    if kind == "half_year":
        return d.dt.year.astype(str) + "-H" + np.where(d.dt.month <= 6, "1", "2")
    return d.dt.year.astype(str)


def _group_keys(df: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    keys = pd.DataFrame(index=df.index)
    for dim in by:
        keys[dim] = _period_key(df["d"], dim) if dim in periods.PERIOD_DIMS else df[_DIM_COL[dim]]
    return keys


def check_by(by) -> tuple[str, ...]:
    by = (by,) if isinstance(by, str) else tuple(by or ())
    for d in by:
        if d not in DIMENSIONS:
            raise ValueError(f"Okänd indelning {d!r}. Möjliga indelningar för phases: {', '.join(DIMENSIONS)}.")
    if len(set(by)) != len(by):
        raise ValueError("Samma indelning är angiven två gånger: " + ", ".join(by) + ".")
    return by


def _quantiles(values: np.ndarray) -> tuple[float, float, float, float]:
    if len(values) == 0:
        return (np.nan,) * 4
    med, p80, p90 = np.percentile(values, [50, 80, 90])  # linear interpolation = quantile_cont
    return float(med), float(p80), float(p90), float(values.mean())


def phase_table(df: pd.DataFrame, by=()) -> pd.DataFrame:
    """Per group and phase: n_pathways (the population), n (both ends recorded), completeness
    (n / n_pathways), median, p80, p90, mean (days, interpolated; on the n recorded pathways only)
    and suppressed (n < SUPPRESS_BELOW: a phase with too few recorded pathways shows no figures)."""
    by = check_by(by)
    keys = _group_keys(df, by)
    out = []
    groups = keys.groupby(list(by), dropna=False, sort=True).indices if by else {(): np.arange(len(df))}
    vals = {p: df[p].to_numpy(dtype=float) for p in PHASES}
    for key, idx in groups.items():
        key = key if isinstance(key, tuple) else (key,)
        for p in PHASES:
            v = vals[p][idx]
            v = v[~np.isnan(v)]
            med, p80, p90, mean = _quantiles(v)
            out.append({**dict(zip(by, key, strict=True)), "phase": p, "n_pathways": len(idx), "n": len(v),
                        "completeness": len(v) / len(idx) if len(idx) else np.nan,
                        "median": med, "p80": p80, "p90": p90, "mean": mean})
    res = pd.DataFrame(out, columns=[*by, "phase", "n_pathways", "n", "completeness", "median", "p80", "p90",
                                     "mean"])
    res["suppressed"] = res["n"] < core.SUPPRESS_BELOW
    for c in ("median", "p80", "p90", "mean"):
        res.loc[res["suppressed"], c] = np.nan  # too few recorded: no figures, like any small cell
    return res


# -- attribution -------------------------------------------------------------------------------------------
def attribution(df: pd.DataFrame) -> pd.DataFrame:
    """Which phase explains the lateness: per phase, late patients against those within the limit
    (on the pathways with the phase recorded): n_late, n_within, median and mean days of each, the
    median and mean difference (late − within) with a 95 % interval for the mean difference (Welch,
    normal approximation; NaN with fewer than 2 in a group), excess_days = n_late × max(0, mean
    difference) — the days late patients spent in the phase beyond the within-limit patients' mean —
    and share_excess (of all phases' excess days), rank (1 = carries most) and suppressed (either
    group under SUPPRESS_BELOW: no difference, no share, no rank)."""
    is_late = late(df)
    out = []
    for p in PHASES:
        v = df[p].to_numpy(dtype=float)
        rec = ~np.isnan(v)
        a, b = v[rec & is_late], v[rec & ~is_late]
        r = {"phase": p, "n_late": len(a), "n_within": len(b),
             "median_late": float(np.median(a)) if len(a) else np.nan,
             "median_within": float(np.median(b)) if len(b) else np.nan,
             "mean_late": float(a.mean()) if len(a) else np.nan,
             "mean_within": float(b.mean()) if len(b) else np.nan}
        r["median_diff"] = r["median_late"] - r["median_within"]
        r["mean_diff"] = r["mean_late"] - r["mean_within"]
        if len(a) >= 2 and len(b) >= 2:
            se = np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
            r["diff_ci_low"], r["diff_ci_high"] = r["mean_diff"] - stats.Z95 * se, r["mean_diff"] + stats.Z95 * se
        else:
            r["diff_ci_low"] = r["diff_ci_high"] = np.nan
        r["suppressed"] = len(a) < core.SUPPRESS_BELOW or len(b) < core.SUPPRESS_BELOW
        r["excess_days"] = np.nan if r["suppressed"] else len(a) * max(0.0, r["mean_diff"])
        out.append(r)
    res = pd.DataFrame(out)
    total = res["excess_days"].sum(skipna=True)
    res["share_excess"] = res["excess_days"] / total if total > 0 else np.nan
    order = res["excess_days"].fillna(-1).rank(method="first", ascending=False).astype(int)
    res["rank"] = np.where(res["excess_days"].notna(), order, np.nan)  # float: NaN = not ranked
    res.loc[res["suppressed"], ["median_diff", "mean_diff", "diff_ci_low", "diff_ci_high"]] = np.nan
    return res


def top_phase(attr: pd.DataFrame) -> str | None:
    """The phase carrying most excess days, or None when none carries any."""
    ok = attr[attr["excess_days"].fillna(0) > 0]
    if ok.empty:
        return None
    return str(ok.sort_values("excess_days", ascending=False, kind="stable")["phase"].iloc[0])


# -- benchmark ---------------------------------------------------------------------------------------------
def benchmark(df: pd.DataFrame, unit_col: str = "region_code", min_n: int = BENCH_MIN_N) -> pd.DataFrame:
    """Best quartile per pathway and phase: each unit of comparison (unit_col: region_code, or unit for
    units within a region) with at least min_n recorded pathways in the phase gets its median; the
    benchmark is the 25th percentile of those medians (lower is better; linear interpolation), given
    when at least BENCH_MIN_UNITS units qualify. Columns: svf, phase, n_units, bench_median."""
    out = []
    for s, g in df.groupby("svf", sort=True):
        for p in PHASES:
            sub = g[[unit_col, p]].dropna()
            counts = sub.groupby(unit_col)[p].size()
            meds = sub.groupby(unit_col)[p].median()[counts >= min_n]
            bench = float(np.percentile(meds.to_numpy(), 25)) if len(meds) >= BENCH_MIN_UNITS else np.nan
            out.append({"svf": s, "phase": p, "n_units": len(meds), "bench_median": bench})
    return pd.DataFrame(out, columns=["svf", "phase", "n_units", "bench_median"])


def planning(df: pd.DataFrame) -> pd.DataFrame:
    """Planning times (PLANNING, breast only so far) against the recorded spans: per svf and span,
    n (pathways with every phase of the span recorded), median days, planning_days and
    share_within (span <= planning days). Planning times, not targets."""
    out = []
    for s, spans in PLANNING.items():
        g = df[df["svf"] == s]
        for first, last, days in spans:
            cols = list(PHASES[PHASES.index(first): PHASES.index(last) + 1])
            v = g[cols].to_numpy(dtype=float).sum(axis=1) if len(g) else np.array([])
            v = v[~np.isnan(v)]
            out.append({"svf": s, "first_phase": first, "last_phase": last,
                        "span": f"{PHASE_POINTS[first][0]}-{PHASE_POINTS[last][1]}", "n": len(v),
                        "median": float(np.median(v)) if len(v) >= core.SUPPRESS_BELOW else np.nan,
                        "planning_days": days,
                        "share_within": float((v <= days).mean()) if len(v) >= core.SUPPRESS_BELOW else np.nan})
    return pd.DataFrame(out, columns=["svf", "first_phase", "last_phase", "span", "n", "median", "planning_days",
                                      "share_within"])


# -- what-if ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WhatIf:
    phase: str
    days: float              # the reduction asked for (per patient: min(days, that patient's phase))
    n: int                   # patients in the population
    n_with_phase: int        # patients with the phase recorded (only they can gain)
    n_within_before: int
    n_within_after: int
    target_percent: float
    comparison: str

    @property
    def gained(self) -> int:
        return self.n_within_after - self.n_within_before

    @property
    def share_before(self) -> float:
        return self.n_within_before / self.n if self.n else float("nan")

    @property
    def share_after(self) -> float:
        return self.n_within_after / self.n if self.n else float("nan")

    @property
    def met_before(self) -> bool:
        return bool(stats.meets(self.n_within_before, self.n, self.target_percent, self.comparison))

    @property
    def met_after(self) -> bool:
        return bool(stats.meets(self.n_within_after, self.n, self.target_percent, self.comparison))

    @property
    def gap_after(self) -> int:
        """How many more within the limit the target would still need after the change."""
        return int(stats.gap(self.n_within_after, self.n, self.target_percent, self.comparison))


def what_if(df: pd.DataFrame, phase: str, days, target_percent: float = 80.0,
            comparison: str = ">=") -> WhatIf:
    """Shorten one phase by `days` (a number, or one per row: e.g. per pathway "to the benchmark
    median"): each patient's lead time drops by min(days, that patient's phase duration); patients
    without the phase recorded, and every other phase, stay as they are. Exact on the patient rows:
    the new share within each patient's own limit. WhatIf.days is NaN when days were given per row."""
    if phase not in PHASES:
        raise ValueError(f"Okänd fas {phase!r}: välj en av {', '.join(PHASES)}.")
    scalar = np.ndim(days) == 0
    days = np.asarray(days, dtype=float)
    if (days < 0).any() or np.isnan(days).any():
        raise ValueError("Minskningen kan inte vara negativ.")
    lead = df["lead_days"].to_numpy(dtype=float)
    lim = df["max_days"].to_numpy(dtype=float)
    dur = df[phase].to_numpy(dtype=float)
    has = ~np.isnan(dur)
    cut = np.where(has, np.minimum(days, np.where(has, dur, 0.0)), 0.0)
    return WhatIf(phase=phase, days=float(days) if scalar else float("nan"), n=len(df), n_with_phase=int(has.sum()),
                  n_within_before=int((lead <= lim).sum()), n_within_after=int((lead - cut <= lim).sum()),
                  target_percent=float(target_percent), comparison=comparison)


def days_to_benchmark(median: float, bench_median: float) -> float:
    """'To the benchmark median': the reduction that moves the selection's median to the
    benchmark's, in whole days (0 when already there or unknown)."""
    if np.isnan(median) or np.isnan(bench_median):
        return 0.0
    return float(max(0.0, np.ceil(median - bench_median)))


# -- the CLI table ---------------------------------------------------------------------------------------
def table(con: duckdb.DuckDBPyConnection, filters: core.Filters = _ALL, by=()) -> pd.DataFrame:
    """`python -m metrics phases`: phase_table for the filters, one row per group and phase, with
    the phase's points (from_point, to_point) after `phase`."""
    by = check_by(by)
    res = phase_table(rows(con, filters), by)
    res.insert(len(by) + 1, "from_point", res["phase"].map(lambda p: PHASE_POINTS[p][0]))
    res.insert(len(by) + 2, "to_point", res["phase"].map(lambda p: PHASE_POINTS[p][1]))
    return res
