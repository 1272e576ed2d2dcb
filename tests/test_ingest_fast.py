"""The load's fast paths (issue 10) give exactly what the slow ones give: svf validation builds its list of
problems only for rows that fail a sufficient all-pass condition (queries/load/validate_svf.sql), dates take a
cheaper first test (ld_date), and padded values are trimmed only where found. Every file goes through the fused
read, the general path and the fused read with the all-pass condition switched off; all three must say and
store the same, and a few boundaries are checked by hand."""

import datetime as dt

import pytest

import ingest.load as load
from ingest.load import load_file
from store import Store
from tests.test_ingest_fused import HEADER, both_paths, same, stored

GUARD = "CASE WHEN len($pnr_columns) = 0"
COLS = ["id", "patient", "region", "unit", "svf", "sex", "age", "workup", "vm", "fv", "mdk", "di", "dec", "end",
        "end_type", "reg"]


def row(**values: str) -> str:
    """A valid row (hand-made: vm 2024-01-10, end 2024-02-01 by surgery) with some values changed."""
    base = dict(id="P0", patient="A0", region="01", unit="Kirurgen", svf="brost", sex="K", age="50", workup="bas",
                vm="2024-01-10", fv="", mdk="", di="", dec="", end="2024-02-01", end_type="kirurgi",
                reg="2024-02-03")
    base.update(values)
    return ",".join(base[c] for c in COLS)


def three_ways(tmp_path, monkeypatch, lines: list[str]):
    """Load `lines` (header first) through the fused read and the general path (required identical), then
    through the fused read again with the all-pass condition off (every row builds its list): identical too."""
    text = "\n".join(lines) + "\n"
    fused, general, fs, gs = both_paths(tmp_path, text, monkeypatch)
    same(fused, general, fs, gs)
    monkeypatch.undo()
    original = load.sql

    def no_guard(name: str) -> str:
        q = original(name)
        if name == "load/validate_svf":
            assert GUARD in q  # the condition this test switches off is still there
            q = q.replace(GUARD, "CASE WHEN false AND len($pnr_columns) = 0")
        return q

    monkeypatch.setattr(load, "sql", no_guard)
    (tmp_path / "in.csv").write_bytes(text.encode("utf-8"))
    slow_store = Store(tmp_path / "slow")
    slow = load_file(slow_store, "svf", tmp_path / "in.csv")
    same(fused, slow, fs, slow_store)
    return fused, fs


def test_the_all_pass_condition_never_hides_a_problem(tmp_path, monkeypatch):
    today = dt.date.today()
    cases = [  # (row, refused column or None); hand-made boundaries of every check
        (row(fv="2024-01-10", mdk="2024-02-01", di="2024-01-20", dec="2024-01-31"), None),  # on vm and on end
        (row(fv="2024-01-09"), "första_besök"),          # a day before vm
        (row(mdk="2024-02-02"), "mdk"),                  # a day after end
        (row(di="2024-02-02", end="", end_type="", reg=""), None),  # no end: nothing to be after
        (row(dec="2024-01-09", end="", end_type="", reg=""), "behandlingsbeslut"),
        (row(end="2024-01-10"), None),                   # ends the day it starts
        (row(end="2024-01-09", reg=""), "slutdatum"),    # ends before it starts
        (row(reg="2024-01-09"), "registreringsdatum"),
        (row(vm="1900-01-01"), None),
        (row(vm="1899-12-31"), "vm_datum"),
        (row(vm=today.isoformat(), end="", end_type="", reg=""), None),
        (row(vm=(today + dt.timedelta(days=1)).isoformat(), end="", end_type="", reg=""), "vm_datum"),
        (row(fv=(today + dt.timedelta(days=1)).isoformat(), end="", end_type="", reg=""), "första_besök"),
        (row(vm=""), "vm_datum"),
        (row(age="0"), None), (row(age="120"), None), (row(age='"119,6"'), None), (row(age='"120,4"'), "ålder"),
        (row(age="121"), "ålder"), (row(age="-1"), "ålder"), (row(age="NaN"), "ålder"), (row(age="inf"), "ålder"),
        (row(age="femtio"), "ålder"), (row(age=""), None),
        (row(sex=""), None), (row(sex="X"), "kön"), (row(sex="kvinna"), None),
        (row(workup=""), None), (row(workup="mycket"), "utredning"),
        (row(region=""), "region"), (row(region="99"), "region"),
        (row(svf=""), "vårdförlopp"), (row(svf="okänd"), "vårdförlopp"),
        (row(end_type=""), "sluttyp"), (row(end=""), "slutdatum"), (row(end="", end_type=""), None),
        (row(end_type="annat"), "sluttyp"),
        (row(id=""), "förlopps_id"),
    ]
    lines = [HEADER] + [r.replace("P0,A0", f"P{i},A{i}", 1) if not r.startswith(",") else r
                        for i, (r, _) in enumerate(cases)]
    fused, fs = three_ways(tmp_path, monkeypatch, lines)
    refused = {r.line: r.column for r in fused.rejects}
    expected = {i + 2: col for i, (_, col) in enumerate(cases) if col}
    assert refused == expected
    assert fused.rows_accepted == sum(1 for _, col in cases if col is None)


