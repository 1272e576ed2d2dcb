"""Målöversikt (the start page): every target that applies to the selection, sorted by how far from
it, one click to the page behind each row; one pathway's view; the LPO review report."""

import streamlit as st

from ui import fmt, overview, shell, tables
from ui import state as S

ctx = shell.context()
lang, tr = ctx.lang, ctx.tr

st.title(tr("overview.title"))
st.caption(tr("overview.intro"))
st.caption(shell.selection_text(ctx, include_units=False))
st.page_link("views/datastatus.py", label=tr("overview.status_link"), icon=":material/database:")

c1, c2 = st.columns(2)
shell.control("multiselect", "f_owner", tr("overview.owner_filter"), S.OWNERS,
              lambda c: tr(f"overview.owner_{c}"), container=c1, placeholder=tr("filters.all"))
shell.control("multiselect", "f_area", tr("overview.area_filter"), S.AREAS,
              lambda c: tr(f"overview.area_{c}"), container=c2, placeholder=tr("filters.all"))

try:
    card = overview.scorecard_frame(ctx)
except ValueError as e:  # a Swedish sentence from the metric layer
    st.error(tr("app.metric_error", error=e))
    st.stop()
if card.empty:
    filtered = ctx.view.owners or ctx.view.areas
    st.info(tr("overview.none_for_filter" if filtered else "common.no_data"), icon=":material/search_off:")
    st.stop()

overview.kpis(ctx, card)
st.subheader(tr("overview.table_title"))
st.caption(tr("overview.table_caption"))
cols = overview.columns(ctx)
event = st.dataframe(tables.display_table(card, cols, lang), hide_index=True, key="ov_table", width="stretch",
                     on_select="rerun", selection_mode="single-row")
rows = event.selection.rows if event and event.selection else []
if rows:
    overview.open_row(ctx, card.iloc[rows[0]])
small = card[card["suppressed"].astype(bool)]
prelim = int(card["preliminary"].astype(bool).sum())
notes = [tr("overview.table_caption"), tr("overview.spc_caption")]
if len(small):
    notes.append(tr("overview.small_rows", n=fmt.num(len(small), lang)))
if prelim:
    notes.append(tr("overview.preliminary_rows", n=fmt.num(prelim, lang)))
for note in notes[1:]:
    st.caption(note)
shell.downloads(ctx, "ov_scorecard", card, cols, title=tr("overview.table_title"), notes=notes)

# -- one pathway, the way its process owner looks at it ---------------------------------------------------
st.subheader(tr("overview.per_diagnosis"))
svfs = sorted(ctx.cat.svfs, key=lambda c: ctx.names.svf.get(c, c))
pick = st.selectbox(tr("overview.pick_svf"), svfs, format_func=lambda c: ctx.names.svf.get(c, c), key="ov_svf",
                    index=svfs.index(ctx.view.svfs[0]) if len(ctx.view.svfs) == 1 and ctx.view.svfs[0] in svfs else 0)
mine = overview.diagnosis_rows(ctx, pick)
d1, d2, d3 = st.columns(3)
for col, area in ((d1, "svf_inclusion"), (d2, "svf_lead_time")):
    r = mine[mine["area"] == area]
    label = tr(f"overview.area_{area}")
    if r.empty or bool(r["suppressed"].iloc[0]):
        col.metric(label, tables.SUPPRESSED if len(r) else fmt.DASH, help=tr("common.suppression_note"), border=True)
    else:
        row = r.iloc[0].to_dict()
        col.metric(label, fmt.pct(row["share"], lang), help=tables.verdict_text(row, lang), border=True)
        col.caption(tables.verdict_text(row, lang))
lost = overview.lost_days(ctx, pick)
d3.metric(tr("overview.phase_card"), lost[0] if lost else fmt.DASH, border=True)
d3.caption(tr("overview.phase_share", share=lost[1]) if lost else tr("overview.phase_none"))
if st.button(tr("overview.open_phases"), key="ov_open_phases", icon=":material/hourglass_bottom:"):
    shell.open_page("views/svf_faser.py", svfs=(pick,))
regs = overview.register_rows_for(ctx, pick)
if len(regs):
    st.caption(tr("overview.registers_for", year=int(regs["year"].iloc[0])))
    st.dataframe(tables.display_table(regs, [tables.Col("label", tr("overview.col_register")),
                                             tables.Col("share", tr("table.share"), "share"),
                                             tables.Col("ci", tr("table.ci"), "ci"),
                                             tables.Col("n", tr("overview.col_n"), "n"),
                                             tables.Col("verdict", tr("table.verdict"), "verdict")], lang),
                 hide_index=True, key="ov_registers", width="stretch")
else:
    st.caption(tr("overview.no_register_for"))

# -- the semiannual review ------------------------------------------------------------------------------
st.subheader(tr("overview.report_title"))
req, why = overview.review_request(ctx)
if req is None:
    st.info(tr(why), icon=":material/info:")
else:
    st.caption(tr("overview.report_caption", period=req.period))
    formats = st.segmented_control(tr("overview.report_formats"), ("pdf", "xlsx"), default=["pdf", "xlsx"],
                                   selection_mode="multi", key="ov_formats", format_func=str.upper)
    if st.button(tr("overview.report_build"), icon=":material/description:", key="ov_build",
                 disabled=not formats):
        from report.pdf import ReportError

        try:
            st.session_state["_ov_report"] = (req, overview.build_review(ctx, req, tuple(formats)))
        except (ReportError, ValueError) as e:
            st.error(str(e), icon=":material/error:")
    if not ctx.data.frozen:  # the review's data kept under a name: reopened later with the same figures
        f1, f2 = st.columns([2, 1], vertical_alignment="bottom")
        name = f1.text_input(tr("frozen.freeze_label"), value=f"{req.period}-lpo", key="ov_freeze_name",
                             max_chars=64, help=tr("frozen.freeze_help"))
        if f2.button(tr("frozen.freeze_button"), icon=":material/lock:", key="ov_freeze"):
            from store import Store, StoreError

            try:
                Store(ctx.data.root).freeze(name.strip(), ctx.data.version)
                st.success(tr("frozen.frozen_ok", name=name.strip()), icon=":material/lock:")
            except StoreError as e:
                st.error(str(e), icon=":material/error:")
    built = st.session_state.get("_ov_report")
    if built and built[0] == req:
        cols_dl = st.columns(4)
        for i, (fmt_code, (name, data)) in enumerate(sorted(built[1].items())):
            mime = "application/pdf" if fmt_code == "pdf" else \
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            cols_dl[i].download_button(tr(f"overview.download_{fmt_code}"), data=data, file_name=name, mime=mime,
                                       key=f"ov_dl_{fmt_code}", on_click="ignore", icon=":material/download:")
