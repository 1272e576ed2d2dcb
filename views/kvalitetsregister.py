"""Kvalitetsregister – täckningsgrad: how complete and how timely the quality registers are against
the cancer register, as of a date, with the reporting ramp at the centre."""

import pandas as pd
import streamlit as st

import metrics
from ui import charts, charts_registers, fmt, shell
from ui import registers as R
from ui.tables import Col

ctx = shell.context()
lang, tr = ctx.lang, ctx.tr
T, TT = "register-coverage", "register-timeliness"

st.title(tr("reg.title"))
st.caption(tr("reg.intro"))
R.register_controls(ctx)
years = R.diag_years(ctx)
as_of = R.as_of(ctx)
reg_names = R.register_names(ctx)
reg_long = R.register_names(ctx, short=False)
region_one = R.single_region(ctx)
st.caption(tr("reg.selection", where=R.where_text(ctx),
              svf=", ".join(ctx.names.svf.get(c, c) for c in ctx.view.svfs) or tr("common.all_svf"),
              years=R.years_text(ctx, years), as_of=as_of.isoformat()))
if not years:
    st.info(tr("common.no_data"), icon=":material/search_off:")
    st.stop()
prelim_years = [y for y in years if R.is_preliminary(ctx, y)]
prelim_note = tr("reg.prelim_note", years=", ".join(map(str, prelim_years))) if prelim_years else ""
if prelim_note:
    st.warning(prelim_note, icon=":material/hourglass_top:")
notes = [prelim_note] if prelim_note else []

try:
    by_reg = R.share_frame(ctx, T, R.coverage_filters(ctx), "register", labels=reg_long)
except ValueError as e:
    st.error(tr("app.metric_error", error=e))
    st.stop()
if by_reg.empty or int(by_reg["n"].sum()) == 0:
    st.info(tr("common.no_data"), icon=":material/search_off:")
    st.stop()
k_lab, n_lab = tr("reg.n_registered"), tr("reg.n_cases")

# -- THE RAMP -------------------------------------------------------------------------------------------
st.header(tr("reg.ramp"))
st.caption(tr("reg.ramp_caption"))
ramp_regs = ctx.view.registers
one_reg = ramp_regs[0] if len(ramp_regs) == 1 else None
if not one_reg and len(by_reg) == 1:
    one_reg = str(by_reg["key"].iloc[0])
rp_filters = R.coverage_filters(ctx, years=[int(y) for y in ctx.cat.diag_years if int(y) <= max(years)],
                                registers=(one_reg,) if one_reg else ramp_regs)
rp = R.ramp(ctx, rp_filters)
rp["status"] = [tr("reg.preliminary_short") if R.is_preliminary(ctx, y) else tr("reg.final_short")
                for y in rp["diagnosis_year"]]
rp["k"], rp["n"] = rp["n_registered"], rp["n_cases"]
rp_lines = R.register_lines(ctx, T, one_reg, None, None) if one_reg else []
if not one_reg:
    st.info(tr("reg.ramp_pooled"), icon=":material/info:")
fig = R.fig(ctx, "kval1", charts_registers.ramp_chart,
    rp, rp_lines, lang, preliminary={int(y) for y in rp["diagnosis_year"].unique() if R.is_preliminary(ctx, y)},
    newest=max(years), axis_title=tr("reg.axis"), x_title=tr("reg.ramp_x"))
verdict = R.ramp_verdict(ctx, rp, max(years))
st.markdown("**" + (reg_long.get(one_reg, one_reg) if one_reg else tr("reg.pooled_name")) + ":** " + verdict)
shell.chart_block(ctx, "reg_ramp", fig, rp.assign(label=rp["diagnosis_year"].astype(str)), R.ramp_cols(ctx),
                  title=tr("reg.ramp"), notes=[verdict, *notes])

# -- per register against its own targets -----------------------------------------------------------------
st.subheader(tr("reg.by_register", years=R.years_text(ctx, years)))
st.caption(tr("reg.by_register_caption"))
fig = R.fig(ctx, "kval2", charts_registers.row_target_bars,
            by_reg.sort_values("label", key=lambda s: s.map(charts.sv_sort_key)),
                                       lang, axis_title=tr("reg.axis"))
