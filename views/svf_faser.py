"""SVF – var förloras dagarna: the phases between the measurement points, which phase carries the late
patients' excess days, the benchmark, a what-if on the patient rows, and the SPC verdict."""

import pandas as pd
import streamlit as st

from metrics import phases as ph
from ui import charts_phases as CP
from ui import fmt, shell, tables
from ui import phases as P
from ui.spc import spc_section
from ui.tables import Col

ctx = shell.context()
lang, tr = ctx.lang, ctx.tr

st.title(tr("ph.title"))
st.caption(tr("ph.intro"))
st.caption(shell.selection_text(ctx))
prelim_note = P.preliminary_note(ctx)
if prelim_note:
    st.caption(prelim_note)
base_notes = [tr("ph.completeness_rule"), *([prelim_note] if prelim_note else [])]

sel_f = P.selection_filters(ctx)
try:
    df = P.rows(ctx, sel_f)
except ValueError as e:  # a Swedish message from the metric layer
    st.error(tr("app.metric_error", error=e))
    st.stop()
if df.empty:
    st.info(tr("common.no_data"), icon=":material/search_off:")
    st.stop()

sec = P.sections(ctx)  # cached per selection and language: frames and figures
attr, tab, top, n, n_late = sec.attr, sec.tab, sec.top, sec.n, sec.n_late
names = {p: P.phase_name(ctx, p) for p in P.PHASES}
dim = P.comparison_dim(ctx)


def slim(frame: pd.DataFrame, cols: list[Col]) -> pd.DataFrame:
    """Only the columns a table shows (the tables are rebuilt on every run; wide frames cost time)."""
    keep = [c.field for c in cols if c.field in frame] + ["suppressed"]
    return frame[list(dict.fromkeys(keep))]


# -- the sentence at the top ----------------------------------------------------------------------------
if n < tables.MIN_N:
    st.info(tr("ph.headline_small"), icon=":material/info:")
elif top is not None:
    r = attr.set_index("phase").loc[top]
    comp = tab.set_index("phase").loc[top, "completeness"]
    st.markdown(tr("ph.headline", phase=names[top], share=fmt.pct(r["share_excess"], lang, 0),
                   days=fmt.num(r["mean_diff"], lang, 1), median=fmt.num(r["median_diff"], lang, 0),
                   n_late=fmt.num(r["n_late"], lang),
                   completeness=fmt.pct(comp, lang, 0)))
else:
    st.markdown(tr("ph.headline_none"))
st.caption(tr("ph.completeness_rule"))

c1, c2, c3, c4 = st.columns(4)
c1.metric(tr("ph.kpi_n"), fmt.num(n, lang), border=True)
c2.metric(tr("ph.kpi_within"), fmt.pct((n - n_late) / n, lang) if n >= tables.MIN_N else tables.SUPPRESSED,
          border=True)
c3.metric(tr("ph.kpi_late"), fmt.num(n_late, lang) if n >= tables.MIN_N else tables.SUPPRESSED, border=True)
lo, hi = CP.completeness_note(tab)
c4.metric(tr("ph.kpi_completeness"), tr("ph.kpi_completeness_value", low=fmt.num(lo * 100, lang, 0),
                                         high=fmt.pct(hi, lang, 0)), border=True,
          help=tr("ph.completeness_rule"))

prof_cols = [Col("label", tr("ph.col_phase")), Col("n_pathways", tr("ph.col_n_pathways"), "int"),
             Col("n", tr("ph.col_n"), "n"), Col("completeness", tr("ph.col_completeness"), "share"),
             Col("median", tr("table.median"), "days"), Col("p80", tr("table.p80"), "days"),
             Col("p90", tr("table.p90"), "days")]

# -- phases of the selection ------------------------------------------------------------------------------
st.subheader(tr("ph.profile"))
st.caption(tr("ph.profile_caption"))
shell.chart_block(ctx, "ph_profile", sec.profile_fig, tab, prof_cols, title=tr("ph.profile"),
                  notes=base_notes)

