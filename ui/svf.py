"""What the two SVF pages share: filters from the view, the headline figures, comparison frames
with Riket, trends, the table columns. Keeps pages thin (read filters -> call metrics -> call ui
charts -> render)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

import metrics
from metrics import periods, rules
from ui import fmt, shell, tables
from ui import state as S
from ui.charts import TargetLine, period_label, target_lines
from ui.data import preparing as data_preparing
from ui.shell import Context
from ui.tables import Col

COUNTS = metrics.COUNT_COLUMNS  # table -> (numerator column, denominator column)


def has_geo(view: S.ViewState) -> bool:
    return bool(view.regions or view.healthcare_regions or (view.level == "unit" and view.unit_region))


def selection_filters(ctx: Context, table: str) -> metrics.Filters:
    scope = S.selection_scope(ctx.view)
    if table == "inclusion":
        scope["units"] = ()  # the cancer register has no care unit
    return metrics.Filters(**scope, inclusion_denominator=ctx.view.denominator)


def national_filters(ctx: Context) -> metrics.Filters:
    v = ctx.view
    return metrics.Filters(svfs=v.svfs, period_from=v.period_from, period_to=v.period_to,
                           inclusion_denominator=v.denominator)


def comparison_dim(ctx: Context, table: str) -> str:
    """The dimension compared (inclusion cannot be compared per care unit: it falls back to regions)."""
    level = ctx.view.level
    if level == "unit" and table == "inclusion":
        return "region"
    return level


def comparison_filters(ctx: Context, table: str) -> metrics.Filters:
    v = ctx.view
    if v.level == "unit" and table == "inclusion":
        return national_filters(ctx)  # every region, so the unit region is seen among the others
    return selection_filters(ctx, table)


def _target_svf(ctx: Context) -> str | None:
    # a target scoped to one pathway applies when exactly that pathway is selected (as in compute())
    return ctx.view.svfs[0] if len(ctx.view.svfs) == 1 else None


def targets(ctx: Context, table: str) -> list[TargetLine]:
    """The targets to draw for the view's period (all owners, the primary first)."""
    v = ctx.view

    def build() -> list[TargetLine]:
        tg = ctx.data.targets(table, svf=_target_svf(ctx))
        return target_lines(tg, ctx.lang, v.period_from, v.period_to)

    return shell.remember_on(ctx, "svf.targets", build, table, _target_svf(ctx), ctx.lang, v.period_from, v.period_to)


def primary_target(lines: list[TargetLine]) -> float | None:
    """The primary target's level among lines already fetched with targets()."""
    prim = [tl for tl in lines if tl.primary] or lines
    return prim[0].level if prim else None


def _comparisons(ctx: Context, table: str) -> dict[str, str]:
    """target_id -> comparison ('>=' ...), to judge a pooled row against its units' target."""
    tg = ctx.data.targets(table, svf=_target_svf(ctx))
    if tg.empty:
        return {}
    return dict(zip(tg["target_id"].astype(str), tg["comparison"].astype(str), strict=True))


def _preliminary(ctx: Context, dim: str | None = None):
    """share_frame's preliminary rows (metrics.rules): per period for a period dimension, else every
    row when the selected period reaches into the months still being reported."""
    last = shell.last_month(ctx)
    if dim in periods.PERIOD_DIMS:
        return lambda d: rules.preliminary_column(d["key"], dim, last)
    return True if rules.range_is_preliminary(ctx.view.period_from, ctx.view.period_to, last) else None


# -- the metric results: the groupings a page shows of one table and filters, from one query ---------------
def _groupings(ctx: Context, table: str) -> tuple[tuple[str, ...], ...]:
    """What the SVF pages ask of one table and filters: the total, per pathway (and first treatment),
    per unit of comparison and per period of the trend (metrics.compute_sets gives them in one query)."""
    extra = ("end_type",) if table == "lead-time" else ()
    dims = ("svf", *extra, comparison_dim(ctx, table), ctx.view.granularity)
    return ((), *((d,) for d in dict.fromkeys(dims)))


