"""Pure chart and table functions: figures carry targets, suppressed cells have no bar, downloads
apply the same suppression."""

import io

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from ui import charts, tables
from ui.charts import TargetLine


def frame(rows):
    """rows: (label, k, n) -> a share frame as the metric layer would give it."""
    df = pd.DataFrame(rows, columns=["region", "n_within", "n"])
    df["share"] = df["n_within"] / df["n"]
    df["ci_low"] = df["share"] - 0.05
    df["ci_high"] = (df["share"] + 0.05).clip(upper=1)
    df["target"] = 0.8
    df["verdict"] = np.where(df["share"] >= 0.8, "met", "not_met")
    df["certainty"] = "cannot_tell"
    df["gap"] = np.maximum(0, np.ceil(0.8 * df["n"]) - df["n_within"]).astype(int)
    df["suppressed"] = df["n"] < 5
    return tables.share_frame(df, key="region", num="n_within", den="n",
                              labels={"01": "Stockholm", "09": "Gotland", "21": "Gävleborg"})


@pytest.fixture
def comp():
    units = frame([("01", 80, 100), ("09", 2, 3), ("21", 30, 50)])
    riket = tables.share_frame(pd.DataFrame({"n_within": [112], "n": [153], "share": [112 / 153],
                                             "ci_low": [0.66], "ci_high": [0.8], "verdict": ["not_met"],
                                             "certainty": ["certainly_not_met"], "gap": [11],
                                             "suppressed": [False], "target": [0.8]}),
                               key=None, num="n_within", den="n", total_label="Riket")
    return pd.concat([riket, units], ignore_index=True)


TL = [TargetLine(level=0.8, owners="Nationell överenskommelse"),
      TargetLine(level=0.7, owners="LPO", primary=False)]


def test_bars_draw_target_lines_with_owner_in_legend(comp):
    fig = charts.share_bars(comp, TL, "sv", axis_title="Andel")
    xs = sorted(s.x0 for s in fig.layout.shapes if s.type == "line")
    assert xs == [70, 80]
    names = [tr.name for tr in fig.data if tr.name]
    assert any("80" in n and "Nationell överenskommelse" in n for n in names)
    assert any("LPO" in n for n in names)


def test_suppressed_cell_has_no_bar_but_a_note(comp):
    fig = charts.share_bars(comp, TL, "sv", axis_title="Andel")
    bar = fig.data[0]
    values = dict(zip(bar.y, bar.x, strict=True))
    assert values["Gotland"] is None
    assert values["Stockholm"] == pytest.approx(80.0)
    notes = [a.text for a in fig.layout.annotations]
    assert any("<5" in n for n in notes)
    assert "Gotland" not in " ".join(h for h in bar.hovertext if "80,0" in h)


def test_riket_is_on_top_and_marked_beyond_colour(comp):
    fig = charts.share_bars(comp, TL, "sv", axis_title="Andel")
    bar = fig.data[0]
    assert bar.y[0] == "<b>Riket</b>"
    assert bar.marker.pattern.shape[0] == "/" and bar.marker.pattern.shape[1] == ""
    # the others sorted from highest; suppressed last
    assert list(bar.y[1:]) == ["Stockholm", "Gävleborg", "Gotland"]


def test_hover_has_n_and_interval(comp):
    fig = charts.share_bars(comp, TL, "sv", axis_title="Andel")
    h = fig.data[0].hovertext[1]
    assert "80 av 100" in h and "95 % KI" in h and "75,0–85,0" in h


def above_100():
    """Inclusion can exceed 100 %: the metric layer then gives no interval (NaN) and no certainty."""
    f = frame([("01", 12, 10), ("21", 30, 50)])
    over = f["key"] == "01"
    f.loc[over, ["ci_low", "ci_high"]] = np.nan
    f.loc[over, "certainty"] = ""
    f["verdict_text"] = [tables.verdict_text(r, "sv") for r in f.to_dict("records")]
    return f


