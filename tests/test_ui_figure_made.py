"""A chart function's figure is held as JSON and made into plotly objects only when read (charts.BuiltFigure).
Remembered figures are shared between sessions' threads, and reports copy figures: both must see the
whole figure."""

import copy
import pickle
import sys
import threading

import plotly.graph_objects as go
import pytest

from tests.test_ui_charts_tables import TL, comp  # noqa: F401 (a fixture)
from ui import charts


def test_threads_reading_a_new_figure_all_see_it_whole(comp):  # noqa: F811
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: a half-made figure would be seen
    try:
        for _ in range(20):
            fig = charts.share_bars(comp, TL, "sv", axis_title="Andel")
            assert isinstance(fig, charts.BuiltFigure)
            start, seen, errors = threading.Barrier(6), [], []

            def read(f=fig, start=start, seen=seen, errors=errors):
                start.wait()
                try:
                    seen.append((len(f.data), f.layout.height, len(charts.plotly_json(f)[0])))
                except Exception as e:  # noqa: BLE001 - any error is the failure
                    errors.append(repr(e))

            threads = [threading.Thread(target=read) for _ in range(6)]
            for th in threads:
                th.start()
            for th in threads:
                th.join(10)
            assert errors == []
            assert len(set(seen)) == 1 and len(seen) == 6
    finally:
        sys.setswitchinterval(old)


@pytest.mark.parametrize("how", [copy.copy, copy.deepcopy, lambda f: pickle.loads(pickle.dumps(f))])
def test_a_figure_copies_as_the_figure_it_shows(comp, how):  # noqa: F811
    fig = charts.share_bars(comp, TL, "sv", axis_title="Andel")
    shown = charts.with_title(fig, "Rubrik", "Urval: hela riket")
    assert isinstance(shown, charts.ShownFigure)
    for f, title in ((fig, None), (shown, "Rubrik")):
        c = how(f)
        assert isinstance(c, go.Figure)
        assert [tr.type for tr in c.data] == [tr["type"] for tr in f.to_dict()["data"]]
        assert list(c.data[0].y) == ["<b>Riket</b>", "Stockholm", "Gävleborg", "Gotland"]
        assert (c.layout.title.text is None) if title is None else (title in c.layout.title.text)
