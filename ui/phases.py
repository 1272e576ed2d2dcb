"""The phases page's Streamlit-side helpers: cached patient rows and phase results per snapshot and
selection, the benchmark population, the what-if with the view's choices, and frames for the charts.

The rows are kept with st.cache_resource (no copy on every hit; nothing here mutates them): at scale
10 a year of rows is ~200 000 lines and copying them on every rerun would cost more than the
computations themselves. Everything derived is small.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

import metrics
from metrics import phases as ph
from ui import fmt, svf, tables
from ui.charts import sv_sort_key
from ui.shell import Context

PHASES = ph.PHASES
BENCH_COL = {"region": "region_code", "healthcare_region": "healthcare_region", "unit": "unit"}


def phase_name(ctx: Context, p: str) -> str:
    return ctx.tr(f"ph.name_{p}")


@st.cache_resource(max_entries=2, show_spinner=False)
def _prepared(root: str, version: str, _con) -> bool:
    ph.prepare(_con)  # the phase rows of the snapshot, once per connection (~0.3 s at scale 1)
    return True


@st.cache_resource(max_entries=48, show_spinner=False)
def _rows(root: str, version: str, filters: metrics.Filters, _con) -> pd.DataFrame:
    return ph.rows(_con, filters)


def rows(ctx: Context, filters: metrics.Filters) -> pd.DataFrame:
    d = ctx.data
    _prepared(d.root, d.version, d.con)
    return _rows(d.root, d.version, filters, d.con)


@st.cache_resource(max_entries=96, show_spinner=False)
def _table(root: str, version: str, filters: metrics.Filters, by: tuple[str, ...], _con) -> pd.DataFrame:
    return ph.phase_table(_rows(root, version, filters, _con), by)


@st.cache_resource(max_entries=48, show_spinner=False)
def _attribution(root: str, version: str, filters: metrics.Filters, _con) -> pd.DataFrame:
    return ph.attribution(_rows(root, version, filters, _con))


def table(ctx: Context, filters: metrics.Filters, by: tuple[str, ...] = ()) -> pd.DataFrame:
    rows(ctx, filters)
    return _table(ctx.data.root, ctx.data.version, filters, tuple(by), ctx.data.con)


def attribution(ctx: Context, filters: metrics.Filters) -> pd.DataFrame:
    rows(ctx, filters)
    return _attribution(ctx.data.root, ctx.data.version, filters, ctx.data.con)


def preliminary_note(ctx: Context) -> str | None:
    """A sentence when the view's period reaches into the months still being reported (the same
    months the SPC section leaves out): their pathways are the early-reported, often shorter ones."""
    from metrics import spc
    from ui import state as S
    from ui.spc import PRELIMINARY_MONTHS

    v = ctx.view
    if not (v.period_from and v.period_to):
        return None
    months = S.month_range(v.period_from, v.period_to)
    prel = [m for m, p in zip(months, spc.preliminary(months, ctx.cat.last_month, PRELIMINARY_MONTHS),
                                strict=True) if p]
    return ctx.tr("ph.preliminary", months=", ".join(prel)) if prel else None


def selection_filters(ctx: Context) -> metrics.Filters:
    return svf.selection_filters(ctx, "lead-time")


def comparison_col(ctx: Context) -> str:
    return BENCH_COL[ctx.view.level]


def comparison_filters(ctx: Context) -> metrics.Filters:
    """Who the selection is compared with: units within the unit region (level unit), otherwise every
    region (or sjukvårdsregion) for the same pathways and period."""
    v = ctx.view
    if v.level == "unit" and v.unit_region:
        return metrics.Filters(regions=(v.unit_region,), svfs=v.svfs, period_from=v.period_from,
                               period_to=v.period_to)
    return metrics.Filters(svfs=v.svfs, period_from=v.period_from, period_to=v.period_to)


@st.cache_resource(max_entries=48, show_spinner=False)
def _benchmark(root: str, version: str, filters: metrics.Filters, col: str, _con) -> pd.DataFrame:
    return ph.benchmark(_rows(root, version, filters, _con), col)


def benchmark(ctx: Context) -> pd.DataFrame:
    d = ctx.data
    f = comparison_filters(ctx)
    rows(ctx, f)  # prepared and cached
    return _benchmark(d.root, d.version, f, comparison_col(ctx), d.con)


def lead_target(ctx: Context) -> tuple[float, str]:
    """The primary lead-time target (percent, comparison) for the view; 80 % '>=' when none applies."""
    tg = ctx.data.targets("lead-time", svf=ctx.view.svfs[0] if len(ctx.view.svfs) == 1 else None)
    if len(tg):  # primary first (queries/targets.sql orders them so)
        r = tg.iloc[0]
        return float(r["level_1"]), str(r["comparison"])
    return 80.0, ">="


def medians_by_svf(df: pd.DataFrame, phase: str) -> pd.Series:
    """The selection's median of one phase per pathway (recorded pathways only, at least 5)."""
    g = df[["svf", phase]].dropna().groupby("svf")[phase]
    med = g.median()
    return med[g.size() >= metrics.SUPPRESS_BELOW]