def test_share_above_100_percent_is_marked_capped_and_not_judged():
    f = above_100()
    fig = charts.share_bars(f, [], "sv", axis_title="Andel")
    bar = fig.data[0]
    i = list(bar.y).index("Stockholm")
    # drawn to 100 % only, grey and cross-hatched, and its value says it is no proportion
    assert bar.x[i] == pytest.approx(100.0)
    assert bar.marker.color[i] == charts.OVER and bar.marker.pattern.shape[i] == "x"
    assert bar.text[i] == "120,0\u00a0% – över 100 %, ej en andel"
    assert bar.error_x.array[i] is None and bar.error_x.arrayminus[i] is None
    j = list(bar.y).index("Gävleborg")  # an ordinary share keeps its bar
    assert bar.error_x.array[j] == pytest.approx(5.0) and bar.error_x.arrayminus[j] == pytest.approx(5.0)
    assert bar.marker.color[j] == charts.BAR
    assert "ej en andel" in bar.hovertext[i] and "nan" not in bar.hovertext[i].lower()
    assert "Kan inte bedömas" in bar.hovertext[i] and "Målet nått" not in bar.hovertext[i]
    # the axis is not stretched for everyone else: it ends near 100 %
    assert fig.layout.xaxis.range[1] < 115
    assert any("Över 100 %" in (d.name or "") for d in fig.data)
    shown = tables.display_table(f, [*COLS, tables.Col("verdict", "Bedömning", "verdict")], "sv").set_index("Region")
    assert shown.loc["Stockholm", "95 % KI"] == "ej en andel (över 100 %)"
    assert shown.loc["Stockholm", "Bedömning"] == "Kan inte bedömas (över 100 % – ej en andel)"
    assert shown.loc["Stockholm", "Andel"] == "120,0\u00a0%"
    ex = tables.export_table(f, [*COLS, tables.Col("note", "Anmärkning", "note")], "sv").set_index("Region")
    assert pd.isna(ex.loc["Stockholm", "95 % KI nedre (%)"]) and ex.loc["Gävleborg", "95 % KI övre (%)"] == 65.0
    assert ex.loc["Stockholm", "Anmärkning"].startswith("Över 100 % – ej en andel")
    assert pd.isna(ex.loc["Gävleborg", "Anmärkning"])
    f["period"], f["series"], f["is_total"] = ["2025-Q1", "2025-Q2"], "Riket", True
    tfig = charts.trend_chart(f, [], "sv", axis_title="Andel")
    trend = tfig.data[0]
    assert trend.y[0] == pytest.approx(100.0) and trend.error_y.array[0] is None
    assert trend.error_y.array[1] == pytest.approx(5.0)
    assert tfig.layout.yaxis.range[1] <= 106
    assert any(d.marker.symbol == "triangle-up" and list(d.y) == [100.0] for d in tfig.data)


def test_trend_chart_gaps_for_suppressed_periods():
    f = frame([("01", 80, 100), ("09", 2, 3)])
    f["period"] = ["2025-Q1", "2025-Q2"]
    f["series"] = "Riket"
    f["is_total"] = True
    fig = charts.trend_chart(f, TL[:1], "sv", axis_title="Andel")
    assert list(fig.data[0].x) == ["2025 kv 1", "2025 kv 2"]
    assert fig.data[0].y[0] == pytest.approx(80) and fig.data[0].y[1] is None
    assert any(s.y0 == 80 for s in fig.layout.shapes)


def test_funnel_limits_and_classification():
    f = frame([("01", 90, 100), ("21", 30, 50), ("09", 2, 3), ("03", 55, 100)])
    fig = charts.funnel_chart(f, 0.6, TL[:1], "sv", axis_title="Andel")
    names = {tr.name for tr in fig.data}
    assert {"95 %-gräns", "99,8 %-gräns"} <= names
    pts = [tr for tr in fig.data if tr.hovertext]
    assert {h.split("</b>")[0][3:] for tr in pts for h in tr.hovertext} == {"Stockholm", "Gävleborg", "03"}
    cls = charts.classify_funnel(f[~f["suppressed"]], 0.6)
    assert list(cls) == ["above2", "within", "within"]  # 90 % of 100 vs 60 %: far outside; 60 % of 50: on p0


def test_funnel_below_three_units_says_why_instead_of_a_dot():
    f = frame([("01", 90, 100), ("21", 30, 50), ("09", 2, 3)])  # two units of 5 or more
    fig = charts.funnel_chart(f, 0.6, TL[:1], "sv", axis_title="Andel")
    assert not [tr for tr in fig.data if tr.x is not None]  # no points, no limits
    note = fig.layout.annotations[0].text.replace("<br>", " ")
    assert "minst 3 enheter" in note and "här finns 2" in note
    assert fig.layout.xaxis.visible is False