def computed(ctx: Context, table: str, filters: metrics.Filters, by: tuple[str, ...]) -> pd.DataFrame:
    """ctx.data.compute(table, filters, by) (the same frame; shared, read-only). The groupings of
    _groupings() come from one metrics.compute_sets query per (table, filters): a region change asks
    for four or five of them, and planning is most of each small query's time."""
    wanted = _groupings(ctx, table)
    if by not in wanted:
        return ctx.data.compute(table, filters, by)
    return _remembered(ctx, table, sets_query(ctx, table, filters))[by]


def _remembered(ctx: Context, table: str, q):
    """A query from sets_query / summaries_query / months_query, run once per snapshot and its inputs
    (or waited for, when start_queries started it), with the spinner while a base of the table is filled
    for the first time."""
    name, query, parts = q

    def build():
        with data_preparing(ctx.data.con, table):
            return query()

    return shell.remember_on(ctx, name, build, *parts)


def sets_query(ctx: Context, table: str, filters: metrics.Filters):
    """computed()'s query of one table and filters: (memo name, the query, its memo parts)."""
    wanted, f, con = _groupings(ctx, table), metrics.applicable_filters(table, filters), ctx.data.con
    return "svf.sets", lambda: metrics.compute_sets(con, table, f, wanted), (table, f, wanted)


def lead_time_summaries(ctx: Context) -> dict[tuple[str, ...], pd.DataFrame]:
    """The selection's lead-time distribution in total and per pathway ({(): …, ("svf",): …}; as
    ctx.data.lead_time_summary, from one query; shared, read-only)."""
    return _remembered(ctx, "lead-time", summaries_query(ctx))


def summaries_query(ctx: Context):
    f, con = metrics.applicable_filters("lead-time", selection_filters(ctx, "lead-time")), ctx.data.con
    return "svf.summaries", lambda: metrics.lead_time_summary_sets(con, f, [(), ("svf",)]), (f,)


def month_counts(ctx: Context, table: str, filters: metrics.Filters) -> pd.DataFrame:
    """ctx.data.compute(table, filters, ("month",)) (the same frame; shared, read-only), remembered per
    snapshot as the page's other queries are, so that it can be started early (start_queries)."""
    return _remembered(ctx, table, months_query(ctx, table, filters))


def months_query(ctx: Context, table: str, filters: metrics.Filters):
    f, con = metrics.applicable_filters(table, filters), ctx.data.con
    return "svf.months", lambda: metrics.compute(con, table, f, ("month",)), (table, f)


def start_queries(ctx: Context, *queries) -> None:
    """Start a page's later queries on worker threads (shell.remember_soon) while it builds its first
    sections: DuckDB runs them without Python's lock, so their time hides behind the page's own.
    queries: (name, query, parts) from sets_query / summaries_query / months_query; a later call of
    computed / lead_time_summaries / month_counts with the same inputs waits for the result. Only
    when their bases are ready (a first fill shows a spinner, which only the page's own thread can)."""
    con = ctx.data.con
    if any(metrics.pending_bases(con, t) for t in ("lead-time", "inclusion")):
        return
    shell.remember_soon(ctx, queries)


# The frames below are remembered per snapshot under every input they are built from (shell.remember_on),
# not the whole view: a region change reuses Riket's frames, the targets, the national trend.
# Shared, read-only: copy before changing.
def total(ctx: Context, table: str, filters: metrics.Filters | None = None,
          label: str | None = None) -> pd.DataFrame:
    f, lab, v = filters or national_filters(ctx), label or shell.total_label(ctx), ctx.view

    def build() -> pd.DataFrame:
        num, den = COUNTS[table]
        df = computed(ctx, table, f, ())
        return tables.share_frame(df, key=None, num=num, den=den, total_label=lab, lang=ctx.lang,
                                  preliminary=_preliminary(ctx))

    return shell.remember_on(ctx, "svf.total", build, table, f, lab, ctx.lang, v.period_from, v.period_to)


def quadrant_filters(ctx: Context) -> metrics.Filters:
    """The inclusion read in SVF – ledtider's quadrant: the selection's per pathway, or the comparison
    group's per unit (one place: the page starts this query early and asks for it later)."""
    if ctx.view.quad == "svf":
        return selection_filters(ctx, "inclusion")
    return comparison_filters(ctx, "inclusion")


