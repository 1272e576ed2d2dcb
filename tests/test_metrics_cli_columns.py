"""python -m metrics without pandas: the CLI's column path (core.compute_columns, rules.suppress_columns,
the stdlib CSV / JSON writers) prints the same bytes as the DataFrame path (core.compute, rules.suppress,
pandas' to_csv / to_json), and compute() is still the same DataFrame."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys

import pandas as pd
import pytest

from metrics import core, rules
from metrics.__main__ import _publishable, _write_frame, main
from store import ROOT, Store
from tests.conftest import demo_store
from tests.test_metrics import ROOT_DEMO_LOAD, case, pw


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory):
    return demo_store(tmp_path_factory, "cols", scale=0.02, seed=11)


@pytest.fixture(scope="module")
def odd_store(tmp_path_factory):
    """Text a writer can get wrong (slash, quotes, comma, newline, formula starts, Swedish letters) and
    shares above 100 % (inclusion: more pathways than cases), some rows under 5 and some not."""
    units = ["Kirurgi/Onkologi", 'Enhet "A", Gävle', "rad\nbrytning", "=1+2", "-2+3", "Östra sjukhuset"]
    pathways = [pw("brost", "2024-03-01", f"2024-03-{10 + i % 20:02d}", region="21", unit=units[i % len(units)])
                for i in range(40)]
    pathways += [pw("lunga", "2024-05-01", "2024-05-20", region="01") for _ in range(7)]
    pathways += [pw("tjock", "2024-05-01", "2024-05-20", region="03") for _ in range(2)]
    from ingest.reference import ensure_store

    s = Store(tmp_path_factory.mktemp("odd") / "store")
    ensure_store(s)
    with s.transaction() as tx:
        for table, rows in {"svf_pathway": pathways, "load_log": [ROOT_DEMO_LOAD],
                            "cancer_case": [case("lunga", "2024-05-02", icd10="C349", region="01")]
                            + [case("brost", "2024-03-02", region="21") for _ in range(30)]}.items():
            tx.con.register("_x", pd.DataFrame(rows))
            tx.replace(table, tx.con.table("_x"))
            tx.con.unregister("_x")
    return s


def _cli(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    stdout, sys.stdout = sys.stdout, out
    try:
        code = main(argv)
    finally:
        sys.stdout = stdout
    return code, out.getvalue()


def _pandas_output(store: Store, table: str, by: tuple[str, ...], filters: core.Filters, raw: bool, fmt: str) -> str:
    """What the command printed before it had a column path: compute()'s DataFrame through the
    DataFrame rules and pandas' writers (still the --targets all path)."""
    con = store.connect()
    try:
        df = _publishable(con, table, core.compute(con, table, filters, by), by, raw)
    finally:
        con.close()
    out = io.StringIO()
    _write_frame(df, fmt, out)
    return out.getvalue()


CASES = [  # table, --by, extra options, the Filters they mean
    ("lead-time", "region", [], core.Filters()),
    ("lead-time", "svf,quarter", ["--region", "01", "12"], core.Filters(regions=("01", "12"))),
    ("inclusion", "region,svf", [], core.Filters()),
    ("inclusion", "svf,year", ["--denominator", "previous_year"], core.Filters(inclusion_denominator="previous_year")),
    ("register-coverage", "register,half_year", ["--as-of", "2025-06-30"],
     core.Filters(as_of=dt.date(2025, 6, 30))),
    ("register-timeliness", "register", ["--months", "6"], core.Filters(months=6)),
    ("palliative-coverage", "region,month", ["--from", "2024-01", "--to", "2024-06"],
     core.Filters(period_from="2024-01", period_to="2024-06")),
    ("palliative-indicators", "region", [], core.Filters()),
    ("palliative-indicators", "", [], core.Filters()),
]


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize(("table", "by", "extra", "filters"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_cli_prints_what_the_dataframe_path_prints(synth_store, table, by, extra, filters, fmt):
    by_t = tuple(d for d in by.split(",") if d)
    for raw in (False, True):
        argv = [table, "--db", str(synth_store.root), "--by", by, "--format", fmt, *extra] + (["--raw"] if raw else [])
        code, out = _cli(argv)
        assert code == 0
        assert out == _pandas_output(synth_store, table, by_t, filters, raw, fmt)
        assert out.count("\n") > 1 if fmt == "csv" else out.startswith("[{")


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize(("table", "by"), [("lead-time", ("unit",)), ("lead-time", ("region", "month")),
                                           ("inclusion", ("region", "svf")), ("inclusion", ())])
def test_odd_text_and_shares_above_100_are_written_alike(odd_store, table, by, fmt):
    for raw in (False, True):
        argv = [table, "--db", str(odd_store.root), "--by", ",".join(by), "--format", fmt] + (["--raw"] if raw else [])
        code, out = _cli(argv)
        assert code == 0
        assert out == _pandas_output(odd_store, table, by, core.Filters(), raw, fmt)


def test_odd_store_has_what_it_is_for(odd_store):
    # the fixture must hold what the comparison above is about, or that test proves little
    con = odd_store.connect()
    inc = core.compute(con, "inclusion", core.Filters(), ("region", "svf"))
    lunga = inc[(inc["region"] == "01") & (inc["svf"] == "lunga")].iloc[0]
    assert (lunga["n_svf"], lunga["n_cases"]) == (7, 1)  # 700 %: no gap (NA), suppressed (1 case)
    assert str(inc["gap"].dtype) == "Int64"
    units = set(core.compute(con, "lead-time", core.Filters(), ("unit",))["unit"].dropna())
    assert {"Kirurgi/Onkologi", "=1+2", "rad\nbrytning"} <= units


def test_empty_result_prints_the_header_or_an_empty_list(synth_store):
    for fmt, want in (("csv", "region,n,n_within,share"), ("json", "[]\n")):
        code, out = _cli(["lead-time", "--db", str(synth_store.root), "--by", "region", "--from", "2040-01",
                          "--format", fmt])
        assert code == 0
        assert out.startswith(want)
        assert out == _pandas_output(synth_store, "lead-time", ("region",), core.Filters(period_from="2040-01"),
                                     False, fmt)


def test_suppress_columns_counts_and_hidden_cells():
    cols = {"n": [3, 5, 12], "n_within": [3, 2, 0], "share": [1.0, 0.4, 0.0], "gap": [0, rules.NA, 2]}
    got = rules.suppress_columns(cols, "n_within", "n")
    assert got["n"] == ["<5", 5, 12]
    assert got["n_within"] == ["<5", "<5", 0]  # 0 identifies nobody
    assert got["share"] == [None, 0.4, 0.0]  # the row of 3 loses its share
    assert got["gap"] == [None, rules.NA, 2]  # suppression's None stays apart from the NA of no gap


def test_the_command_does_not_import_pandas_or_plotly(synth_store):
    code = ("import sys, io, contextlib\n"
            "from metrics.__main__ import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['lead-time', '--by', 'region,quarter', '--db', {str(synth_store.root)!r}]) == 0\n"
            "print(sorted(m for m in ('pandas', 'plotly', 'streamlit') if m in sys.modules))\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT),
                       env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}, check=False, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"
