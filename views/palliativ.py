"""Palliativregistret: coverage of deaths against both owners' levels (kept apart), by place of
care, and the quality indicators per region (profile) and across regions (bars, trend, funnel),
flagged "inte jämförbart" where coverage is below 70 %."""

import pandas as pd
import streamlit as st

import metrics
from ui import charts, charts_registers, fmt, shell, svf, tables
from ui import registers as R
from ui.tables import Col

ctx = shell.context()
lang, tr = ctx.lang, ctx.tr
TC, TI = "palliative-coverage", "palliative-indicators"
v = ctx.view

st.title(tr("pall.title"))
st.caption(tr("pall.intro"))
st.caption(tr("pall.selection", where=R.where_text(ctx),
              period=tr("common.period_text", **{"from": v.period_from or "…", "to": v.period_to or "…"})))
st.info(tr("pall.guidelines_2025"), icon=":material/new_releases:")
region_one = R.single_region(ctx)

# -- coverage against each owner's level ------------------------------------------------------------------
try:
    long = R.long_targets(ctx, TC, R.palliative_filters(ctx))
except ValueError as e:
    st.error(tr("app.metric_error", error=e))
    st.stop()
if long.empty or int(long["n_deaths"].iloc[0]) == 0:
    st.info(tr("common.no_data"), icon=":material/search_off:")
    st.stop()
st.header(tr("pall.coverage"))
first = long.iloc[0]
cards = st.columns(1 + len(long))
sup = int(first["n_deaths"]) < metrics.SUPPRESS_BELOW
cards[0].metric(tr("pall.kpi_coverage"), tables.SUPPRESSED if sup else fmt.pct(first["share"], lang),
                help=tr("pall.kpi_coverage_help"), border=True)
owners = R.owner_texts(ctx)
for col, r in zip(cards[1:], long.to_dict("records"), strict=True):
    if not r["target_id"]:
        col.metric(tr("pall.kpi_target"), tr("common.kpi_no_target"), border=True)
        continue
    level = fmt.pct_level(r["target"] * 100, lang)
    label = tr("pall.kpi_owner", level=level, owner=owners.get(r["target_id"], r["target_owner"]))
    text = tables.verdict_text(dict(r, suppressed=sup), lang)
    col.metric(label + (" †" if r["target_unverified"] else ""), text, border=True,
               help=tr("pall.kpi_unverified") if r["target_unverified"] else tr("pall.kpi_owner_help"))
if not sup:
    st.caption(tr("pall.kpi_counts", k=fmt.num(first["n_registered"], lang), n=fmt.num(first["n_deaths"], lang),
                  ci=tables.ci_text(first, lang)))
if not region_one:
    st.caption(tr("pall.lpo_only_gavleborg"))

dim = "healthcare_region" if v.level == "healthcare_region" else "region"
level_word = tr(f"table.{dim}")
all_lines = R.register_lines(ctx, TC, "spr", v.period_from, v.period_to, region="21")
rcc_lines = R.register_lines(ctx, TC, "spr", v.period_from, v.period_to)
st.subheader(tr("pall.by_unit", level=level_word.lower()))
st.caption(tr("pall.by_unit_caption"))
units = R.share_frame(ctx, TC, R.palliative_filters(ctx, national=True), dim)
riket = R.share_frame(ctx, TC, R.palliative_filters(ctx, national=True), None, total_label=tr("common.total"))
comp = pd.concat([f for f in (riket, units) if len(f)], ignore_index=True)
if dim == "region":  # LPO Gävleborg's own level on Gävleborg's row only: said in the label
    lpo = [tl for tl in all_lines if tl not in rcc_lines]
    if lpo:
        comp.loc[comp["key"] == "21", "label"] = comp.loc[comp["key"] == "21", "label"] + " ◆"
        st.caption(tr("pall.lpo_marker", level=fmt.pct_level(lpo[0].level * 100, lang)))
fig = R.fig(ctx, "pall1", charts.share_bars, comp, rcc_lines, lang, axis_title=tr("pall.axis_coverage"))
n_d, k_d = tr("pall.n_deaths"), tr("pall.n_registered")
shell.chart_block(ctx, "pall_units", fig, comp, R.target_cols(ctx, level_word, k_d, n_d),
                  title=tr("pall.by_unit", level=level_word.lower()))

