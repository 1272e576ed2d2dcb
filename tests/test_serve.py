"""ui.serve's warm start: the snapshot in force is opened with every base table filled before any
session asks, and the first session's connection is that one; without data nothing is done (the first
session builds the demo data with its progress bar)."""

from metrics import compute, core, pending_bases, phases
from tests.test_metrics import one
from tests.test_metrics_lazy import _store


def test_warm_start_opens_the_snapshot_with_every_base_filled(empty_store, monkeypatch):
    from ui import data, serve

    store = _store(empty_store)
    monkeypatch.setenv("SVF_DB", str(store.root))
    serve.warm()
    key = (str(store.root), store.version())
    con = data._connection(*key)  # what the first session gets: the warm thread's connection, cached
    assert all(pending_bases(con, t) == () for t in core.TABLES)
    assert phases.is_prepared(con)
    r = one(compute(con, "lead-time"))
    assert (r["n"], r["n_within"]) == (3, 2)  # days 28 and 0 within the limit 28, 29 not
    data._connection.clear()


def test_warm_start_without_data_does_nothing(tmp_path, monkeypatch):
    from ui import serve

    monkeypatch.setenv("SVF_DB", str(tmp_path / "none"))
    serve.warm()
    assert not (tmp_path / "none").exists()  # no store made: the first session builds the demo data