def test_funnel_names_cross_no_limit_curve_and_no_other_name():
    # twelve units around 60 % at similar sizes, two far out with long names close together
    rows = [(f"{i:02d}", 60 + (i % 3), 100 + i) for i in range(1, 11)]
    rows += [("20", 95, 120), ("21", 96, 125)]
    f = frame(rows)
    f["label"] = [f"Enhet {k}" for k in f["key"]]
    f.loc[f["key"] == "20", "label"] = "Västmanland"
    f.loc[f["key"] == "21", "label"] = "Kalmar län"
    fig = charts.funnel_chart(f, 0.62, [], "sv", axis_title="Andel")
    named = [(tr, i) for tr in fig.data if tr.mode == "markers+text" for i, x in enumerate(tr.text) if x]
    # label_layout placed them: no two drawn names overlap (as reckoned at the fixed width)
    assert fig.layout.width == charts.FIXED_W
    texts = [tr.text[i] for tr, i in named]
    assert "Västmanland" in texts or "Kalmar län" in texts
    # the names' boxes in the fixed plot area, as the chart reckons them: no two overlap
    w = charts.FIXED_W - charts.FIXED_MARGIN["l"] - charts.FIXED_MARGIN["r"]
    h = 560 - charts.FIXED_MARGIN["t"] - charts.FIXED_MARGIN["b"]
    xr, yr = fig.layout.xaxis.range, fig.layout.yaxis.range
    px = [charts._to_px(tr.x[i], xr[0], xr[1], w) for tr, i in named]
    py = [charts._to_px(tr.y[i], yr[0], yr[1], h) for tr, i in named]
    b = boxes(px, py, texts, [tr.textposition[i] for tr, i in named], marker=11)
    for i in range(len(b)):
        for j in range(i + 1, len(b)):
            assert not (min(b[i][2], b[j][2]) > max(b[i][0], b[j][0]) + 2
                        and min(b[i][3], b[j][3]) > max(b[i][1], b[j][1]) + 2), (texts[i], texts[j])
    # and no limit curve runs through a name
    log = fig.layout.xaxis.type == "log"
    lo_x, hi_x = (10 ** xr[0], 10 ** xr[1]) if log else (xr[0], xr[1])
    curves = [c for tr in fig.data if tr.legendgroup in ("95", "998")
              for c in charts._curve_boxes(charts._to_px(tr.x, lo_x, hi_x, w, log),
                                           charts._to_px(tr.y, yr[0], yr[1], h))]
    hits = charts._overlap(np.asarray(b, dtype=float), np.asarray(curves, dtype=float)).sum(axis=1)
    assert (hits <= 4.0).all(), dict(zip(texts, hits, strict=True))


def test_label_layout_drops_a_name_that_has_no_free_place():
    # three points on one spot: at most one name per free place, none crossing the obstacle line
    px, py = [100, 101, 102], [100, 100, 100]
    pos, shown = charts.label_layout(px, py, ["Alfa", "Beta", "Gamma"], [True] * 3, width=400, height=200,
                                     obstacles=[[0, 98, 400, 102]])
    assert sum(shown) >= 1
    b = boxes(px, py, ["Alfa", "Beta", "Gamma"], pos)
    drawn = [b[i] for i in range(3) if shown[i]]
    for i in range(len(drawn)):
        assert not (drawn[i][1] < 102 and drawn[i][3] > 98)  # off the line
        for j in range(i + 1, len(drawn)):
            assert not (min(drawn[i][2], drawn[j][2]) > max(drawn[i][0], drawn[j][0]) + 1
                        and min(drawn[i][3], drawn[j][3]) > max(drawn[i][1], drawn[j][1]) + 1)


def shown_names(fig):
    """The names a funnel draws next to its points (mode with text, non-empty)."""
    return {x for tr in fig.data if tr.mode and "text" in tr.mode for x in tr.text if x}


def test_funnel_names_only_outliers_and_selected_units_and_says_so():
    f = frame([("01", 90, 100), ("21", 30, 50), ("09", 2, 3), ("03", 60, 100)])
    fig = charts.funnel_chart(f, 0.6, TL[:1], "sv", axis_title="Andel")
    assert shown_names(fig) == {"Stockholm"}  # outside the limits; Gävleborg (on p0) only on hover
    assert any(tr.name and tr.name.startswith("Namn visas för enheter utanför 95 %-gränsen")
               for tr in fig.data)
    # the user's selection (key or label) is named too, and the note says so
    sel = charts.funnel_chart(f, 0.6, TL[:1], "sv", axis_title="Andel", highlight=("21",))
    assert shown_names(sel) == {"Stockholm", "Gävleborg"}
    assert any(tr.name and "valda enheter" in tr.name for tr in sel.data)
    # everyone named: no note needed
    alone = charts.funnel_chart(f, 0.6, [], "en", axis_title="Share", highlight=("Gävleborg", "03"))
    assert not any(tr.name and "hover" in tr.name for tr in alone.data)


def boxes(px, py, texts, pos, marker=10):
    """Label boxes as label_positions reckons them (for checking that they do not overlap)."""
    out = []
    for x, y, tx, p in zip(px, py, texts, pos, strict=True):
        w, h, r = len(tx) * charts.CHAR_PX, charts.LABEL_H, marker / 2 + 2
        dx = {"left": -1, "right": 1}.get(p.split()[1], 0)
        dy = {"top": 1, "bottom": -1}.get(p.split()[0], 0)
        cx, cy = x + dx * (r + w / 2), y + dy * (r + h / 2)
        out.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
    return out