st.subheader(tr("pall.trend"))
gran = v.granularity
sel_lines = R.register_lines(ctx, TC, "spr", v.period_from, v.period_to, region=region_one)
parts = []
if svf.has_geo(v):
    s = R.share_frame(ctx, TC, R.palliative_filters(ctx), gran, labels={})
    s["series"] = tr("common.selection")
    parts.append(s)
n = R.share_frame(ctx, TC, R.palliative_filters(ctx, national=True), gran, labels={})
n["series"], n["is_total"] = tr("common.total"), True
parts.append(n)
trend = pd.concat(parts, ignore_index=True)
trend["period"] = trend["key"]
trend["label"] = [charts.period_label(p, lang) for p in trend["period"]]
partial = R.partial_period_note(ctx, trend)
if partial:
    st.caption(partial)
fig = R.fig(ctx, "pall2", charts.trend_chart, trend, sel_lines, lang, axis_title=tr("pall.axis_coverage"))
shell.chart_block(ctx, "pall_trend", fig, trend, svf.trend_cols(ctx, k_d, n_d), title=tr("pall.trend"),
                  notes=[partial] if partial else [])

st.subheader(tr("pall.unit_type"))
ut = R.unit_types(ctx, R.palliative_filters(ctx))
if ut.empty or (ut["unit_type"] == "").all():
    st.info(tr("pall.unit_type_none"), icon=":material/info:")
else:
    ut = ut.assign(label=[R.unit_type_label(ctx, u) for u in ut["unit_type"]], k=ut["n_registered"],
                   n=ut["n_deaths"], is_total=False, target=float("nan"))
    ut["verdict_text"] = ""
    fig = R.fig(ctx, "pall3", charts.share_bars, ut, [], lang, axis_title=tr("pall.axis_coverage"))
    shell.chart_block(ctx, "pall_unittype", fig, ut,
                      [Col("label", tr("pall.col_unit_type")), Col("k", k_d, "k"), Col("n", n_d, "n"),
                       Col("share", tr("table.share"), "share"), Col("ci", tr("table.ci"), "ci")],
                      title=tr("pall.unit_type"))

# -- indicators: the profile of the selection -----------------------------------------------------------
st.header(tr("pall.indicators"))
st.caption(tr("pall.indicators_caption"))
ind_names = R.indicator_names(ctx, short=True)
prof = R.share_frame(ctx, TI, R.palliative_filters(ctx), "indicator", labels=ind_names)
prof["not_comparable"] = ~prof["comparable"].astype(bool)
comparable = bool(prof["comparable"].all()) if len(prof) else True
cov_text = fmt.pct(prof["spr_coverage"].iloc[0], lang) if len(prof) else fmt.DASH
if not comparable:
    st.warning(tr("pall.not_comparable_sel", coverage=cov_text), icon=":material/warning:")
st.subheader(tr("pall.profile"))
fig = R.fig(ctx, "pall4", charts_registers.row_target_bars, prof, lang, axis_title=tr("pall.axis_indicator"),
                                       flag_col="not_comparable", flag_text=tr("pall.not_comparable"),
                                       marker_name=tr("pall.target_marker"))
prof["comparable_text"] = [tr("pall.yes") if c else tr("pall.not_comparable") for c in prof["comparable"]]
ind_cols = R.target_cols(ctx, tr("pall.indicator"), tr("pall.n_met"), tr("pall.n_expected"),
                         extra=(Col("comparable_text", tr("pall.col_comparable")),))
shell.chart_block(ctx, "pall_profile", fig, prof, ind_cols, title=tr("pall.profile"),
                  notes=[] if comparable else [tr("pall.not_comparable_sel", coverage=cov_text)])