def by_frame(ctx: Context, table: str, dim: str, filters: metrics.Filters | None = None,
             labels: dict | None = None) -> pd.DataFrame:
    f, v = filters or selection_filters(ctx, table), ctx.view

    def build() -> pd.DataFrame:
        num, den = COUNTS[table]
        df = computed(ctx, table, f, (dim,))
        return tables.share_frame(df, key=dim, num=num, den=den,
                                  labels=labels if labels is not None else ctx.names.dim(dim), lang=ctx.lang,
                                  preliminary=_preliminary(ctx, dim))

    lab_key = None if labels is None else tuple(sorted(labels.items()))
    return shell.remember_on(ctx, "svf.by_frame", build, table, dim, f, lab_key, ctx.lang, v.period_from,
                             v.period_to)


def comparison_frame(ctx: Context, table: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(units compared, Riket row). Small units are pooled into 'Övriga' when the view asks."""
    dim, f = comparison_dim(ctx, table), comparison_filters(ctx, table)

    def build() -> pd.DataFrame:
        units = by_frame(ctx, table, dim, f)
        if ctx.view.pool:
            units = tables.pool_small(units, ctx.tr("common.others"), ctx.lang, _comparisons(ctx, table))
        return units

    return (shell.remember_on(ctx, "svf.comparison", build, table, dim, f, ctx.view.pool, _target_svf(ctx),
                              ctx.lang, ctx.view.period_from, ctx.view.period_to), total(ctx, table))


def with_total(units: pd.DataFrame, riket: pd.DataFrame) -> pd.DataFrame:
    frames = [f for f in (riket, units) if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else units


def trend_frame(ctx: Context, table: str) -> pd.DataFrame:
    """The selection (and Riket beside it when the selection is narrower) per period."""
    v = ctx.view
    sel = selection_filters(ctx, table) if has_geo(v) else None
    return shell.remember_on(ctx, "svf.trend", lambda: _trend_frame(ctx, table, sel), table, v.granularity, sel,
                             national_filters(ctx), ctx.lang, v.period_from, v.period_to)


def _trend_series(ctx: Context, table: str, filters: metrics.Filters, series: str, is_total: bool) -> pd.DataFrame:
    """One series of a trend (Riket's is the same for every selection: remembered on its own)."""
    gran, v = ctx.view.granularity, ctx.view

    def build() -> pd.DataFrame:
        num, den = COUNTS[table]
        df = computed(ctx, table, filters, (gran,))
        f = tables.share_frame(df, key=gran, num=num, den=den, lang=ctx.lang, preliminary=_preliminary(ctx, gran))
        f["series"] = series
        if is_total:
            f["is_total"] = True
        return f

    return shell.remember_on(ctx, "svf.trend_series", build, table, gran, filters, series, is_total, ctx.lang,
                             v.period_from, v.period_to)


def _trend_frame(ctx: Context, table: str, sel: metrics.Filters | None) -> pd.DataFrame:
    parts = []
    if sel is not None:
        parts.append(_trend_series(ctx, table, sel, ctx.tr("common.selection"), False))
    parts.append(_trend_series(ctx, table, national_filters(ctx), shell.total_label(ctx), True))
    out = pd.concat(parts, ignore_index=True)
    out["period"] = out["key"]
    out["label"] = [period_label(p, ctx.lang) for p in out["period"]]
    return out


def level_word(ctx: Context, dim: str) -> str:
    return ctx.tr(f"table.{dim}")


def share_cols(ctx: Context, label_header: str, n_label: str, d_label: str,
               extra: tuple[Col, ...] = ()) -> list[Col]:
    tr = ctx.tr
    return [Col("label", label_header), Col("k", n_label, "k"), Col("n", d_label, "n"),
            Col("share", tr("table.share"), "share"), Col("ci", tr("table.ci"), "ci"),
            Col("target", tr("table.target"), "level"), Col("verdict", tr("table.verdict"), "verdict"),
            Col("gap", tr("table.gap"), "gap"), *extra, Col("note", tr("table.note"), "note")]


def trend_cols(ctx: Context, n_label: str, d_label: str) -> list[Col]:
    tr = ctx.tr
    return [Col("series", tr("table.series")), Col("label", tr("table.period")),
            Col("preliminary", tr("table.preliminary"), "flag"), *share_cols(ctx, "", n_label, d_label)[1:]]


def excluded_names(frame: pd.DataFrame) -> list[str]:
    return [str(x) for x in frame.loc[frame["suppressed"].astype(bool), "label"]]


# -- the headline: the selection's figures and the key-figure cards -------------------------------------
@dataclass
class Headline:
    sel: pd.Series              # the selection's one row (a share frame row)
    by_svf: pd.DataFrame        # per pathway, for the first chart
    lines: list[TargetLine]     # the targets to draw

    @property
    def target(self) -> float | None:
        return primary_target(self.lines)


def headline(ctx: Context, table: str) -> Headline:
    """The selection's total and per-pathway frames and the targets. Stops the page with a sentence
    when the metric layer refuses the selection or there are no data in it (inclusion without any
    cancer-register case says that those are missing, and how to load them)."""
    if table == "inclusion" and not ctx.status.get("counts", {}).get("cancer_case", 0):
        st.warning(ctx.tr("incl.no_cancer_cases"), icon=":material/upload_file:")
        st.stop()
    try:
        sel = total(ctx, table, selection_filters(ctx, table), label=ctx.tr("common.selection"))
        by_svf = by_frame(ctx, table, "svf")
    except ValueError as e:  # a Swedish message from the metric layer
        st.error(ctx.tr("app.metric_error", error=e))
        st.stop()
    if sel.empty or int(sel["n"].fillna(0).sum()) == 0:
        st.info(ctx.tr("common.no_data"), icon=":material/search_off:")
        st.stop()
    return Headline(sel.iloc[0], by_svf, targets(ctx, table))


def has_target(r: pd.Series) -> bool:
    level = r.get("target")
    return level is not None and not pd.isna(level)


def gap_label(ctx: Context, r: pd.Series) -> str:
    """'Saknas till 70 % (patienter)' with the level of the target that applies to the row."""
    if not has_target(r):
        return ctx.tr("table.gap")
    return ctx.tr("common.kpi_gap", level=fmt.pct_level(round(float(r["target"]) * 100, 6), ctx.lang))


def kpi_share_and_gap(ctx: Context, r: pd.Series, c1, c2, *, share_label: str, gap_help: str) -> None:
    """The two cards both pages open with: the share (or '<5') and how many patients short of the
    target the selection is (or that no target applies)."""
    tr, lang = ctx.tr, ctx.lang
    if r["suppressed"]:
        c1.metric(share_label, tables.SUPPRESSED, help=tr("common.suppression_note"), border=True)
    else:
        c1.metric(share_label, fmt.pct(r["share"], lang), help=r["verdict_text"], border=True)
    if not has_target(r):
        c2.metric(gap_label(ctx, r), tr("common.kpi_no_target"), border=True)
    elif r["suppressed"]:
        c2.metric(gap_label(ctx, r), fmt.DASH, help=tr("common.suppression_note"), border=True)
    elif r.get("not_proportion") or pd.isna(r["gap"]):
        c2.metric(gap_label(ctx, r), fmt.DASH, help=tr("common.not_proportion_explain"), border=True)
    else:
        c2.metric(gap_label(ctx, r), fmt.num(int(r["gap"] or 0), lang), help=gap_help, border=True)


def kpi_caption(ctx: Context, r: pd.Series, key: str) -> None:
    """'{k} av {n} ... – 95 % KI: ... . Verdict.' under the cards (nothing for a suppressed selection)."""
    if not r["suppressed"]:
        k = tables.SUPPRESSED if rules.small_count(r["k"]) else fmt.num(r["k"], ctx.lang)
        st.caption(ctx.tr(key, k=k, n=fmt.num(r["n"], ctx.lang), ci=tables.ci_text(r, ctx.lang),
                          verdict=r["verdict_text"]))
        if r.get("not_proportion"):
            st.caption(ctx.tr("common.not_proportion_explain"))
        if r.get("preliminary"):
            st.caption(ctx.tr("common.preliminary_explain", first=rules.first_preliminary_month(shell.last_month(ctx))))
