"""Plotly figures as pure functions: a prepared DataFrame in, a figure out (no Streamlit).

Conventions (DESIGN.md "UI conventions"): one colour-blind-safe palette (Okabe–Ito); every chart
draws its target(s) with the owner in the legend; hover shows n and the 95 % interval; "Riket" is
highlighted by colour *and* pattern/marker *and* a bold label, so colour never carries meaning
alone; cells with a denominator under 5 get no bar/point, only the words "<5 – otillräckligt
underlag".

The share frames the functions take (built by ui.tables.share_frame) have the columns
label, n (denominator), k (numerator), share, ci_low, ci_high (fractions 0..1), suppressed, is_total.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from metrics.stats import Z95, Z998, funnel_limits
from ui import fmt
from ui.i18n import t
from ui.tables import ci_text

# Okabe & Ito (2008), "Color Universal Design"
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
}
BAR = OKABE_ITO["blue"]
TOTAL = OKABE_ITO["orange"]
TARGET = OKABE_ITO["vermillion"]
OTHER_TARGET = OKABE_ITO["purple"]
GRID = "#E5E5E5"
MUTED = "#595959"  # grey with 7:1 contrast on white, for notes


@dataclass(frozen=True)
class TargetLine:
    """A target level to draw: fractions 0..1; owners as one display string."""

    level: float
    owners: str
    primary: bool = True
    level_2: float | None = None
    unverified: bool = False


def target_lines(targets: pd.DataFrame | None, lang: str, period_from: str | None = None,
                 period_to: str | None = None) -> list[TargetLine]:
    """metrics.targets() rows -> lines to draw: only targets valid in the period, one line per level
    (owners sharing a level are named together), the primary target first. Uses the metric layer's
    level_1_fraction / level_2_fraction and unverified columns."""
    if targets is None or targets.empty:
        return []
    rows = []
    lo = (period_from + "-01") if period_from else None
    hi = (period_to + "-31") if period_to else None
    for r in targets.to_dict("records"):
        vf, vt = _date_str(r.get("valid_from")), _date_str(r.get("valid_to"))
        if hi and vf and vf > hi:
            continue
        if lo and vt and vt < lo:
            continue
        rows.append(r)
    by_level: dict[tuple, dict] = {}
    for r in sorted(rows, key=lambda r: not bool(r.get("primary_target"))):
        l1 = _float_or_none(r.get("level_1_fraction"))
        l2 = _float_or_none(r.get("level_2_fraction"))
        if l1 is None:
            continue
        owner = r.get("owner_en") if lang == "en" and r.get("owner_en") else r.get("owner_sv")
        key = (round(l1, 6), None if l2 is None else round(l2, 6))
        if key in by_level:
            by_level[key]["owners"].append(owner)
            continue
        by_level[key] = {"level": l1, "level_2": l2, "owners": [owner],
                         "primary": bool(r.get("primary_target")),
                         "unverified": bool(r.get("unverified"))}
    return [TargetLine(level=v["level"], level_2=v["level_2"], owners="; ".join(v["owners"]),
                       primary=v["primary"], unverified=v["unverified"]) for v in by_level.values()]


def _date_str(v) -> str | None:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return str(v)[:10]


def _float_or_none(v) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _target_name(tl: TargetLine, lang: str) -> str:
    level = fmt.pct(tl.level, lang, 0 if tl.level * 100 == int(tl.level * 100) else 1)
    if tl.level_2 is not None:
        level += "/" + fmt.pct(tl.level_2, lang, 0)
    name = t("chart.target_legend", lang, level=level, owners=tl.owners)
    return name + (" †" if tl.unverified else "")


def _wrap(text: str, width: int = 60) -> str:
    """Break a long legend text into lines (plotly does not wrap)."""
    words, lines, cur = text.split(" "), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + " " + w).strip()
    lines.append(cur)
    return "<br>".join(lines)


# -- layout -------------------------------------------------------------------------------------------
def base_layout(fig: go.Figure, lang: str, height: int, title: str | None = None) -> go.Figure:
    fig.update_layout(
        height=height,
        separators=fmt.plotly_separators(lang),
        plot_bgcolor="white",
        paper_bgcolor="white",
        font=dict(size=13, color="#1A1A1A"),
        margin=dict(l=10, r=20, t=50 if title else 10, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0,
                    font=dict(size=12)),
        hoverlabel=dict(bgcolor="white", font_size=13),
        title=dict(text=title, x=0, font=dict(size=15)) if title else None,
        colorway=[OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky",
                                          "black", "yellow")],
    )
    fig.update_xaxes(gridcolor=GRID, zeroline=False, linecolor="#BBBBBB")
    fig.update_yaxes(gridcolor=GRID, zeroline=False, linecolor="#BBBBBB")
    return fig


def _pct_axis(lang: str) -> dict:
    return {"ticksuffix": "\u00a0%" if lang == "sv" else "%"}


def _legend_line(fig: go.Figure, name: str, color: str, dash: str, width: float = 2) -> None:
    """A legend entry for a shape (plotly shapes have none of their own)."""
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=name, hoverinfo="skip",
                             line=dict(color=color, dash=dash, width=width)))


def _vline(x: float, **line) -> dict:
    # plain shape dicts: fig.add_vline costs ~8 ms a call, this nothing (render time matters)
    return dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1, line=line, layer="above")


def _hline(y: float, **line) -> dict:
    return dict(type="line", xref="paper", yref="y", x0=0, x1=1, y0=y, y1=y, line=line, layer="above")


def _band(axis: str, lo: float, hi: float, color: str, opacity: float) -> dict:
    if axis == "x":
        return dict(type="rect", xref="x", yref="paper", x0=lo, x1=hi, y0=0, y1=1, fillcolor=color,
                    opacity=opacity, line_width=0, layer="below")
    return dict(type="rect", xref="paper", yref="y", x0=0, x1=1, y0=lo, y1=hi, fillcolor=color,
                opacity=opacity, line_width=0, layer="below")


def _draw_targets(fig: go.Figure, targets: list[TargetLine], lang: str, axis: str) -> list[dict]:
    """Target levels as lines (one level) or bands (two levels, as INCA's mellannivå/hög nivå).

    Adds the legend entries to fig and returns the shapes (the caller sets them in one go)."""
    shapes: list[dict] = []
    line = _vline if axis == "x" else _hline
    for tl in targets:
        color = TARGET if tl.primary else OTHER_TARGET
        dash = "dash" if tl.primary else "dot"
        if tl.level_2 is not None:
            shapes.append(_band(axis, tl.level * 100, tl.level_2 * 100, OKABE_ITO["yellow"], 0.18))
            shapes.append(_band(axis, tl.level_2 * 100, 100, OKABE_ITO["green"], 0.12))
            shapes.append(line(tl.level_2 * 100, color=color, dash="longdash", width=1.5))
        shapes.append(line(tl.level * 100, color=color, dash=dash, width=2))
        _legend_line(fig, _wrap(_target_name(tl, lang)), color, dash)
    return shapes


# -- point labels -------------------------------------------------------------------------------------
# Estimated sizes in screen pixels (the figure's real width is only known in the browser): a label
# character at font size 11 and a plot area of a typical page width. Good enough to keep names apart.
CHAR_PX = 6.2
LABEL_H = 14.0
PLOT_W = 760.0
# costs per square pixel covered (a marker counts 1): another name is worst, a target line (drawn
# over the text) next
W_LABEL, W_LINE = 4.0, 3.0
PASSES = 2
VALUE_PLOT_MIN_W = 450.0  # the narrowest bar chart plot area the value boxes are judged for
_POSITIONS = (("top center", 0, 1), ("bottom center", 0, -1), ("middle right", 1, 0),
              ("middle left", -1, 0), ("top right", 1, 1), ("bottom right", 1, -1),
              ("top left", -1, 1), ("bottom left", -1, -1))


def _overlap(bx: np.ndarray, ob: np.ndarray) -> np.ndarray:
    """Overlap areas of candidate boxes bx (k×4: x0, y0, x1, y1) with obstacles ob (m×4) -> k×m."""
    if not len(ob):
        return np.zeros((len(bx), 0))
    w = np.minimum(bx[:, None, 2], ob[None, :, 2]) - np.maximum(bx[:, None, 0], ob[None, :, 0])
    h = np.minimum(bx[:, None, 3], ob[None, :, 3]) - np.maximum(bx[:, None, 1], ob[None, :, 1])
    return np.clip(w, 0, None) * np.clip(h, 0, None)


def label_positions(px, py, texts: list[str], labelled, *, width: float, height: float,
                    marker: float = 10, obstacles=()) -> list[str]:
    """A plotly textposition per point that keeps the labelled points' names off each other, off the
    markers, off `obstacles` (boxes in pixels: lines, corner notes) and inside the plot area.

    px, py: point positions in pixels within a width × height plot area (y up); texts: the labels
    (plain text, for their width); labelled: which points get a label. Greedy, two passes (the
    second reconsiders each label with all others placed); vectorised per label, so a few
    milliseconds for a hundred points. Points without a label get 'top center' (no text drawn)."""
    px, py = np.asarray(px, dtype=float), np.asarray(py, dtype=float)
    n = len(px)
    out = ["top center"] * n
    idx = [i for i in range(n) if labelled[i]]
    if not idx:
        return out
    r = marker / 2 + 2
    marks = np.column_stack([px - marker / 2, py - marker / 2, px + marker / 2, py + marker / 2])
    obst = np.asarray(list(obstacles), dtype=float).reshape(-1, 4)
    dirs = np.array([(dx, dy) for _, dx, dy in _POSITIONS], dtype=float)
    lx, ly = px[idx], py[idx]
    w = np.array([max(1, len(texts[i])) * CHAR_PX for i in idx])[:, None]
    cx = lx[:, None] + dirs[None, :, 0] * (r + w / 2)
    cy = ly[:, None] + dirs[None, :, 1] * (r + LABEL_H / 2)
    cand = np.stack([cx - w / 2, cy - LABEL_H / 2, cx + w / 2, cy + LABEL_H / 2], axis=-1)  # L×8×4
    # what does not depend on the other labels: markers, obstacles, leaving the plot area
    area = (cand[..., 2] - cand[..., 0]) * (cand[..., 3] - cand[..., 1])
    flat = cand.reshape(-1, 4)
    own = np.repeat(marks[idx], len(_POSITIONS), axis=0)  # a label may touch its own marker's box
    own_ov = (np.clip(np.minimum(flat[:, 2], own[:, 2]) - np.maximum(flat[:, 0], own[:, 0]), 0, None)
              * np.clip(np.minimum(flat[:, 3], own[:, 3]) - np.maximum(flat[:, 1], own[:, 1]), 0, None))
    inside = _overlap(flat, np.array([[0, 0, width, height]]))[:, 0]
    fixed = (_overlap(flat, marks).sum(axis=1) - own_ov + W_LINE * _overlap(flat, obst).sum(axis=1)
             + 6 * (area.ravel() - inside)).reshape(cand.shape[:2]) + np.arange(len(_POSITIONS)) * 2.0
    chosen = np.argmin(fixed, axis=1)
    placed = np.zeros(len(idx), dtype=bool)
    # crowded points first: they have the fewest free places
    crowd = ((np.abs(lx[:, None] - lx[None, :]) < 60) & (np.abs(ly[:, None] - ly[None, :]) < 30)).sum(axis=1)
    order = sorted(range(len(idx)), key=lambda j: (-crowd[j], lx[j], ly[j]))
    for _ in range(PASSES):  # later passes reconsider each label with all the others placed
        for j in order:
            placed[j] = False
            boxes = cand[placed, chosen[placed]]
            chosen[j] = int(np.argmin(fixed[j] + W_LABEL * _overlap(cand[j], boxes).sum(axis=1)))
            placed[j] = True
    for j, i in enumerate(idx):
        out[i] = _POSITIONS[chosen[j]][0]
    return out


def _to_px(v, lo: float, hi: float, size: float, log: bool = False) -> np.ndarray:
    """Data values -> pixels along an axis of `size` pixels showing [lo, hi]."""
    v = np.asarray(v, dtype=float)
    if log:
        v, lo, hi = np.log10(np.clip(v, 1e-9, None)), math.log10(max(lo, 1e-9)), math.log10(max(hi, 1e-9))
    return (v - lo) / ((hi - lo) or 1) * size


def _hline_box(y_px: float, width: float) -> list[float]:
    return [0, y_px - 2, width, y_px + 2]


def _plain(text: str) -> str:
    return str(text).replace("<b>", "").replace("</b>", "")


# -- hover texts --------------------------------------------------------------------------------------
def share_hover(r: dict, lang: str, extra: str = "") -> str:
    if r.get("suppressed"):
        return (f"<b>{r['label']}</b><br>{t('chart.suppressed_long', lang)}")
    lines = [f"<b>{r['label']}</b>",
             f"{t('chart.share', lang)}: {fmt.pct(r['share'], lang)}",
             f"{t('chart.ci95', lang)}: {ci_text(r, lang)}",
             t("chart.n_of", lang, k=fmt.num(r.get("k"), lang), n=fmt.num(r.get("n"), lang))]
    if r.get("verdict_text"):
        lines.append(r["verdict_text"])
    if extra:
        lines.append(extra)
    return "<br>".join(lines)


def _num_or_nan(v) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return float("nan")
    return f


def _err(end, share_pct: float, side: int) -> float | None:
    """The length of an error bar from the share (in percent) to an interval end (a fraction);
    None (no bar) when the interval is missing."""
    e = _num_or_nan(end)
    if math.isnan(e):
        return None
    return max(0.0, side * (e * 100 - share_pct))


# -- comparison / pathway bars ------------------------------------------------------------------------
def share_bars(df: pd.DataFrame, targets: list[TargetLine], lang: str, *, axis_title: str,
               sort: bool = True, title: str | None = None) -> go.Figure:
    """Horizontal bars of shares with 95 % error bars; the total row ('Riket') on top, the rest
    sorted from highest; suppressed rows keep their place with a note instead of a bar."""
    d = df.copy()
    if "is_total" not in d:
        d["is_total"] = False
    if sort and len(d):
        d["_s"] = d["share"].where(~d["suppressed"].astype(bool), -1.0).astype(float).fillna(-1.0)
        d = d.sort_values(["is_total", "_s"], ascending=[False, False], kind="stable")
    recs = d.to_dict("records")
    labels = [(f"<b>{r['label']}</b>" if r["is_total"] else str(r["label"])) for r in recs]
    x, err_hi, err_lo, colors, patterns, texts, hovers = [], [], [], [], [], [], []
    for r in recs:
        shown = not r["suppressed"] and not math.isnan(_num_or_nan(r["share"]))
        s = _num_or_nan(r["share"]) * 100 if shown else None
        x.append(s)
        # no error bar without an interval: a share above 100 % (inclusion can be) has none (NaN)
        err_hi.append(_err(r.get("ci_high"), s, +1) if shown else None)
        err_lo.append(_err(r.get("ci_low"), s, -1) if shown else None)
        colors.append(TOTAL if r["is_total"] else BAR)
        patterns.append("/" if r["is_total"] else "")
        texts.append(fmt.pct(r["share"], lang) if shown else "")
        hovers.append(share_hover(r, lang))
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=x, y=labels, orientation="h", name=axis_title, showlegend=False,
        marker=dict(color=colors, pattern=dict(shape=patterns, fgcolor="black", size=7, solidity=0.2,
                                               fillmode="overlay")),
        error_x=dict(type="data", array=err_hi, arrayminus=err_lo, color="#333333", thickness=1.3,
                     width=3),
        hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
    ))
    # the value right of the interval, so it is readable at any bar length. A text trace lies under
    # the target lines (shapes), so where a line would cross the value ("67,0 %" through a dashed
    # line) it is an annotation with a white background instead (annotations are drawn on top);
    # only there, as each annotation costs ~0.1 ms to build and a units chart has ~100 bars.
    ends = [None if v is None else v + (e or 0) for v, e in zip(x, err_hi, strict=True)]
    xmax = max([e for e in ends if e is not None] + [100])
    x_hi = min(xmax * 1.12, 400)
    unit_px = x_hi / VALUE_PLOT_MIN_W  # data units per pixel in a narrow plot (errs towards a box)
    levels = [v * 100 for tl in targets for v in (tl.level, tl.level_2) if v is not None]

    def crosses(end: float, txt: str) -> bool:
        lo, hi = end, end + (len(txt) * 7.5 + 8) * unit_px
        return any(lo - 2 * unit_px <= lv <= hi for lv in levels)

    boxed = [end is not None and bool(txt) and crosses(end, txt) for end, txt in zip(ends, texts, strict=True)]
    fig.add_trace(go.Scatter(
        x=[None if b else e for e, b in zip(ends, boxed, strict=True)], y=labels, mode="text",
        text=["" if b else " " + tx for tx, b in zip(texts, boxed, strict=True)], textposition="middle right",
        textfont=dict(size=12, color="#1A1A1A"), hoverinfo="skip", showlegend=False, cliponaxis=False))
    notes = [dict(x=end, y=lab, xref="x", yref="y", text=txt, showarrow=False, xanchor="left", xshift=6,
                  bgcolor="white", borderpad=1, font=dict(size=12, color="#1A1A1A"))
             for end, lab, txt, b in zip(ends, labels, texts, boxed, strict=True) if b]
    notes += [dict(x=0, y=lab, xref="x", yref="y", text=t("chart.suppressed_short", lang), showarrow=False,
                   xanchor="left", font=dict(color=MUTED, size=12))
              for lab, r in zip(labels, recs, strict=True) if r["suppressed"]]
    shapes = _draw_targets(fig, targets, lang, "x")
    if any(r["is_total"] for r in recs):
        fig.add_trace(go.Bar(x=[None], y=[None], name=t("chart.total_legend", lang), orientation="h",
                             marker=dict(color=TOTAL, pattern=dict(shape="/", fgcolor="black",
                                                                   fillmode="overlay")),
                             hoverinfo="skip", showlegend=True))
    height = max(260, 120 + 24 * len(recs))
    base_layout(fig, lang, height, title)
    # room on the right for the value text
    fig.update_xaxes(range=[0, x_hi], title=axis_title, **_pct_axis(lang))
    fig.update_yaxes(autorange="reversed", type="category", automargin=True, gridcolor="white")
    fig.update_layout(bargap=0.25, barmode="overlay", shapes=shapes, annotations=notes)
    return fig


# -- trend --------------------------------------------------------------------------------------------
def period_label(code: str, lang: str) -> str:
    """'2025-Q1' -> '2025 kv 1' (sv) / '2025 Q1' (en); '2025-H2' -> '2025 H2'; months and years as is."""
    code = str(code)
    if "-Q" in code:
        y, q = code.split("-Q")
        return f"{y} kv {q}" if lang == "sv" else f"{y} Q{q}"
    if "-H" in code:
        y, h = code.split("-H")
        return f"{y} H{h}"
    return code


def trend_chart(df: pd.DataFrame, targets: list[TargetLine], lang: str, *, axis_title: str,
                title: str | None = None) -> go.Figure:
    """One line per series (column `series`; the total series `is_total`) over `period` codes."""
    fig = go.Figure()
    periods = sorted(df["period"].astype(str).unique()) if len(df) else []
    cats = [period_label(p, lang) for p in periods]
    for series, g in df.groupby("series", sort=False):
        g = g.set_index(g["period"].astype(str)).reindex(periods)
        is_total = bool(g["is_total"].fillna(False).any())
        recs = [{**r, "label": f"{series} {period_label(p, lang)}"}
                for p, r in zip(periods, g.reset_index(drop=True).to_dict("records"), strict=True)]
        y, hi, lo, hov = [], [], [], []
        for r in recs:
            sup = bool(r.get("suppressed")) if r.get("suppressed") == r.get("suppressed") else True
            v = _num_or_nan(r.get("share"))
            ok = not sup and not math.isnan(v)
            y.append(v * 100 if ok else None)
            hi.append(_err(r.get("ci_high"), v * 100, +1) if ok else None)
            lo.append(_err(r.get("ci_low"), v * 100, -1) if ok else None)
            r["suppressed"] = not ok
            hov.append(share_hover(r, lang))
        fig.add_trace(go.Scatter(
            x=cats, y=y, name=str(series), mode="lines+markers",
            line=dict(color=TOTAL if is_total else BAR, dash="dash" if is_total else "solid", width=2.5),
            marker=dict(symbol="diamond" if is_total else "circle", size=8),
            error_y=dict(type="data", array=hi, arrayminus=lo, thickness=1, width=3,
                         color=TOTAL if is_total else BAR),
            hovertext=hov, hovertemplate="%{hovertext}<extra></extra>", connectgaps=False,
        ))
    shapes = _draw_targets(fig, targets, lang, "y")
    base_layout(fig, lang, 380, title)
    fig.update_layout(shapes=shapes)
    fig.update_yaxes(range=[0, 105], title=axis_title, **_pct_axis(lang))
    fig.update_xaxes(type="category", tickangle=-45 if len(cats) > 12 else 0)
    return fig


# -- funnel -------------------------------------------------------------------------------------------
def funnel_limits_frame(p0: float, n_min: float, n_max: float) -> pd.DataFrame:
    """The 95 % and 99.8 % funnel limits around p0 over a grid of denominators (for drawing)."""
    lo_n = max(1.0, n_min * 0.8)
    hi_n = max(lo_n + 1, n_max * 1.1)
    n = np.unique(np.round(np.geomspace(lo_n, hi_n, 120)))
    out = {"n": n}
    for z, tag in ((Z95, "95"), (Z998, "998")):
        low, high = funnel_limits(p0, n, z)
        out["low" + tag] = np.clip(np.asarray(low, dtype=float), 0, 1)
        out["high" + tag] = np.clip(np.asarray(high, dtype=float), 0, 1)
    return pd.DataFrame(out)


def classify_funnel(df: pd.DataFrame, p0: float) -> pd.Series:
    """'above' / 'below' / 'within' the 95 % limits (and 'above2'/'below2' outside 99.8 %)."""
    n = df["n"].astype(float).to_numpy()
    s = df["share"].astype(float).to_numpy()
    lo95, hi95 = (np.asarray(a, dtype=float) for a in funnel_limits(p0, n, Z95))
    lo998, hi998 = (np.asarray(a, dtype=float) for a in funnel_limits(p0, n, Z998))
    out = np.where(s > hi998, "above2", np.where(s > hi95, "above",
                   np.where(s < lo998, "below2", np.where(s < lo95, "below", "within"))))
    return pd.Series(out, index=df.index)


def funnel_chart(df: pd.DataFrame, p0: float, targets: list[TargetLine], lang: str, *,
                 axis_title: str, x_title: str | None = None, title: str | None = None,
                 highlight: Collection[str] = ()) -> go.Figure:
    """Share against denominator for the compared units, with 95 % / 99.8 % limits around the
    national value p0. Suppressed units are left out (the page says so).

    Names are drawn only where they matter — units outside the 95 % limits, a total row if the frame
    has one, and units whose key or label is in `highlight` (the user's selection) — so that crowded
    points do not bury each other's names; the rest are named on hover (a legend entry says so)."""
    d = df[~df["suppressed"].astype(bool)].dropna(subset=["share"]).copy()
    if "is_total" not in d:
        d["is_total"] = False
    fig = go.Figure()
    shapes: list[dict] = []
    height = 440
    ys = (d["share"] * 100).tolist() if len(d) else [0, 100]
    yr = [max(0, min(ys) - 10), min(max(max(ys) + 10, 100), 400)]
    log = bool(len(d)) and d["n"].max() / max(d["n"].min(), 1) > 30
    xrange = None
    if len(d) and p0 == p0:
        lim = funnel_limits_frame(p0, float(d["n"].min()), float(d["n"].max()))
        for tag, dash, name in (("998", "dot", t("chart.funnel_998", lang)),
                                ("95", "dash", t("chart.funnel_95", lang))):
            fig.add_trace(go.Scatter(x=lim["n"], y=lim["high" + tag] * 100, mode="lines", name=name,
                                     line=dict(color="#444444", dash=dash, width=1.5),
                                     hoverinfo="skip", legendgroup=tag))
            fig.add_trace(go.Scatter(x=lim["n"], y=lim["low" + tag] * 100, mode="lines", name=name,
                                     line=dict(color="#444444", dash=dash, width=1.5),
                                     hoverinfo="skip", legendgroup=tag, showlegend=False))
        shapes.append(_hline(p0 * 100, color=OKABE_ITO["black"], width=1.5))
        _legend_line(fig, t("chart.funnel_p0", lang, value=fmt.pct(p0, lang)), OKABE_ITO["black"],
                     "solid", 1.5)
        d["_cls"] = classify_funnel(d, p0)
        sel = {str(h) for h in highlight}
        d["_named"] = ((d["_cls"] != "within") | d["is_total"].astype(bool)
                       | d["key" if "key" in d else "label"].astype(str).isin(sel)
                       | d["label"].astype(str).isin(sel))
        d["_text"] = [f"<b>{lab}</b>" if tot else str(lab)
                      for lab, tot in zip(d["label"], d["is_total"].astype(bool), strict=True)]
        # where each name goes: estimated pixels of the plot area; the x range is set to the limit
        # curves' span (which covers the points) so that the estimate knows it
        plot_h = height - 160  # less the legend (three rows) and the x axis
        xlo, xhi = float(lim["n"].min()), float(lim["n"].max())
        xrange = [math.log10(xlo), math.log10(xhi)] if log else [xlo, xhi]
        d["_pos"] = label_positions(
            _to_px(d["n"], xlo, xhi, PLOT_W, log), _to_px(d["share"] * 100, yr[0], yr[1], plot_h),
            [_plain(x) for x in d["_text"]], d["_named"].tolist(), width=PLOT_W, height=plot_h,
            marker=11, obstacles=[_hline_box(float(_to_px(v, yr[0], yr[1], plot_h)), PLOT_W)
                                  for v in [p0 * 100] + [tl.level * 100 for tl in targets]])
        groups = (("within", "circle", BAR, "chart.funnel_within"),
                  ("above", "triangle-up", OKABE_ITO["green"], "chart.funnel_above"),
                  ("above2", "triangle-up", OKABE_ITO["green"], "chart.funnel_above2"),
                  ("below", "triangle-down", TARGET, "chart.funnel_below"),
                  ("below2", "triangle-down", TARGET, "chart.funnel_below2"))
        for cls, symbol, color, key in groups:
            g = d[d["_cls"] == cls].sort_values("n")
            if g.empty:
                continue
            filled = cls in ("within", "above2", "below2")
            recs = g.to_dict("records")
            named = bool(g["_named"].any())
            fig.add_trace(go.Scatter(
                x=g["n"], y=g["share"] * 100, mode="markers+text" if named else "markers",
                name=t(key, lang), text=[r["_text"] if r["_named"] else "" for r in recs],
                textposition=g["_pos"].tolist(),
                # a halo in the background colour keeps a name readable across a limit curve
                textfont=dict(size=11, shadow="auto"),
                marker=dict(symbol=symbol if filled else symbol + "-open", size=11, color=color,
                            line=dict(width=1.5, color=color)),
                hovertext=[share_hover(r, lang, t(key, lang)) for r in recs],
                hovertemplate="%{hovertext}<extra></extra>",
            ))
        if not d["_named"].all():
            note = t("chart.funnel_labels_note_sel" if sel else "chart.funnel_labels_note", lang)
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=note, hoverinfo="skip",
                                     marker=dict(size=1, color="rgba(0,0,0,0)"), legendrank=2000))
    shapes += _draw_targets(fig, targets, lang, "y")
    base_layout(fig, lang, height, title)
    fig.update_layout(shapes=shapes)
    fig.update_yaxes(range=yr, title=axis_title, **_pct_axis(lang))
    fig.update_xaxes(title=x_title or t("chart.denominator", lang), type="log" if log else "linear",
                     range=xrange)
    if log:
        ticks = [v for v in _nice_ticks() if d["n"].min() * 0.7 <= v <= d["n"].max() * 1.2]
        fig.update_xaxes(tickvals=ticks, ticktext=[fmt.num(v, lang) for v in ticks])
    return fig