# -- one indicator across regions: bars, trend, funnel -------------------------------------------------------
with_target = [i for i in ctx.cat.indicators if i in set(prof.loc[prof["target"].notna(), "key"])]
ind = R.indicator_control(ctx, with_target[0] if with_target else ctx.cat.indicators[0])
st.subheader(tr("pall.across", indicator=ind_names.get(ind, ind), level=level_word.lower()))
st.caption(tr("pall.across_caption"))
f_nat = R.palliative_filters(ctx, national=True, indicators=(ind,))
units_i = R.share_frame(ctx, TI, f_nat, dim)
riket_i = R.share_frame(ctx, TI, f_nat, None, total_label=tr("common.total"))
units_i["not_comparable"] = ~units_i["comparable"].astype(bool)
units_i.loc[units_i["not_comparable"], "label"] = units_i.loc[units_i["not_comparable"], "label"] + " ⚠"
units_i["comparable_text"] = [tr("pall.yes") if c else tr("pall.not_comparable") for c in units_i["comparable"]]
riket_i["comparable_text"] = ""
ind_lines = R.indicator_lines(ctx, ind)
comp_i = pd.concat([f for f in (riket_i, units_i) if len(f)], ignore_index=True)
fig = R.fig(ctx, "pall5", charts.share_bars, comp_i, ind_lines, lang, axis_title=tr("pall.axis_indicator"))
nc = [str(x).removesuffix(" ⚠") for x in units_i.loc[units_i["not_comparable"], "label"]]
nc_note = tr("pall.not_comparable_list", names=", ".join(nc)) if nc else ""
if nc_note:
    st.caption(nc_note)
shell.chart_block(ctx, "pall_across", fig, comp_i,
                  R.target_cols(ctx, level_word, tr("pall.n_met"), tr("pall.n_expected"),
                                extra=(Col("comparable_text", tr("pall.col_comparable")),)),
                  title=tr("pall.across", indicator=ind_names.get(ind, ind), level=level_word.lower()),
                  notes=[nc_note] if nc_note else [])

st.subheader(tr("pall.ind_trend", indicator=ind_names.get(ind, ind)))
parts = []
if svf.has_geo(v):
    s = R.share_frame(ctx, TI, R.palliative_filters(ctx, indicators=(ind,)), gran, labels={})
    s["series"] = tr("common.selection")
    parts.append(s)
n = R.share_frame(ctx, TI, f_nat, gran, labels={})
n["series"], n["is_total"] = tr("common.total"), True
parts.append(n)
itrend = pd.concat(parts, ignore_index=True)
itrend["period"] = itrend["key"]
itrend["label"] = [charts.period_label(p, lang) for p in itrend["period"]]
fig = R.fig(ctx, "pall6", charts.trend_chart, itrend, ind_lines, lang, axis_title=tr("pall.axis_indicator"))
if partial:
    st.caption(partial)
shell.chart_block(ctx, "pall_ind_trend", fig, itrend, svf.trend_cols(ctx, tr("pall.n_met"), tr("pall.n_expected")),
                  title=tr("pall.ind_trend", indicator=ind_names.get(ind, ind)), notes=[partial] if partial else [])

st.subheader(tr("pall.funnel", indicator=ind_names.get(ind, ind)))
st.caption(tr("pall.funnel_caption"))
p0 = float(riket_i["share"].iloc[0]) if len(riket_i) else float("nan")
fig = R.fig(ctx, "pall7", charts.funnel_chart, units_i, p0, ind_lines, lang, axis_title=tr("pall.axis_indicator"),
                          x_title=tr("pall.n_expected"), highlight=v.regions)
funnel_tab = units_i.copy()
ok = ~funnel_tab["suppressed"] & funnel_tab["share"].notna()
funnel_tab["position"] = None
if ok.any() and p0 == p0:
    funnel_tab.loc[ok, "position"] = [tr(f"chart.funnel_{c}") for c in charts.classify_funnel(funnel_tab[ok], p0)]
shell.chart_block(ctx, "pall_funnel", fig, funnel_tab,
                  [*R.target_cols(ctx, level_word, tr("pall.n_met"), tr("pall.n_expected"),
                                  extra=(Col("comparable_text", tr("pall.col_comparable")),)),
                   Col("position", tr("table.funnel_position"))],
                  title=tr("pall.funnel", indicator=ind_names.get(ind, ind)), notes=[nc_note] if nc_note else [])

st.caption(tr("common.suppression_note"))
with st.expander(tr("common.about"), icon=":material/help:"):
    st.markdown(tr("pall.about_coverage"))
    st.markdown(tr("pall.about_indicators"))
    st.markdown(tr("pall.about_owners"))
    st.markdown(tr("pall.guidelines_2025"))
