"""The SPC section any share page can add with one line: spc_section(ctx, table).

The monthly share of the selection over the 24 months up to the view's last month as an NHS "Making
Data Count" XmR chart (metrics.spc), the verdict in words (variation of the last month, assurance
against the target), and the table behind it. Months still being reported (the newest ones) and months
with fewer than 5 cases are shown or listed but left out of the limits and rules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import streamlit as st

from metrics import spc
from ui import fmt, shell, svf, tables
from ui import state as S
from ui.charts import period_label
from ui.charts_spc import spc_chart
from ui.shell import Context
from ui.tables import Col

MONTHS = spc.MONTHS
PRELIMINARY_MONTHS = spc.PRELIMINARY_MONTHS


def _months(ctx: Context, table: str):
    """(the 24 months up to the view's end month, the selection's filters over them); ([], None)
    without an end month."""
    end = ctx.view.period_to or ctx.cat.last_month
    if not end:
        return [], None
    start = S.add_months(end, -(MONTHS - 1))
    if ctx.cat.first_month and start < ctx.cat.first_month:
        start = ctx.cat.first_month
    return S.month_range(start, end), replace(svf.selection_filters(ctx, table), period_from=start, period_to=end)


def early_months(ctx: Context, table: str) -> tuple:
    """The SPC section's query, to start early (svf.start_queries); () without an end month."""
    f = _months(ctx, table)[1]
    return () if f is None else (svf.months_query(ctx, table, f),)


def monthly(ctx: Context, table: str) -> tuple[list[str], pd.DataFrame]:
    """The 24 months up to the view's end month and the selection's counts per month (every month,
    0 where none)."""
    months, f = _months(ctx, table)
    if not months:
        return [], pd.DataFrame()
    num, den = svf.COUNTS[table]
    df = svf.month_counts(ctx, table, f)
    got = df.set_index("month") if len(df) else pd.DataFrame(columns=[num, den])
    out = pd.DataFrame({"month": months})
    out["k"] = [int(got[num].get(m, 0)) if m in got.index else 0 for m in months]
    out["n"] = [int(got[den].get(m, 0)) if m in got.index else 0 for m in months]
    return months, out


@dataclass
class _Parts:
    fig: object
    frame: pd.DataFrame
    lines: list[str]
    notes: list[str]
    too_few: str | None
    captions: list[str]


def spc_section(ctx: Context, table: str) -> None:
    tr = ctx.tr
    st.subheader(tr("spc.title"))
    v = ctx.view
    key = (table, svf.selection_filters(ctx, table), v.period_to, ctx.cat.first_month, ctx.cat.last_month,
           svf.primary_target(svf.targets(ctx, table)), ctx.lang)
    parts = _parts(ctx.data.root, ctx.data.version, key, _ctx=ctx)
    if parts is None:
        st.info(tr("common.no_data"), icon=":material/search_off:")
        return
    st.caption(parts.notes[0])
    for line in parts.lines:
        st.markdown(line)
    if parts.too_few:
        st.warning(parts.too_few, icon=":material/warning:")
    for c in parts.captions:
        st.caption(c)
    cols = [Col("label", tr("table.period")), Col("k", tr(f"spc.k_{table}"), "k"), Col("n", tr(f"spc.n_{table}"), "n"),
            Col("share", tr("table.share"), "share"), Col("type", tr("spc.col_type")),
            Col("status", tr("spc.col_status"))]
    shell.chart_block(ctx, f"spc_{table.replace('-', '_')}", parts.fig, parts.frame, cols, title=tr("spc.title"),
                      notes=parts.notes)
    with st.expander(tr("spc.about_title"), icon=":material/help:"):
        st.markdown(tr("spc.about"))


@st.cache_resource(max_entries=64, show_spinner=False)
def _parts(root: str, version: str, key: tuple, _ctx: Context) -> _Parts | None:
    """The chart, its table and the verdict texts for one selection (the figure is the costly part)."""
    ctx = _ctx
    table, _, _, _, _, target, lang = key
    tr = ctx.tr
    months, m = monthly(ctx, table)
    if not months:
        return None
    k, n = m["k"].to_numpy(dtype=float), m["n"].to_numpy(dtype=float)
    small = n < tables.MIN_N
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.where(small, np.nan, k / np.where(n > 0, n, 1))
    prelim = spc.preliminary(months, ctx.cat.last_month, PRELIMINARY_MONTHS)
    x = spc.xmr(y, include=~prelim & ~small, target=target)
    fig = spc_chart(months, x, k, n, lang, target=target, axis_title=tr(f"spc.axis_{table}"))
    lines = []
    if x.icon:
        lines.append(tr(f"spc.icon_{x.icon}"))
    if x.assurance:
        lines.append(tr(f"spc.assurance_{x.assurance}", level=fmt.pct(target, lang, 0)))
    elif target is None:
        lines.append(tr("spc.no_target"))
    captions = []
    if table == "inclusion" and np.nanmax(np.append(y, 0)) > 1:
        captions.append(tr("spc.above_100"))
    prel_names = [period_label(mo, lang) for mo, p in zip(months, prelim, strict=True) if p]
    if prel_names:
        captions.append(tr("spc.preliminary", months=", ".join(prel_names)))
    frame = m.copy()
    frame["label"] = [period_label(mo, lang) for mo in months]
    frame["share"] = y
    frame["suppressed"] = small
    frame["type"] = [tr(f"spc.type_{p}") if not s else tables.SUPPRESSED for p, s in zip(x.point_type, small,
                                                                                         strict=True)]
    frame["status"] = [tr("spc.status_preliminary") if p else tr("spc.status_final") for p in prelim]
    notes = [tr("spc.caption", first=months[0], last=months[-1]), *lines,
             tr("spc.limits_note", mean=fmt.pct(x.mean, lang), low=fmt.pct(max(x.lpl, 0.0), lang),
                high=fmt.pct(x.upl if table == "inclusion" else min(x.upl, 1.0), lang))]
    too_few = tr("spc.too_few", n=x.n_points, min=spc.MIN_POINTS) if x.too_few else None
    return _Parts(fig=fig, frame=frame, lines=lines, notes=notes, too_few=too_few, captions=captions)