cols = R.target_cols(ctx, tr("reg.register"), k_lab, n_lab)
shell.chart_block(ctx, "reg_registers", fig, by_reg, cols, title=tr("reg.by_register", years=R.years_text(ctx, years)),
                  notes=notes)

# -- per region with Riket ------------------------------------------------------------------------------------
dim = "healthcare_region" if ctx.view.level == "healthcare_region" else "region"
level_word = tr(f"table.{dim}")
st.subheader(tr("reg.by_unit", level=level_word.lower(), years=R.years_text(ctx, years)))
st.caption(tr("reg.by_unit_caption", register=reg_long.get(one_reg, one_reg) if one_reg else tr("reg.pooled_name")))
nat = R.coverage_filters(ctx, national=True, registers=(one_reg,) if one_reg else ramp_regs)
units = R.share_frame(ctx, T, nat, dim)
riket = R.share_frame(ctx, T, nat, None, total_label=tr("common.total"))
comp = pd.concat([f for f in (riket, units) if len(f)], ignore_index=True)
lines = R.register_lines(ctx, T, one_reg, f"{min(years)}-01", f"{max(years)}-12") if one_reg else []
fig = R.fig(ctx, "kval3", charts.share_bars, comp, lines, lang, axis_title=tr("reg.axis"))
shell.chart_block(ctx, "reg_units", fig, comp, R.target_cols(ctx, level_word, k_lab, n_lab),
                  title=tr("reg.by_unit", level=level_word.lower(), years=R.years_text(ctx, years)), notes=notes)

# -- heat map register × region for one diagnosis year ----------------------------------------------------
heat_year = max(years)
st.subheader(tr("reg.heat", year=heat_year, level=level_word.lower()))
st.caption(tr("reg.heat_caption"))
hm = ctx.data.compute(T, R.coverage_filters(ctx, years=[heat_year], national=True), ("register", dim))
hm = hm[hm["n_cases"] > 0].copy()
hm["row_label"] = hm["register"].map(lambda c: reg_names.get(c, c))
hm["col_label"] = hm[dim].map(lambda c: ctx.names.dim(dim).get(c, c))
hm["k"], hm["n"] = hm["n_registered"], hm["n_cases"]
hm["label"] = hm["row_label"] + " · " + hm["col_label"]
rows = sorted(hm["row_label"].unique(), key=charts.sv_sort_key)
colnames = [ctx.names.dim(dim).get(c, c) for c in sorted(hm[dim].dropna().unique())]
fig = R.fig(ctx, "kval4", charts_registers.heatmap, hm, lang, rows=rows, cols=colnames, title_x=level_word,
            title_y=tr("reg.register"))
shell.chart_block(ctx, "reg_heat", fig, R.with_owner(ctx, hm),
                  [Col("row_label", tr("reg.register")), Col("col_label", level_word), Col("k", k_lab, "k"),
                   Col("n", n_lab, "n"), Col("share", tr("table.share"), "share"), Col("ci", tr("table.ci"), "ci"),
                   Col("target", tr("table.target"), "level")],
                  title=tr("reg.heat", year=heat_year, level=level_word.lower()), notes=notes)

# -- trend by diagnosis year ------------------------------------------------------------------------------------
st.subheader(tr("reg.trend"))
st.caption(tr("reg.trend_caption", as_of=as_of.isoformat()))
all_years = [int(y) for y in ctx.cat.diag_years if int(y) <= as_of.year]
tr_df = ctx.data.compute(T, R.coverage_filters(ctx, years=all_years), ("register", "year"))
tr_df = tr_df.assign(series=tr_df["register"].map(lambda c: reg_names.get(c, c)), period=tr_df["year"],
                     k=tr_df["n_registered"], n=tr_df["n_cases"])
if len(tr_df["series"].unique()) > 6:  # too many lines to read: the six largest, the rest in the table
    big = tr_df.groupby("series")["n"].sum().nlargest(6).index
    shown = tr_df[tr_df["series"].isin(big)]
    st.caption(tr("reg.trend_top6"))
else:
    shown = tr_df
