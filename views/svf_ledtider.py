"""SVF – ledtider: the share starting treatment within the pathway's maximum lead time against the
national 80 %, the lead-time distribution, and inclusion read together with lead time."""

from functools import partial

import pandas as pd
import streamlit as st

from ui import charts, fmt, shell, spc, svf, tables
from ui.tables import Col

ctx = shell.context()
lang, tr = ctx.lang, ctx.tr
T = "lead-time"
DAGGER = " †"

# the distribution's, the SPC months' and the quadrant's queries run on other threads meanwhile
svf.start_queries(ctx, svf.summaries_query(ctx), *spc.early_months(ctx, T),
                  svf.sets_query(ctx, "inclusion", svf.quadrant_filters(ctx)),
                  svf.sets_query(ctx, "inclusion", svf.national_filters(ctx)))
st.title(tr("lt.title"))
st.caption(tr("lt.intro"))
st.caption(shell.selection_text(ctx))
st.caption(tr("lt.within_rule"))

head = svf.headline(ctx, T)
by_svf, target_lines, lt_target = head.by_svf, head.lines, head.target
n_lab, d_lab = tr("lt.n_label"), tr("lt.d_label")


def mark_unverified(frame: pd.DataFrame) -> pd.DataFrame:
    """A '†' on every label whose patients were judged against an unconfirmed limit."""
    f = frame.copy()
    bad = f["n_unverified_limit"].fillna(0) > 0
    f.loc[bad, "label"] = f.loc[bad, "label"] + DAGGER
    return f


summaries = svf.lead_time_summaries(ctx)  # per pathway and in total, one query (shared, read-only)
summary, overall = summaries[("svf",)], summaries[()]

# -- key figures --------------------------------------------------------------------------------------
r = head.sel
c1, c2, c3, c4 = st.columns(4)
svf.kpi_share_and_gap(ctx, r, c1, c2, share_label=tr("lt.kpi_share"), gap_help=tr("lt.kpi_gap_help"))
o = overall.iloc[0] if len(overall) else None
small = o is None or bool(o["suppressed"])
c3.metric(tr("lt.kpi_median"), "–" if small else tr("lt.kpi_median_value", days=fmt.num(o["median"], lang)),
          border=True)
c4.metric(tr("lt.kpi_late"),
          "–" if small else tr("lt.kpi_late_value", days=fmt.num(o["mean_days_over"], lang, 1)),
          border=True, help=None if small else tr("chart.late_over", n=fmt.num(o["n_late"], lang),
                                                  days=fmt.num(o["mean_days_over"], lang, 1)))
svf.kpi_caption(ctx, r, "lt.kpi_counts_text")
n_unv = int(r.get("n_unverified_limit") or 0)
if n_unv:
    st.caption(tr("lt.unverified_count", n=fmt.num(n_unv, lang)) + " " + shell.unverified_note(ctx))
st.caption(tr("common.verdict_legend"))

unv_col = Col("n_unverified_limit", tr("table.n_unverified"), "int_s")

# -- per pathway --------------------------------------------------------------------------------------
st.subheader(tr("lt.by_svf"))
st.caption(tr("lt.by_svf_caption"))
# frames and figures are remembered per view (shell.remember; chart_block builds a figure function once)
by_svf_m = shell.remember(ctx, "lt.by_svf", lambda: mark_unverified(by_svf))
shell.chart_block(ctx, "lt_svf", partial(charts.share_bars, by_svf_m, target_lines, lang, axis_title=tr("lt.axis")),
                  by_svf_m, svf.share_cols(ctx, tr("table.pathway"), n_lab, d_lab,
                                                              (unv_col,)),
                  title=tr("lt.by_svf"), notes=[tr("lt.within_rule"), shell.unverified_note(ctx)])
if (by_svf_m["label"].str.endswith(DAGGER)).any():
    st.caption(shell.unverified_note(ctx))

# -- per first treatment ---------------------------------------------------------------------------------
st.subheader(tr("lt.by_end_type"))
st.caption(tr("lt.by_end_type_caption"))
by_end = shell.remember(ctx, "lt.by_end", lambda: mark_unverified(svf.by_frame(ctx, T, "end_type")))
shell.chart_block(ctx, "lt_end_type", partial(charts.share_bars, by_end, target_lines, lang, axis_title=tr("lt.axis")),
                  by_end,
                  svf.share_cols(ctx, tr("table.end_type"), n_lab, d_lab, (unv_col,)),
                  title=tr("lt.by_end_type"), notes=[tr("lt.within_rule")])