def _nice_ticks() -> list[int]:
    return [m * 10 ** e for e in range(0, 7) for m in (1, 2, 5)]


def sv_sort_key(text: str) -> str:
    """Swedish alphabetical order: å, ä, ö after z (plain code-point order puts ä before å)."""
    table = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})
    return text.lower().translate(table)


# -- lead-time distribution -----------------------------------------------------------------------------
def lead_time_box(df: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Box per pathway from precomputed quantiles (whiskers p10–p90, box p25–p75, median), with the
    80th percentile and the pathway's maximum lead time marked. Columns: label, n, p10, p25,
    median, p75, p80, p90, limit_days, n_late, mean_days_over, suppressed."""
    d = df[~df["suppressed"].astype(bool)].dropna(subset=["median"]).copy()
    d = d.iloc[sorted(range(len(d)), key=lambda i: sv_sort_key(str(d["label"].iloc[i])))]
    fig = go.Figure()
    if len(d):
        fig.add_trace(go.Box(
            y=d["label"].tolist(), q1=d["p25"].tolist(), median=d["median"].tolist(),
            q3=d["p75"].tolist(), lowerfence=d["p10"].tolist(), upperfence=d["p90"].tolist(),
            orientation="h", name=t("chart.box_legend", lang), fillcolor="rgba(86,180,233,0.35)",
            line=dict(color=BAR, width=1.5), hoverinfo="skip",
        ))
        hov = []
        for r in d.to_dict("records"):
            hov.append("<br>".join([
                f"<b>{r['label']}</b>", f"n = {fmt.num(r['n'], lang)}",
                f"{t('chart.median', lang)}: {fmt.days(r['median'], lang)} {t('chart.days', lang)}",
                f"{t('chart.p80', lang)}: {fmt.days(r['p80'], lang)} {t('chart.days', lang)}",
                f"{t('chart.p90', lang)}: {fmt.days(r['p90'], lang)} {t('chart.days', lang)}",
                f"{t('chart.limit', lang)}: {fmt.days(r['limit_days'], lang)} {t('chart.days', lang)}"
                + (" †" if r.get("unverified") else ""),
                t("chart.late_over", lang, n=fmt.num(r.get("n_late"), lang),
                  days=fmt.num(r.get("mean_days_over"), lang, 1)),
            ]))
        fig.add_trace(go.Scatter(
            x=d["p80"], y=d["label"], mode="markers", name=t("chart.p80", lang),
            marker=dict(symbol="diamond", size=9, color=OKABE_ITO["black"]),
            hovertext=hov, hovertemplate="%{hovertext}<extra></extra>"))
        lim = d.dropna(subset=["limit_days"])
        fig.add_trace(go.Scatter(
            x=lim["limit_days"], y=lim["label"], mode="markers", name=t("chart.limit_legend", lang),
            marker=dict(symbol="line-ns", size=22, line=dict(width=3.5, color=TARGET), color=TARGET),
            hovertext=[h for h, ok in zip(hov, d["limit_days"].notna(), strict=True) if ok],
            hovertemplate="%{hovertext}<extra></extra>"))
    base_layout(fig, lang, max(280, 110 + 30 * len(d)), title)
    fig.update_xaxes(title=t("chart.lead_time_days", lang), rangemode="tozero")
    fig.update_yaxes(autorange="reversed", type="category", automargin=True)
    return fig


# -- quadrant -----------------------------------------------------------------------------------------
def quadrant_chart(df: pd.DataFrame, incl_target: float | None, lt_target: float | None, lang: str,
                   *, title: str | None = None) -> go.Figure:
    """Inclusion (x) against share within lead time (y) per group, both targets drawn, the four
    quadrants named. Columns: label, incl_share, lt_share, incl_n, lt_n, is_total, suppressed."""
    d = df[~df["suppressed"].astype(bool)].dropna(subset=["incl_share", "lt_share"]).copy()
    d["is_total"] = d["is_total"].fillna(False).astype(bool)
    xs = (d["incl_share"] * 100).tolist() + [100]
    ys = (d["lt_share"] * 100).tolist() + [100]
    xr = [max(0, min(xs + [incl_target * 100 if incl_target else 100]) - 8), max(xs) + 8]
    yr = [max(0, min(ys + [lt_target * 100 if lt_target else 100]) - 8), max(ys) + 8]
    corners = (("chart.quad_both", 0.99, 0.99, "right", "top"),
               ("chart.quad_lt_only", 0.01, 0.99, "left", "top"),
               ("chart.quad_incl_only", 0.99, 0.01, "right", "bottom"),
               ("chart.quad_none", 0.01, 0.01, "left", "bottom"))
    # every point keeps its name; each name goes where it covers the fewest others (estimated
    # pixels), off the target lines and the corner notes, and inside the plot area
    height, plot_h = 520, 520 - 110
    obst = []
    for key, x, y, xa, ya in corners:  # the corner notes' boxes
        w, x0, y0 = len(t(key, lang)) * 6.5, x * PLOT_W, y * plot_h
        obst.append([x0 - w if xa == "right" else x0, y0 - 18 if ya == "top" else y0,
                     x0 + w if xa == "left" else x0, y0 + 18 if ya == "bottom" else y0])
    if incl_target is not None:
        v = float(_to_px(incl_target * 100, xr[0], xr[1], PLOT_W))
        obst.append([v - 2, 0, v + 2, plot_h])
    if lt_target is not None:
        obst.append(_hline_box(float(_to_px(lt_target * 100, yr[0], yr[1], plot_h)), PLOT_W))
    d["_text"] = [f"<b>{lab}</b>" if tot else str(lab) for lab, tot in zip(d["label"], d["is_total"], strict=True)]
    d["_pos"] = label_positions(_to_px(d["incl_share"] * 100, xr[0], xr[1], PLOT_W),
                                _to_px(d["lt_share"] * 100, yr[0], yr[1], plot_h),
                                [_plain(x) for x in d["_text"]], [True] * len(d), width=PLOT_W,
                                height=plot_h, marker=12, obstacles=obst)
    fig = go.Figure()
    for is_total, g in d.groupby("is_total"):
        hov = ["<br>".join([
            f"<b>{r['label']}</b>",
            f"{t('chart.inclusion', lang)}: {fmt.pct(r['incl_share'], lang)} "
            f"(n = {fmt.num(r['incl_n'], lang)})",
            f"{t('chart.within', lang)}: {fmt.pct(r['lt_share'], lang)} (n = {fmt.num(r['lt_n'], lang)})",
        ]) for r in g.to_dict("records")]
        fig.add_trace(go.Scatter(
            x=g["incl_share"] * 100, y=g["lt_share"] * 100, mode="markers+text",
            text=g["_text"].tolist(), textposition=g["_pos"].tolist(),
            textfont=dict(size=11, shadow="auto"),
            name=t("chart.total_point", lang) if is_total else t("chart.groups_legend", lang),
            marker=dict(symbol="diamond" if is_total else "circle", size=14 if is_total else 10,
                        color=TOTAL if is_total else BAR, line=dict(width=1, color="black")),
            hovertext=hov, hovertemplate="%{hovertext}<extra></extra>"))
    shapes: list[dict] = []
    if incl_target is not None:
        shapes.append(_vline(incl_target * 100, color=TARGET, dash="dash", width=2))
        _legend_line(fig, t("chart.quad_incl_target", lang, level=fmt.pct(incl_target, lang, 0)),
                     TARGET, "dash")
    if lt_target is not None:
        shapes.append(_hline(lt_target * 100, color=TARGET, dash="dashdot", width=2))
        _legend_line(fig, t("chart.quad_lt_target", lang, level=fmt.pct(lt_target, lang, 0)),
                     TARGET, "dashdot")
    notes = [dict(x=x, y=y, xref="paper", yref="paper", text=t(key, lang), showarrow=False, xanchor=xa,
                  yanchor=ya, font=dict(color=MUTED, size=12)) for key, x, y, xa, ya in corners]
    base_layout(fig, lang, height, title)
    fig.update_layout(shapes=shapes, annotations=notes)
    fig.update_xaxes(range=xr, title=t("chart.inclusion_axis", lang), **_pct_axis(lang))
    fig.update_yaxes(range=yr, title=t("chart.within_axis", lang), **_pct_axis(lang))
    return fig