def test_label_positions_keep_close_names_apart_and_inside():
    # five points in a tight cluster plus one at the right edge of a 400 × 300 plot
    px = [100, 112, 124, 106, 118, 395]
    py = [150, 152, 149, 160, 140, 150]
    texts = ["Stockholm", "Värmland", "Jämtland Härjedalen", "Östergötland", "Västra Götalandsregionen",
             "Kronoberg"]
    pos = charts.label_positions(px, py, texts, [True] * 6, width=400, height=300)
    b = boxes(px, py, texts, pos)
    overlaps = sum(1 for i in range(6) for j in range(i + 1, 6)
                   if min(b[i][2], b[j][2]) > max(b[i][0], b[j][0]) and min(b[i][3], b[j][3]) > max(b[i][1], b[j][1]))
    assert overlaps == 0
    assert pos[5].endswith("left") and b[5][2] <= 400  # the edge point's name stays in the plot
    assert len(set(pos[:5])) >= 4  # not all "top center" as before
    # unlabelled points keep the default and cost nothing
    assert charts.label_positions(px, py, texts, [False] * 6, width=400, height=300) == ["top center"] * 6


def test_quadrant_keeps_every_name_and_spreads_close_ones():
    q = pd.DataFrame({"label": ["Riket", "Värmland", "Jämtland Härjedalen", "Västra Götalandsregionen",
                                "Stockholm"],
                      "incl_share": [0.70, 0.56, 0.58, 0.59, 0.62], "lt_share": [0.39, 0.30, 0.30, 0.29, 0.30],
                      "incl_n": 100, "lt_n": 80, "is_total": [True, False, False, False, False],
                      "suppressed": False})
    fig = charts.quadrant_chart(q, 0.7, 0.8, "sv")
    pts = [tr for tr in fig.data if tr.mode == "markers+text"]
    names = [x for tr in pts for x in tr.text]
    assert sorted(names) == sorted(["<b>Riket</b>", "Värmland", "Jämtland Härjedalen",
                                    "Västra Götalandsregionen", "Stockholm"])
    groups = [tr for tr in pts if tr.marker.symbol == "circle"][0]
    assert len(set(groups.textposition)) >= 3  # four names within 6 points of each other: spread out


def test_value_sits_on_its_bar_not_at_the_whisker():
    f = frame([("01", 50, 60), ("21", 6, 100)])
    f["ci_low"], f["ci_high"] = f["share"] - 0.15, (f["share"] + 0.15).clip(upper=1)
    fig = charts.share_bars(f, [], "sv", axis_title="Andel")
    bar = fig.data[0]
    i, j = list(bar.y).index("Stockholm"), list(bar.y).index("Gävleborg")
    # a long bar carries its value inside, at its base (far from the whisker's end at ~98 %)
    assert bar.text[i] == "83,3\u00a0%" and bar.textposition == "inside" and bar.insidetextanchor == "start"
    # a bar too short for its value: the value goes right of the bar's interval instead
    assert bar.text[j] == ""
    txt = fig.data[1]
    assert txt.text[j].strip() == "6,0\u00a0%" and txt.x[j] == pytest.approx(21.0) and txt.x[i] is None
    # a bar whose lower whisker reaches into its value's place: the value stays at the bar's base, on a
    # patch of the bar's colour drawn over the whisker (not at the whisker's end at 62 %)
    wide = frame([("01", 20, 100)])
    wide["ci_low"], wide["ci_high"] = 0.05, 0.62
    wf = charts.share_bars(wide, [], "sv", axis_title="Andel")
    assert wf.data[0].text[0] == "" and wf.data[1].x[0] is None
    patch = [a for a in wf.layout.annotations if a.text == "20,0\u00a0%"]
    assert len(patch) == 1 and patch[0].x == 0 and patch[0].bgcolor == charts.BAR


def test_value_text_is_boxed_only_where_a_target_line_would_cross_it():
    f = frame([("01", 6, 100), ("21", 60, 100)])  # 6 % ends at 11 % (CI), right before a 15 % line
    f["ci_low"], f["ci_high"] = f["share"] - 0.05, f["share"] + 0.05
    fig = charts.share_bars(f, [TargetLine(0.15, "Nationell")], "sv", axis_title="Andel")
    boxed = {a.text: a for a in fig.layout.annotations if a.bgcolor}
    assert set(boxed) == {"6,0\u00a0%"} and boxed["6,0\u00a0%"].bgcolor == "white"
    assert boxed["6,0\u00a0%"].x == pytest.approx(11.0)
    text = [tr for tr in fig.data if getattr(tr, "mode", None) == "text"][0]
    assert list(text.text) == ["", ""]  # the 60 % value is on its bar, the 6 % one boxed
    assert list(fig.data[0].text) == ["60,0\u00a0%", ""]


def target_rows(*rows):
    """metrics.targets() rows: levels in percent and as fractions, unverified as a bool."""
    tg = pd.DataFrame(rows)
    tg["level_1_fraction"] = tg["level_1"] / 100
    tg["level_2_fraction"] = tg["level_2"].astype(float) / 100
    return tg


