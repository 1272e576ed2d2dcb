"""The XmR (SPC) chart of monthly shares as a pure function (no Streamlit).

Marks follow NHS "Making Data Count" but never by colour alone: common cause grey circles, improvement
blue upward triangles, concern orange downward triangles, months still being reported open circles;
the mean solid, the process limits dashed, the target vermillion dash-dot.
"""

from __future__ import annotations

import plotly.graph_objects as go

from metrics.spc import XmR
from ui import fmt
from ui.charts import BAR, MUTED, OKABE_ITO, Traces, figure, period_label, trace
from ui.i18n import t

STYLE = {  # point type -> (marker symbol, colour)
    "common_cause": ("circle", "#8C8C8C"),
    "improvement": ("triangle-up", BAR),
    "concern": ("triangle-down", OKABE_ITO["orange"]),
    "neutral_high": ("circle", OKABE_ITO["purple"]),
    "neutral_low": ("circle", OKABE_ITO["purple"]),
    "excluded": ("circle-open", MUTED),
}


def spc_chart(months: list[str], x: XmR, k, n, lang: str, *, target: float | None, axis_title: str,
              title: str | None = None) -> go.Figure:
    """The monthly shares (x.y, fractions) with mean, process limits and target; one trace per point
    type so the legend explains the marks. k / n: numerator and denominator per month (hover)."""
    cats = [period_label(m, lang) for m in months]
    max_share = max([v for v in x.y if v == v] or [0.0])  # inclusion may exceed 100 %: then no clipping
    fig = Traces()
    fig.add_trace(trace("scatter", x=cats, y=[v * 100 if v == v else None for v in x.y], mode="lines",
                             line=dict(color="#BBBBBB", width=1.5), hoverinfo="skip", showlegend=False))
    for ptype, (sym, color) in STYLE.items():
        idx = [i for i, p in enumerate(x.point_type) if p == ptype and x.y[i] == x.y[i]]
        if not idx:
            continue
        hov = []
        for i in idx:
            hov.append("<br>".join([f"<b>{cats[i]}</b>", f"{t('chart.share', lang)}: {fmt.pct(x.y[i], lang)}",
                                    t("chart.n_of", lang, k=fmt.num(k[i], lang), n=fmt.num(n[i], lang)),
                                    t(f"spc.type_{ptype}", lang)]))
        fig.add_trace(trace("scatter", x=[cats[i] for i in idx], y=[x.y[i] * 100 for i in idx], mode="markers",
                                 name=t(f"spc.type_{ptype}", lang), hovertext=hov,
                                 hovertemplate="%{hovertext}<extra></extra>",
                                 marker=dict(symbol=sym, size=11 if ptype != "common_cause" else 8, color=color,
                                             line=dict(width=2, color=color))))
    shapes = []
    if x.mean == x.mean:
        shapes.append(dict(type="line", xref="paper", yref="y", x0=0, x1=1, y0=x.mean * 100, y1=x.mean * 100,
                           line=dict(color="#1A1A1A", width=1.5)))
        fig.add_trace(trace("scatter", x=[None], y=[None], mode="lines", line=dict(color="#1A1A1A", width=1.5),
                                 name=t("spc.legend_mean", lang, value=fmt.pct(x.mean, lang))))
    if x.upl == x.upl:
        # a share cannot leave 0..100 %: limits beyond are drawn at the edge (the legend says so)
        lpl, upl = max(x.lpl, 0.0), min(x.upl, 1.0) if max_share <= 1 else x.upl
        for v in (lpl, upl):
            shapes.append(dict(type="line", xref="paper", yref="y", x0=0, x1=1, y0=v * 100, y1=v * 100,
                               line=dict(color=MUTED, width=1.5, dash="dash")))
        fig.add_trace(trace("scatter", x=[None], y=[None], mode="lines", line=dict(color=MUTED, width=1.5, dash="dash"),
                                 name=t("spc.legend_limits", lang, low=fmt.pct(lpl, lang),
                                        high=fmt.pct(upl, lang))))
    if target is not None and target == target:
        shapes.append(dict(type="line", xref="paper", yref="y", x0=0, x1=1, y0=target * 100, y1=target * 100,
                           line=dict(color=OKABE_ITO["vermillion"], width=2, dash="dashdot")))
        fig.add_trace(trace("scatter", x=[None], y=[None], mode="lines",
                                 line=dict(color=OKABE_ITO["vermillion"], width=2, dash="dashdot"),
                                 name=t("spc.legend_target", lang, level=fmt.pct(target, lang, 0))))
    ys = [v * 100 for v in (*x.y, target if target is not None else float("nan")) if v == v]
    if x.upl == x.upl:
        ys += [lpl * 100, upl * 100]
    lo = max(0.0, min(ys) - 5) if ys else 0.0
    hi = max(ys) + 5 if ys else 100.0
    return figure(fig, lang, 420, title, shapes=shapes,
                   yaxis=dict(range=[lo, hi], title=axis_title, ticksuffix="\u00a0%" if lang == "sv" else "%"),
                   xaxis=dict(type="category", tickangle=-45 if len(cats) > 12 else 0))
