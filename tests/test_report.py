"""The LPO review report: the period rules, and the real PDF and workbook from a small demo store.

The workbook's figures are compared with `python -m metrics` run as a separate process on the same
store (two code paths that must agree); the PDF is printed by Debian's chromium and read back with
poppler (pdftotext, pdftoppm), the way a person would see it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from report import review
from tests.conftest import demo_store

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "report"
REGION, PERIOD, MONTHS = "01", "2025H2", ("2025-07", "2025-12")


def test_periods_are_half_years_or_years():
    assert review.parse_period("2026H1") == ("2026-01", "2026-06")
    assert review.parse_period("2026-h2") == ("2026-07", "2026-12")
    assert review.parse_period("2025") == ("2025-01", "2025-12")
    for bad in ("2026H3", "26H1", "2026-07", ""):
        with pytest.raises(ValueError, match="Ogiltig period"):
            review.parse_period(bad)
    assert review.previous_period("2026-01", "2026-06") == ("2025-07", "2025-12")
    assert review.previous_period("2025-01", "2025-12") == ("2024-01", "2024-12")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return demo_store(tmp_path_factory, "report", scale=0.05, seed=7)


@pytest.fixture(scope="module")
def built(store, tmp_path_factory):
    """The report for Stockholm, 2025 H2, as PDF and workbook, through the command line."""
    from report.__main__ import main

    out = tmp_path_factory.mktemp("out")
    code = main(["review", "--db", str(store.root), "--region", REGION, "--period", PERIOD,
                 "--format", "pdf,xlsx", "--out", str(out)])
    assert code == 0
    return out


def _cli_metric(store, table: str) -> dict[str, dict]:
    res = subprocess.run([sys.executable, "-m", "metrics", table, "--db", str(store.root), "--region", REGION,
                          "--from", MONTHS[0], "--to", MONTHS[1], "--by", "svf", "--format", "json", "--raw"],
                         capture_output=True, text=True, cwd=ROOT)
    if res.returncode == 2 and "--raw" in res.stderr:  # a command line without the --raw flag prints raw counts
        res = subprocess.run([sys.executable, "-m", "metrics", table, "--db", str(store.root), "--region", REGION,
                              "--from", MONTHS[0], "--to", MONTHS[1], "--by", "svf", "--format", "json"],
                             capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    return {r["svf"]: r for r in json.loads(res.stdout)}


def _sheet_rows(path: Path, sheet: str) -> tuple[list[str], list[list]]:
    from openpyxl import load_workbook

    ws = load_workbook(path)[sheet]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head_at = next(i for i, r in enumerate(rows) if r and r[0] in ("SVF-förlopp", "Vårdförlopp"))
    return [str(c) for c in rows[head_at] if c is not None], rows[head_at + 1:]


def test_workbook_figures_equal_the_command_line(store, built):
    from store import Store

    xlsx = built / f"lpo-uppfoljning_{REGION}_{PERIOD}.xlsx"
    names = dict(Store(store.root).connect().execute("SELECT name_sv, svf FROM svf").fetchall())
    for sheet, table, num, den in (("Inklusion", "inclusion", "n_svf", "n_cases"),
                                   ("Ledtider", "lead-time", "n_within", "n")):
        cli = _cli_metric(store, table)
        head, rows = _sheet_rows(xlsx, sheet)
        k_col, n_col, share_col = head.index("Täljare"), head.index("Nämnare"), head.index(
            next(h for h in head if h.endswith("(%)")))
        compared = 0
        for r in rows:
            if not r or r[0] is None or r[0] not in names:
                break
            expected = cli[names[r[0]]]
            if expected[den] < 5:  # suppressed in the report: '<5' and no numerator or share
                assert r[n_col] == "<5" and r[k_col] is None and r[share_col] is None, r
                continue
            assert r[n_col] == expected[den] and isinstance(r[n_col], int), (sheet, r)
            # a count of 1–4 reads "<5" even where the share is shown (metrics.rules)
            assert r[k_col] == ("<5" if 1 <= expected[num] <= 4 else expected[num]), (sheet, r)
            assert r[share_col] == pytest.approx(round(expected["share"] * 100, 1)), (sheet, r)
            compared += 1
        assert compared >= 5, f"too few shown rows compared on {sheet}"


def test_workbook_has_the_selection_first_and_no_formulas(built):
    from openpyxl import load_workbook

    wb = load_workbook(built / f"lpo-uppfoljning_{REGION}_{PERIOD}.xlsx")
    first = wb.worksheets[0]
    assert first.title == "Urval"
    text = " ".join(str(c.value) for row in first.iter_rows() for c in row if c.value is not None)
    assert "Region Stockholm" in text and "Syntetiska demodata" in text and "2025-07 – 2025-12" in text
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (test.sh installs it)")
def test_every_pdf_page_says_demo_data_and_renders(built):
    pdf = built / f"lpo-uppfoljning_{REGION}_{PERIOD}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert "A4" in info and pages >= 6
    for i in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "Syntetiska demodata" in text, f"page {i}"
        assert f"Sida {i} av {pages}" in text, f"page {i}"
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for heading in ("Målen i sammanfattning", "SVF per vårdförlopp", "Trender de senaste fyra halvåren",
                    "Datastatus och metod", "Inklusion per vårdförlopp – Region Stockholm",
                    "Inrapporteringsrampen, alla kvalitetsregister sammantaget – Region Stockholm"):
        assert heading in whole
    assert "finns ännu inte i rapporten" not in whole  # no section left out any more
    # the scorecard's twelve columns print on landscape pages, the charts on portrait ones
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    orient = ["landscape" if float(line.split()[3]) > float(line.split()[5]) else "portrait"
              for line in sizes.splitlines() if line.startswith("Page") and " size:" in line]
    assert orient[0] == "portrait" and orient[1] == "landscape" and "portrait" in orient[2:]
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("review-sv-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(SHOTS / "review-sv")], check=True)
    assert len(list(SHOTS.glob("review-sv-*.png"))) == pages


def test_workbook_has_the_register_ramp_at_the_newest_years_lag(built):
    from openpyxl import load_workbook

    ws = load_workbook(built / f"lpo-uppfoljning_{REGION}_{PERIOD}.xlsx")["Rampen"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head_at = next(i for i, r in enumerate(rows) if r and r[0] == "Diagnosår")
    years = [r[0] for r in rows[head_at + 1:] if r and r[0]]
    # 2025 H2 judges diagnosis year 2024 as of 2025-12-31 (12 months after its end), beside 2021–2023
    assert years == ["2021", "2022", "2023", "2024"]
    head = [str(c) for c in rows[head_at]]
    assert "Efter 12 mån (%)" in head or any(h.startswith("Efter 12 mån") for h in head)


def test_a_store_of_some_regions_names_its_total_for_what_it_is(empty_store):
    from tests.test_metrics import put, pw

    con = put(empty_store, svf_pathway=[pw("brost", "2026-02-01", "2026-03-01", region="21") for _ in range(6)])
    doc = review.build(con, review.Request(period="2026H1", region="21"), "000001")
    svf = next(s for s in doc.sections if s.key == "svf")
    headers = [h for b in svf.blocks if hasattr(b, "display") for h in b.display.columns]
    assert "Alla regioner i underlaget" in headers and "Riket" not in headers
    assert ("Regioner", "Lagret innehåller inte alla regioner: jämförelsen heter därför ”Alla regioner i "
            "underlaget”, inte Riket.") in doc.facts


def test_english_report(store, tmp_path):
    from report.__main__ import main

    assert main(["review", "--db", str(store.root), "--region", "21", "--period", PERIOD, "--format", "xlsx",
                 "--out", str(tmp_path), "--lang", "en"]) == 0
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / f"lpo-review_21_{PERIOD}.xlsx")
    assert wb.worksheets[0].title == "Selection"
    assert "Inclusion" in wb.sheetnames and "Lead times" in wb.sheetnames


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--region", "99", "--period", PERIOD], 1, "Okänd"),
    (["--region", REGION, "--period", "2025H3"], 2, "Ogiltig period"),
    (["--region", REGION, "--period", PERIOD, "--format", "docx"], 2, "okänt format"),
])
def test_bad_requests_get_a_sentence_and_the_documented_exit_code(store, tmp_path, capsys, args, code, words):
    from report.__main__ import main

    assert main(["review", "--db", str(store.root), "--out", str(tmp_path), "--format", "xlsx", *args]) == code
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.xlsx"))


def test_report_from_a_frozen_snapshot_keeps_its_figures_after_a_later_load(store, tmp_path):
    """Freeze, load something else, rebuild from the frozen snapshot: the same workbook figures."""
    from openpyxl import load_workbook

    from report.__main__ import main

    def figures(path: Path) -> list:
        wb = load_workbook(path)
        return [[c for c in row] for name in ("Inklusion", "Ledtider") for row in wb[name].iter_rows(values_only=True)]

    store.freeze("lpo-test")
    args = ["review", "--db", str(store.root), "--region", REGION, "--period", PERIOD, "--format", "xlsx"]
    assert main([*args, "--snap", "lpo-test", "--out", str(tmp_path / "a")]) == 0
    with store.transaction() as tx:  # a later load: half the pathways gone
        tx.replace("svf_pathway", tx.con.sql("SELECT * FROM svf_pathway USING SAMPLE 50 PERCENT (bernoulli, 1)"))
    assert main([*args, "--snap", "lpo-test", "--out", str(tmp_path / "b")]) == 0
    assert main([*args, "--out", str(tmp_path / "c")]) == 0
    name = f"lpo-uppfoljning_{REGION}_{PERIOD}.xlsx"
    assert figures(tmp_path / "a" / name) == figures(tmp_path / "b" / name)
    assert figures(tmp_path / "a" / name) != figures(tmp_path / "c" / name)
    first = load_workbook(tmp_path / "b" / name).worksheets[0]
    assert any("fryst underlag lpo-test" in str(c.value) for row in first.iter_rows() for c in row)
