"""The load's quick paths (issue 10) keep every check: a bad value far down a larger file is still named
by line and column, a personnummer that is the only suspicious value in a file still refuses its row,
and the line numbers are the same whether the reader numbers records itself or takes row + 2."""

from pathlib import Path

import pytest

from ingest.load import load_file
from store import Store

HEADER = ("förlopps_id,patient_id,region,vårdenhet,vårdförlopp,kön,ålder,utredning,vm_datum,första_besök,mdk,"
          "diagnosbesked,behandlingsbeslut,slutdatum,sluttyp,registreringsdatum")


def good_row(i: int) -> list[str]:
    return [f"P{i}", f"A{i}", "01", "Kirurgen", "brost", "K", "50", "bas", "2024-01-10", "", "", "", "", "",
            "", ""]


def write_rows(path: Path, rows: list[list[str]], quote_all: bool = False, newline: str = "\n",
               final_newline: bool = True) -> Path:
    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if quote_all or "\n" in v or "," in v else v

    text = newline.join([HEADER] + [",".join(cell(v) for v in r) for r in rows])
    path.write_bytes((text + (newline if final_newline else "")).encode("utf-8"))
    return path


@pytest.fixture()
def store(tmp_path) -> Store:
    return Store(tmp_path / "store")


def rejects(result) -> list[tuple[int, str, str]]:
    return [(r.line, r.column, r.reason) for r in result.rejects]


def test_bad_values_far_down_a_file_keep_line_and_column(store, tmp_path):
    rows = [good_row(i) for i in range(20_000)]
    rows[100][3] = "Kirurgen\nplan 2"            # data row 100 (line 102) spans two lines: later rows shift by one
    rows[15_000][8] = "2024-13-45"               # line 15_000 + 2 + 1
    rows[19_000][3] = "Avd 7, ref 121212-1212"   # a personnummer inside a longer unit name, line 19_003
    rows[19_998][6] = "130"                      # line 20_001
    f = write_rows(tmp_path / "stor.csv", rows)
    result = load_file(store, "svf", f)
    assert result.rows_read == 20_000 and result.rows_accepted == 19_997
    assert rejects(result) == [
        (15_003, "vm_datum", "datumet '2024-13-45' går inte att tolka (skriv ÅÅÅÅ-MM-DD)"),
        (19_003, "vårdenhet", "värdet innehåller något som ser ut som ett personnummer och lagras inte"),
        (20_001, "ålder", "åldern '130' är orimlig (0–120 år)"),
    ]
    con = store.connect()
    try:
        raw = con.execute("SELECT line_number, raw FROM rejected_row ORDER BY line_number").fetchall()
        units = con.execute("SELECT unit FROM svf_pathway WHERE pathway_id IN ('P100', 'P19000')").fetchall()
    finally:
        con.close()
    assert [line for line, _ in raw] == [15_003, 19_003, 20_001]
    assert "121212" not in raw[1][1] and "[maskerat]" in raw[1][1] and raw[1][1].startswith("P19000,")
    assert units == [("Kirurgen\nplan 2",)]  # the multi-line value itself is kept; P19000 is not stored


@pytest.mark.parametrize("quote_all, newline, final_newline", [
    (False, "\n", True),     # plain: row r on line r + 2 without numbering the records
    (True, "\n", True),      # quotes: the records are numbered
    (False, "\r\n", False),  # CRLF, no final line break
])
def test_line_numbers_agree_with_and_without_quotes(store, tmp_path, quote_all, newline, final_newline):
    rows = [good_row(i) for i in range(50)]
    rows[10][4] = "okand"
    rows[49][8] = "2024-02-30"
    f = write_rows(tmp_path / "f.csv", rows, quote_all=quote_all, newline=newline, final_newline=final_newline)
    result = load_file(store, "svf", f)
    assert [(line, col) for line, col, _ in rejects(result)] == [(12, "vårdförlopp"), (51, "vm_datum")]
    assert result.rows_accepted == 48


def test_blank_line_at_the_end_shifts_nothing_and_a_blank_line_inside_does(store, tmp_path):
    rows = [",".join(good_row(i)) for i in range(6)]
    rows[4] = rows[4].replace("brost", "okand")
    text = HEADER + "\n" + "\n".join(rows[:2]) + "\n\n" + "\n".join(rows[2:]) + "\n\n"
    f = tmp_path / "f.csv"
    f.write_bytes(text.encode("utf-8"))
    result = load_file(store, "svf", f)
    # data row 4 is on line 2 + 4 + 1 (the blank line after row 1)
    assert [(line, col) for line, col, _ in rejects(result)] == [(7, "vårdförlopp")]
    assert result.rows_accepted == 5


def test_a_single_personnummer_among_clean_ten_digit_ids_is_found(store, tmp_path):
    """Ten-digit ids make every row a candidate for the exact scan; only the one with a valid check
    digit is refused."""
    rows = [good_row(i) for i in range(3_000)]
    for i, r in enumerate(rows):
        r[1] = f"{5_000_000_000 + i * 7}"  # ten digits, month 00: never a personnummer
    rows[2_500][1] = "1212121212"          # valid check digit: refused, never shown
    f = write_rows(tmp_path / "f.csv", rows)
    result = load_file(store, "svf", f)
    assert rejects(result) == [(2_502, "patient_id",
                                "värdet ser ut som ett personnummer och lagras inte (använd en pseudonym)")]
    assert result.rows_accepted == 2_999


def test_personnummer_column_among_other_columns_refuses_the_file(store, tmp_path):
    rows = [good_row(i) + [f"19{12 + i % 2:02d}1212-1212"] for i in range(200)]
    f = tmp_path / "f.csv"
    f.write_bytes((HEADER + ",extra\n" + "\n".join(",".join(r) for r in rows) + "\n").encode("utf-8"))
    result = load_file(store, "svf", f)
    assert result.status == "refused" and "'extra' (kolumn 17)" in result.message
    assert not store.exists() or store.version() is None
