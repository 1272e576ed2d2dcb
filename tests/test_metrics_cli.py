"""python -m metrics: output formats, exit codes 0/1/2 and Swedish messages."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from metrics.__main__ import main
from store import ROOT
from tests.test_metrics import ROOT_DEMO_LOAD, put, pw


@pytest.fixture
def demo_store(empty_store):
    put(empty_store,
        svf_pathway=[
            pw("brost", "2024-03-01", "2024-03-29", region="01"),  # 28 d: within
            pw("brost", "2024-03-01", "2024-03-30", region="01"),  # 29 d: late
            pw("brost", "2024-03-01", "2024-03-05", region="21", unit="Enhet A"),
        ],
        load_log=[ROOT_DEMO_LOAD])
    return empty_store


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_csv_output_is_suppressed_by_default(demo_store, capsys):
    # 2 and 1 patients: every count is 1–4, so "<5", and no share, interval or verdict (rows < 5)
    code, out, err = _run(capsys, "lead-time", "--db", str(demo_store.root), "--by", "region")
    assert code == 0
    df = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert df[["region", "n", "n_within"]].values.tolist() == [["01", "<5", "<5"], ["21", "<5", "<5"]]
    assert df["share"].tolist() == ["", ""] and df["verdict"].tolist() == ["", ""]
    assert df["ci_low"].tolist() == ["", ""] and df["gap"].tolist() == ["", ""]
    assert "suppressed" in df.columns and (df["suppressed"] == "True").all()
    assert err.startswith("Obs: syntetiska demodata")


def test_raw_flag_prints_raw_counts_for_internal_use(demo_store, capsys):
    code, out, err = _run(capsys, "lead-time", "--db", str(demo_store.root), "--by", "region", "--raw")
    assert code == 0
    df = pd.read_csv(io.StringIO(out), dtype={"region": str})
    assert df[["region", "n", "n_within"]].values.tolist() == [["01", 2, 1], ["21", 1, 1]]
    assert df["share"].tolist() == [0.5, 1.0]
    assert "internt bruk" in err


def test_numerator_under_5_is_hidden_even_when_the_denominator_is_not(empty_store, capsys):
    # 6 pathways in region 01, 2 of them within 31 days: the denominator 6 shows, the numerator "<5"
    rows = [pw("brost", "2024-03-01", "2024-03-10", region="01") for _ in range(2)]
    rows += [pw("brost", "2024-03-01", "2024-05-30", region="01") for _ in range(4)]
    put(empty_store, svf_pathway=rows, load_log=[ROOT_DEMO_LOAD])
    code, out, _ = _run(capsys, "lead-time", "--db", str(empty_store.root), "--by", "region",
                        "--format", "json")
    assert code == 0
    row = json.loads(out)[0]
    assert (row["n"], row["n_within"]) == (6, "<5")
    assert abs(row["share"] - 2 / 6) < 1e-9 and row["verdict"] == "not_met"


def test_period_rows_carry_preliminary(empty_store, capsys):
    # the data end in 2024-06 -> April, May, June are still being reported; March is not
    rows = [pw("brost", "2024-03-01", "2024-03-10"), pw("brost", "2024-04-01", "2024-04-10"),
            pw("brost", "2024-06-01", "2024-06-10")]
    put(empty_store, svf_pathway=rows, load_log=[ROOT_DEMO_LOAD])
    code, out, _ = _run(capsys, "lead-time", "--db", str(empty_store.root), "--by", "month", "--raw")
    assert code == 0
    df = pd.read_csv(io.StringIO(out))
    assert dict(zip(df["month"], df["preliminary"], strict=True)) == {
        "2024-03": False, "2024-04": True, "2024-06": True}


def test_json_output_and_filters(demo_store, capsys):
    code, out, _ = _run(capsys, "lead-time", "--db", str(demo_store.root), "--region", "01,21",
                        "--from", "2024-03", "--to", "2024-03", "--by", "month,svf", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 1 and rows[0]["month"] == "2024-03" and rows[0]["svf"] == "brost"
    assert (rows[0]["n"], rows[0]["n_within"], rows[0]["verdict"]) == ("<5", "<5", None)
    assert rows[0]["target_level_2"] is None


def test_unknown_region_is_rejected_with_the_valid_codes(demo_store, capsys):
    code, out, err = _run(capsys, "lead-time", "--db", str(demo_store.root), "--region", "99")
    assert code == 1 and out == ""
    assert "Okänd regionkod '99'" in err and "21 (Region Gävleborg)" in err and "Traceback" not in err


def test_unknown_unit_is_rejected(demo_store, capsys):
    code, _, err = _run(capsys, "lead-time", "--db", str(demo_store.root), "--unit", "Enhet Z")
    assert code == 1 and "okänd vårdenhet 'Enhet Z'" in err and "Enhet A" in err


@pytest.mark.parametrize("argv, needle", [
    (["waiting-time"], "invalid choice"),                       # unknown table (argparse)
    (["lead-time", "--by", "week"], "Okänd indelning 'week'"),  # unknown dimension
    (["inclusion", "--by", "unit"], "cancerregistret"),          # dimension the table lacks
    (["lead-time", "--from", "2024-3"], "ÅÅÅÅ-MM"),              # bad month
    (["lead-time", "--from", "2024-05", "--to", "2024-04"], "Perioden är tom"),
    (["palliative-coverage", "--svf", "brost"], "--svf gäller inte"),
    (["lead-time", "--format", "xml"], "invalid choice"),
])
def test_usage_errors_exit_2(demo_store, capsys, argv, needle):
    with pytest.raises(SystemExit) as e:  # argparse's own errors exit through SystemExit
        code = main([*argv, "--db", str(demo_store.root)])
        raise SystemExit(code)
    assert e.value.code == 2
    assert needle in capsys.readouterr().err


def test_missing_store_says_how_to_build(tmp_path, capsys):
    code, out, err = _run(capsys, "inclusion", "--db", str(tmp_path / "nowhere"))
    assert code == 1 and out == "" and "python -m ingest build" in err


def test_module_runs_as_a_program(demo_store):
    # the real entry point, as a scheduled job would call it (SVF_DB picks the store)
    env = {"SVF_DB": str(demo_store.root), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-m", "metrics", "lead-time", "--by", "svf"], capture_output=True,
                       text=True, env=env, cwd=str(ROOT), check=False, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines()[0].startswith("svf,n,n_within,share,ci_low,ci_high,target")
    assert "brost,<5,<5,," in p.stdout
    assert "Obs: syntetiska demodata" in p.stderr


def test_csv_output_never_holds_a_formula(empty_store, capsys):
    units = ['=HYPERLINK("http://x","Klicka")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\tflik"]
    put(empty_store, svf_pathway=[pw("brost", "2024-03-01", "2024-03-10", region="21", unit=u) for u in units],
        load_log=[ROOT_DEMO_LOAD])
    code, out, _ = _run(capsys, "lead-time", "--db", str(empty_store.root), "--by", "unit", "--raw")
    assert code == 0
    import csv
    cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(\"http://x\",\"Klicka\")" in cells and "'-2+3" in cells
    assert "1" in cells  # counts stay numbers