def test_target_lines_merge_owners_and_respect_validity():
    tg = target_rows(
        {"level_1": 70.0, "level_2": None, "owner_sv": "Nationell", "owner_en": "National",
         "primary_target": True, "valid_from": "2020-01-01", "valid_to": None, "unverified": False},
        {"level_1": 70.0, "level_2": None, "owner_sv": "LPO Gävleborg", "owner_en": "LPO",
         "primary_target": False, "valid_from": "2022-01-01", "valid_to": "2024-12-31", "unverified": False},
    )
    lines = charts.target_lines(tg, "sv", "2024-01", "2024-06")
    assert len(lines) == 1 and lines[0].owners == "Nationell; LPO Gävleborg" and lines[0].level == 0.7
    lines = charts.target_lines(tg, "sv", "2025-01", "2025-06")
    assert lines[0].owners == "Nationell"
    assert lines[0].level_2 is None and not lines[0].unverified


def test_target_lines_take_fractions_and_unverified_from_the_metric_layer():
    # a 1 % target stays 1 % (no guessing percent vs fraction); the flag comes from `unverified`
    tg = target_rows({"level_1": 1.0, "level_2": 0.5, "owner_sv": "Register", "owner_en": "Register",
                      "primary_target": True, "valid_from": None, "valid_to": None, "unverified": True,
                      "confidence": "confirmed"})
    (line,) = charts.target_lines(tg, "sv")
    assert line.level == pytest.approx(0.01) and line.level_2 == pytest.approx(0.005)
    assert line.unverified


def test_two_level_target_is_a_band():
    fig = charts.share_bars(frame([("01", 80, 100)]), [TargetLine(0.95, "Register", level_2=0.99)], "sv",
                            axis_title="Andel")
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(rects) == 2


def test_box_marks_limits_and_skips_small_groups():
    d = pd.DataFrame({"label": ["Bröst", "Lunga †", "Penis"], "n": [100, 50, 3], "p10": [10, 12, 1],
                      "p25": [15, 20, 2], "median": [20, 30, 3], "p75": [30, 40, 4], "p80": [32, 45, 5],
                      "p90": [40, 60, 6], "limit_days": [28, 42, 35], "n_late": [30, 20, 1],
                      "mean_days_over": [8.5, 12.0, 1.0], "unverified": [False, True, False]})
    d["suppressed"] = d["n"] < 5
    fig = charts.lead_time_box(d, "sv")
    box = fig.data[0]
    assert list(box.y) == ["Bröst", "Lunga †"]
    limit = [tr for tr in fig.data if tr.name == "Maximal ledtid (gräns)"][0]
    assert list(limit.x) == [28, 42]
    # every group under 5: a sentence instead of empty axes
    empty = charts.lead_time_box(d[d["n"] < 5], "sv")
    assert not empty.data and "färre än 5 patienter" in empty.layout.annotations[0].text.replace("<br>", " ")


def test_quadrant_draws_both_targets_and_riket():
    q = pd.DataFrame({"label": ["Riket", "A", "B"], "incl_share": [0.72, 0.6, 0.8],
                      "lt_share": [0.4, 0.3, 0.85], "incl_n": [100, 50, 60], "lt_n": [80, 40, 30],
                      "is_total": [True, False, False], "suppressed": [False, False, False]})
    fig = charts.quadrant_chart(q, 0.7, 0.8, "sv")
    assert {s.x0 for s in fig.layout.shapes if s.x0 == s.x1} == {70}
    assert {s.y0 for s in fig.layout.shapes if s.y0 == s.y1} == {80}
    total = [tr for tr in fig.data if tr.marker and tr.marker.symbol == "diamond"]
    assert total and "Riket" in total[0].text[0]


# -- tables and downloads -------------------------------------------------------------------------------
COLS = [tables.Col("label", "Region"), tables.Col("k", "Inom", "k"), tables.Col("n", "Startat", "n"),
        tables.Col("share", "Andel", "share"), tables.Col("ci", "95 % KI", "ci"),
        tables.Col("gap", "Saknas", "gap")]


def test_display_table_suppresses_and_formats(comp):
    d = tables.display_table(comp, COLS, "sv")
    got = d.set_index("Region")
    assert got.loc["Gotland", "Startat"] == "<5"
    assert got.loc["Gotland", "Andel"] == "–" and got.loc["Gotland", "Inom"] == "–"
    assert got.loc["Gotland", "Saknas"] == "–"
    assert got.loc["Stockholm", "Andel"] == "80,0\u00a0%"
    assert got.loc["Stockholm", "95 % KI"] == "75,0–85,0\u00a0%"


