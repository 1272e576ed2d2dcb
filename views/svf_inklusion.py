"""SVF – inklusion: the share of new cancer cases that went through an SVF and started treatment,
against the national 70 %."""

from functools import partial

import streamlit as st

from ui import charts, fmt, shell, spc, svf
from ui.tables import Col

ctx = shell.context()
lang, tr = ctx.lang, ctx.tr
T = "inclusion"
svf.start_queries(ctx, *spc.early_months(ctx, T))  # the SPC months' query runs on another thread meanwhile

st.title(tr("incl.title"))
st.caption(tr("incl.intro"))
st.caption(shell.selection_text(ctx, include_units=False))

shell.control("radio", "f_denom", tr("incl.denom"), ("same_period", "previous_year"),
              lambda c: tr(f"incl.denom_{c}"), horizontal=True)
denom_text = tr("incl.denom_stated_same" if ctx.view.denominator == "same_period" else "incl.denom_stated_prev")
st.info(denom_text, icon=":material/info:")

head = svf.headline(ctx, T)
by_svf, target_lines = head.by_svf, head.lines
n_lab, d_lab = tr("incl.n_label"), tr("incl.d_label")

# -- key figures --------------------------------------------------------------------------------------
c1, c2, c3 = st.columns(3)
svf.kpi_share_and_gap(ctx, head.sel, c1, c2, share_label=tr("incl.kpi_share"), gap_help=tr("incl.kpi_gap_help"))
gap_sum = int(by_svf.loc[~by_svf["suppressed"], "gap"].fillna(0).sum()) if len(by_svf) else 0
c3.metric(tr("incl.kpi_gap_sum"), fmt.num(gap_sum, lang), help=tr("incl.kpi_gap_sum_help"), border=True)
svf.kpi_caption(ctx, head.sel, "incl.kpi_counts_text")
st.caption(tr("common.verdict_legend"))

cols_svf = svf.share_cols(ctx, tr("table.pathway"), n_lab, d_lab)

# -- per pathway --------------------------------------------------------------------------------------
st.subheader(tr("incl.by_svf"))
st.caption(tr("incl.by_svf_caption"))
# frames and figures are remembered per view (shell.remember; chart_block builds a figure function once)
shell.chart_block(ctx, "incl_svf", partial(charts.share_bars, by_svf, target_lines, lang, axis_title=tr("incl.axis")),
                  by_svf, cols_svf, title=tr("incl.by_svf"), notes=[denom_text])

# -- per unit of comparison -----------------------------------------------------------------------------
dim = svf.comparison_dim(ctx, T)
st.subheader(tr("incl.by_unit", level=svf.level_word(ctx, dim).lower()))
if ctx.view.level == "unit":
    st.info(tr("incl.unit_not_possible"), icon=":material/info:")
units, riket = svf.comparison_frame(ctx, T)
st.caption(tr("incl.by_unit_caption"))
shell.control("checkbox", "f_pool", tr("common.pool_small"), None)
comp = shell.remember(ctx, "incl.comp", lambda: svf.with_total(units, riket))
cols_unit = svf.share_cols(ctx, svf.level_word(ctx, dim), n_lab, d_lab)
shell.chart_block(ctx, "incl_unit", partial(charts.share_bars, comp, target_lines, lang, axis_title=tr("incl.axis")),
                  comp, cols_unit,
                  title=tr("incl.by_unit", level=svf.level_word(ctx, dim).lower()),
                  notes=[denom_text])

# -- trend --------------------------------------------------------------------------------------------
st.subheader(tr("incl.trend"))
gran_word = tr(f"filters.gran_{ctx.view.granularity}").lower()
st.caption(tr("incl.trend_caption", gran=gran_word))
trend = svf.trend_frame(ctx, T)
shell.chart_block(ctx, "incl_trend",
                  partial(charts.trend_chart, trend, target_lines, lang, axis_title=tr("incl.axis")), trend,
                  svf.trend_cols(ctx, n_lab, d_lab), title=tr("incl.trend"), notes=[denom_text])
spc.spc_section(ctx, "inclusion")  # SPC: ui/spc.py

# -- funnel -------------------------------------------------------------------------------------------
st.subheader(tr("incl.funnel"))
st.caption(tr("incl.funnel_caption", level_one=svf.level_word(ctx, dim).lower(),
              total=shell.total_label(ctx, in_sentence=True)))
p0 = float(riket["share"].iloc[0]) if len(riket) else float("nan")


def funnel_table():
    f = units.copy()
    if len(f) and p0 == p0:
        ok = ~f["suppressed"] & f["share"].notna()
        f.loc[ok, "position"] = [tr(f"chart.funnel_{c}") for c in charts.classify_funnel(f[ok], p0)]
    else:
        f["position"] = None
    return f


funnel_tab = shell.remember(ctx, "incl.funnel_tab", funnel_table)
left_out = svf.excluded_names(units)
if left_out:
    st.caption(tr("incl.funnel_excluded", names=", ".join(left_out)))
shell.chart_block(ctx, "incl_funnel",
                  partial(charts.funnel_chart, units, p0, target_lines, lang, axis_title=tr("incl.axis"),
                                              total_label=shell.total_label(ctx)),
                  funnel_tab,
                  [*cols_unit, Col("position", tr("table.funnel_position"))], title=tr("incl.funnel"),
                  notes=[denom_text])

st.caption(tr("common.suppression_note"))
with st.expander(tr("common.about"), icon=":material/help:"):
    st.markdown(tr("incl.about_definition"))
    st.markdown(tr("incl.about_source"))
    st.markdown(tr("incl.about_caveats"))
    st.markdown(tr("incl.about_denominator", denom=denom_text))
    st.markdown(tr("common.about_rules"))
