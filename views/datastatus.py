"""Datastatus: which data the dashboard shows (demo or not), loaded when, rows and period per table,
rejected rows."""

import pandas as pd
import streamlit as st

from store import Store
from ui import fmt, shell

ctx = shell.context()
lang, tr = ctx.lang, ctx.tr
status = ctx.status

st.title(tr("status.title"))
st.caption(tr("status.intro"))

if status.get("is_demo"):
    st.info(tr("status.demo"), icon=":material/science:")
else:
    st.success(tr("status.real"), icon=":material/verified:")

loads: pd.DataFrame = status.get("loads", pd.DataFrame())
c1, c2, c3 = st.columns(3)
c1.metric(tr("status.store"), ctx.data.root.rsplit("/", 1)[-1] or ctx.data.root, help=ctx.data.root,
          border=True)
c2.metric(tr("status.snapshot"), ctx.data.version, border=True)
last = pd.Timestamp(loads["loaded_at"].max()).strftime("%Y-%m-%d %H:%M") if len(loads) else "–"
c3.metric(tr("status.last_load"), last, border=True)

# -- rows and period per table ------------------------------------------------------------------------
st.subheader(tr("status.tables"))
first, last_d, counts = status.get("first_dates", {}), status.get("last_dates", {}), status.get("counts", {})
rows = []
for table in ("svf_pathway", "cancer_case", "register_case", "death"):
    rows.append({
        tr("status.col_what"): tr(f"status.what_{table}"),
        tr("status.col_table"): table,
        tr("status.col_rows"): fmt.num(counts.get(table, 0), lang),
        tr("status.col_first"): str(first.get(table) or "–"),
        tr("status.col_last"): str(last_d.get(table) or "–"),
    })
st.dataframe(pd.DataFrame(rows), hide_index=True, key="status_tables", width="stretch")
st.caption(tr("status.dates_note"))
if first.get("svf_pathway") and last_d.get("svf_pathway"):
    st.caption(tr("status.period_covered", first=first["svf_pathway"], last=last_d["svf_pathway"]))

# -- loads ----------------------------------------------------------------------------------------------
st.subheader(tr("status.loads"))
rejected = int(loads["rows_rejected"].fillna(0).sum()) if len(loads) else 0
if rejected:
    st.warning(tr("status.rejected_some", n=fmt.num(rejected, lang)), icon=":material/rule:")
else:
    st.caption(tr("status.rejected_none"))
if len(loads):
    view = pd.DataFrame({
        tr("status.col_loaded_at"): pd.to_datetime(loads["loaded_at"]).dt.strftime("%Y-%m-%d %H:%M"),
        tr("status.col_kind"): loads["kind"].astype(str),
        # the demo build's own name is Swedish: said in the page's language instead
        tr("status.col_file"): [tr("status.demo_load_name") if demo and kind == "demo" else str(name)
                                for name, demo, kind in zip(loads["file_name"], loads["is_demo"], loads["kind"],
                                                            strict=True)],
        tr("status.col_read"): [fmt.num(x, lang) for x in loads["rows_read"]],
        tr("status.col_accepted"): [fmt.num(x, lang) for x in loads["rows_accepted"]],
        tr("status.col_rejected"): [fmt.num(x, lang) for x in loads["rows_rejected"]],
        tr("status.col_demo"): [tr("status.yes") if x else tr("status.no") for x in loads["is_demo"]],
    })
    st.dataframe(view, hide_index=True, key="status_loads", width="stretch")
else:
    st.caption(tr("status.no_loads"))

# -- frozen snapshots ---------------------------------------------------------------------------------------
st.subheader(tr("frozen.status_title"))
frozen = Store(ctx.data.root).frozen()
if frozen:
    st.dataframe(pd.DataFrame({tr("frozen.col_name"): [f["name"] for f in frozen],
                               tr("frozen.col_snapshot"): [f["snapshot"] for f in frozen],
                               tr("frozen.col_frozen_at"): [f["frozen_at"][:16] for f in frozen]}),
                 hide_index=True, key="status_frozen", width="stretch")
else:
    st.caption(tr("frozen.status_none"))

with st.expander(tr("status.how_to_load"), icon=":material/upload_file:"):
    st.markdown(tr("status.how_to_load_text"))
