"""Chart types of the register and Palliativregistret pages (plotly, no Streamlit): the reporting
ramp, bars whose rows carry their own targets, a register × region heat map and coloured lines per
series. Built on ui/charts.py's layout, colour and target helpers so they look like the SVF charts."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from ui import fmt
from ui.charts import (
    BAR,
    MUTED,
    OKABE_ITO,
    OTHER_TARGET,
    TARGET,
    TargetLine,
    _draw_targets,
    _err,
    _num_or_nan,
    _pct_axis,
    _wrap,
    base_layout,
    share_hover,
)
from ui.i18n import t

# colours for years / registers: Okabe-Ito without the target colours (vermillion, purple)
SERIES = [OKABE_ITO[c] for c in ("blue", "orange", "green", "sky", "black", "yellow")]


def _shown(r: dict) -> bool:
    return not bool(r.get("suppressed")) and not math.isnan(_num_or_nan(r.get("share")))


def ramp_chart(df: pd.DataFrame, targets: list[TargetLine], lang: str, *, preliminary: set[int],
               newest: int | None, axis_title: str, x_title: str) -> go.Figure:
    """Coverage by whole months since the end of each diagnosis year, one line per year (columns
    diagnosis_year, lag_months, share, ci_low, ci_high, n_cases, n_registered, suppressed). Years
    still being reported are dashed and named "(preliminär)"; the newest is drawn thickest, so it is
    read against the earlier years at the same lag."""
    fig = go.Figure()
    years = sorted(df["diagnosis_year"].unique()) if len(df) else []
    for i, year in enumerate(years):
        g = df[df["diagnosis_year"] == year].sort_values("lag_months")
        recs = g.to_dict("records")
        pre = int(year) in preliminary
        name = str(year) + (" (" + t("reg.preliminary_short", lang) + ")" if pre else "")
        color = SERIES[(len(years) - 1 - i) % len(SERIES)]
        y = [r["share"] * 100 if _shown(r) else None for r in recs]
        hov = []
        for r in recs:
            r = dict(r, label=t("reg.ramp_hover_label", lang, year=year, lag=int(r["lag_months"])),
                     k=r["n_registered"], n=r["n_cases"])
            hov.append(share_hover(r, lang))
        is_new = newest is not None and int(year) == int(newest)
        fig.add_trace(go.Scatter(
            x=g["lag_months"], y=y, name=name, mode="lines+markers",
            line=dict(color=color, width=4 if is_new else 2, dash="dash" if pre else "solid"),
            marker=dict(size=7 if is_new else 5, symbol="circle-open" if pre else "circle"),
            hovertext=hov, hovertemplate="%{hovertext}<extra></extra>", connectgaps=False))
    shapes = _draw_targets(fig, targets, lang, "y")
    base_layout(fig, lang, 440)
    fig.update_layout(shapes=shapes)
    fig.update_yaxes(range=[0, 105], title=axis_title, **_pct_axis(lang))
    fig.update_xaxes(title=x_title, dtick=3, rangemode="tozero")
    return fig


def row_target_bars(df: pd.DataFrame, lang: str, *, axis_title: str, flag_col: str | None = None,
                    flag_text: str = "", marker_name: str | None = None) -> go.Figure:
    """Horizontal bars (share with 95 % interval) where every row has its own target: a tick at
    `target` (owner on hover, dotted when unverified) and, with two levels, the bands mellannivå
    (yellow) and hög nivå (green) as INCA draws them. Rows: label, share, ci_low, ci_high, k, n,
    suppressed, target, target_level_2, target_owner_text, target_unverified; flag_col marks rows
    (e.g. not comparable) with flag_text after the value."""
    d = df.reset_index(drop=True)
    recs = d.to_dict("records")
    labels = [str(r["label"]) for r in recs]
    x, hi, lo, texts, hov = [], [], [], [], []
    for r in recs:
        ok = _shown(r)
        s = r["share"] * 100 if ok else None
        x.append(s)
        hi.append(_err(r.get("ci_high"), s, +1) if ok else None)
        lo.append(_err(r.get("ci_low"), s, -1) if ok else None)
        txt = fmt.pct(r["share"], lang) if ok else t("chart.suppressed_short", lang)
        if flag_col and r.get(flag_col):
            txt += " – " + flag_text
        texts.append(txt)
        hov.append(share_hover(r, lang))
    fig = go.Figure()
    fig.add_trace(go.Bar(x=x, y=labels, orientation="h", marker_color=BAR, showlegend=False,
                         error_x=dict(type="data", array=hi, arrayminus=lo, color="#333333", thickness=1.3,
                                      width=3),
                         hovertext=hov, hovertemplate="%{hovertext}<extra></extra>"))
    ends = [None if v is None else v + (e or 0) for v, e in zip(x, hi, strict=True)]
    notes = [dict(x=(e if e is not None else 0), y=lab, xref="x", yref="y", text=tx, showarrow=False,
                  xanchor="left", xshift=6, bgcolor="rgba(255,255,255,0.85)", borderpad=1,
                  font=dict(size=12, color="#1A1A1A" if e is not None else MUTED))
             for e, lab, tx in zip(ends, labels, texts, strict=True)]
    shapes: list[dict] = []
    tx, ty, th, unv = [], [], [], []
    any_two = False
    for i, r in enumerate(recs):
        lvl = _num_or_nan(r.get("target"))
        if math.isnan(lvl):
            continue
        l2 = _num_or_nan(r.get("target_level_2"))
        if not math.isnan(l2):
            any_two = True
            shapes.append(dict(type="rect", xref="x", yref="y", x0=lvl * 100, x1=l2 * 100, y0=i - 0.45, y1=i + 0.45,
                               fillcolor=OKABE_ITO["yellow"], opacity=0.3, line_width=0, layer="below"))
            shapes.append(dict(type="rect", xref="x", yref="y", x0=l2 * 100, x1=100, y0=i - 0.45, y1=i + 0.45,
                               fillcolor=OKABE_ITO["green"], opacity=0.2, line_width=0, layer="below"))
        tx.append(lvl * 100)
        ty.append(labels[i])
        unv.append(bool(r.get("target_unverified")))
        level = fmt.pct(lvl, lang, 0) + ("/" + fmt.pct(l2, lang, 0) if not math.isnan(l2) else "")
        th.append(t("chart.target_legend", lang, level=level, owners=r.get("target_owner_text") or "")
                  + (" †" if r.get("target_unverified") else ""))
    if tx:
        fig.add_trace(go.Scatter(
            x=tx, y=ty, mode="markers", name=marker_name or t("reg.target_marker", lang),
            marker=dict(symbol="line-ns", size=22, line=dict(width=3, color=[OTHER_TARGET if u else TARGET
                                                                              for u in unv])),
            hovertext=th, hovertemplate="%{hovertext}<extra></extra>"))
    if any_two:
        for name, color, op in ((t("reg.band_mid", lang), OKABE_ITO["yellow"], 0.5),
                                (t("reg.band_high", lang), OKABE_ITO["green"], 0.4)):
            fig.add_trace(go.Bar(x=[None], y=[None], name=name, marker=dict(color=color, opacity=op),
                                 orientation="h", hoverinfo="skip"))
    height = max(240, 110 + 26 * len(recs))
    base_layout(fig, lang, height)
    xmax = max([e for e in ends if e is not None] + [100])
    fig.update_xaxes(range=[0, min(xmax * 1.25, 400)], title=axis_title, **_pct_axis(lang))
    fig.update_yaxes(autorange="reversed", type="category", automargin=True, gridcolor="white")
    fig.update_layout(shapes=shapes, annotations=notes, bargap=0.3)
    return fig


def heatmap(df: pd.DataFrame, lang: str, *, rows: list[str], cols: list[str], title_x: str,
            title_y: str) -> go.Figure:
    """Share per (row_label, col_label) cell; suppressed cells grey with "<5", empty cells blank.
    Colour is never the only carrier: every cell shows its value."""
    z, text, hov = [], [], []
    idx = {(r["row_label"], r["col_label"]): r for r in df.to_dict("records")}
    for rl in rows:
        zr, tr_, hr = [], [], []
        for cl in cols:
            r = idx.get((rl, cl))
            if r is None:
                zr.append(None)
                tr_.append("")
                hr.append(f"{rl} · {cl}: " + t("reg.no_cases", lang))
            elif bool(r.get("suppressed")):
                zr.append(None)
                tr_.append("<5")
                hr.append(f"{rl} · {cl}: " + t("verdict.suppressed", lang))
            else:
                zr.append(float(r["share"]) * 100)
                tr_.append(fmt.pct(r["share"], lang, 0))
                hr.append(share_hover(dict(r, label=f"{rl} · {cl}"), lang))
        z.append(zr)
        text.append(tr_)
        hov.append(hr)
    fig = go.Figure()
    # grey underlay so that suppressed / empty cells read as "no value", not as a colour
    fig.add_trace(go.Heatmap(z=[[0] * len(cols) for _ in rows], x=cols, y=rows, showscale=False,
                             colorscale=[[0, "#EEEEEE"], [1, "#EEEEEE"]], hoverinfo="skip", xgap=1, ygap=1))
    fig.add_trace(go.Heatmap(z=z, x=cols, y=rows, text=text, texttemplate="%{text}", textfont=dict(size=10),
                             colorscale="Cividis", zmin=50, zmax=100, xgap=1, ygap=1,
                             colorbar=dict(title="%", ticksuffix=" %" if lang == "sv" else "%"),
                             hovertext=hov, hovertemplate="%{hovertext}<extra></extra>"))
    base_layout(fig, lang, max(320, 140 + 24 * len(rows)))
    fig.update_xaxes(title=title_x, tickangle=-45, side="bottom", gridcolor="white")
    fig.update_yaxes(title=title_y, autorange="reversed", automargin=True, gridcolor="white")
    return fig


def series_lines(df: pd.DataFrame, targets: list[TargetLine], lang: str, *, axis_title: str,
                 x_title: str, preliminary: set[str] = frozenset()) -> go.Figure:
    """One coloured line per `series` over `period` (strings); points in `preliminary` periods are
    open markers and the legend says so."""
    fig = go.Figure()
    periods = sorted(df["period"].astype(str).unique()) if len(df) else []
    for i, (series, g) in enumerate(df.groupby("series", sort=False)):
        g = g.set_index(g["period"].astype(str)).reindex(periods)
        recs = g.reset_index(drop=True).to_dict("records")
        y, hi, lo, hov, sym = [], [], [], [], []
        for p, r in zip(periods, recs, strict=True):
            ok = r.get("suppressed") == r.get("suppressed") and _shown(r)
            v = _num_or_nan(r.get("share"))
            y.append(v * 100 if ok else None)
            hi.append(_err(r.get("ci_high"), v * 100, +1) if ok else None)
            lo.append(_err(r.get("ci_low"), v * 100, -1) if ok else None)
            lab = f"{series} {p}" + (" (" + t("reg.preliminary_short", lang) + ")" if p in preliminary else "")
            hov.append(share_hover(dict(r, label=lab, suppressed=not ok), lang))
            sym.append("circle-open" if p in preliminary else "circle")
        color = SERIES[i % len(SERIES)]
        fig.add_trace(go.Scatter(x=periods, y=y, name=_wrap(str(series), 40), mode="lines+markers",
                                 line=dict(color=color, width=2.5), marker=dict(symbol=sym, size=9),
                                 error_y=dict(type="data", array=hi, arrayminus=lo, thickness=1, width=3, color=color),
                                 hovertext=hov, hovertemplate="%{hovertext}<extra></extra>"))
    if preliminary:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=t("reg.preliminary_legend", lang),
                                 marker=dict(symbol="circle-open", size=9, color=MUTED), hoverinfo="skip"))
    shapes = _draw_targets(fig, targets, lang, "y")
    base_layout(fig, lang, 400)
    fig.update_layout(shapes=shapes)
    fig.update_yaxes(range=[0, 105], title=axis_title, **_pct_axis(lang))
    fig.update_xaxes(type="category", title=x_title)
    return fig