# -- per unit of comparison -----------------------------------------------------------------------------
dim = svf.comparison_dim(ctx, T)
word = svf.level_word(ctx, dim)
st.subheader(tr("lt.by_unit", level=word.lower()))
st.caption(tr("lt.by_unit_caption"))
shell.control("checkbox", "f_pool", tr("common.pool_small"), None)
units, riket = svf.comparison_frame(ctx, T)
comp = shell.remember(ctx, "lt.comp", lambda: svf.with_total(units, riket))
cols_unit = svf.share_cols(ctx, word, n_lab, d_lab, (unv_col,))
shell.chart_block(ctx, "lt_unit", partial(charts.share_bars, comp, target_lines, lang, axis_title=tr("lt.axis")),
                  comp, cols_unit, title=tr("lt.by_unit", level=word.lower()),
                  notes=[tr("lt.within_rule")])

# -- trend --------------------------------------------------------------------------------------------
st.subheader(tr("lt.trend"))
st.caption(tr("lt.trend_caption", gran=tr(f"filters.gran_{ctx.view.granularity}").lower()))
trend = svf.trend_frame(ctx, T)
shell.chart_block(ctx, "lt_trend", partial(charts.trend_chart, trend, target_lines, lang, axis_title=tr("lt.axis")),
                  trend, svf.trend_cols(ctx, n_lab, d_lab), title=tr("lt.trend"),
                  notes=[tr("lt.within_rule")])
spc.spc_section(ctx, "lead-time")  # SPC: ui/spc.py

# -- funnel -------------------------------------------------------------------------------------------
st.subheader(tr("lt.funnel"))
st.caption(tr("lt.funnel_caption", level_one=word.lower(), total=shell.total_label(ctx, in_sentence=True)))
p0 = float(riket["share"].iloc[0]) if len(riket) else float("nan")


def funnel_table():
    f = units.copy()
    f["position"] = None
    if len(f) and p0 == p0:
        ok = ~f["suppressed"] & f["share"].notna()
        if ok.any():
            f.loc[ok, "position"] = [tr(f"chart.funnel_{c}") for c in charts.classify_funnel(f[ok], p0)]
    return f


funnel_tab = shell.remember(ctx, "lt.funnel_tab", funnel_table)
left_out = svf.excluded_names(units)
if left_out:
    st.caption(tr("lt.funnel_excluded", names=", ".join(left_out)))
shell.chart_block(ctx, "lt_funnel",
                  partial(charts.funnel_chart, units, p0, target_lines, lang, axis_title=tr("lt.axis"),
                                              x_title=tr("chart.denominator_patients"),
                                              total_label=shell.total_label(ctx)),
                  funnel_tab,
                  [*cols_unit, Col("position", tr("table.funnel_position"))], title=tr("lt.funnel"),
                  notes=[tr("lt.within_rule")])

# -- distribution -------------------------------------------------------------------------------------
st.subheader(tr("lt.dist"))
st.caption(tr("lt.dist_caption"))


def dist_frame():
    d = summary.copy()
    unverified = set(by_svf.loc[by_svf["n_unverified_limit"].fillna(0) > 0, "key"])
    d["unverified"] = d["svf"].isin(unverified)
    d["label"] = [ctx.names.svf.get(c, c) + (DAGGER if u else "") for c, u in zip(d["svf"], d["unverified"],
                                                                                   strict=True)]
    d["limit_status"] = [tr("table.limit_unverified") if u else tr("table.limit_verified") for u in d["unverified"]]
    return d


dist = shell.remember(ctx, "lt.dist", dist_frame)
dist_cols = [Col("label", tr("table.pathway")), Col("n", d_lab, "n"),
             Col("median", tr("table.median"), "days"), Col("p80", tr("table.p80"), "days"),
             Col("p90", tr("table.p90"), "days"), Col("limit_days", tr("table.limit"), "int"),
             Col("limit_status", tr("table.limit_status")), Col("n_late", tr("table.n_late"), "int_s"),
             Col("mean_days_over", tr("table.mean_over"), "days")]
