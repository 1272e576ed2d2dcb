"""prepare(lazy=True) (the dashboard's connection, issue 10): nothing is filled up front, each base table
when a query first needs it, with the same hand-worked answers as a plain connection; the catalogue's
codes and target candidates are kept per connection without changing what a call returns."""

import pandas as pd
import pytest

from metrics import Filters, UnknownCodeError, compute, core, is_prepared, lead_time_summary, pending_bases, prepare
from tests.test_metrics import one, pw


def _store(empty_store):
    with empty_store.transaction() as tx:
        tx.con.register("_x", pd.DataFrame([
            pw("brost", "2024-03-01", "2024-03-29"),  # 28 days = limit 28 -> within
            pw("brost", "2024-03-01", "2024-03-30"),  # 29 days -> not within
            pw("brost", "2024-03-15", "2024-03-15", region="21"),  # 0 days -> within
        ]))
        tx.replace("svf_pathway", tx.con.table("_x"))
        tx.con.unregister("_x")
    return empty_store


def test_lazy_prepare_fills_only_what_a_query_needs_and_answers_alike(empty_store):
    store = _store(empty_store)
    con = store.connect()
    prepare(con, lazy=True)
    assert not is_prepared(con)  # nothing filled yet
    assert pending_bases(con, "lead-time") == ("lead_time",)
    assert pending_bases(con, "inclusion") == ("inclusion_svf", "inclusion_cases")

    r = one(compute(con, "lead-time"))
    assert (r["n"], r["n_within"], r["target_id"]) == (3, 2, "svf_ledtid_80")
    assert pending_bases(con, "lead-time") == ()  # filled by the first query that needed it
    assert pending_bases(con, "inclusion") == ("inclusion_svf", "inclusion_cases")  # still not needed
    assert core._has_table(con, core.CACHE_PREFIX + "lead_time")
    assert not core._has_table(con, core.CACHE_PREFIX + "register_coverage")

    # the same hand-worked answers per region as a plain connection: 01 has days 28, 29; 21 has 0
    by_region = compute(con, "lead-time", Filters(), ("region",))
    assert by_region[["region", "n", "n_within"]].values.tolist() == [["01", 2, 1], ["21", 1, 1]]
    s = one(lead_time_summary(con, Filters(regions=("01",)), by=()))
    assert (s["n"], s["median"], s["n_late"]) == (2, 28.5, 1)

    # codes are checked against the kept catalogue exactly as against the database
    with pytest.raises(UnknownCodeError, match="'99'"):
        compute(con, "lead-time", Filters(regions=("99",)))

    prepare(con)  # the rest, then the ready marker: a full prepare after a lazy one
    assert is_prepared(con) and pending_bases(con, "inclusion") == ()
    assert one(compute(con, "lead-time"))["n_within"] == 2


def test_a_cursor_of_a_lazy_connection_takes_the_plain_path(empty_store):
    con = _store(empty_store).connect()
    prepare(con, lazy=True)
    r = one(compute(con.cursor(), "lead-time"))  # no kept state for a cursor: base SQL inline
    assert (r["n"], r["n_within"]) == (3, 2)
    assert pending_bases(con, "lead-time") == ("lead_time",)