# -- which phase explains the lateness ----------------------------------------------------------------------
st.subheader(tr("ph.attr"))
st.caption(tr("ph.attr_caption"))
attr_cols = [Col("rank", tr("ph.col_rank"), "int"), Col("label", tr("ph.col_phase")),
             Col("share_excess", tr("ph.col_share_excess"), "share"),
             Col("median_diff", tr("ph.col_median_diff"), "days"), Col("mean_diff", tr("ph.col_mean_diff"), "days"),
             Col("ci", tr("ph.col_diff_ci")), Col("n_late", tr("ph.col_n_late"), "n"),
             Col("n_within", tr("ph.col_n_within"), "n"), Col("excess_days", tr("ph.col_excess_days"), "days")]
shell.chart_block(ctx, "ph_attr", sec.attr_fig, attr.sort_values("rank", na_position="last"),
                  attr_cols, title=tr("ph.attr"), notes=[tr("ph.attr_caption"), *base_notes])

# -- what if ---------------------------------------------------------------------------------------------
st.subheader(tr("ph.whatif"))
default_phase = top or "ph1"
w1, w2, w3 = st.columns([2, 1, 1])
shell.control("selectbox", "f_phase", tr("ph.whatif_phase"), ["", *P.PHASES],
              lambda c: names[c] if c else (tr("ph.whatif_phase_auto", phase=names[top]) if top else names["ph1"]),
              container=w1)
shell.control("number_input", "f_cut_days", tr("ph.whatif_days"), None, container=w2, min_value=0,
              max_value=90, step=1, disabled=ctx.view.cut_bench)
shell.control("toggle", "f_cut_bench", tr("ph.whatif_bench"), None, container=w3, help=tr("ph.whatif_bench_help"))
view = ctx.view  # widget callbacks ran before this script: the view is already current
phase = view.phase or default_phase
bench = P.benchmark(ctx)
wi, days = P.what_if(ctx, df, phase, bench)
if view.cut_bench:
    cut_text = tr("ph.whatif_cut_bench")
    if not (days > 0).any():
        st.info(tr("ph.whatif_bench_none"), icon=":material/info:")
else:
    cut_text = tr("ph.whatif_cut_days", days=fmt.num(view.cut_days, lang))
target = wi.target_percent / 100
k1, k2, k3 = st.columns(3)
small = n < tables.MIN_N
pts = fmt.num((wi.share_after - wi.share_before) * 100, lang, 1)
k1.metric(tr("ph.whatif_share"), tables.SUPPRESSED if small else fmt.pct(wi.share_after, lang),
          delta=None if small else tr("ph.whatif_delta", pts=pts), border=True)
k2.metric(tr("ph.whatif_gained"), tables.SUPPRESSED if small else fmt.num(wi.gained, lang), border=True)
k3.metric(tr("ph.whatif_met", level=fmt.pct(target, lang, 0)),
          tables.SUPPRESSED if small else (tr("ph.whatif_yes") if wi.met_after else tr("ph.whatif_no")),
          border=True)
if not small:
    key = "ph.whatif_sentence_met" if wi.met_after else "ph.whatif_sentence_not_met"
    st.markdown(tr(key, phase=names[phase], cut=cut_text, before=fmt.pct(wi.share_before, lang),
                   after=fmt.pct(wi.share_after, lang), gained=fmt.num(wi.gained, lang),
                   n=fmt.num(wi.n_with_phase, lang), level=fmt.pct(target, lang, 0),
                   gap=fmt.num(wi.gap_after, lang)))
    fig = CP.what_if_bars(wi.share_before, wi.share_after, target, lang,
                          (tr("ph.whatif_now"), tr("ph.whatif_after", phase=names[phase])))
    wi_frame = P.what_if_table(ctx, df, phase, days, wi, cut_text, names[phase])
    wi_cols = [Col("label", tr("table.group")), Col("phase", tr("ph.col_phase")), Col("cut", tr("ph.col_cut")),
               Col("n", tr("ph.col_n_all"), "n"), Col("n_with", tr("ph.col_n_with"), "int_s"),
               Col("k_before", tr("ph.col_k_before"), "int_s"), Col("k_after", tr("ph.col_k_after"), "int_s"),
               Col("gained", tr("ph.whatif_gained"), "int_s"),
               Col("share_before", tr("ph.col_share_before"), "share"),
               Col("share_after", tr("ph.col_share_after"), "share"),
               Col("met", tr("ph.whatif_met", level=fmt.pct(target, lang, 0)))]
    st.caption(tr("ph.whatif_table_note"))
    shell.chart_block(ctx, "ph_whatif", fig, wi_frame, wi_cols, title=tr("ph.whatif"),
                      notes=[tr("ph.whatif_assumption"), *base_notes])