def test_csv_and_xlsx_apply_the_same_suppression(comp):
    ex = tables.export_table(comp, COLS, "sv")
    csv = tables.csv_bytes(ex, "sv")
    assert csv.startswith(b"\xef\xbb\xbf")
    text = csv.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Region;Inom;Startat;Andel (%)")
    gotland = [ln for ln in lines if ln.startswith("Gotland")][0]
    assert gotland.split(";")[1:4] == ["", "<5", ""]
    assert "2;3" not in text  # the small cell's counts are nowhere in the file
    stockholm = [ln for ln in lines if ln.startswith("Stockholm")][0]
    assert stockholm.split(";")[3] == "80,0"

    wb = load_workbook(io.BytesIO(tables.xlsx_bytes(ex, "Ledtid per region", ["Urval: test"])))
    ws = wb["Ledtid per region"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["Gotland"][1] is None and rows["Gotland"][2] == "<5" and rows["Gotland"][3] is None
    assert rows["Stockholm"][3] == pytest.approx(80.0) and rows["Stockholm"][2] == 100
    assert wb["Info"]["A1"].value == "Urval: test"


def test_english_csv_uses_comma_and_point(comp):
    ex = tables.export_table(comp, COLS, "en")
    text = tables.csv_bytes(ex, "en").decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Region,Inom,Startat,Andel (%)")
    assert "80.0" in text


def test_pool_small_units_into_others():
    f = frame([("01", 80, 100), ("09", 2, 3), ("21", 1, 4)])
    f["target_id"] = "svf_ledtid_80"
    pooled = tables.pool_small(f, "Övriga", comparisons={"svf_ledtid_80": ">="})
    assert list(pooled["label"])[-1].startswith("Övriga")
    last = pooled.iloc[-1]
    assert (last["k"], last["n"], bool(last["suppressed"])) == (3, 7, False)
    assert last["share"] == pytest.approx(3 / 7)
    assert last["ci_low"] < 3 / 7 < last["ci_high"]
    # judged against the units' own target (80 %), not "no target": 3 of 7 is short by 3 (6/7 >= 80 %)
    assert (last["verdict"], last["gap"], last["target"]) == ("not_met", 3, 0.8)
    assert last["certainty"] == "certainly_not_met"  # Wilson 3/7: upper end ~0.76 < 0.8
    assert last["verdict_text"] == "Målet ej nått – säkert"
    # units with different targets (or no comparison known): no verdict at all, never "Inget mål"
    f.loc[f["key"] == "21", "target_id"] = "other"
    mixed = tables.pool_small(f, "Övriga", comparisons={"svf_ledtid_80": ">="}).iloc[-1]
    assert mixed["verdict"] is None and mixed["verdict_text"] == "–"
    # no target anywhere: that is what the pooled row says
    none = frame([("01", 80, 100), ("09", 2, 3), ("21", 1, 4)])
    none["target"] = np.nan
    assert tables.pool_small(none, "Övriga").iloc[-1]["verdict_text"] == "Inget mål"
    # a single small unit is left as it is (pooling one would reveal it)
    one = tables.pool_small(frame([("01", 80, 100), ("09", 2, 3)]), "Övriga")
    assert list(one["label"]) == ["Stockholm", "Gotland"]


def test_verdict_texts():
    assert tables.verdict_text({"verdict": "no_data", "certainty": ""}, "sv") == "Inga data"
    assert tables.verdict_text({"verdict": "no_data", "certainty": ""}, "en") == "No data"
    assert tables.verdict_text({"verdict": "met", "certainty": "cannot_tell"}, "sv") == "Målet nått – osäkert"
    assert tables.verdict_text({"verdict": "met", "suppressed": True}, "sv") == "Otillräckligt underlag"


def test_funnel_uses_the_metric_layers_z_values():
    from metrics.stats import Z95, Z998, funnel_limits

    lim = charts.funnel_limits_frame(0.5, 100, 100)
    row = lim[lim["n"] == 100].iloc[0]
    assert row["high95"] == pytest.approx(funnel_limits(0.5, 100, Z95)[1])
    assert row["low998"] == pytest.approx(funnel_limits(0.5, 100, Z998)[0])


# -- issue 7: figures that mislead, charts that read badly, tables and downloads ------------------------
def trend_frame(rows, series="Urval", total=False):
    """rows: (period, k, n, preliminary) -> a trend share frame."""
    df = pd.DataFrame(rows, columns=["quarter", "n_within", "n", "preliminary"])
    df["share"] = df["n_within"] / df["n"]
    df["ci_low"], df["ci_high"] = df["share"] - 0.05, (df["share"] + 0.05).clip(upper=1)
    df["verdict"], df["certainty"], df["gap"] = "not_met", "", 0
    f = tables.share_frame(df, key="quarter", num="n_within", den="n")
    f["period"], f["series"], f["is_total"] = f["key"], series, total
    return f


def test_trend_total_and_target_differ_in_colour_dash_and_marker():
    f = pd.concat([trend_frame([("2025-Q1", 60, 100, False)]),
                   trend_frame([("2025-Q1", 70, 100, False)], "Riket", True)], ignore_index=True)
    fig = charts.trend_chart(f, TL[:1], "sv", axis_title="Andel")
    sel = next(d for d in fig.data if d.name == "Urval")
    tot = next(d for d in fig.data if d.name == "Riket")
    target = next(d for d in fig.data if d.name and d.name.startswith("Mål 80"))
    target_shape = next(s for s in fig.layout.shapes if s.y0 == 80)
    assert len({sel.line.color, tot.line.color, target_shape.line.color}) == 3
    assert len({sel.line.dash, tot.line.dash, target_shape.line.dash}) == 3
    assert sel.marker.symbol == "circle" and tot.marker.symbol == "diamond" and target.mode == "lines"
    assert tot.line.color != charts.OKABE_ITO["orange"]  # not the target's near-twin any more


def test_trend_marks_preliminary_periods_with_a_band_and_hollow_markers():
    f = trend_frame([("2025-Q1", 60, 100, False), ("2025-Q2", 62, 100, False), ("2025-Q3", 30, 100, True)])
    fig = charts.trend_chart(f, [], "sv", axis_title="Andel")
    final = fig.data[0]
    assert list(final.y) == [60.0, 62.0, None]  # the preliminary quarter is not on the solid line
    prelim = next(d for d in fig.data if d.name == "Urval, preliminärt")
    assert prelim.line.dash == "dot" and list(prelim.y) == [None, 62.0, 30.0]
    assert list(prelim.marker.symbol) == ["circle", "circle", "circle-open"]
    band = next(s for s in fig.layout.shapes if s.type == "rect")
    assert (band.x0, band.x1) == (1.5, 2.5)
    assert any(a.text == "preliminär" for a in fig.layout.annotations)
    assert "Preliminär" in prelim.hovertext[2]
    # the table and the verdict say it too
    shown = tables.display_table(f, [tables.Col("label", "Period"), tables.Col("preliminary", "Preliminär", "flag"),
                                     tables.Col("verdict", "Bedömning", "verdict")], "sv")
    assert shown["Preliminär"].tolist() == ["–", "–", "Ja"]
    assert shown["Bedömning"].tolist()[2].endswith("(preliminär)")
    assert not shown["Bedömning"].tolist()[0].endswith("(preliminär)")


def test_mark_preliminary_uses_the_data_end():
    f = trend_frame([("2026-Q2", 60, 100, False), ("2026-Q3", 30, 100, False)])
    m = tables.mark_preliminary(f, "quarter", "2026-09", "sv")
    assert m["preliminary"].tolist() == [False, True]
    assert m["verdict_text"].tolist()[1].endswith("(preliminär)")


def test_trend_with_every_period_suppressed_says_why():
    f = pd.concat([trend_frame([("2025-Q1", 2, 3, False), ("2025-Q2", 1, 4, False)]),
                   trend_frame([("2025-Q1", 70, 100, False), ("2025-Q2", 72, 100, False)], "Riket", True)],
                  ignore_index=True)
    fig = charts.trend_chart(f, [], "sv", axis_title="Andel")
    names = [d.name for d in fig.data]
    assert "Urval" not in names
    assert "Urval: färre än 5 fall i varje period – ingen linje" in names


def test_quadrant_axes_end_at_100_and_corner_notes_stay_in_their_quadrant():
    q = pd.DataFrame({"label": ["Riket", "A", "B"], "incl_share": [0.72, 1.25, 0.40],
                      "lt_share": [0.5, 0.9, 0.3], "incl_n": 100, "lt_n": 80,
                      "is_total": [True, False, False], "suppressed": False})
    fig = charts.quadrant_chart(q, 0.7, 0.8, "sv")
    assert fig.layout.xaxis.range[1] <= 102 and fig.layout.yaxis.range[1] <= 102
    assert max(fig.layout.xaxis.tickvals) == 100
    over = next(d for d in fig.data if d.name and d.name.startswith("Över 100 %"))
    assert list(over.x) == [100.0]
    # each corner note lies inside its quadrant: right notes right of the inclusion target, etc.
    w = charts.FIXED_W - charts.FIXED_MARGIN["l"] - charts.FIXED_MARGIN["r"]
    xr = fig.layout.xaxis.range
    vx = (70 - xr[0]) / (xr[1] - xr[0])
    for a in fig.layout.annotations:
        width = max(len(p) for p in a.text.split("<br>")) * 6.6 / w
        if a.xanchor == "right":
            assert a.x - width >= vx
        else:
            assert a.x + width <= vx


def test_titled_figure_carries_title_selection_date_and_demo_and_is_saved_whole():
    f = frame([("01", 80, 100), ("21", 30, 50)])
    fig = charts.share_bars(f, TL[:1], "sv", axis_title="Andel")
    h0 = fig.layout.height
    charts.titled(fig, "Inom ledtid per region", "Urval: hela riket · Data till och med 2026-09-30 · "
                                                  "Syntetiska demodata")
    assert "Inom ledtid per region" in fig.layout.title.text and "Syntetiska demodata" in fig.layout.title.text
    assert fig.layout.height > h0 and fig.layout.margin.t >= 60
    cfg = charts.image_config(fig, "lt_unit_riket_2026-01_2026-06")
    opts = cfg["toImageButtonOptions"]
    assert opts["filename"] == "lt_unit_riket_2026-01_2026-06" and opts["scale"] == 2
    assert opts["width"] >= 1200 and opts["height"] == fig.layout.height


FORMULAS = ['=HYPERLINK("http://x","Klicka")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\t=1+1", "\r=1+1"]


def test_exports_never_hold_a_live_formula_and_numbers_stay_numbers():
    f = frame([("01", 80, 100), ("21", 30, 50), ("03", 6, 10), ("04", 7, 10), ("05", 8, 10), ("06", 9, 10)])
    f["label"] = FORMULAS
    cols = [tables.Col("label", "Enhet"), tables.Col("k", "Inom", "k"), tables.Col("n", "Startat", "n"),
            tables.Col("share", "Andel", "share")]
    table = tables.export_table(f, cols, "sv")
    text = tables.csv_bytes(table, "sv", ["=titel", "Urval: hela riket"]).decode("utf-8-sig")
    import csv
    cells = [c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(\"http://x\",\"Klicka\")" in cells and "'-2+3" in cells and "'@SUM(1)" in cells
    wb = load_workbook(io.BytesIO(tables.xlsx_bytes(table, "Tabell", ["=titel"])))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str):
                    assert cell.value[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell.value
    ws = wb.worksheets[0]
    assert [ws.cell(row=r, column=3).value for r in range(2, 4)] == [100, 50]  # numbers, not text
    assert isinstance(ws.cell(row=2, column=4).value, int | float)


def test_csv_counts_are_whole_numbers_and_notes_come_first():
    f = frame([("01", 7, 10), ("09", 2, 3)])  # Gotland suppressed: blanks beside whole numbers
    cols = [tables.Col("label", "Region"), tables.Col("k", "Inom", "k"), tables.Col("n", "Startat", "n"),
            tables.Col("gap", "Saknas", "gap")]
    text = tables.csv_bytes(tables.export_table(f, cols, "sv"), "sv",
                            ["Inom ledtid", "Syntetiska demodata", "Urval: Stockholm"]).decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[:3] == ["Inom ledtid", "Syntetiska demodata", "Urval: Stockholm"] and lines[3] == ""
    assert lines[4] == "Region;Inom;Startat;Saknas"
    assert lines[5] == "Stockholm;7;10;1"  # not "7,0"
    assert lines[6] == "Gotland;;<5;"


def test_numerator_under_5_reads_lt5_on_screen_and_in_files():
    f = frame([("01", 2, 5), ("21", 0, 8), ("03", 5, 9)])
    cols = [tables.Col("label", "Region"), tables.Col("k", "Inom", "k"), tables.Col("n", "Startat", "n"),
            tables.Col("share", "Andel", "share")]
    shown = tables.display_table(f, cols, "sv").set_index("Region")
    assert shown.loc["Stockholm", "Inom"] == "<5" and shown.loc["Stockholm", "Startat"] == "5"
    assert shown.loc["Stockholm", "Andel"] == "40,0\u00a0%"  # the share of a denominator >= 5 stays
    assert shown.loc["Gävleborg", "Inom"] == "0"
    ex = tables.export_table(f, cols, "sv").set_index("Region")
    assert ex.loc["Stockholm", "Inom"] == "<5" and ex.loc["03", "Inom"] == 5
    hover = charts.share_hover(f.iloc[0].to_dict(), "sv")
    assert "<5 av 5" in hover and "2 av 5" not in hover


def test_table_rows_follow_the_chart_order():
    f = frame([("01", 50, 100), ("09", 2, 3), ("21", 90, 100)])
    f["label"] = ["Äggstock", "Gotland", "Bröst"]
    ordered = tables.order_rows(f)
    assert ordered["label"].tolist() == ["Bröst", "Äggstock", "Gotland"]  # highest first, suppressed last
    fig = charts.share_bars(f, [], "sv", axis_title="Andel")
    assert list(fig.data[0].y) == ordered["label"].tolist()
    named = tables.order_rows(pd.DataFrame({"label": ["Östra", "Ärla", "Alfa", "Zeta"]}))
    assert named["label"].tolist() == ["Alfa", "Zeta", "Ärla", "Östra"]


def test_a_ranked_table_reads_in_rank_order():
    import pandas as pd

    from ui.tables import order_rows

    f = pd.DataFrame({"label": ["b", "a", "c"], "rank": [2.0, 1.0, float("nan")], "share": [0.9, 0.1, 0.5],
                      "suppressed": [False, False, True]})
    assert order_rows(f)["label"].tolist() == ["a", "b", "c"]  # by rank, unranked last; not by share


def test_bar_pattern_background_is_one_colour(comp):
    # plotly.js reads marker.pattern.bgcolor as one colour; left out, it takes the per-bar colour array
    # and logs "Invalid color specifier" in the browser for every draw
    for tr in charts.share_bars(comp, TL, "sv", axis_title="Andel").data:
        if tr.type == "bar" and tr.marker.pattern.shape is not None and not isinstance(tr.marker.color, str):
            assert isinstance(tr.marker.pattern.bgcolor, str)
