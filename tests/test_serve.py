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


def test_a_snapshot_loaded_while_the_server_runs_is_opened_before_any_session_asks(empty_store, monkeypatch):
    import threading
    import time

    import pandas as pd

    from tests.test_metrics import pw
    from ui import serve

    store = _store(empty_store)
    monkeypatch.setenv("SVF_DB", str(store.root))
    first = store.version()
    stop = threading.Event()
    watcher = threading.Thread(target=serve.watch, kwargs={"every": 0.05, "stop": stop})
    watcher.start()
    try:
        with store.transaction() as tx:  # a load: one pathway more, a new snapshot in force
            tx.con.register("_x", pd.DataFrame([pw("brost", "2024-04-01", "2024-04-02")]))
            tx.replace("svf_pathway", tx.con.table("_x"))
            tx.con.unregister("_x")
        second = store.version()
        assert second != first
        derived = store.derived_dir(second)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list(derived.glob("cache.fill_*.parquet"))) < len(core.BASES):
            time.sleep(0.05)
        assert len(list(derived.glob("cache.fill_*.parquet"))) == len(core.BASES)  # every base, no session
    finally:
        stop.set()
        watcher.join(30)
    from ui import data

    con = data._connection(str(store.root), second)  # what the next rerun gets: already filled
    assert all(pending_bases(con, t) == () for t in core.TABLES)
    assert one(compute(con, "lead-time"))["n"] == 1  # the new snapshot's one pathway
    data._connection.clear()
