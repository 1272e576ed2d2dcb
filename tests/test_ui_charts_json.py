"""The charts' figures without plotly's second pass: charts.layout_json gives exactly what plotly's
validation gives for every chart's layout, and a BuiltFigure (made only when read) shows and reads
exactly as the go.Figure it stands for."""

import copy
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from _plotly_utils.utils import convert_to_base64
from plotly.io.json import to_json_plotly as to_json

from metrics import spc
from tests.test_ui_charts_tables import frame, trend_frame
from ui import charts
from ui.charts import TargetLine
from ui.charts_spc import spc_chart

TL = [TargetLine(level=0.8, owners="Nationell överenskommelse"),
      TargetLine(level=0.7, owners="LPO", primary=False, unverified=True),
      TargetLine(level=0.5, owners="RCC", primary=False, level_2=0.6)]  # a band (line_width shapes)


def _comp() -> pd.DataFrame:
    units = frame([("01", 80, 100), ("09", 2, 3), ("21", 30, 50), ("21", 12, 10)])
    units.loc[3, ["key", "label"]] = ["22", "Över"]
    units.loc[3, ["ci_low", "ci_high"]] = np.nan
    riket = frame([("01", 112, 153)])
    riket[["key", "label", "is_total"]] = ["__total__", "Riket", True]
    return pd.concat([riket, units], ignore_index=True)


def _figures(lang: str) -> list[go.Figure]:
    """One of each chart the pages draw (and their messages), in `lang`."""
    comp = _comp()
    trend = pd.concat([trend_frame([("2025-Q1", 60, 100, False), ("2025-Q2", 3, 4, False), ("2025-Q3", 70, 90, True)]),
                       trend_frame([("2025-Q1", 70, 100, False), ("2025-Q3", 120, 100, True)], "Riket", True),
                       trend_frame([("2025-Q1", 2, 3, False)], "Liten")],  # suppressed in every period
                      ignore_index=True)
    units = frame([(f"{i:02d}", 10 + 7 * i, 20 + 9 * i) for i in range(1, 12)])
    box = pd.DataFrame({"label": ["Bröst", "Lunga †", "Penis"], "n": [100, 50, 3], "p10": [10, 12, 1],
                        "p25": [15, 20, 2], "median": [20, 30, 3], "p75": [30, 40, 4], "p80": [32, 45, 5],
                        "p90": [40, 60, 6], "limit_days": [28, np.nan, 35], "n_late": [30, 20, 1],
                        "mean_days_over": [8.5, 12.0, 1.0]})
    box["suppressed"] = box["n"] < 5
    quad = pd.DataFrame({"label": ["Riket", "A", "B", "C"], "incl_share": [0.72, 0.6, 0.8, 1.2],
                         "lt_share": [0.4, 0.3, 0.85, 0.5], "incl_n": [100, 50, 60, 10], "lt_n": [80, 40, 30, 9],
                         "is_total": [True, False, False, False], "suppressed": [False] * 4})
    months = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 13)]
    n = np.array([40 + (i % 5) for i in range(24)], dtype=float)
    k = np.round(n * (0.6 + 0.01 * np.arange(24)))
    x = spc.xmr(k / n, include=np.arange(24) < 21, target=0.8)
    return [charts.share_bars(comp, TL, lang, axis_title="Andel"),
            charts.share_bars(comp.iloc[:0], [], lang, axis_title="Andel", title="Tom"),
            charts.trend_chart(trend, TL, lang, axis_title="Andel"),
            charts.trend_chart(trend.iloc[:0], [], lang, axis_title="Andel"),
            charts.funnel_chart(units, 0.55, TL[:1], lang, axis_title="Andel", highlight=["03"]),
            charts.funnel_chart(units.iloc[:2], 0.55, TL[:1], lang, axis_title="Andel"),  # a message
            charts.lead_time_box(box, lang), charts.lead_time_box(box.iloc[2:], lang),
            charts.quadrant_chart(quad, 0.7, 0.8, lang), charts.quadrant_chart(quad, None, None, lang),
            spc_chart(months, x, k, n, lang, target=0.8, axis_title="Andel")]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_layout_json_is_plotlys_validated_layout_for_every_chart(monkeypatch, lang):
    given = []
    real = charts.layout_json

    def record(d):  # the layouts figure() is given
        given.append(d)
        return real(d)

    monkeypatch.setattr(charts, "layout_json", record)
    _figures(lang)
    monkeypatch.undo()
    assert len(given) == 11
    for d in given:
        # the same JSON text: same keys, values and order (what st.plotly_chart sends)
        assert json.dumps(real(d)) == json.dumps(go.Layout(d).to_plotly_json())


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_trace_json_is_plotlys_validated_trace_for_every_chart(monkeypatch, lang):
    given = []
    real = charts.trace

    def record(kind, **props):
        given.append((kind, props))
        return real(kind, **props)

    monkeypatch.setattr(charts, "trace", record)
    _figures(lang)
    monkeypatch.undo()
    assert {k for k, _ in given} == {"bar", "scatter", "box"} and len(given) > 30
    for kind, props in given:
        made = {"bar": go.Bar, "scatter": go.Scatter, "box": go.Box}[kind](**props).to_plotly_json()
        assert shown(real(kind, **props)) == shown(made)


