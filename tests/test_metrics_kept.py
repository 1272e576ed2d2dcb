"""Kept bases (metrics.prepare(keep=...), issue 10): a base filled once is written beside its snapshot,
and a later connection on the same snapshot reads it instead of computing it again, with the same
answers. A kept file that cannot be read, or a directory that cannot be written, changes nothing."""

import pandas as pd

from metrics import Filters, compute, core, prepare
from store import Store
from tests.test_metrics import one
from tests.test_metrics_lazy import _store


def _kept(store: Store) -> dict[str, str]:
    core.wait_kept()  # files are written in the background
    d = store.derived_dir(store.version())
    # cache.fill_<base>-<digest>.parquet -> base
    return {p.name.split("-")[0].removeprefix("cache.fill_"): p.name for p in d.glob("*.parquet")} if d.is_dir() else {}


def _connect(store: Store):
    con = store.connect()
    prepare(con, lazy=True, keep=store.derived_dir(store.version()))
    return con


def _every_table(con) -> dict[str, pd.DataFrame]:
    return {t: compute(con, t, Filters(), ("region",)) for t in core.TABLES}


def test_a_base_is_kept_when_filled_and_read_back_with_the_same_answers(empty_store):
    store = _store(empty_store)
    assert _kept(store) == {}
    first = _connect(store)
    r = one(compute(first, "lead-time"))
    assert (r["n"], r["n_within"]) == (3, 2)  # 28 days within the limit 28, 29 days not, 0 days within
    assert set(_kept(store)) == {"lead_time"}  # only what the query filled

    before = _every_table(first)  # fills (and keeps) every base
    assert set(_kept(store)) == set(core.BASES)
    assert not list(store.derived_dir(store.version()).glob(".tmp-*"))  # no half-written file left

    second = _connect(store)
    filled = []
    real_execute_fill = core._sql

    def spy(name, cached=False):
        if name.startswith("cache/fill_"):
            filled.append(name)
        return real_execute_fill(name, cached)

    core._sql = spy
    try:
        after = _every_table(second)
    finally:
        core._sql = real_execute_fill
    assert filled == []  # every base read from its file, none computed again
    for t in core.TABLES:
        pd.testing.assert_frame_equal(after[t], before[t], obj=t)
    assert compute(second, "lead-time", Filters(), ("region",))[["region", "n", "n_within"]].values.tolist() \
        == [["01", 2, 1], ["21", 1, 1]]


def test_a_damaged_kept_file_is_computed_again(empty_store):
    store = _store(empty_store)
    one(compute(_connect(store), "lead-time"))
    path = store.derived_dir(store.version()) / _kept(store)["lead_time"]
    path.write_bytes(b"not parquet at all")
    r = one(compute(_connect(store), "lead-time"))
    assert (r["n"], r["n_within"]) == (3, 2)
    core.wait_kept()
    assert path.read_bytes()[:4] == b"PAR1"  # written again, whole


def test_a_store_that_cannot_be_written_still_answers(empty_store):
    store = _store(empty_store)
    blocked = store.derived_dir(store.version())
    blocked.write_text("a file where the directory would go")  # as good as unwritable, even for root
    r = one(compute(_connect(store), "lead-time"))
    assert (r["n"], r["n_within"]) == (3, 2)
    core.wait_kept()
    assert blocked.read_text() == "a file where the directory would go"
    assert not list(blocked.parent.glob(".tmp-*"))


def test_a_derived_directory_is_not_part_of_the_snapshot(empty_store):
    from store.check import check

    store = _store(empty_store)
    _every_table(_connect(store))
    assert check(store).code == 0  # the check reads the manifest's tables, not derived files
    store.freeze("review")  # freezing links the table files only
    assert not (store.root / "frozen" / "review" / "derived").exists()
    con = store.connect(version="frozen/review")
    prepare(con, lazy=True, keep=store.derived_dir("frozen/review"))
    assert one(compute(con, "lead-time"))["n_within"] == 2
    core.wait_kept()
    assert (store.root / "frozen" / "review" / "derived").is_dir()  # the frozen one keeps its own


def test_the_phase_rows_are_kept_alike(empty_store):
    from metrics import phases

    store = _store(empty_store)
    first = _connect(store)
    phases.prepare(first)
    before = phases.rows(first)
    derived = store.derived_dir(store.version())
    core.wait_kept()
    assert [p.name.split("-")[0] for p in derived.glob("phases.*")] == ["phases.fill_cache"]
    second = _connect(store)
    phases.prepare(second)
    pd.testing.assert_frame_equal(phases.rows(second), before)
    assert sorted(before["lead_days"].tolist()) == [0, 28, 29]
