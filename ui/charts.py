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

import copy
import math
import threading
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from _plotly_utils.basevalidators import copy_to_readonly_numpy_array, is_homogeneous_array
from _plotly_utils.utils import convert_to_base64, is_skipped_key, to_typed_array_spec

from metrics.rules import SUPPRESSED, not_a_proportion, small_count
from metrics.stats import Z95, Z998, funnel_limits_levels
from ui import fmt
from ui.i18n import t
from ui.tables import ci_text, order_rows, records, sv_sort_key

# Okabe & Ito (2008), "Color Universal Design"
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
}
BAR = OKABE_ITO["blue"]
TOTAL = "#4D4D4D"  # the total ('Riket'): dark grey, hatched bars / dash-dot line with diamonds
OVER = "#BDBDBD"  # a share above 100 % (no proportion): light grey, cross-hatched, capped at 100 %
TARGET = OKABE_ITO["vermillion"]
OTHER_TARGET = OKABE_ITO["purple"]
GRID = "#E5E5E5"
FONT = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
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
# Speed: plotly's update_layout / update_xaxes on a built figure cost 10-30 ms a call (its path machinery
# and relayout bookkeeping), while one constructor call with the whole layout as a dict costs ~3 ms. So
# the charts collect their traces (Traces) and layout (plain dicts) and build the figure once (_figure).
def base_layout_dict(lang: str, height: int, title: str | None = None) -> dict:
    """The layout every chart shares, as a plain dict (axes included: a chart has one x and one y axis)."""
    out = dict(
        height=height,
        separators=fmt.plotly_separators(lang),
        plot_bgcolor="white",
        paper_bgcolor="white",
        # a font every machine has (the browser measures legend entries with it; with the page's web
        # font a saved PNG drew its legend entries over each other)
        font=dict(size=13, color="#1A1A1A", family=FONT),
        margin=dict(l=10, r=20, t=50 if title else 10, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0,
                    font=dict(size=12)),
        hoverlabel=dict(bgcolor="white", font=dict(size=13)),
        colorway=[OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky",
                                          "black", "yellow")],
        xaxis=dict(gridcolor=GRID, zeroline=False, linecolor="#BBBBBB"),
        yaxis=dict(gridcolor=GRID, zeroline=False, linecolor="#BBBBBB"),
    )
    if title:
        out["title"] = dict(text=title, x=0, font=dict(size=15))
    return out


def merge(base: dict, extra: dict) -> dict:
    """base updated by extra, nested dicts merged (as plotly's update_layout merges them)."""
    out = dict(base)
    for k, v in extra.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


class Traces:
    """Traces collected for one constructor call (quacks like a figure for add_trace): plotly trace
    objects or their JSON (trace())."""

    def __init__(self) -> None:
        self.data: list = []

    def add_trace(self, trace) -> None:
        self.data.append(trace)


def trace(kind: str, **props) -> dict:
    """go.<Kind>(**props).to_plotly_json() without plotly's validation (~1 ms a trace with long
    arrays): keys sorted, "type" after them (layout_json's rules); numpy arrays and pandas Series as
    plotly keeps a data array (x, y: copy_to_readonly_numpy_array), other props as plain Python values.
    tests/test_ui_charts_json.py holds it to plotly's own result for every chart."""
    return {**_object_json(props), "type": kind}


def figure(traces: Traces, lang: str, height: int, title: str | None = None, **layout) -> go.Figure:
    """The figure: the shared layout merged with the chart's own. Each part is validated once (the
    traces when made, the layout here); the figure does not validate them again (that doubled the cost
    of a chart with long limit curves) and is made only when read (BuiltFigure)."""
    return BuiltFigure([tr if isinstance(tr, dict) else tr.to_plotly_json() for tr in traces.data],
                       layout_json(merge(base_layout_dict(lang, height, title), layout)))


# Properties whose names hold an underscore; any other key with one is plotly's "magic underscore"
# path (line_width -> line.width).
_PLAIN_KEYS = frozenset({"plot_bgcolor", "paper_bgcolor", "error_x", "error_y"})
_OBJECT_LISTS = frozenset({"shapes", "annotations", "images", "selections", "sliders", "updatemenus"})  # [] = unset


def layout_json(d: dict) -> dict:
    """go.Layout(d).to_plotly_json() for the layouts the charts build, without plotly's validation (5 ms
    a chart): each object's keys in plotly's order (sorted; magic-underscore paths after them, as
    nested objects), a title string as {"text": ...}, empty objects and lists of objects left out, tuples
    as lists, numpy numbers as Python's. tests/test_ui_charts_json.py holds it to plotly's own result for
    every chart."""
    return _object_json(d)


def _object_json(d: dict) -> dict:
    out: dict = {}
    magic = []
    for k in sorted(d):
        v = d[k]
        if "_" in k and k not in _PLAIN_KEYS:
            magic.append((k, v))
        elif k == "title" and isinstance(v, str):
            out[k] = {"text": v}
        elif (v := _json_value(v)) is not None and not _unset(k, v):
            out[k] = v
    for k, v in sorted(magic, key=lambda kv: list(d).index(kv[0])):  # in the order given, as plotly does
        head, _, rest = k.partition("_")
        out[head] = _object_json({**out.get(head, {}), rest: v})
    return out


def _unset(key: str, v) -> bool:
    """An empty object, or an empty list of objects (shapes …): plotly leaves them out."""
    return (isinstance(v, dict) and not v) or (isinstance(v, list) and not v and key in _OBJECT_LISTS)


