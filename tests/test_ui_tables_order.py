"""A chart's table shown in the chart's order without reordering its frame first (tables.row_order):
the same table as of the ordered frame; the frame is taken in that order only for a download."""

import pandas as pd

from tests.test_ui_charts_tables import COLS, frame
from ui import tables


def test_row_order_shows_the_table_of_the_ordered_frame():
    units = frame([("21", 30, 50), ("01", 80, 100), ("09", 2, 3)])  # Gävleborg 60 %, Stockholm 80 %, Gotland <5
    riket = frame([("01", 112, 153)])
    riket[["key", "label", "is_total"]] = ["__total__", "Riket", True]
    f = pd.concat([units, riket], ignore_index=True)
    order = tables.row_order(f)
    assert order == [3, 1, 0, 2]  # the total, then 80 %, 60 %, and the suppressed row last
    shown = tables.display_table(f, COLS, "sv", order=order)
    assert shown.equals(tables.display_table(tables.order_rows(f), COLS, "sv"))
    assert shown["Region"].tolist() == ["Riket", "Stockholm", "Gävleborg", "Gotland"]
    ordered = f.take(order)
    assert tables.row_order(ordered) is None and tables.order_rows(ordered) is ordered  # in order: not taken
    assert tables.row_order(f.iloc[:0]) is None