shell.chart_block(ctx, "lt_dist", partial(charts.lead_time_box, dist, lang), dist, dist_cols, title=tr("lt.dist"),
                  notes=[tr("lt.within_rule"), shell.unverified_note(ctx)])
if dist["unverified"].any():
    st.caption(shell.unverified_note(ctx))

# -- quadrant -----------------------------------------------------------------------------------------
st.subheader(tr("lt.quad"))
shell.control("radio", "f_quad", tr("lt.quad_group"), ("region", "svf"), lambda c: tr(f"lt.quad_{c}"),
              horizontal=True)
quad_dim = "svf" if ctx.view.quad == "svf" else svf.comparison_dim(ctx, "inclusion")
st.caption(tr("lt.quad_caption", group=tr(f"lt.quad_point_{quad_dim}")))


def quadrant_frames():
    """(q: the chart's points, the total first; q_tab: the table, each share hidden on its own n)."""
    inc = svf.by_frame(ctx, "inclusion", quad_dim, svf.quadrant_filters(ctx))
    ltf = by_svf if quad_dim == "svf" else svf.by_frame(ctx, T, quad_dim, svf.comparison_filters(ctx, "inclusion"))
    q = inc[["key", "label", "share", "n", "suppressed"]].merge(
        ltf[["key", "share", "n", "suppressed"]], on="key", how="outer", suffixes=("_i", "_l"))
    q = q.rename(columns={"share_i": "incl_share", "share_l": "lt_share", "n_i": "incl_n", "n_l": "lt_n"})
    if quad_dim == "svf":
        q["label"] = q["label"].fillna(q["key"].map(ctx.names.svf))
    else:
        q["label"] = q["label"].fillna(q["key"].map(ctx.names.dim(quad_dim)))
    q["suppressed"] = q["suppressed_i"].fillna(True).astype(bool) | q["suppressed_l"].fillna(True).astype(bool)
    q["is_total"] = False
    rk_i = svf.total(ctx, "inclusion")
    rk_row = pd.DataFrame([{"key": "__total__", "label": shell.total_label(ctx),
                            "incl_share": rk_i["share"].iloc[0], "incl_n": rk_i["n"].iloc[0],
                            "lt_share": riket["share"].iloc[0], "lt_n": riket["n"].iloc[0],
                            "suppressed": bool(rk_i["suppressed"].iloc[0] or riket["suppressed"].iloc[0]),
                            "is_total": True}])
    q = pd.concat([rk_row, q.drop(columns=["suppressed_i", "suppressed_l"])], ignore_index=True)
    q_tab = q.copy()
    q_tab.loc[q_tab["incl_n"].fillna(0) < tables.MIN_N, "incl_share"] = float("nan")
    q_tab.loc[q_tab["lt_n"].fillna(0) < tables.MIN_N, "lt_share"] = float("nan")
    q_tab["suppressed"] = False  # each share above is hidden on its own denominator
    return q, q_tab


q, q_tab = shell.remember(ctx, "lt.quad", quadrant_frames)
incl_target = svf.primary_target(svf.targets(ctx, "inclusion"))
left_out = [str(x) for x in q.loc[q["suppressed"], "label"]]
if left_out:
    st.caption(tr("lt.quad_excluded", names=", ".join(left_out)))
q_cols = [Col("label", tr("table.group")), Col("incl_share", tr("table.incl_share"), "share"),
          Col("incl_n", tr("table.n_incl"), "n"), Col("lt_share", tr("table.lt_share"), "share"),
          Col("lt_n", tr("table.n_lt"), "n")]
shell.chart_block(ctx, "lt_quad", partial(charts.quadrant_chart, q, incl_target, lt_target, lang), q_tab, q_cols,
                  title=tr("lt.quad"), notes=[tr("lt.within_rule")])

st.caption(tr("common.suppression_note"))
with st.expander(tr("common.about"), icon=":material/help:"):
    st.markdown(tr("lt.about_definition"))
    st.markdown(tr("lt.about_source"))
    st.markdown(tr("lt.about_caveats"))
    st.markdown(tr("lt.within_rule"))
    st.markdown(tr("common.about_rules"))
