"""Charts of the phases page as pure functions (a prepared frame in, a plotly figure out; no Streamlit).

Same conventions as ui/charts.py (Okabe–Ito colours, never colour alone: the phase carrying most excess
days is also bold and patterned; small cells get no bar, only "<5 – otillräckligt underlag").
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui import fmt
from ui.charts import BAR, MUTED, OKABE_ITO, TOTAL, base_layout
from ui.i18n import t


def _nan(v) -> bool:
    try:
        return v is None or math.isnan(float(v))
    except (TypeError, ValueError):
        return True


def phase_profile(tab: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Per phase (top to bottom in pathway order): the median as a bar, P80 and P90 as markers, and
    the completeness (share with both points recorded) written beside it. tab: phase_table rows with
    label."""
    recs = list(tab.to_dict("records"))[::-1]  # plotly draws categories bottom-up
    labels = [r["label"] for r in recs]
    med = [None if r["suppressed"] else r["median"] for r in recs]
    hov, texts = [], []
    for r in recs:
        comp = t("ph.chart_completeness", lang, share=fmt.pct(r["completeness"], lang, 0),
                 n=fmt.num(r["n"], lang)) if not r["suppressed"] else t("chart.suppressed_short", lang)
        texts.append(comp)
        if r["suppressed"]:
            hov.append(f"<b>{r['label']}</b><br>{t('chart.suppressed_long', lang)}")
        else:
            hov.append("<br>".join([f"<b>{r['label']}</b>",
                                    t("ph.hover_quantiles", lang, median=fmt.num(r["median"], lang, 1),
                                      p80=fmt.num(r["p80"], lang, 1), p90=fmt.num(r["p90"], lang, 1)),
                                    comp]))
    fig = go.Figure()
    fig.add_trace(go.Bar(y=labels, x=med, orientation="h", name=t("ph.legend_median", lang), marker_color=BAR,
                         hovertext=hov, hovertemplate="%{hovertext}<extra></extra>"))
    for key, sym, color in (("p80", "triangle-right", TOTAL), ("p90", "x-thin-open", MUTED)):
        fig.add_trace(go.Scatter(y=labels, x=[None if r["suppressed"] else r[key] for r in recs], mode="markers",
                                 name=t(f"ph.legend_{key}", lang), hovertext=hov,
                                 hovertemplate="%{hovertext}<extra></extra>",
                                 marker=dict(symbol=sym, size=12, color=color, line=dict(width=2, color=color))))
    xmax = max([v for r in recs for v in (r["p90"], r["median"]) if not _nan(v)] or [1.0])
    fig.add_trace(go.Scatter(y=labels, x=[xmax * 1.08] * len(labels), mode="text", text=texts,
                             textposition="middle right", showlegend=False, hoverinfo="skip",
                             textfont=dict(color=MUTED, size=12)))
    base_layout(fig, lang, 70 + 56 * len(labels), title)
    fig.update_xaxes(title=t("ph.axis_days", lang), range=[0, xmax * 1.6], rangemode="tozero")
    fig.update_yaxes(automargin=True)
    return fig