def cut_per_row(df: pd.DataFrame, phase: str, bench: pd.DataFrame) -> np.ndarray:
    """'To the benchmark median': per patient, the days that move the median of their pathway to the
    benchmark's (metrics.phases.days_to_benchmark), 0 where either is unknown."""
    med = medians_by_svf(df, phase)
    b = bench[bench["phase"] == phase].set_index("svf")["bench_median"]
    days = {s: ph.days_to_benchmark(float(med.get(s, np.nan)), float(b.get(s, np.nan))) for s in med.index}
    return df["svf"].map(days).fillna(0.0).to_numpy(dtype=float)


def what_if(ctx: Context, df: pd.DataFrame, phase: str, bench: pd.DataFrame) -> tuple[ph.WhatIf, np.ndarray | float]:
    level, comp = lead_target(ctx)
    days = cut_per_row(df, phase, bench) if ctx.view.cut_bench else float(ctx.view.cut_days)
    return ph.what_if(df, phase, days, level, comp), days


def what_if_table(ctx: Context, df: pd.DataFrame, phase: str, days, total: ph.WhatIf, cut_text: str,
                  phase_label: str) -> pd.DataFrame:
    """The what-if for the whole selection (first row) and per pathway (most patients gained first),
    each exact on its own patient rows; pathways under 5 patients are suppressed."""
    yes, no = ctx.tr("ph.whatif_yes"), ctx.tr("ph.whatif_no")

    def row(label: str, w: ph.WhatIf, is_total: bool) -> dict:
        small = w.n < tables.MIN_N
        return {"label": label, "phase": phase_label, "cut": cut_text, "n": w.n, "n_with": w.n_with_phase,
                "k_before": w.n_within_before, "k_after": w.n_within_after, "gained": w.gained,
                "share_before": w.share_before, "share_after": w.share_after,
                "met": fmt.DASH if small else (yes if w.met_after else no), "suppressed": small,
                "is_total": is_total}

    out = [row(ctx.tr("common.selection"), total, True)]
    # per pathway in one pass: the same rule as metrics.phases.what_if, counted per pathway code
    codes, svfs = pd.factorize(df["svf"])
    lead, lim = df["lead_days"].to_numpy(dtype=float), df["max_days"].to_numpy(dtype=float)
    dur = df[phase].to_numpy(dtype=float)
    has = ~np.isnan(dur)
    cut = np.where(has, np.minimum(np.asarray(days, dtype=float), np.where(has, dur, 0.0)), 0.0)
    k = len(svfs)
    counts = [np.bincount(codes, weights=w, minlength=k).astype(int)
              for w in (np.ones(len(df)), has, lead <= lim, lead - cut <= lim)]
    per = []
    for i, s in enumerate(svfs):
        w = ph.WhatIf(phase=phase, days=total.days, n=int(counts[0][i]), n_with_phase=int(counts[1][i]),
                      n_within_before=int(counts[2][i]), n_within_after=int(counts[3][i]),
                      target_percent=total.target_percent, comparison=total.comparison)
        per.append(row(ctx.names.svf.get(s, s), w, False))
    per.sort(key=lambda r: (r["suppressed"], -r["gained"], sv_sort_key(r["label"])))
    return pd.DataFrame(out + per)


# -- frames for the charts and tables -----------------------------------------------------------------------
def profile_frame(ctx: Context, tab: pd.DataFrame) -> pd.DataFrame:
    t = tab.copy()
    t["label"] = [phase_name(ctx, p) for p in t["phase"]]
    return t


def attribution_frame(ctx: Context, attr: pd.DataFrame) -> pd.DataFrame:
    a = attr.copy()
    a["label"] = [phase_name(ctx, p) for p in a["phase"]]
    a["ci"] = [fmt.interval(lo / 100, hi / 100, ctx.lang, 1).replace("%", "").replace("\u00a0", "")
               if lo == lo else fmt.DASH for lo, hi in zip(a["diff_ci_low"], a["diff_ci_high"], strict=True)]
    a["n"] = a["n_late"] + a["n_within"]
    return a


def matrix_frame(ctx: Context, tab: pd.DataFrame, dim: str, labels: dict,
                 highlight: tuple[str, ...] = ()) -> pd.DataFrame:
    """A phase_table by one dimension, labelled and sorted by label (Swedish order); the groups in
    `highlight` (the selection) in bold, so they stand out in the heat map without colour."""
    t = tab.copy()
    t["label"] = [labels.get(c, c) if isinstance(c, str) else ctx.tr("common.unknown") for c in t[dim]]
    t["_k"] = [sv_sort_key(x) for x in t["label"]]
    t = t.sort_values(["_k", "phase"], kind="stable").drop(columns="_k").reset_index(drop=True)
    t["chart_label"] = [f"<b>{lab}</b>" if k in highlight else lab for k, lab in zip(t[dim], t["label"],
                                                                                      strict=True)]
    return t