def shown(obj) -> str:
    """The JSON text st.plotly_chart would send for obj: numpy arrays as typed arrays (their dtype)."""
    obj = copy.deepcopy(obj)
    convert_to_base64(obj)
    return to_json(obj)


def test_layout_json_by_hand():
    d = {"title": "Rubrik", "plot_bgcolor": "white", "annotations": [], "shapes": [],
         "xaxis": {"title": "x", "tickvals": (0, 50), "range": [np.float64(1.5), 2], "categoryarray": []},
         "legend": {}, "zz": None,
         "images": [{"line_width": 0, "layer": "below", "x": 1}]}
    # sorted keys; title text; unset: empty lists of objects, empty objects, None; magic paths last
    assert json.dumps(charts.layout_json(d)) == json.dumps(
        {"images": [{"layer": "below", "x": 1, "line": {"width": 0}}], "plot_bgcolor": "white",
         "title": {"text": "Rubrik"},
         "xaxis": {"categoryarray": [], "range": [1.5, 2], "tickvals": [0, 50], "title": {"text": "x"}}})


def test_a_built_figure_shows_and_reads_as_the_figure_it_stands_for():
    for fig in _figures("sv"):
        assert isinstance(fig, charts.BuiltFigure) and not fig.__dict__["_built"]
        data, layout = charts.plotly_json(fig)
        before = to_json([data, layout])
        shown = charts.with_title(fig, "Rubrik", "Urval: hela riket").to_dict()
        assert not fig.__dict__["_built"]  # showing it made no plotly objects
        # what figure() made before: go.Figure from the same JSON
        old = go.Figure(data=fig.__dict__["_json"][0], layout=fig.__dict__["_json"][1], _validate=False)
        assert to_json([old._data, old._layout]) == before
        # read: the plotly objects are made, from the same JSON, which is left as it was
        assert fig.layout.height == layout["height"] and len(fig.data) == len(data)
        assert fig.__dict__["_built"] and to_json([fig._data, fig._layout]) == before
        again = charts.with_title(fig, "Rubrik", "Urval: hela riket").to_dict()
        assert to_json(again) == to_json(shown)
        assert to_json(fig.to_dict()) == to_json(old.to_dict())
        # what is shown is plotly's own to_dict of the titled figure (typed arrays included; its keys in
        # a new figure's order, as bench/ab_elements.py holds to the shown bytes of the pages)
        plotly_titled = charts.titled(go.Figure(old), "Rubrik", "Urval: hela riket").to_dict()
        assert json.loads(to_json(shown)) == json.loads(to_json(plotly_titled))