def attribution_bars(attr: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """The share of the late patients' excess days each phase carries, largest on top; the top phase
    bold, orange and hatched. Hover: median and mean difference (95 % interval) and the n of both."""
    a = attr.copy()
    a["_s"] = a["share_excess"].fillna(-1.0)
    a = a.sort_values("_s", ascending=True, kind="stable")
    top = a[a["share_excess"].fillna(0) > 0]["phase"].iloc[-1] if (a["share_excess"].fillna(0) > 0).any() else None
    labels, x, colors, patterns, hov, texts = [], [], [], [], [], []
    for r in a.to_dict("records"):
        is_top = r["phase"] == top
        labels.append(f"<b>{r['label']}</b>" if is_top else r["label"])
        ok = not r["suppressed"] and not _nan(r["share_excess"])
        x.append(r["share_excess"] * 100 if ok else None)
        colors.append(OKABE_ITO["vermillion"] if is_top else BAR)
        patterns.append("/" if is_top else "")
        texts.append(fmt.pct(r["share_excess"], lang, 0) if ok else t("chart.suppressed_short", lang))
        if not ok:
            small = t("ph.hover_attr_small", lang, late=fmt.num(r["n_late"], lang), within=fmt.num(r["n_within"], lang))
            hov.append(f"<b>{r['label']}</b><br>{small}")
            continue
        hov.append("<br>".join([
            f"<b>{r['label']}</b>",
            t("ph.hover_share_excess", lang, share=fmt.pct(r["share_excess"], lang, 0)),
            t("ph.hover_median_diff", lang, days=fmt.num(r["median_diff"], lang, 1)),
            t("ph.hover_mean_diff", lang, days=fmt.num(r["mean_diff"], lang, 1), ci=r.get("ci", fmt.DASH)),
            t("ph.hover_n", lang, late=fmt.num(r["n_late"], lang), within=fmt.num(r["n_within"], lang)),
        ]))
    fig = go.Figure(go.Bar(y=labels, x=x, orientation="h", marker=dict(color=colors, pattern_shape=patterns),
                           text=texts, textposition="outside", cliponaxis=False, hovertext=hov,
                           hovertemplate="%{hovertext}<extra></extra>", showlegend=False))
    base_layout(fig, lang, 70 + 52 * len(labels), title)
    fig.update_xaxes(title=t("ph.axis_share_excess", lang), range=[0, 110],
                     ticksuffix="\u00a0%" if lang == "sv" else "%")
    fig.update_yaxes(automargin=True)
    return fig


def phase_matrix(tab: pd.DataFrame, dim: str, phase_labels: dict, lang: str, title: str | None = None,
                 max_rows: int = 40) -> go.Figure:
    """A heat map: one row per group (pathway, region, unit), one column per phase, the median days
    written in each cell ("<5" where too few pathways have the phase recorded)."""
    phases = list(phase_labels)
    lab_col = "chart_label" if "chart_label" in tab else "label"
    groups = list(dict.fromkeys(tab[lab_col]))[:max_rows]
    # one pass over plain records (pandas look-ups per cell cost ~0.5 s for 30 x 5 cells)
    cell = {(r[lab_col], r["phase"]): r for r in tab.to_dict("records")}
    done_note = t("chart.suppressed_long", lang)
    z, text, hov = [], [], []
    for g in groups:
        zr, tr_, hr = [], [], []
        for p in phases:
            r = cell.get((g, p))
            head = f"<b>{_plain(g)}</b> · {phase_labels[p]}<br>"
            if r is None or bool(r["suppressed"]):
                zr.append(None)
                tr_.append("<5")
                hr.append(head + done_note)
                continue
            med = float(r["median"])
            zr.append(med)
            tr_.append(fmt.num(med, lang, 0 if med.is_integer() else 1))
            hr.append(head + t("ph.hover_quantiles", lang, median=fmt.num(med, lang, 1),
                               p80=fmt.num(r["p80"], lang, 1), p90=fmt.num(r["p90"], lang, 1)) + "<br>"
                      + t("ph.chart_completeness", lang, share=fmt.pct(r["completeness"], lang, 0),
                          n=fmt.num(r["n"], lang)))
        z.append(zr)
        text.append(tr_)
        hov.append(hr)
    cols = [phase_labels[p].replace(" → ", " →<br>") for p in phases]
    fig = go.Figure(go.Heatmap(z=z[::-1], x=cols, y=groups[::-1], text=text[::-1], texttemplate="%{text}",
                               hovertext=hov[::-1], hovertemplate="%{hovertext}<extra></extra>",
                               colorscale=[[0, "#F7FBFF"], [0.5, "#6BAED6"], [1, "#08306B"]],
                               colorbar=dict(title=t("ph.axis_days_short", lang), thickness=12), xgap=2, ygap=2))
    base_layout(fig, lang, 110 + 26 * len(groups), title)
    fig.update_xaxes(side="top", showgrid=False)
    fig.update_yaxes(automargin=True, showgrid=False)
    return fig


def _plain(text: str) -> str:
    return str(text).replace("<b>", "").replace("</b>", "")


def benchmark_chart(frame: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """One pathway: per phase the selection's median (filled circle) against the best-quartile median
    (open diamond), joined by a line (longer than the benchmark = the gap to close)."""
    recs = list(frame.to_dict("records"))[::-1]
    labels = [r["phase_label"] for r in recs]
    fig = go.Figure()
    for r, lab in zip(recs, labels, strict=True):
        if not r["suppressed"] and not _nan(r["bench_median"]):
            fig.add_trace(go.Scatter(x=[r["bench_median"], r["median"]], y=[lab, lab], mode="lines",
                                     line=dict(color="#BBBBBB", width=3), showlegend=False, hoverinfo="skip"))
    sel_hov = [f"<b>{r['phase_label']}</b><br>" + (t("chart.suppressed_long", lang) if r["suppressed"] else t(
        "ph.hover_sel_median", lang, days=fmt.num(r["median"], lang, 1), n=fmt.num(r["n"], lang))) for r in recs]
    fig.add_trace(go.Scatter(x=[None if r["suppressed"] else r["median"] for r in recs], y=labels, mode="markers",
                             name=t("ph.legend_selection", lang), hovertext=sel_hov,
                             hovertemplate="%{hovertext}<extra></extra>",
                             marker=dict(symbol="circle", size=13, color=BAR)))
    b_hov = [f"<b>{r['phase_label']}</b><br>" + (t("ph.hover_no_bench", lang) if _nan(r["bench_median"]) else t(
        "ph.hover_bench", lang, days=fmt.num(r["bench_median"], lang, 1), units=fmt.num(r["n_units"], lang)))
        for r in recs]
    fig.add_trace(go.Scatter(x=[r["bench_median"] for r in recs], y=labels, mode="markers",
                             name=t("ph.legend_bench", lang), hovertext=b_hov,
                             hovertemplate="%{hovertext}<extra></extra>",
                             marker=dict(symbol="diamond-open", size=14, color=OKABE_ITO["green"],
                                         line=dict(width=3, color=OKABE_ITO["green"]))))
    base_layout(fig, lang, 90 + 52 * len(labels), title)
    xs = [v for r in recs for v in (r["median"], r["bench_median"]) if not _nan(v)]
    fig.update_xaxes(title=t("ph.axis_median_days", lang), range=[0, (max(xs) if xs else 1) * 1.15])
    fig.update_yaxes(automargin=True)
    return fig


def what_if_bars(before: float, after: float, target: float, lang: str, labels: tuple[str, str],
                 title: str | None = None) -> go.Figure:
    """Two bars: the share within the limit now and with the phase shortened, with the target line."""
    fig = go.Figure(go.Bar(y=list(labels)[::-1], x=[after * 100, before * 100], orientation="h",
                           marker=dict(color=[OKABE_ITO["green"], BAR], pattern_shape=["/", ""]),
                           text=[fmt.pct(after, lang), fmt.pct(before, lang)], textposition="outside",
                           cliponaxis=False, hoverinfo="skip", showlegend=False))
    fig.add_shape(type="line", xref="x", yref="paper", x0=target * 100, x1=target * 100, y0=0, y1=1,
                  line=dict(color=OKABE_ITO["vermillion"], dash="dash", width=2))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=t("ph.legend_target", lang,
                                                                       level=fmt.pct(target, lang, 0)),
                             line=dict(color=OKABE_ITO["vermillion"], dash="dash", width=2)))
    base_layout(fig, lang, 190, title)
    fig.update_xaxes(range=[0, 105], ticksuffix="\u00a0%" if lang == "sv" else "%")
    fig.update_yaxes(automargin=True)
    return fig


def completeness_note(tab: pd.DataFrame) -> tuple[float, float]:
    """The lowest and highest completeness among the phases (for a one-line note)."""
    c = tab["completeness"].to_numpy(dtype=float)
    c = c[~np.isnan(c)]
    return (float(c.min()), float(c.max())) if len(c) else (float("nan"), float("nan"))