def _json_value(v):
    if isinstance(v, dict):
        return _object_json(v)
    if is_homogeneous_array(v):  # numpy / pandas: as plotly's data arrays keep them (x, y)
        return copy_to_readonly_numpy_array(v)
    if isinstance(v, list | tuple):
        return [_json_value(x) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    return v


class BuiltFigure(go.Figure):
    """A chart function's figure, held as its validated plotly JSON (traces, layout). Making the plotly
    objects from it cost ~2 ms a figure, 8 figures a filter change on SVF – ledtider, and the page shows
    the JSON (chart_block -> ShownFigure): so they are made only when something reads the figure
    (tests, a PNG/PDF export), by exactly the constructor call figure() made before."""

    def __init__(self, data: list[dict], layout: dict) -> None:  # no plotly objects yet
        self.__dict__["_json"] = (data, layout)
        self.__dict__["_built"] = False  # made, or being made
        self.__dict__["_ready"] = False  # made

    def __getattr__(self, name: str):
        # only called for what the instance lacks: every plotly attribute before the figure is made.
        # Figures are shared between sessions' threads: one makes it, the others wait for it whole.
        d = self.__dict__
        if name.startswith("__") or d.get("_ready", True):
            raise AttributeError(name)
        with _MAKING:
            if not d["_ready"]:
                if d["_built"]:  # asked by the constructor itself (this thread holds the lock): not there yet
                    raise AttributeError(name)
                d["_built"] = True
                data, layout = d["_json"]
                go.Figure.__init__(self, data=data, layout=layout, _validate=False)
                d["_ready"] = True
        return getattr(self, name)

    def __reduce__(self):
        # copy, deepcopy, pickle: a plain figure of what this one shows (go.Figure's own reduce would call
        # this class with one dict)
        return go.Figure, (self.to_dict(),)


_MAKING = threading.RLock()


def plotly_json(fig: go.Figure) -> tuple[list[dict], dict]:
    """(traces, layout) of a figure as plotly JSON (read-only): a BuiltFigure's own before it is made
    (reading it does not make it), else the figure's current state."""
    if isinstance(fig, BuiltFigure) and not fig.__dict__["_ready"]:
        if not fig.__dict__["_built"]:
            data, layout = fig.__dict__["_json"]
            tmpl = None if "template" in layout else _default_template()
            return data, layout if tmpl is None else {**layout, "template": tmpl}
        with _MAKING:  # being made on another thread: wait for it whole
            pass
    return fig._data, fig._layout


_TEMPLATES: dict = {}


def _default_template() -> dict | None:
    """The template a new figure's layout gets (plotly.io.templates.default), as its JSON (shared,
    read-only): what BaseFigure._initialize_layout_template sets."""
    import plotly.io as pio

    name = pio.templates.default
    if name is None:
        return None
    key = name if isinstance(name, str) else id(name)
    if key not in _TEMPLATES:
        _TEMPLATES[key] = go.Figure()._layout.get("template")
    return _TEMPLATES[key]


def base_layout(fig: go.Figure, lang: str, height: int, title: str | None = None) -> go.Figure:
    """The shared layout applied to a built figure (for charts not yet built with _figure: slower)."""
    d = base_layout_dict(lang, height, title)
    xa, ya = d.pop("xaxis"), d.pop("yaxis")
    if title is None:
        d["title"] = None
    fig.update_layout(**d)
    fig.update_xaxes(**xa)
    fig.update_yaxes(**ya)
    return fig


def _pct_axis(lang: str) -> dict:
    return {"ticksuffix": "\u00a0%" if lang == "sv" else "%"}


def _pct_ticks(values, lang: str) -> dict:
    """Fixed percent ticks with their '%' (plotly drops ticksuffix when tickvals are given)."""
    vals = list(values)
    return {"tickvals": vals, "ticktext": [fmt.pct(v / 100, lang, 0) for v in vals]}


def _legend_line(fig: go.Figure, name: str, color: str, dash: str, width: float = 2) -> None:
    """A legend entry for a shape (plotly shapes have none of their own)."""
    fig.add_trace(trace("scatter", x=[None], y=[None], mode="lines", name=name, hoverinfo="skip",
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


def label_layout(px, py, texts: list[str], labelled, *, width: float, height: float, marker: float = 10,
                 obstacles=(), priority=None) -> tuple[list[str], list[bool]]:
    """label_positions, then a check that keeps only names that overlap no other name, no obstacle
    (a limit curve or a target line would cross the text) and stay inside the plot: each name in
    `priority` order (default: as given) takes the first of its eight places that is free; a name
    with no free place is not drawn (it is named on hover; the chart's legend says so).
    Returns (textposition per point, whether its name is drawn)."""
    pos = label_positions(px, py, texts, labelled, width=width, height=height, marker=marker, obstacles=obstacles)
    px, py = np.asarray(px, dtype=float), np.asarray(py, dtype=float)
    n = len(px)
    shown = [False] * n
    obst = np.asarray(list(obstacles), dtype=float).reshape(-1, 4)
    marks = np.column_stack([px - marker / 2, py - marker / 2, px + marker / 2, py + marker / 2])
    r = marker / 2 + 2
    accepted: list[list[float]] = []
    order = list(priority) if priority is not None else list(range(n))
    names = {p: (dx, dy) for p, dx, dy in _POSITIONS}
    for i in order:
        if not labelled[i]:
            continue
        w = max(1, len(texts[i])) * CHAR_PX
        tries = [pos[i]] + [p for p, _, _ in _POSITIONS if p != pos[i]]
        for p in tries:
            dx, dy = names[p]
            cx, cy = px[i] + dx * (r + w / 2), py[i] + dy * (r + LABEL_H / 2)
            box = np.array([[cx - w / 2, cy - LABEL_H / 2, cx + w / 2, cy + LABEL_H / 2]])
            if box[0, 0] < 0 or box[0, 2] > width or box[0, 1] < 0 or box[0, 3] > height:
                continue
            others = np.delete(marks, i, axis=0)
            hit = (_overlap(box, np.asarray(accepted).reshape(-1, 4)).sum() + _overlap(box, obst).sum()
                   + _overlap(box, others).sum())
            if hit <= 4.0:  # a few pixels' touch is not an overlap
                pos[i], shown[i] = p, True
                accepted.append(box[0].tolist())
                break
    return pos, shown


def _curve_boxes(xs, ys, step: float = 6.0) -> list[list[float]]:
    """Small boxes along a polyline in pixels (a limit curve as obstacles for names)."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    out = []
    for i in range(len(xs) - 1):
        seg = max(1, int(math.hypot(xs[i + 1] - xs[i], ys[i + 1] - ys[i]) // step))
        for k in range(seg + 1):
            x = xs[i] + (xs[i + 1] - xs[i]) * k / seg
            y = ys[i] + (ys[i + 1] - ys[i]) * k / seg
            out.append([x - 1.5, y - 1.5, x + 1.5, y + 1.5])
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
             t("chart.n_of", lang, k=SUPPRESSED if small_count(r.get("k")) else fmt.num(r.get("k"), lang),
               n=fmt.num(r.get("n"), lang))]
    if not_a_proportion(r.get("share"))[0]:
        lines.append(t("chart.over_100_legend", lang))
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
_BAR_FIELDS = ("label", "is_total", "suppressed", "share", "ci_low", "ci_high", "k", "n", "verdict_text")


def share_bars(df: pd.DataFrame, targets: list[TargetLine], lang: str, *, axis_title: str,
               sort: bool = True, title: str | None = None) -> go.Figure:
    """Horizontal bars of shares with 95 % error bars; the total row ('Riket') on top, the rest
    sorted from highest (tables.order_rows: the table reads in the same order); suppressed rows keep
    their place with a note instead of a bar.

    The value sits on the bar (inside, at its base; right of the bar when the bar is too short),
    never at the whisker's end. A share above 100 % is no proportion: its bar stops at 100 %, grey and
    cross-hatched, and says "över 100 % – ej en andel"; the axis ends at 100 % for everyone."""
    d = df
    if sort and len(d):  # the fields drawn (and a rank), without period: ordered by share; a narrow frame
        d = order_rows(d[[c for c in (*_BAR_FIELDS, "rank") if c in d.columns]])
    # rows of the fields drawn and hovered only (rows of every column of a wide frame cost more)
    fields = [c for c in _BAR_FIELDS if c in d.columns]
    recs = records(d if list(d.columns) == fields else d[fields])
    if "is_total" not in d:
        for r in recs:
            r["is_total"] = False
    labels = [(f"<b>{r['label']}</b>" if r["is_total"] else str(r["label"])) for r in recs]
    x, err_hi, err_lo, colors, patterns, texts, hovers, over = [], [], [], [], [], [], [], []
    for r in recs:
        shown = not r["suppressed"] and not math.isnan(_num_or_nan(r["share"]))
        s = _num_or_nan(r["share"]) * 100 if shown else None
        is_over = shown and s > 100 + 1e-9
        over.append(is_over)
        x.append(min(s, 100.0) if shown else None)
        # no error bar without an interval: a share above 100 % (inclusion can be) has none (NaN)
        err_hi.append(_err(r.get("ci_high"), s, +1) if shown and not is_over else None)
        err_lo.append(_err(r.get("ci_low"), s, -1) if shown and not is_over else None)
        colors.append(OVER if is_over else (TOTAL if r["is_total"] else BAR))
        patterns.append("x" if is_over else ("/" if r["is_total"] else ""))
        texts.append((t("chart.over_100_value", lang, value=fmt.pct(r["share"], lang)) if is_over
                      else fmt.pct(r["share"], lang)) if shown else "")
        hovers.append(share_hover(r, lang))
    x_hi = 100 * 1.13  # room for a short bar's value right of its whisker
    unit_px = x_hi / VALUE_PLOT_MIN_W  # data units per pixel in a narrow plot
    # a value fits on its bar (at the base, white on the bar colour) when the bar is longer than it
    need = [(len(tx) * 7.2 + 10) * unit_px for tx in texts]
    inside = [v is not None and w < v for v, w in zip(x, need, strict=True)]
    # where the lower whisker reaches into the value's place, the value is an annotation on a patch of
    # the bar's colour (annotations are drawn over the whisker), so no line runs through the text
    patched = [ins and lo is not None and v - lo <= w for ins, v, w, lo in zip(inside, x, need, err_lo, strict=True)]
    fig = Traces()
    fig.add_trace(trace("bar",
        x=x, y=labels, orientation="h", name=axis_title, showlegend=False,
        # bgcolor given: in overlay mode it is not painted, but left out it defaults to the colour *array*,
        # which plotly.js cannot read (a console warning per bar trace, three per draw)
        marker=dict(color=colors, pattern=dict(shape=patterns, fgcolor=["#333333" if o else "white" for o in over],
                                               bgcolor="rgba(0,0,0,0)", size=7, solidity=0.25, fillmode="overlay")),
        error_x=dict(type="data", array=err_hi, arrayminus=err_lo, color="#333333", thickness=1.3, width=3),
        text=[tx if ins and not p else "" for tx, ins, p in zip(texts, inside, patched, strict=True)],
        textposition="inside",
        insidetextanchor="start", textangle=0, constraintext="none",
        textfont=dict(size=12, color=["#1A1A1A" if o else "white" for o in over]),
        hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
    ))
    # a value that does not fit on its bar goes right of the bar's interval. A text trace lies under
    # the target lines (shapes), so where a line would cross it the value is an annotation with a
    # white background instead (annotations are drawn on top); only there, as each costs ~0.1 ms.
    ends = [None if v is None or ins else v + (e or 0) for v, e, ins in zip(x, err_hi, inside, strict=True)]
    levels = [v * 100 for tl in targets for v in (tl.level, tl.level_2) if v is not None]

    def crosses(end: float, txt: str) -> bool:
        lo, hi = end, end + (len(txt) * 7.5 + 8) * unit_px
        return any(lo - 2 * unit_px <= lv <= hi for lv in levels)

    boxed = [end is not None and bool(txt) and crosses(end, txt) for end, txt in zip(ends, texts, strict=True)]
    fig.add_trace(trace("scatter",
        x=[None if b else e for e, b in zip(ends, boxed, strict=True)], y=labels, mode="text",
        text=["" if b or e is None else " " + tx for tx, b, e in zip(texts, boxed, ends, strict=True)],
        textposition="middle right", textfont=dict(size=12, color="#1A1A1A"), hoverinfo="skip",
        showlegend=False, cliponaxis=False))
    notes = [dict(x=end, y=lab, xref="x", yref="y", text=txt, showarrow=False, xanchor="left", xshift=6,
                  bgcolor="white", borderpad=1, font=dict(size=12, color="#1A1A1A"))
             for end, lab, txt, b in zip(ends, labels, texts, boxed, strict=True) if b]
    notes += [dict(x=0, y=lab, xref="x", yref="y", text=txt, showarrow=False, xanchor="left", xshift=3,
                   bgcolor=col, borderpad=1, font=dict(size=12, color="white"))
              for lab, txt, col, p in zip(labels, texts, colors, patched, strict=True) if p]
    notes += [dict(x=0, y=lab, xref="x", yref="y", text=t("chart.suppressed_short", lang), showarrow=False,
                   xanchor="left", font=dict(color=MUTED, size=12))
              for lab, r in zip(labels, recs, strict=True) if r["suppressed"]]
    shapes = _draw_targets(fig, targets, lang, "x")
    totals = [r for r in recs if r["is_total"]]
    if totals:
        fig.add_trace(trace("bar", x=[None], y=[None], name=t("chart.total_legend", lang, total=totals[0]["label"]),
                             orientation="h", marker=dict(color=TOTAL, pattern=dict(shape="/", fgcolor="white",
                                                                                    fillmode="overlay")),
                             hoverinfo="skip", showlegend=True))
    if any(over):
        fig.add_trace(trace("bar", x=[None], y=[None], name=t("chart.over_100_legend", lang), orientation="h",
                             marker=dict(color=OVER, pattern=dict(shape="x", fgcolor="#333333", fillmode="overlay")),
                             hoverinfo="skip", showlegend=True))
    height = max(260, 120 + 24 * len(recs))
    return figure(fig, lang, height, title,
                   xaxis=dict(range=[0, x_hi], title=axis_title, **_pct_ticks(range(0, 101, 20), lang)),
                   yaxis=dict(autorange="reversed", type="category", automargin=True, gridcolor="white"),
                   bargap=0.25, barmode="overlay", shapes=shapes, annotations=notes)


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


_TREND_FIELDS = ("is_total", "suppressed", "share", "ci_low", "ci_high", "k", "n", "verdict_text")


def trend_chart(df: pd.DataFrame, targets: list[TargetLine], lang: str, *, axis_title: str,
                title: str | None = None) -> go.Figure:
    """One line per series (column `series`; the total series `is_total`) over `period` codes.

    The total differs from the selection and from the target in colour, dash and marker (selection:
    blue, solid, circles; total: dark grey, dash-dot, diamonds; target: vermillion dashes, no
    markers). Preliminary periods (column `preliminary`) lie on a grey band labelled "preliminär",
    with hollow markers joined by a dotted line. A share above 100 % is drawn at the top edge as a
    grey triangle (no proportion; the axis stays 0–100 %). A series suppressed in every period gets no
    line but a legend entry saying why."""
    fig = Traces()
    periods = sorted(df["period"].astype(str).unique()) if len(df) else []
    cats = [period_label(p, lang) for p in periods]
    prelim_p = set(df.loc[df["preliminary"].fillna(False).astype(bool), "period"].astype(str)) \
        if "preliminary" in df and len(df) else set()
    any_over = False
    for series, g in df.groupby("series", sort=False):
        # the fields drawn and hovered only (reindexing every column of a wide frame cost several ms)
        g = g[[c for c in _TREND_FIELDS if c in g]].set_index(g["period"].astype(str)).reindex(periods)
        is_total = bool(g["is_total"].fillna(False).any())
        color = TOTAL if is_total else BAR
        recs = [{**r, "label": f"{series} {period_label(p, lang)}"}
                for p, r in zip(periods, records(g), strict=True)]
        y, hi, lo, hov, over = [], [], [], [], []
        for r in recs:
            sup = bool(r.get("suppressed")) if r.get("suppressed") == r.get("suppressed") else True
            v = _num_or_nan(r.get("share"))
            ok = not sup and not math.isnan(v)
            is_over = ok and v > 1 + 1e-9
            over.append(is_over)
            y.append(min(v * 100, 100.0) if ok else None)
            hi.append(_err(r.get("ci_high"), v * 100, +1) if ok and not is_over else None)
            lo.append(_err(r.get("ci_low"), v * 100, -1) if ok and not is_over else None)
            r["suppressed"] = not ok
            hov.append(share_hover(r, lang))
        if all(v is None for v in y):  # nothing to draw: say why in the legend, not an empty entry
            fig.add_trace(trace("scatter", x=[None], y=[None], mode="markers", hoverinfo="skip",
                                     name=t("chart.trend_all_suppressed", lang, series=series),
                                     marker=dict(size=1, color="rgba(0,0,0,0)")))
            continue
        final = [None if p in prelim_p else v for p, v in zip(periods, y, strict=True)]
        # the dotted part starts at the last final point so the line runs on into the preliminary ones
        last_final = max((i for i, v in enumerate(final) if v is not None), default=None)
        prelim = [v if (p in prelim_p or i == last_final) else None
                  for i, (p, v) in enumerate(zip(periods, y, strict=True))]
        symbol = "diamond" if is_total else "circle"
        fig.add_trace(trace("scatter",
            x=cats, y=final, name=str(series), mode="lines+markers", legendgroup=str(series),
            line=dict(color=color, dash="dashdot" if is_total else "solid", width=2.5),
            marker=dict(symbol=symbol, size=9 if is_total else 8, color=color),
            error_y=dict(type="data", array=[h if f is not None else None for h, f in zip(hi, final, strict=True)],
                         arrayminus=[v if f is not None else None for v, f in zip(lo, final, strict=True)],
                         thickness=1, width=3, color=color),
            hovertext=hov, hovertemplate="%{hovertext}<extra></extra>", connectgaps=False,
        ))
        if prelim_p and any(v is not None for p, v in zip(periods, y, strict=True) if p in prelim_p):
            fig.add_trace(trace("scatter",
                x=cats, y=prelim, name=t("chart.preliminary_series", lang, series=series), mode="lines+markers",
                legendgroup=str(series), line=dict(color=color, dash="dot", width=2),
                marker=dict(symbol=[symbol + "-open" if p in prelim_p else symbol for p in periods], size=9,
                            color=color, line=dict(width=2, color=color)),
                hovertext=[h + "<br>" + t("common.preliminary", lang) if p in prelim_p else h
                           for h, p in zip(hov, periods, strict=True)],
                hovertemplate="%{hovertext}<extra></extra>", connectgaps=False))
        if any(over):
            any_over = True
            fig.add_trace(trace("scatter",
                x=[c for c, o in zip(cats, over, strict=True) if o], y=[100.0] * sum(over), mode="markers",
                showlegend=False, legendgroup="over", marker=dict(symbol="triangle-up", size=13, color=OVER,
                                                                  line=dict(width=1.5, color="#333333")),
                hovertext=[h for h, o in zip(hov, over, strict=True) if o],
                hovertemplate="%{hovertext}<extra></extra>"))
    if any_over:
        fig.add_trace(trace("scatter", x=[None], y=[None], mode="markers", name=t("chart.over_100_legend", lang),
                                 legendgroup="over", marker=dict(symbol="triangle-up", size=12, color=OVER,
                                                                 line=dict(width=1.5, color="#333333"))))
    shapes = _draw_targets(fig, targets, lang, "y")
    notes = []
    idx = [i for i, p in enumerate(periods) if p in prelim_p]
    if idx:  # one grey band over the preliminary periods (they are the newest: contiguous)
        shapes.append(dict(type="rect", xref="x", yref="paper", x0=min(idx) - 0.5, x1=max(idx) + 0.5, y0=0, y1=1,
                           fillcolor="#EDEDED", opacity=0.8, line_width=0, layer="below"))
        notes.append(dict(x=(min(idx) + max(idx)) / 2, y=1, xref="x", yref="paper", yanchor="top",
                          text=t("chart.preliminary_band", lang), showarrow=False,
                          font=dict(size=11, color=MUTED)))
    return figure(fig, lang, 400, title, shapes=shapes, annotations=notes,
                   yaxis=dict(range=[0, 106], title=axis_title, **_pct_ticks(range(0, 101, 20), lang)),
                   xaxis=dict(type="category", tickangle=-45 if len(cats) > 12 else 0, categoryorder="array",
                              categoryarray=cats))


# -- funnel -------------------------------------------------------------------------------------------
def funnel_limits_frame(p0: float, n_min: float, n_max: float) -> pd.DataFrame:
    """The 95 % and 99.8 % funnel limits around p0 over a grid of denominators (for drawing)."""
    lo_n = max(1.0, n_min * 0.8)
    hi_n = max(lo_n + 1, n_max * 1.1)
    n = np.unique(np.round(np.geomspace(lo_n, hi_n, 120)))
    out = {"n": n}
    for tag, (low, high) in zip(("95", "998"), funnel_limits_levels(p0, n, (Z95, Z998)), strict=True):
        out["low" + tag] = np.clip(np.asarray(low, dtype=float), 0, 1)
        out["high" + tag] = np.clip(np.asarray(high, dtype=float), 0, 1)
    return pd.DataFrame(out)


def classify_funnel(df: pd.DataFrame, p0: float) -> pd.Series:
    """'above' / 'below' / 'within' the 95 % limits (and 'above2'/'below2' outside 99.8 %)."""
    n = df["n"].astype(float).to_numpy()
    s = df["share"].astype(float).to_numpy()
    (lo95, hi95), (lo998, hi998) = ((np.asarray(lo, dtype=float), np.asarray(hi, dtype=float))
                                    for lo, hi in funnel_limits_levels(p0, n, (Z95, Z998)))
    out = np.where(s > 1 + 1e-9, "over", np.where(s > hi998, "above2", np.where(s > hi95, "above",
                   np.where(s < lo998, "below2", np.where(s < lo95, "below", "within")))))
    return pd.Series(out, index=df.index)


FUNNEL_MIN_UNITS = 3  # fewer units make a single dot with limits off scale: no funnel then
FIXED_W = 900  # funnel and quadrant are drawn at a fixed width: their names are placed in pixels
FIXED_MARGIN = dict(l=75, r=25, t=70, b=175)


def message_figure(text: str, lang: str, height: int = 180, title: str | None = None) -> go.Figure:
    """A chart-sized box that says why there is no chart (instead of an empty or misleading one)."""
    return figure(Traces(), lang, height, title, xaxis=dict(visible=False), yaxis=dict(visible=False),
                   annotations=[dict(x=0.5, y=0.5, xref="paper", yref="paper", text=_wrap(text, 90),
                                     showarrow=False, font=dict(size=14, color=MUTED))])


def funnel_chart(df: pd.DataFrame, p0: float, targets: list[TargetLine], lang: str, *,
                 axis_title: str, x_title: str | None = None, title: str | None = None,
                 highlight: Collection[str] = (), total_label: str | None = None) -> go.Figure:
    """Share against denominator for the compared units, with 95 % / 99.8 % limits around the
    total's value p0 (named total_label, default "Riket"). Suppressed units are left out (the page
    says so); with fewer than three units left there is no funnel, only a sentence saying why.

    Names are drawn only where they matter — units outside the 95 % limits, a total row if the frame
    has one, and units whose key or label is in `highlight` (the user's selection) — and only where
    they cross no other name and no limit curve or line (label_layout, at the chart's fixed width);
    the rest are named on hover (a legend entry says so). A share above 100 % is no proportion: a grey
    triangle at the top edge, outside the limits' logic."""
    d = df[~df["suppressed"].astype(bool)].dropna(subset=["share"]).copy()
    if "is_total" not in d:
        d["is_total"] = False
    units = int((~d["is_total"].astype(bool)).sum())
    if units < FUNNEL_MIN_UNITS or not p0 == p0:
        return message_figure(t("chart.funnel_too_few", lang, n=units, min=FUNNEL_MIN_UNITS), lang, title=title)
    fig = Traces()
    shapes: list[dict] = []
    height = 560
    plot_w = FIXED_W - FIXED_MARGIN["l"] - FIXED_MARGIN["r"]
    plot_h = height - FIXED_MARGIN["t"] - FIXED_MARGIN["b"]
    d["_y"] = np.minimum(d["share"].astype(float), 1.0) * 100
    ys = d["_y"].tolist() + [p0 * 100]
    yr = [max(0.0, min(ys) - 10), min(max(ys) + 8, 106.0)]
    log = d["n"].max() / max(d["n"].min(), 1) > 30
    lim = funnel_limits_frame(p0, float(d["n"].min()), float(d["n"].max()))
    xlo, xhi = float(lim["n"].min()), float(lim["n"].max())
    xrange = [math.log10(xlo), math.log10(xhi)] if log else [xlo, xhi]
    curve_boxes: list[list[float]] = []
    for tag, dash, name in (("998", "dot", t("chart.funnel_998", lang)), ("95", "dash", t("chart.funnel_95", lang))):
        for side, show in (("high", True), ("low", False)):
            fig.add_trace(trace("scatter", x=lim["n"], y=lim[side + tag] * 100, mode="lines", name=name,
                                     line=dict(color="#444444", dash=dash, width=1.5), hoverinfo="skip",
                                     legendgroup=tag, showlegend=show))
            curve_boxes += _curve_boxes(_to_px(lim["n"], xlo, xhi, plot_w, log),
                                        _to_px(lim[side + tag] * 100, yr[0], yr[1], plot_h))
    shapes.append(_hline(p0 * 100, color=OKABE_ITO["black"], width=1.5))
    _legend_line(fig, t("chart.funnel_p0", lang, total=total_label or t("common.total", lang),
                        value=fmt.pct(p0, lang)), OKABE_ITO["black"], "solid", 1.5)
    d["_cls"] = classify_funnel(d, p0)
    sel = {str(h) for h in highlight}
    want = ((d["_cls"] != "within") | d["is_total"].astype(bool)
            | d["key" if "key" in d else "label"].astype(str).isin(sel) | d["label"].astype(str).isin(sel))
    d["_text"] = [f"<b>{lab}</b>" if tot else str(lab)
                  for lab, tot in zip(d["label"], d["is_total"].astype(bool), strict=True)]
    pxs, pys = _to_px(d["n"], xlo, xhi, plot_w, log), _to_px(d["_y"], yr[0], yr[1], plot_h)
    obst = [_hline_box(float(_to_px(v, yr[0], yr[1], plot_h)), plot_w)
            for v in [p0 * 100] + [tl.level * 100 for tl in targets]] + curve_boxes
    # the total and the user's own units first, then the farthest outliers
    rank = [(0 if tot else 1 if str(k) in sel or str(lab) in sel else 2, -abs(sh - p0) * math.sqrt(max(nn, 1)))
            for tot, k, lab, sh, nn in zip(d["is_total"].astype(bool), d.get("key", d["label"]), d["label"],
                                           d["share"].astype(float), d["n"].astype(float), strict=True)]
    prio = sorted(range(len(d)), key=lambda i: rank[i])
    pos, shown = label_layout(pxs, pys, [_plain(x) for x in d["_text"]], want.tolist(), width=plot_w,
                              height=plot_h, marker=11, obstacles=obst, priority=prio)
    d["_pos"], d["_named"] = pos, shown
    groups = (("within", "circle", BAR, "chart.funnel_within"),
              ("above", "triangle-up", OKABE_ITO["green"], "chart.funnel_above"),
              ("above2", "triangle-up", OKABE_ITO["green"], "chart.funnel_above2"),
              ("below", "triangle-down", TARGET, "chart.funnel_below"),
              ("below2", "triangle-down", TARGET, "chart.funnel_below2"),
              ("over", "triangle-up", OVER, "chart.over_100_legend"))
    for cls, symbol, color, key in groups:
        g = d[d["_cls"] == cls].sort_values("n")
        if g.empty:
            continue
        filled = cls in ("within", "above2", "below2", "over")
        recs = records(g)
        fig.add_trace(trace("scatter",
            x=g["n"], y=g["_y"], mode="markers+text" if g["_named"].any() else "markers",
            name=t(key, lang), text=[r["_text"] if r["_named"] else "" for r in recs],
            textposition=g["_pos"].tolist(), textfont=dict(size=11),
            marker=dict(symbol=symbol if filled else symbol + "-open", size=11, color=color,
                        line=dict(width=1.5, color="#333333" if cls == "over" else color)),
            hovertext=[share_hover(r, lang, t(key, lang)) for r in recs],
            hovertemplate="%{hovertext}<extra></extra>", cliponaxis=False,
        ))
    if not all(d["_named"]):
        note = t("chart.funnel_labels_note_sel" if sel else "chart.funnel_labels_note", lang)
        fig.add_trace(trace("scatter", x=[None], y=[None], mode="markers", name=note, hoverinfo="skip",
                                 marker=dict(size=1, color="rgba(0,0,0,0)"), legendrank=2000))
    shapes += _draw_targets(fig, targets, lang, "y")
    xaxis = dict(title=x_title or t("chart.denominator", lang), type="log" if log else "linear", range=xrange)
    if log:
        ticks = [v for v in _nice_ticks() if d["n"].min() * 0.7 <= v <= d["n"].max() * 1.2]
        xaxis.update(tickvals=ticks, ticktext=[fmt.num(v, lang) for v in ticks])
    return figure(fig, lang, height, title, **merge(_fixed_layout(), dict(
        shapes=shapes, yaxis=dict(range=yr, title=axis_title, **_pct_axis(lang)), xaxis=xaxis)))


def _fixed_layout() -> dict:
    """The fixed-width layout of charts whose names are placed in pixels: known plot area, the legend
    below the x axis (so it never changes the plot's size)."""
    return dict(width=FIXED_W, margin=FIXED_MARGIN,
                legend=dict(orientation="h", yanchor="top", y=-0.22, xanchor="left", x=0),
                xaxis=dict(automargin=False), yaxis=dict(automargin=False))


def _nice_ticks() -> list[int]:
    return [m * 10 ** e for e in range(0, 7) for m in (1, 2, 5)]


# -- lead-time distribution -----------------------------------------------------------------------------
def lead_time_box(df: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Box per pathway from precomputed quantiles (whiskers p10–p90, box p25–p75, median), with the
    80th percentile and the pathway's maximum lead time marked. Columns: label, n, p10, p25,
    median, p75, p80, p90, limit_days, n_late, mean_days_over, suppressed."""
    d = df[~df["suppressed"].astype(bool)].dropna(subset=["median"]).copy()
    d = d.iloc[sorted(range(len(d)), key=lambda i: sv_sort_key(str(d["label"].iloc[i])))]
    if not len(d):  # every pathway under 5 patients: say so instead of empty axes
        return message_figure(t("chart.box_none", lang), lang, title=title)
    fig = Traces()
    if len(d):
        fig.add_trace(trace("box",
            y=d["label"].tolist(), q1=d["p25"].tolist(), median=d["median"].tolist(),
            q3=d["p75"].tolist(), lowerfence=d["p10"].tolist(), upperfence=d["p90"].tolist(),
            orientation="h", name=t("chart.box_legend", lang), fillcolor="rgba(86,180,233,0.35)",
            line=dict(color=BAR, width=1.5), hoverinfo="skip",
        ))
        hov = []
        for r in records(d):
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
        fig.add_trace(trace("scatter",
            x=d["p80"], y=d["label"], mode="markers", name=t("chart.p80", lang),
            marker=dict(symbol="diamond", size=9, color=OKABE_ITO["black"]),
            hovertext=hov, hovertemplate="%{hovertext}<extra></extra>"))
        lim = d.dropna(subset=["limit_days"])
        fig.add_trace(trace("scatter",
            x=lim["limit_days"], y=lim["label"], mode="markers", name=t("chart.limit_legend", lang),
            marker=dict(symbol="line-ns", size=22, line=dict(width=3.5, color=TARGET), color=TARGET),
            hovertext=[h for h, ok in zip(hov, d["limit_days"].notna(), strict=True) if ok],
            hovertemplate="%{hovertext}<extra></extra>"))
    return figure(fig, lang, max(280, 110 + 30 * len(d)), title,
                   xaxis=dict(title=t("chart.lead_time_days", lang), rangemode="tozero"),
                   yaxis=dict(autorange="reversed", type="category", automargin=True))


# -- quadrant -----------------------------------------------------------------------------------------
def quadrant_chart(df: pd.DataFrame, incl_target: float | None, lt_target: float | None, lang: str,
                   *, title: str | None = None) -> go.Figure:
    """Inclusion (x) against share within lead time (y) per group, both targets drawn, the four
    quadrants named. Columns: label, incl_share, lt_share, incl_n, lt_n, is_total, suppressed.

    Axes end at 100 %: an inclusion above 100 % (no proportion) is a grey triangle on the right edge.
    Each quadrant's name is wrapped to fit inside its quadrant (left out where there is no room), so
    no target line crosses it; point names are placed apart (label_layout, fixed width) and those
    with no free place are named on hover."""
    d = df[~df["suppressed"].astype(bool)].dropna(subset=["incl_share", "lt_share"]).copy()
    d["is_total"] = d["is_total"].fillna(False).astype(bool)
    d["_over"] = d["incl_share"].astype(float) > 1 + 1e-9
    d["_x"] = np.minimum(d["incl_share"].astype(float), 1.0) * 100
    d["_y"] = np.minimum(d["lt_share"].astype(float), 1.0) * 100
    xs, ys = d["_x"].tolist(), d["_y"].tolist()
    xr = [max(0.0, min(xs + [incl_target * 100 if incl_target else 100]) - 6), 102.0]
    yr = [max(0.0, min(ys + [lt_target * 100 if lt_target else 100]) - 6), 102.0]
    height = 600
    plot_w = FIXED_W - FIXED_MARGIN["l"] - FIXED_MARGIN["r"]
    plot_h = height - FIXED_MARGIN["t"] - FIXED_MARGIN["b"]
    vx = float(_to_px(incl_target * 100, xr[0], xr[1], plot_w)) if incl_target is not None else plot_w / 2
    hy = float(_to_px(lt_target * 100, yr[0], yr[1], plot_h)) if lt_target is not None else plot_h / 2
    # the quadrants in pixels (x0, y0, x1, y1; y up) and where each name sits in its own
    quads = (("chart.quad_both", (vx, hy, plot_w, plot_h), "right", "top"),
             ("chart.quad_lt_only", (0, hy, vx, plot_h), "left", "top"),
             ("chart.quad_incl_only", (vx, 0, plot_w, hy), "right", "bottom"),
             ("chart.quad_none", (0, 0, vx, hy), "left", "bottom"))
    notes, obst = [], []
    for key, (x0, y0, x1, y1), xa, ya in quads:
        chars = int((x1 - x0 - 10) / 6.6)
        text = _wrap(t(key, lang), chars) if chars >= 8 else ""
        lines = text.count("<br>") + 1
        if not text or lines * 16 + 6 > (y1 - y0) or max(len(p) for p in text.split("<br>")) > chars:
            continue  # no room: the caption and the target lines' legend say it
        w, h = max(len(p) for p in text.split("<br>")) * 6.6, lines * 16
        nx, ny = (x1 - 4, y1 - 3) if (xa, ya) == ("right", "top") else (x0 + 4, y1 - 3) if ya == "top" \
            else (x1 - 4, y0 + 3) if xa == "right" else (x0 + 4, y0 + 3)
        notes.append(dict(x=nx / plot_w, y=ny / plot_h, xref="paper", yref="paper", text=text, showarrow=False,
                          xanchor=xa, yanchor=ya, align=xa, font=dict(color=MUTED, size=12)))
        obst.append([nx - w if xa == "right" else nx, ny - h if ya == "top" else ny,
                     nx if xa == "right" else nx + w, ny if ya == "top" else ny + h])
    obst.append([vx - 2, 0, vx + 2, plot_h])
    obst.append(_hline_box(hy, plot_w))
    d["_text"] = [f"<b>{lab}</b>" if tot else str(lab) for lab, tot in zip(d["label"], d["is_total"], strict=True)]
    prio = sorted(range(len(d)), key=lambda i: (not d["is_total"].iloc[i], i))
    pos, shown = label_layout(_to_px(d["_x"], xr[0], xr[1], plot_w), _to_px(d["_y"], yr[0], yr[1], plot_h),
                              [_plain(x) for x in d["_text"]], [True] * len(d), width=plot_w, height=plot_h,
                              marker=12, obstacles=obst, priority=prio)
    d["_pos"], d["_named"] = pos, shown
    fig = Traces()
    for (is_total, over), g in d.groupby(["is_total", "_over"]):
        hov = ["<br>".join([
            f"<b>{r['label']}</b>",
            f"{t('chart.inclusion', lang)}: {fmt.pct(r['incl_share'], lang)} "
            f"(n = {fmt.num(r['incl_n'], lang)})" + (" – " + t("chart.over_100_legend", lang) if over else ""),
            f"{t('chart.within', lang)}: {fmt.pct(r['lt_share'], lang)} (n = {fmt.num(r['lt_n'], lang)})",
        ]) for r in records(g)]
        name = (t("chart.total_point", lang, total=g["label"].iloc[0]) if is_total
                else t("chart.over_100_legend", lang) if over else t("chart.groups_legend", lang))
        fig.add_trace(trace("scatter",
            x=g["_x"], y=g["_y"], mode="markers+text",
            text=[tx if nm else "" for tx, nm in zip(g["_text"], g["_named"], strict=True)],
            textposition=g["_pos"].tolist(), textfont=dict(size=11), name=name, cliponaxis=False,
            marker=dict(symbol="diamond" if is_total else "triangle-right" if over else "circle",
                        size=14 if is_total else 11 if over else 10,
                        color=TOTAL if is_total else OVER if over else BAR, line=dict(width=1, color="black")),
            hovertext=hov, hovertemplate="%{hovertext}<extra></extra>"))
    if not all(shown):
        fig.add_trace(trace("scatter", x=[None], y=[None], mode="markers", name=t("chart.names_on_hover", lang),
                                 hoverinfo="skip", marker=dict(size=1, color="rgba(0,0,0,0)"), legendrank=2000))
    shapes: list[dict] = []
    if incl_target is not None:
        shapes.append(_vline(incl_target * 100, color=TARGET, dash="dash", width=2))
        _legend_line(fig, t("chart.quad_incl_target", lang, level=fmt.pct(incl_target, lang, 0)), TARGET, "dash")
    if lt_target is not None:
        shapes.append(_hline(lt_target * 100, color=TARGET, dash="dashdot", width=2))
        _legend_line(fig, t("chart.quad_lt_target", lang, level=fmt.pct(lt_target, lang, 0)), TARGET, "dashdot")
    return figure(fig, lang, height, title, **merge(_fixed_layout(), dict(
        shapes=shapes, annotations=notes,
        xaxis=dict(range=xr, title=t("chart.inclusion_axis", lang),
                   **_pct_ticks([v for v in range(0, 101, 10) if v >= xr[0]], lang)),
        yaxis=dict(range=yr, title=t("chart.within_axis", lang),
                   **_pct_ticks([v for v in range(0, 101, 10) if v >= yr[0]], lang)))))


# -- a heading inside the figure (what a downloaded image carries) --------------------------------------
SCREEN_W = 1000  # the usual width of a chart on the page (1400 px window less the sidebar)
EXPORT_W = 1200  # a downloaded image of a stretching chart


def _legend_rows(fig: go.Figure, width: float) -> int:
    """Rows a horizontal legend takes at `width` pixels (estimated from its entries' text)."""
    entries = [str(tr["name"]) for tr in plotly_json(fig)[0] if tr.get("name") and tr.get("showlegend") is not False]
    if not entries:
        return 0
    rows, used, tall = 1, 0.0, 1
    for e in entries:
        lines = e.split("<br>")
        w = max(len(_plain(x)) for x in lines) * 7.0 + 45
        tall = max(tall, len(lines))
        if used and used + w > width:
            rows, used = rows + 1, 0.0
        used += w
    return rows + tall - 1


def _title_changes(fig: go.Figure, title: str, subtitle: str) -> dict:
    """The layout changes titled() makes (a dict to merge)."""
    sub = _wrap(subtitle, 120)
    lines = 1 + sub.count("<br>") + 1
    head = 24 + 19 * lines
    out = dict(title=dict(
        text=f"<b>{title}</b><br><span style='font-size:12px;font-weight:normal;color:{MUTED}'>{sub}</span>",
        x=0, xref="container", xanchor="left", y=1, yref="container", yanchor="top", pad=dict(t=16, l=8),
        font=dict(size=15, weight="normal")))
    lay = plotly_json(fig)[1]
    if lay.get("width"):  # fixed layouts: the plot area keeps its size (names were placed for it)
        old = (lay.get("margin") or {}).get("t") or 0
        out.update(margin=dict(t=head + 8), height=(lay.get("height") or 400) + head + 8 - old)
    else:
        # the legend sits right under the heading, across the whole figure (not only the plot area,
        # which long category names narrow): its rows are then what _legend_rows reckons
        rows = _legend_rows(fig, SCREEN_W * 0.9)
        height = (lay.get("height") or 400) + head
        out.update(height=height, margin=dict(t=head + 24 * rows + 10),
                   legend=dict(xref="container", x=0.01, yref="container", y=1 - (head - 4) / height,
                               yanchor="top"))
    return out


def titled(fig: go.Figure, title: str, subtitle: str) -> go.Figure:
    """The chart's title and a subtitle (selection, data date, demo marking) inside the figure, with
    room made for them above the legend: a PNG from the chart's camera button then says what it
    shows and nothing is cut. Changes fig (see with_title for a copy)."""
    fig.update_layout(**_title_changes(fig, title, subtitle))
    return fig


class ShownFigure(BuiltFigure):
    """A titled figure made only to be shown (chart_block; remembered per view, never changed): it holds
    the built figure and the title's layout changes, and to_dict() — what st.plotly_chart asks for on
    every rerun — is made once, with one deep copy of the built figure's traces and layout (a copy per
    rerun, and another to make the titled figure, before). Its own layout carries only the size (what
    chart_block and image_config read, through plotly_json: no plotly objects are made for it); its data
    are empty: the traces are in to_dict()."""

    def __init__(self, source: go.Figure, changes: dict) -> None:
        lay = plotly_json(source)[1]
        size = {k: v for k, v in (("width", lay.get("width")), ("height", changes.get("height", lay.get("height"))))
                if v}
        super().__init__([], size)
        self.__dict__["_shown"] = (source, changes, None)

    def to_dict(self) -> dict:
        source, changes, d = self.__dict__["_shown"]
        if d is None:
            data, layout = plotly_json(source)
            # the template (plain JSON, no arrays: nothing for convert_to_base64) is neither copied nor walked
            tmpl = layout.get("template")
            lay = merge(_typed_copy({k: v for k, v in layout.items() if k != "template"}), changes)
            d = {"data": _typed_copy(data), "layout": lay}
            frames = [] if isinstance(source, BuiltFigure) and not source.__dict__["_built"] else source._frame_objs
            if frames:
                d["frames"] = copy.deepcopy([f._props for f in frames])
                convert_to_base64(d["frames"])
            if tmpl is not None:
                lay["template"] = tmpl
            d["layout"] = {k: lay[k] for k in sorted(lay)}  # in the order a new figure's layout has them
            self.__dict__["_shown"] = (source, changes, d)
        return d


def _typed_copy(obj):
    """copy.deepcopy(obj) then convert_to_base64 (plotly's to_dict: numpy arrays as typed arrays), in one
    pass over the JSON's objects and lists, leaving the texts and numbers as they are (shared: read-only),
    ~4x faster than the two on a chart's long hover texts."""
    if isinstance(obj, dict):
        return {k: to_typed_array_spec(v) if not is_skipped_key(k) and is_homogeneous_array(v) else
                (copy.deepcopy(v) if is_skipped_key(k) else _typed_copy(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_typed_copy(v) for v in obj]
    if isinstance(obj, tuple):
        return tuple(_typed_copy(v) for v in obj)
    if isinstance(obj, np.ndarray):
        return obj.copy()
    return obj


def with_title(fig: go.Figure, title: str, subtitle: str) -> go.Figure:
    """titled() on a new figure, fig unchanged (a remembered figure stays as built), to be shown
    (ShownFigure: its to_dict() is the titled figure, made once)."""
    return ShownFigure(fig, _title_changes(fig, title, subtitle))


def image_config(fig: go.Figure, file_stem: str) -> dict:
    """Plotly's config: the camera button saves a PNG at the figure's own size (fixed layouts) or a
    wide one, at twice the resolution, named like the table downloads; no plotly logo."""
    lay = plotly_json(fig)[1]
    return {"displaylogo": False, "responsive": True,
            "toImageButtonOptions": {"format": "png", "filename": file_stem, "scale": 2,
                                     "width": lay.get("width") or EXPORT_W, "height": lay.get("height") or 450}}