def benchmark_frame(ctx: Context, df: pd.DataFrame, bench: pd.DataFrame) -> pd.DataFrame:
    """Per pathway and phase: the selection's median and n against the best-quartile median."""
    tab = ph.phase_table(df, ("svf",))
    m = tab.merge(bench, on=["svf", "phase"], how="left")
    m["diff"] = m["median"] - m["bench_median"]
    m["label"] = [ctx.names.svf.get(s, s) for s in m["svf"]]
    m["phase_label"] = [phase_name(ctx, p) for p in m["phase"]]
    return m


def planning_frame(ctx: Context, df: pd.DataFrame) -> pd.DataFrame:
    p = ph.planning(df)
    if p.empty:
        return p
    p = p[p["svf"].isin(df["svf"].unique())].copy()
    p["label"] = [ctx.tr(f"ph.span_{s.replace('-', '_')}") for s in p["span"]]
    p["pathway"] = [ctx.names.svf.get(s, s) for s in p["svf"]]
    p["suppressed"] = p["n"] < tables.MIN_N
    return p


# -- the page's sections, built once per selection ------------------------------------------------------------
@dataclass
class Sections:
    """Everything the page shows that does not depend on the what-if controls: frames and figures
    (plotly figures cost more to build than the numbers behind them, so they are cached too)."""

    n: int
    n_late: int
    top: str | None
    attr: pd.DataFrame
    tab: pd.DataFrame
    profile_fig: object
    attr_fig: object
    by_svf: pd.DataFrame
    svf_fig: object
    svf_left_out: list[str]
    by_unit: pd.DataFrame
    unit_fig: object
    bench: pd.DataFrame
    main_svf: str | None
    bench_fig: object | None
    plan: pd.DataFrame


def comparison_dim(ctx: Context) -> str:
    return {"region": "region", "healthcare_region": "healthcare_region", "unit": "unit"}[ctx.view.level]


def sections(ctx: Context) -> Sections:
    v = ctx.view
    dim = comparison_dim(ctx)
    chosen = {"region": v.regions, "healthcare_region": v.healthcare_regions, "unit": v.units}[dim]
    key = (selection_filters(ctx), comparison_filters(ctx), comparison_col(ctx), dim, tuple(chosen), v.svfs, ctx.lang)
    return _sections(ctx.data.root, ctx.data.version, key, _ctx=ctx)


@st.cache_resource(max_entries=32, show_spinner=False)
def _sections(root: str, version: str, key: tuple, _ctx: Context) -> Sections:
    from ui import charts_phases as CP

    ctx = _ctx
    sel_f, cmp_f, _, dim, chosen, svfs, lang = key
    df = rows(ctx, sel_f)
    names = {p: phase_name(ctx, p) for p in PHASES}
    attr = attribution_frame(ctx, attribution(ctx, sel_f))
    tab = profile_frame(ctx, table(ctx, sel_f))
    by_svf = matrix_frame(ctx, table(ctx, sel_f, ("svf",)), "svf", ctx.names.svf)
    by_svf["phase_label"] = by_svf["phase"].map(names)
    # pathways with no phase of 5 recorded pathways: named in a line, not as a row of "<5" in the map
    empty = set(by_svf.groupby("svf")["suppressed"].all().loc[lambda x: x].index)
    by_unit = matrix_frame(ctx, table(ctx, cmp_f, (dim,)), dim, ctx.names.dim(dim), chosen)
    by_unit["phase_label"] = by_unit["phase"].map(names)
    bench = benchmark(ctx)
    bf = benchmark_frame(ctx, df, bench)
    counts = df["svf"].value_counts()
    main_svf = svfs[0] if len(svfs) == 1 else (str(counts.index[0]) if len(counts) else None)
    bench_fig = None
    if main_svf is not None:
        bench_fig = CP.benchmark_chart(bf[bf["svf"] == main_svf], lang, title=ctx.names.svf.get(main_svf, main_svf))
    return Sections(
        n=len(df), n_late=int(ph.late(df).sum()), top=ph.top_phase(attr), attr=attr, tab=tab,
        profile_fig=CP.phase_profile(tab, lang), attr_fig=CP.attribution_bars(attr, lang),
        by_svf=by_svf, svf_fig=CP.phase_matrix(by_svf[~by_svf["svf"].isin(empty)], "svf", names, lang),
        svf_left_out=sorted((ctx.names.svf.get(c, c) for c in empty), key=sv_sort_key),
        by_unit=by_unit, unit_fig=CP.phase_matrix(by_unit, dim, names, lang),
        bench=bf, main_svf=main_svf, bench_fig=bench_fig, plan=planning_frame(ctx, df))