def test_dates_in_every_accepted_spelling_and_bad_ones_with_line_and_column(tmp_path, monkeypatch):
    good = [  # (as written, the date by hand)
        ("2024-01-10", "2024-01-10"), ("2024-1-5", "2024-01-05"), ("20240110", "2024-01-10"),
        ("2024-01-10 10:15", "2024-01-10"), ("2024-01-10T10:15:00Z", "2024-01-10"),
        ("2024-01-10 10:15:00.5+01:00", "2024-01-10"), ("45301", "2024-01-10"),  # Excel: 1899-12-30 + 45301 days
        (" 2024-01-10 ", "2024-01-10"), ('"2024-01-10"', "2024-01-10"), ("2024-01-9", "2024-01-09"),
    ]
    bad = ["2024/01/10", "10/01/2024", "2024-02-30", "2024-1-32", "12024-01-10", "2024-01-10x", "0000-00-00",
           "2024-01-1O", "1.5", "2024-01"]
    lines = [HEADER]
    lines += [row(id=f"G{i}", vm=text, end="", end_type="", reg="") for i, (text, _) in enumerate(good)]
    lines += [row(id=f"B{i}", fv=text) for i, text in enumerate(bad)]
    fused, fs = three_ways(tmp_path, monkeypatch, lines)
    rows, _ = stored(fs)
    vm = {r[0]: r[8].isoformat() for r in rows}  # vm_date
    assert vm == {f"G{i}": day for i, (_, day) in enumerate(good)}
    first_bad = 2 + len(good)
    assert [(r.line, r.column, r.reason) for r in fused.rejects] == [
        (first_bad + i, "första_besök", f"datumet '{text}' går inte att tolka (skriv ÅÅÅÅ-MM-DD)")
        for i, text in enumerate(bad)]


@pytest.mark.parametrize("pad", [False, True])
def test_padded_and_clean_files_store_the_same_rows(tmp_path, monkeypatch, pad):
    lines = [HEADER] + [row(id=f"P{i}", patient=f"A{i}", fv="2024-01-12", age=str(40 + i)) for i in range(8)]
    if pad:  # every value of some rows padded, an empty quoted value, a tab kept (only spaces are trimmed)
        lines[2] = ",".join(f" {v} " for v in lines[2].split(","))
        lines[3] = lines[3].replace("Kirurgen", '""')
        lines[4] = lines[4].replace("Kirurgen", '"  Kirurgen\t"')
    fused, fs = three_ways(tmp_path, monkeypatch, lines)
    assert fused.status == "loaded" and fused.rows_accepted == 8 and not fused.rejects
    rows, _ = stored(fs)
    units = [r[3] for r in rows]
    assert units == (["Kirurgen", "Kirurgen", None, "Kirurgen\t"] + ["Kirurgen"] * 4 if pad else ["Kirurgen"] * 8)
    assert [r[6] for r in rows] == list(range(40, 48))