fig = R.fig(ctx, "kval5", charts_registers.series_lines, shown, rp_lines, lang, axis_title=tr("reg.axis"),
            x_title=tr("reg.col_diag_year"),
                                    preliminary={str(y) for y in all_years if R.is_preliminary(ctx, y)})
shell.chart_block(ctx, "reg_trend", fig, R.with_owner(ctx, tr_df.assign(label=tr_df["period"])),
                  [Col("series", tr("reg.register")), *R.target_cols(ctx, tr("reg.col_diag_year"), k_lab, n_lab)[:-1]],
                  title=tr("reg.trend"), notes=notes)

# -- timeliness --------------------------------------------------------------------------------------------------
st.header(tr("reg.timeliness"))
R.months_control(ctx)
months = ctx.view.months
st.caption(tr("reg.timeliness_caption", months=months))
tl = R.share_frame(ctx, TT, R.coverage_filters(ctx), "register", labels=reg_long)
if months != metrics.core.TIMELINESS_TARGET_MONTHS:
    st.info(tr("reg.timeliness_no_target", months=months), icon=":material/info:")
if tl.empty:
    st.info(tr("reg.timeliness_none", months=months, as_of=as_of.isoformat()), icon=":material/search_off:")
else:
    fig = R.fig(ctx, "kval6", charts_registers.row_target_bars,
                tl.sort_values("label", key=lambda s: s.map(charts.sv_sort_key)), lang,
                axis_title=tr("reg.timeliness_axis", months=months))
    shell.chart_block(ctx, "reg_timely", fig, tl,
                      R.target_cols(ctx, tr("reg.register"), tr("reg.n_within", months=months), n_lab),
                      title=tr("reg.timeliness") + f" ({months})", notes=notes)

# -- every register target in the catalogue ----------------------------------------------------------------------
st.subheader(tr("reg.catalogue"))
st.caption(tr("reg.catalogue_caption"))
tg = ctx.data.reference("target")
tg = tg[tg["metric"].isin(["register_coverage", "register_timeliness", "drug_register_reporting"])]
have = set(by_reg["key"]) | set(ctx.data.compute(T, R.coverage_filters(ctx, years=all_years, national=True),
                                                  ("register",))["register"])
owner_col = "owner_en" if lang == "en" else "owner_sv"
cat_rows = []
for r in tg.to_dict("records"):
    reg = r["scope_register"]
    unverified = str(r["confidence"]).startswith("unconfirmed")
    level = ({">=": "≥", "<=": "≤"}.get(r["comparison"], r["comparison"]) + " " + fmt.pct_level(r["level_1"], lang)
             + (" / " + fmt.pct_level(r["level_2"], lang) if not R.nan(r["level_2"]) else ""))
    if r["metric"] == "drug_register_reporting":
        status = tr("reg.cat_no_source_rcl")
    elif reg in have:
        status = tr("reg.cat_shown")
    else:
        status = tr("reg.cat_no_source")
    cat_rows.append({"label": reg_names.get(reg, reg), "metric": tr(f"reg.metric_{r['metric']}"),
                     "level": level + (" †" if unverified else ""), "owner": r[owner_col],
                     "scope": ctx.names.svf.get(r["scope_svf"], "") if r["scope_svf"] else "",
                     "status": status, "note": r["note"] or "", "suppressed": False})
cat_df = pd.DataFrame(cat_rows)
st.dataframe(cat_df[["label", "metric", "level", "owner", "scope", "status"]].rename(columns={
    "label": tr("reg.register"), "metric": tr("reg.col_metric"), "level": tr("table.target"),
    "owner": tr("reg.col_owner"), "scope": tr("reg.col_scope"), "status": tr("reg.col_status")}),
    hide_index=True, width="stretch", key="reg_catalogue_table")
st.caption(tr("reg.cat_unverified"))

st.caption(tr("common.suppression_note"))
with st.expander(tr("common.about"), icon=":material/help:"):
    st.markdown(tr("reg.about_definition"))
    st.markdown(tr("reg.about_as_of"))
    st.markdown(tr("reg.about_timeliness"))
    st.markdown(tr("reg.about_rcl"))