st.caption(tr("ph.whatif_assumption"))

# -- per pathway ---------------------------------------------------------------------------------------------
st.subheader(tr("ph.by_svf"))
st.caption(tr("ph.by_svf_caption"))
mat_cols = [Col("label", tr("table.group")), *prof_cols]
mat_cols[1] = Col("phase_label", tr("ph.col_phase"))
if sec.svf_left_out:
    st.caption(tr("ph.by_svf_left_out", names=", ".join(sec.svf_left_out)))
shell.chart_block(ctx, "ph_svf", sec.svf_fig, slim(sec.by_svf, mat_cols), mat_cols, title=tr("ph.by_svf"),
                  notes=base_notes)

# -- per unit of comparison -----------------------------------------------------------------------------------
word = tr(f"table.{dim}")
st.subheader(tr("ph.by_unit", level=word.lower()))
st.caption(tr("ph.by_unit_caption"))
shell.chart_block(ctx, "ph_unit", sec.unit_fig, slim(sec.by_unit, mat_cols), mat_cols,
                  title=tr("ph.by_unit", level=word.lower()), notes=base_notes)

# -- benchmark ---------------------------------------------------------------------------------------------
st.subheader(tr("ph.bench"))
bench_note = tr("ph.bench_caption", level=tr(f"ph.bench_level_{dim}"), min_n=ph.BENCH_MIN_N,
                min_units=ph.BENCH_MIN_UNITS)
st.caption(bench_note)
if sec.main_svf is not None:
    if len(ctx.view.svfs) != 1:
        st.caption(tr("ph.bench_largest", svf=ctx.names.svf.get(sec.main_svf, sec.main_svf)))
    bench_cols = [Col("label", tr("table.pathway")), Col("phase_label", tr("ph.col_phase")),
                  Col("n", tr("ph.col_n"), "n"), Col("median", tr("ph.col_sel_median"), "days"),
                  Col("bench_median", tr("ph.col_bench_median"), "days"), Col("diff", tr("ph.col_bench_diff"), "days"),
                  Col("n_units", tr("ph.col_n_units"), "int")]
    shell.chart_block(ctx, "ph_bench", sec.bench_fig, slim(sec.bench, bench_cols), bench_cols, title=tr("ph.bench"),
                      notes=[bench_note, *base_notes])
plan = sec.plan
if len(plan):
    st.markdown(tr("ph.planning_title"))
    plan_cols = [Col("pathway", tr("table.pathway")), Col("label", tr("ph.col_span")),
                 Col("planning_days", tr("ph.col_planning"), "int"), Col("n", tr("ph.col_n"), "n"),
                 Col("median", tr("table.median"), "days"), Col("share_within", tr("ph.col_planning_share"), "share")]
    st.dataframe(tables.display_table(plan, plan_cols, lang), hide_index=True, key="ph_planning_table",
                 width="stretch")
    st.caption(tr("ph.planning_note"))

# -- SPC -----------------------------------------------------------------------------------------------------
spc_section(ctx, "lead-time")

st.caption(tr("common.suppression_note"))
with st.expander(tr("common.about"), icon=":material/help:"):
    st.markdown(tr("ph.about_definition"))
    st.markdown(tr("ph.about_attribution"))
    st.markdown(tr("ph.about_whatif"))
    st.markdown(tr("ph.about_source"))
