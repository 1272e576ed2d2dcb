"""python -m ingest load: formats, aliases, each validation rule (with its line), idempotency,
replacement by key, refusals that leave the store untouched, exit codes."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ingest.__main__ import main
from ingest.load import load_file
from store import Store, StoreError

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
SVF_HEADER = ("pathway_id,patient_id,region_code,unit,svf,sex,age,workup,vm_date,first_visit_date,mdk_date,"
              "diagnosis_info_date,decision_date,end_date,end_type,registered_date")


def q(store: Store, sql: str) -> list[tuple]:
    con = store.connect()
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def count(store: Store, table: str) -> int:
    return q(store, f"SELECT count(*) FROM {table}")[0][0]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def run(store: Store, kind: str, *files: Path) -> int:
    return main(["load", "--db", str(store.root), "--kind", kind, *[str(f) for f in files]])


def svf_csv(tmp_path: Path, rows: list[str], name: str = "svf.csv") -> Path:
    return write(tmp_path / name, SVF_HEADER + "\n" + "\n".join(rows) + "\n")


# -- validation rules, one per line of the fixture ----------------------------------------------
EXPECTED_REJECTS = {  # line -> (column, words the reason must contain)
    3: ("pathway_id", "värde saknas"),
    4: ("region_code", "okänd regionkod '99'"),
    5: ("svf", "okänd vårdförloppskod 'okand'"),
    6: ("sex", "okänt kön 'X'"),
    7: ("age", "orimlig"),
    8: ("workup", "okänd utredningsvariant 'grund'"),
    9: ("vm_date", "datumet '2024-13-01' går inte att tolka"),
    10: ("vm_date", "värde saknas"),
    11: ("first_visit_date", "ligger före vm_date"),
    12: ("decision_date", "ligger efter end_date"),
    13: ("end_date", "ligger före vm_date"),
    14: ("end_type", "värde saknas"),
    15: ("end_date", "värde saknas"),
    16: ("end_type", "okänd sluttyp 'operation'"),
    17: ("end_date", "framtiden"),
    18: ("registered_date", "ligger före vm_date"),
    20: ("patient_id", "personnummer"),
    21: ("age", "inte ett tal"),
}


def test_each_rule_rejects_its_row_with_line_and_column(empty_store, capsys):
    code = run(empty_store, "svf", FIX / "svf_rules.csv")
    err = capsys.readouterr().err
    assert code == 1
    rej = q(empty_store, "SELECT line_number, column_name, reason, raw FROM rejected_row ORDER BY line_number")
    assert {r[0] for r in rej} == set(EXPECTED_REJECTS)
    for line, (col, words) in EXPECTED_REJECTS.items():
        mine = [r for r in rej if r[0] == line]
        assert len(mine) == 1, mine
        assert mine[0][1] == col and words in mine[0][2], mine
        # stderr: one line per refused row, file:line: kolumn col: reason
        lines = [x for x in err.splitlines() if x.startswith(f"{FIX / 'svf_rules.csv'}:{line}: ")]
        assert len(lines) == 1 and f"kolumn {col}: " in lines[0] and words in lines[0]
    # only the valid rows went in; age 12 in the thyroid pathway is a metrics question, not an error
    assert q(empty_store, "SELECT pathway_id FROM svf_pathway ORDER BY 1") == [("P01",), ("P18",)]
    log = q(empty_store, "SELECT rows_read, rows_accepted, rows_rejected, rows_inserted, rows_replaced, "
                         "is_demo, file_name FROM load_log WHERE kind = 'svf'")
    assert log == [(20, 2, 18, 2, 0, False, "svf_rules.csv")]


def test_personnummer_value_is_never_printed_or_stored(empty_store, capsys):
    run(empty_store, "svf", FIX / "svf_rules.csv")
    captured = capsys.readouterr()
    assert "1212121212" not in captured.err + captured.out
    raw = q(empty_store, "SELECT raw FROM rejected_row WHERE line_number = 20")[0][0]
    assert "1212121212" not in raw and "[maskerat]" in raw and raw.startswith("P19,")
    assert count(empty_store, "svf_pathway") == 2


def test_valid_row_is_stored_with_typed_values(empty_store):
    assert run(empty_store, "svf", FIX / "svf_rules.csv") == 1
    row = q(empty_store, "SELECT pathway_id, patient_id, region_code, unit, svf, sex, age, workup, vm_date, "
                         "first_visit_date, mdk_date, diagnosis_info_date, decision_date, end_date, end_type, "
                         "registered_date, load_id FROM svf_pathway WHERE pathway_id = 'P01'")[0]
    assert row == ("P01", "A1", "01", "Enhet 1", "brost", "K", 55, "bas", dt.date(2024, 1, 10),
                   dt.date(2024, 1, 12), None, dt.date(2024, 1, 20), dt.date(2024, 1, 25),
                   dt.date(2024, 2, 1), "kirurgi", dt.date(2024, 2, 10), 1)


def test_all_accepted_exits_zero(empty_store, tmp_path, capsys):
    f = svf_csv(tmp_path, ["P1,A,01,,brost,K,50,,2024-01-10,,,,,2024-02-01,kirurgi,"])
    assert run(empty_store, "svf", f) == 0
    out = capsys.readouterr()
    assert "1 godkända (1 nya, 0 ersatta), 0 avvisade" in out.out and out.err == ""


# -- aliases and value spellings -----------------------------------------------------------------
SWEDISH = (
    "Förlopps-ID;Patient;Län;Vårdenhet;Vårdförlopp;Kön;Ålder;Utredning;VM datum;Första besök;MDK;"
    "Diagnosbesked;Behandlingsbeslut;SFB-datum;Sluttyp;Registreringsdatum\r\n"
    "F1;p1;Region Stockholm;Enhet Ä;Bröstcancer;kvinna;67,0;utökad;20240110;;;;;2024-02-01;x50;\r\n"
    "F2;p2;1;;prostata;man;70,6;bas;2024-01-10;;;;;2024-03-01;VJ152;\r\n"
    "F3;p3;Gävleborg;;Tjock_Andtarm;M;;;2024-01-10;;;;;;;\r\n"
)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig", "utf-16"])
def test_swedish_headers_and_values_in_each_encoding(empty_store, tmp_path, encoding):
    f = write(tmp_path / "svenska.csv", SWEDISH, encoding)
    assert run(empty_store, "svf", f) == 0
    rows = q(empty_store, "SELECT pathway_id, region_code, unit, svf, sex, age, workup, vm_date, end_date, "
                          "end_type FROM svf_pathway ORDER BY 1")
    assert rows == [
        ("F1", "01", "Enhet Ä", "brost", "K", 67, "utokad", dt.date(2024, 1, 10), dt.date(2024, 2, 1), "kirurgi"),
        ("F2", "01", None, "prostata", "M", 70, "bas", dt.date(2024, 1, 10), dt.date(2024, 3, 1), "lakemedel"),
        ("F3", "21", None, "tjock_andtarm", "M", None, "bas", dt.date(2024, 1, 10), None, None),
    ]


def test_comma_file_with_quoted_decimal_comma(empty_store, tmp_path):
    f = svf_csv(tmp_path, ['P1,A,"01",,brost,K,"64,9",,2024-01-10,,,,,,,'])
    assert run(empty_store, "svf", f) == 0
    assert q(empty_store, "SELECT age FROM svf_pathway") == [(64,)]


def test_unknown_columns_are_ignored_with_a_note(empty_store, tmp_path, capsys):
    f = write(tmp_path / "extra.csv", "pathway_id;region;svf;vm_datum;kommentar\nP1;01;lunga;2024-01-10;hej\n")
    assert run(empty_store, "svf", f) == 0
    assert "'kommentar'" in capsys.readouterr().err
    assert count(empty_store, "svf_pathway") == 1


# -- formats -------------------------------------------------------------------------------------
def test_excel_with_date_cells_numbers_and_row_numbers(empty_store, tmp_path, capsys):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Förlopps-ID", "Region", "SVF", "Ålder", "VM-datum", "Slutdatum", "Sluttyp"])
    ws.append(["X1", 1, "lunga", 70, dt.datetime(2024, 1, 10), dt.date(2024, 2, 1), "stralning"])
    ws.append([None] * 7)  # an empty row is not data, but row numbers still count it
    ws.append([12345, "13", "lunga", 71.0, "2024-01-11", None, None])
    ws.append(["X3", "13", "lunga", 72, dt.datetime(2024, 1, 12), dt.datetime(2023, 12, 1), "kirurgi"])
    f = tmp_path / "svf.xlsx"
    wb.save(f)
    assert run(empty_store, "svf", f) == 1
    assert q(empty_store, "SELECT pathway_id, region_code, age, vm_date, end_date, end_type FROM svf_pathway "
                          "ORDER BY 1") == [
        ("12345", "13", 71, dt.date(2024, 1, 11), None, None),
        ("X1", "01", 70, dt.date(2024, 1, 10), dt.date(2024, 2, 1), "stralning"),
    ]
    assert q(empty_store, "SELECT line_number, column_name FROM rejected_row") == [(5, "Slutdatum")]  # own header
    assert f"{f}:5: kolumn Slutdatum: slutdatumet 2023-12-01 ligger före VM-datum" in capsys.readouterr().err


def test_parquet_with_typed_columns(empty_store, tmp_path):
    table = pa.table({
        "death_id": ["D1", "D2"],
        "region_code": ["01", "25"],
        "death_date": pa.array([dt.date(2024, 5, 1), dt.date(2024, 5, 2)], pa.date32()),
        "registered": [True, False],
        "expected_death": pa.array([True, None]),
        "spr_mun": pa.array([1, None], pa.int64()),
    })
    f = tmp_path / "death.parquet"
    pq.write_table(table, f)
    assert run(empty_store, "death", f) == 0
    assert q(empty_store, "SELECT death_id, region_code, death_date, registered, expected_death, spr_mun "
                          "FROM death ORDER BY 1") == [
        ("D1", "01", dt.date(2024, 5, 1), True, True, True),
        ("D2", "25", dt.date(2024, 5, 2), False, None, None),
    ]


def test_parquet_rejects_are_numbered_from_two(empty_store, tmp_path):
    pq.write_table(pa.table({"death_id": ["D1", "D2"], "region_code": ["01", "01"],
                             "death_date": ["2024-05-01", "bad"], "registered": ["ja", "ja"]}),
                   tmp_path / "d.parquet")
    assert run(empty_store, "death", tmp_path / "d.parquet") == 1
    assert q(empty_store, "SELECT line_number, column_name FROM rejected_row") == [(3, "death_date")]


def test_content_decides_format_not_extension(empty_store, tmp_path):
    src = tmp_path / "d.parquet"
    pq.write_table(pa.table({"death_id": ["D1"], "region_code": ["01"], "death_date": ["2024-05-01"],
                             "registered": ["ja"]}), src)
    renamed = tmp_path / "d.csv"
    src.rename(renamed)
    assert run(empty_store, "death", renamed) == 0
    assert count(empty_store, "death") == 1


# -- other kinds ---------------------------------------------------------------------------------
def test_cancer_icd_normalised_and_mapped(empty_store):
    assert run(empty_store, "cancer", FIX / "cancer_valid.csv") == 0
    assert q(empty_store, "SELECT case_id, region_code, icd10, svf, sex, age FROM cancer_case ORDER BY 1") == [
        ("C1", "01", "C509", "brost", "K", 61),
        ("C2", "12", "C61", "prostata", "M", 70),
        ("C3", "14", "C443", None, "K", 80),  # no pathway for this code: fine
        ("C4", "03", "C911", "kll", "M", 75),
    ]


def test_cancer_longest_prefix_wins_and_explicit_svf_wins(empty_store, tmp_path):
    with empty_store.transaction() as tx:  # add a shorter, overlapping prefix to the catalogue
        tx.replace("svf_icd10", tx.con.sql("SELECT * FROM svf_icd10 UNION ALL "
                                           "SELECT 'lymfom', 'C91', 'test', 'test'"))
    f = write(tmp_path / "c.csv", "case_id,region_code,diagnosis_date,icd10,svf\n"
              "K1,01,2024-01-01,C91.1,\nK2,01,2024-01-01,C91.9,\nK3,01,2024-01-01,C50.9,cup\n"
              "K4,01,2024-01-01,XYZ,\nK5,01,2024-01-01,C50,okand\n")
    assert run(empty_store, "cancer", f) == 1
    assert q(empty_store, "SELECT case_id, svf FROM cancer_case ORDER BY 1") == [
        ("K1", "kll"), ("K2", "lymfom"), ("K3", "cup")]
    assert q(empty_store, "SELECT line_number, column_name FROM rejected_row ORDER BY 1") == [
        (5, "icd10"), (6, "svf")]


def test_register_codes_and_composite_key(empty_store, tmp_path):
    assert run(empty_store, "register", FIX / "register_valid.csv") == 0
    assert q(empty_store, "SELECT register, case_id, registered_date FROM register_case ORDER BY 1") == [
        ("nkbc", "C1", dt.date(2024, 3, 1)), ("npcr", "C2", dt.date(2024, 4, 1))]
    f = write(tmp_path / "r2.csv", "register,case_id,registered_date\nnkbc,C1,2024-03-05\n"
              "scrcr,C1,2024-03-06\nokänt,C9,2024-01-01\nnpcr,C3,\n")
    assert run(empty_store, "register", f) == 1
    # nkbc C1 again with a later date: the first registration (2024-03-01) stays (DESIGN.md Metrics)
    assert q(empty_store, "SELECT register, case_id, registered_date FROM register_case ORDER BY 1, 2") == [
        ("nkbc", "C1", dt.date(2024, 3, 1)), ("npcr", "C2", dt.date(2024, 4, 1)),
        ("scrcr", "C1", dt.date(2024, 3, 6))]
    assert q(empty_store, "SELECT rows_inserted, rows_replaced FROM load_log WHERE load_id = 2") == [(1, 1)]
    assert q(empty_store, "SELECT line_number, column_name FROM rejected_row ORDER BY 1") == [
        (4, "register"), (5, "registered_date")]


def test_death_booleans_and_indicators(empty_store, tmp_path):
    assert run(empty_store, "death", FIX / "death_valid.csv") == 0
    assert q(empty_store, "SELECT death_id, region_code, unit_type, registered, expected_death, spr_mun, "
                          "spr_smsk, spr_bps_nst, spr_opi FROM death ORDER BY 1") == [
        ("D1", "01", "sjukhus", True, True, True, False, None, None),
        ("D2", "21", None, False, None, None, None, None, None),
        ("D3", "21", "särskilt boende", True, False, True, True, False, None),
    ]
    f = write(tmp_path / "d.csv", "death_id,region_code,death_date,registered,expected_death,spr_opi\n"
              "D9,01,2024-01-01,kanske,ja,ja\n"
              "D10,01,2024-01-01,ja,ja,ibland\n")
    assert run(empty_store, "death", f) == 1
    assert q(empty_store, "SELECT line_number, column_name FROM rejected_row ORDER BY 1") == [
        (2, "registered"), (3, "spr_opi")]


# -- idempotency and replacement -----------------------------------------------------------------
def test_same_file_again_changes_nothing(empty_store, tmp_path, capsys):
    f = svf_csv(tmp_path, ["P1,A,01,,brost,K,50,,2024-01-10,,,,,2024-02-01,kirurgi,"])
    assert run(empty_store, "svf", f) == 0
    version = empty_store.version()
    copy = write(tmp_path / "annat_namn.csv", f.read_text())
    assert run(empty_store, "svf", copy) == 0
    assert empty_store.version() == version
    assert "lästes redan in" in capsys.readouterr().out
    assert count(empty_store, "load_log") == 1


def test_same_file_with_rejects_again_changes_nothing(empty_store):
    assert run(empty_store, "svf", FIX / "svf_rules.csv") == 1
    version = empty_store.version()
    assert run(empty_store, "svf", FIX / "svf_rules.csv") == 0
    assert empty_store.version() == version
    assert count(empty_store, "rejected_row") == 18


def test_corrected_row_replaces_the_old_one(empty_store, tmp_path):
    first = svf_csv(tmp_path, ["P1,A,01,,brost,K,50,,2024-01-10,,,,,2024-02-01,kirurgi,",
                               "P2,B,01,,brost,K,50,,2024-01-10,,,,,,,"], "v1.csv")
    second = svf_csv(tmp_path, ["P1,A,01,,brost,K,50,,2024-01-10,,,,,2024-02-03,lakemedel,",
                                "P3,C,03,,lunga,M,70,,2024-01-11,,,,,,,"], "v2.csv")
    assert run(empty_store, "svf", first, second) == 0
    assert q(empty_store, "SELECT pathway_id, end_date, end_type, load_id FROM svf_pathway ORDER BY 1") == [
        ("P1", dt.date(2024, 2, 3), "lakemedel", 2),
        ("P2", None, None, 1),
        ("P3", None, None, 2),
    ]
    assert q(empty_store, "SELECT load_id, rows_inserted, rows_replaced FROM load_log ORDER BY 1") == [
        (1, 2, 0), (2, 1, 1)]


def test_duplicate_key_in_one_file_last_row_wins(empty_store, tmp_path, capsys):
    f = svf_csv(tmp_path, ["P1,A,01,,brost,K,50,,2024-01-10,,,,,,,",
                           "P2,B,01,,brost,K,50,,2024-01-10,,,,,,,",
                           "P1,A,01,,brost,K,50,,2024-01-10,,,,,2024-02-01,kirurgi,"])
    assert run(empty_store, "svf", f) == 1
    assert q(empty_store, "SELECT pathway_id, end_type FROM svf_pathway ORDER BY 1") == [
        ("P1", "kirurgi"), ("P2", None)]
    assert q(empty_store, "SELECT line_number, column_name FROM rejected_row") == [(2, "pathway_id")]
    assert f"{f}:2: kolumn pathway_id: samma pathway_id förekommer igen på rad 4" in capsys.readouterr().err


# -- CSV structure and line numbers --------------------------------------------------------------
def test_line_numbers_survive_blank_lines_quoted_newlines_and_broken_rows(empty_store, tmp_path, capsys):
    f = write(tmp_path / "s.csv", SVF_HEADER + "\n"
              "P1,A,01,\"Enhet\nmed radbrytning\",brost,K,50,,2024-01-10,,,,,,,\n"   # lines 2-3
              "\n"                                                                  # line 4
              "P2,A,01\n"                                                           # line 5: too few
              "P3,A,01,,brost,K,50,,2024-01-10,,,,,,,,extra\n"                      # line 6: too many
              "P4,A,01,,brost,K,50,,2024-13-10,,,,,,,\n"                            # line 7: bad date
              "P5,A,01,,brost,K,50,,2024-01-10,,,,,,,\n")                           # line 8
    assert run(empty_store, "svf", f) == 1
    assert q(empty_store, "SELECT line_number, column_name FROM rejected_row ORDER BY 1") == [
        (5, None), (6, None), (7, "vm_date")]
    err = capsys.readouterr().err
    assert f"{f}:5: raden har för få fält (3 av 16)" in err
    assert f"{f}:6: raden har för många fält" in err
    assert q(empty_store, "SELECT pathway_id, unit FROM svf_pathway ORDER BY 1") == [
        ("P1", "Enhet\nmed radbrytning"), ("P5", None)]
    assert q(empty_store, "SELECT raw FROM rejected_row WHERE line_number = 5") == [("P2,A,01",)]


# -- refusals: whole file, store untouched -------------------------------------------------------
def snapshot(store: Store) -> tuple:
    return (store.version(), *(count(store, t) for t in ("svf_pathway", "load_log", "rejected_row", "death")))


@pytest.mark.parametrize("content, words", [
    (b"", "filen är tom"),
    (SVF_HEADER.encode() + b"\n", "inga datarader"),
    (bytes(range(256)) * 20, "binär"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    (b"PK\x03\x04" + b"\x00" * 100, "Excel"),
    (b"PAR1" + b"\x00" * 100, "Parquet"),
    (b"Lorem ipsum dolor sit amet\nconsectetur adipiscing elit\n", "obligatoriska kolumner saknas"),
])
def test_unreadable_files_are_refused_whole(empty_store, tmp_path, capsys, content, words):
    before = snapshot(empty_store)
    (tmp_path / "bad.csv").write_bytes(content)
    assert run(empty_store, "svf", tmp_path / "bad.csv") == 1
    err = capsys.readouterr().err
    lines = [x for x in err.splitlines() if x]
    assert len(lines) == 1 and lines[0].startswith(f"{tmp_path / 'bad.csv'}: filen avvisades:"), err
    assert words in lines[0] and "Traceback" not in err
    assert snapshot(empty_store) == before


def test_wrong_kind_names_the_missing_columns_and_the_likely_kind(empty_store, capsys):
    before = snapshot(empty_store)
    assert run(empty_store, "svf", FIX / "death_valid.csv") == 1
    err = capsys.readouterr().err
    assert "pathway_id" in err and "svf" in err and "vm_date" in err and "--kind death" in err
    assert snapshot(empty_store) == before


@pytest.mark.parametrize("value", ["19121212-1212", "191212121212", "121212-1212", "1212121212"])
def test_personnummer_column_refuses_the_whole_file(empty_store, tmp_path, capsys, value):
    assert run(empty_store, "svf", FIX / "svf_rules.csv") == 1
    capsys.readouterr()
    before = snapshot(empty_store)
    rows = [f"Q{i},A{i},01,,brost,K,50,,2024-01-10,,,,,,,{value}" for i in range(5)]
    f = write(tmp_path / "pnr.csv", SVF_HEADER.replace("registered_date", "id_nummer") + "\n" + "\n".join(rows))
    assert run(empty_store, "svf", f) == 1
    err = capsys.readouterr().err
    assert "'id_nummer'" in err and "personnummer" in err
    assert value not in err and "1212121212" not in err.replace("-", "")
    assert snapshot(empty_store) == before


def test_personnummer_in_excel_numbers_and_by_header_name(empty_store, tmp_path, capsys):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["pathway_id", "region_code", "svf", "vm_date", "pnr_kolumn"])
    wb.active.append(["P1", "01", "lunga", "2024-01-10", 198112189876])
    wb.save(tmp_path / "a.xlsx")
    before = snapshot(empty_store)
    assert run(empty_store, "svf", tmp_path / "a.xlsx") == 1
    assert "'pnr_kolumn'" in capsys.readouterr().err
    f = write(tmp_path / "b.csv", "pathway_id,region_code,svf,vm_date,Personnummer\nP1,01,lunga,2024-01-10,x\n")
    assert run(empty_store, "svf", f) == 1
    assert "'Personnummer'" in capsys.readouterr().err
    assert snapshot(empty_store) == before


def looks_like_pnr(value: str) -> bool:
    """Shape (valid month and day, or day + 60) and check digit, as the loader defines it."""
    d = value[-10:]
    month, day = int(d[2:4]), int(d[4:6])
    if not (1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)):
        return False
    total = sum(sum(divmod(int(c) * (2 - i % 2), 10)) for i, c in enumerate(d))
    return total % 10 == 0


def test_numeric_ids_are_not_taken_for_personnummer(empty_store, tmp_path):
    # Ten-digit numeric ids: the column passes (few have a date shape and a valid check digit), and
    # only the values that do are refused row by row, in each column that holds them.
    ids = [str(4_000_000_000 + 7919 * i) for i in range(400)]
    f = svf_csv(tmp_path, [f"{i},{i},01,,brost,K,50,,2024-01-10,,,,,,," for i in ids])
    bad = [i for i in ids if looks_like_pnr(i)]
    assert 0 < len(bad) < 20
    assert run(empty_store, "svf", f) == 1
    assert count(empty_store, "svf_pathway") == len(ids) - len(bad)
    assert q(empty_store, "SELECT count(DISTINCT line_number), count(*), list(DISTINCT column_name ORDER BY "
                          "column_name) FROM rejected_row") == [(len(bad), 2 * len(bad), ["pathway_id", "patient_id"])]


# -- the store around the load ------------------------------------------------------------------
def test_loading_into_a_missing_store_creates_it_with_the_catalogue(tmp_path):
    store = Store(tmp_path / "ny")
    assert run(store, "cancer", FIX / "cancer_valid.csv") == 0
    assert store.version() == "000001"  # catalogue and data in one snapshot
    assert count(store, "region") == 21 and count(store, "cancer_case") == 4


def test_a_refused_file_does_not_create_a_store(tmp_path):
    store = Store(tmp_path / "ny")
    (tmp_path / "tom.csv").write_bytes(b"")
    assert run(store, "svf", tmp_path / "tom.csv") == 1
    assert not store.exists()


def test_demo_store_is_refused_with_exit_2(empty_store, tmp_path, capsys):
    with empty_store.transaction() as tx:
        tx.replace("load_log", tx.con.sql(
            "SELECT 1 AS load_id, 'demo' AS kind, 'syntetiskt' AS file_name, 'x' AS content_sha256, "
            "TIMESTAMP '2026-01-01 00:00' AS loaded_at, 0 AS rows_read, 0 AS rows_accepted, "
            "0 AS rows_rejected, 0 AS rows_inserted, 0 AS rows_replaced, true AS is_demo"))
    before = snapshot(empty_store)
    assert run(empty_store, "cancer", FIX / "cancer_valid.csv") == 2
    err = capsys.readouterr().err
    assert "demodata" in err and "--db" in err
    assert snapshot(empty_store) == before
    with pytest.raises(StoreError):
        load_file(empty_store, "cancer", FIX / "cancer_valid.csv")


def test_missing_file_is_a_usage_error(empty_store, tmp_path, capsys):
    before = snapshot(empty_store)
    assert run(empty_store, "svf", FIX / "svf_rules.csv", tmp_path / "finns_inte.csv") == 2
    assert "finns_inte.csv" in capsys.readouterr().err
    assert snapshot(empty_store) == before
    with pytest.raises(SystemExit) as e:
        main(["load", "--db", str(empty_store.root), "--kind", "svf"])
    assert e.value.code == 2


def test_load_file_api_returns_counts_and_rejects(empty_store):
    result = load_file(empty_store, "svf", FIX / "svf_rules.csv")
    assert (result.status, result.rows_read, result.rows_accepted, result.rows_rejected) == ("loaded", 20, 2, 18)
    assert result.exit_code == 1
    assert {r.line for r in result.rejects} == set(EXPECTED_REJECTS)
    again = load_file(empty_store, "svf", FIX / "svf_rules.csv")
    assert again.status == "unchanged" and again.exit_code == 0 and again.load_id == result.load_id


def test_command_line_end_to_end(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    db = tmp_path / "cli"
    p = subprocess.run([sys.executable, "-m", "ingest", "load", "--db", str(db), "--kind", "svf",
                        str(FIX / "svf_rules.csv")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert p.returncode == 1, p.stderr
    assert f"{FIX / 'svf_rules.csv'}:9: kolumn vm_date: datumet '2024-13-01' går inte att tolka" in p.stderr
    assert "Traceback" not in p.stderr
    assert "2 godkända" in p.stdout
    p = subprocess.run([sys.executable, "-m", "ingest", "load", "--db", str(db), "--kind", "register",
                        str(FIX / "register_valid.csv")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr


def test_date_spellings(empty_store, tmp_path):
    f = svf_csv(tmp_path, ["D1,A,01,,brost,K,50,,20240110,,,,,,,",
                           "D2,A,01,,brost,K,50,,45301,,,,,,,",             # Excel serial number
                           "D3,A,01,,brost,K,50,,2024-01-10T00:00:00,,,,,,,",
                           "D4,A,01,,brost,K,50,,2024-1-10,,,,,,,",
                           "D5,A,01,,brost,K,50,,2024-02-30,,,,,,,",
                           "D6,A,01,,brost,K,50,,10/01/2024,,,,,,,",
                           "D7,A,01,,brost,K,50,,1024-01-10,,,,,,,"])
    assert run(empty_store, "svf", f) == 1
    assert q(empty_store, "SELECT DISTINCT vm_date FROM svf_pathway") == [(dt.date(2024, 1, 10),)]
    assert count(empty_store, "svf_pathway") == 4
    assert q(empty_store, "SELECT line_number, reason FROM rejected_row ORDER BY 1") == [
        (6, "datumet '2024-02-30' går inte att tolka (skriv ÅÅÅÅ-MM-DD)"),
        (7, "datumet '10/01/2024' går inte att tolka (skriv ÅÅÅÅ-MM-DD)"),
        (8, "datumet 1024-01-10 är orimligt tidigt"),
    ]


def test_two_headers_meaning_the_same_column_refuse_the_file(empty_store, tmp_path, capsys):
    f = write(tmp_path / "dubbel.csv", "pathway_id;region;län;svf;vm_date\nP1;01;01;lunga;2024-01-10\n")
    assert run(empty_store, "svf", f) == 1
    assert "'region' och 'län' betyder båda region_code" in capsys.readouterr().err


def test_spaces_around_values_and_empty_strings(empty_store, tmp_path):
    f = svf_csv(tmp_path, ["  P1 , A ,  1 ,   ,brost , k , 50 ,,2024-01-10 ,,,,,,,"])
    assert run(empty_store, "svf", f) == 0
    assert q(empty_store, "SELECT pathway_id, patient_id, region_code, unit, svf, sex, age FROM svf_pathway") == [
        ("P1", "A", "01", None, "brost", "K", 50)]
    pq.write_table(pa.table({"death_id": ["D1", ""], "region_code": ["01", "01"],
                             "death_date": ["2024-05-01", "2024-05-01"], "registered": ["ja", "ja"],
                             "unit_type": ["", "x"]}), tmp_path / "d.parquet")
    assert run(empty_store, "death", tmp_path / "d.parquet") == 1
    assert q(empty_store, "SELECT death_id, unit_type FROM death") == [("D1", None)]
    assert q(empty_store, "SELECT line_number, column_name, reason FROM rejected_row") == [
        (3, "death_id", "värde saknas")]


# -- personnummer in any stored text column, row by row ------------------------------------------
def test_personnummer_in_id_and_unit_columns_refuses_the_row(empty_store, tmp_path, capsys):
    # A handful in a file of ordinary values: too few for the whole-file rule, so each such row is
    # refused (line and column, never the value), and the rest go in.
    rows = [f"P{i},A{i},01,Enhet {i},brost,K,50,,2024-01-10,,,,,,," for i in range(10)]
    rows[2] = "121212-1212,A2,01,,brost,K,50,,2024-01-10,,,,,,,"          # line 4: pathway_id
    rows[5] = "P5,A5,01,19121212+1212,brost,K,50,,2024-01-10,,,,,,,"      # line 7: unit
    rows[7] = "P7,191212121213,01,,brost,K,50,,2024-01-10,,,,,,,"         # line 9: 12 digits, bad check digit
    rows[8] = "P8,1212121213,01,,brost,K,50,,2024-01-10,,,,,,,"           # 10 digits, bad check digit: an id
    f = svf_csv(tmp_path, rows)
    assert run(empty_store, "svf", f) == 1
    captured = capsys.readouterr()
    assert q(empty_store, "SELECT line_number, column_name, reason FROM rejected_row ORDER BY 1") == [
        (4, "pathway_id", "värdet ser ut som ett personnummer och lagras inte"),
        (7, "unit", "värdet ser ut som ett personnummer och lagras inte"),
        (9, "patient_id", "värdet ser ut som ett personnummer och lagras inte (använd en pseudonym)"),
    ]
    assert f"{f}:7: kolumn unit: värdet ser ut som ett personnummer" in captured.err
    assert count(empty_store, "svf_pathway") == 7
    assert q(empty_store, "SELECT patient_id FROM svf_pathway WHERE pathway_id = 'P8'") == [("1212121213",)]
    raws = [r[0] for r in q(empty_store, "SELECT raw FROM rejected_row ORDER BY line_number")]
    assert raws == ["[maskerat],A2,01,,brost,K,50,,2024-01-10,,,,,,,",
                    "P5,A5,01,[maskerat],brost,K,50,,2024-01-10,,,,,,,",
                    "P7,[maskerat],01,,brost,K,50,,2024-01-10,,,,,,,"]
    shown = captured.out + captured.err
    for value in ("121212-1212", "19121212+1212", "191212121213", "1212121212"):
        assert value not in shown and value not in " ".join(raws)
    stored = q(empty_store, "SELECT string_agg(pathway_id || patient_id || coalesce(unit, ''), ' ') "
                            "FROM svf_pathway")[0][0]
    assert "121212" not in stored.replace("1212121213", "")


@pytest.mark.parametrize("kind, text, line_col", [
    ("cancer", "case_id,region_code,diagnosis_date,icd10\nC1,01,2024-01-01,C509\n"
               "198112189876,01,2024-01-01,C509\nC3,01,2024-01-01,C509\n", (3, "case_id")),
    ("register", "register,case_id,registered_date\nnkbc,C1,2024-03-05\nnkbc,8112189876,2024-03-05\n"
                 "nkbc,C3,2024-03-05\n", (3, "case_id")),
    ("death", "death_id,region_code,death_date,registered,unit_type\nD1,01,2024-01-01,ja,sjukhus\n"
              "D2,01,2024-01-01,ja,811218-9876\nD3,01,2024-01-01,ja,sjukhus\n", (3, "unit_type")),
])
def test_personnummer_row_check_in_every_kind(empty_store, tmp_path, kind, text, line_col):
    f = write(tmp_path / f"{kind}.csv", text)
    assert run(empty_store, kind, f) == 1
    assert q(empty_store, "SELECT line_number, column_name FROM rejected_row") == [line_col]
    assert "[maskerat]" in q(empty_store, "SELECT raw FROM rejected_row")[0][0]


# -- --force: applying a file again --------------------------------------------------------------
def test_force_reloads_a_known_file_after_a_catalogue_change(empty_store, tmp_path, capsys):
    f = svf_csv(tmp_path, ["P1,A,01,,brost,K,50,,2024-01-10,,,,,,,",
                           "P2,B,01,,nytt_forlopp,K,50,,2024-01-10,,,,,,,"])
    assert run(empty_store, "svf", f) == 1
    assert q(empty_store, "SELECT line_number, column_name FROM rejected_row") == [(3, "svf")]
    with empty_store.transaction() as tx:  # the catalogue learns the pathway
        tx.replace("svf", tx.con.sql("SELECT * FROM svf UNION ALL BY NAME "
                                     "SELECT 'nytt_forlopp' AS svf, 'Nytt förlopp' AS name_sv, false AS has_diagnosis"))
    version = empty_store.version()
    capsys.readouterr()
    assert run(empty_store, "svf", f) == 0  # without --force: already loaded, nothing happens
    assert "lästes redan in" in capsys.readouterr().out and empty_store.version() == version
    assert main(["load", "--db", str(empty_store.root), "--kind", "svf", "--force", str(f)]) == 0
    assert "2 godkända (1 nya, 1 ersatta), 0 avvisade (laddning 2)" in capsys.readouterr().out
    assert q(empty_store, "SELECT pathway_id, svf, load_id FROM svf_pathway ORDER BY 1") == [
        ("P1", "brost", 2), ("P2", "nytt_forlopp", 2)]
    assert q(empty_store, "SELECT load_id, rows_rejected FROM load_log ORDER BY 1") == [(1, 1), (2, 0)]


# -- environment problems: exit 2, one Swedish line, no traceback --------------------------------
def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_store_path_that_is_a_file_exits_2(tmp_path, capsys):
    (tmp_path / "lager").write_text("inte en katalog")
    assert run(Store(tmp_path / "lager"), "cancer", FIX / "cancer_valid.csv") == 2
    line = one_error_line(capsys)
    assert line.startswith("fel: Lagret ") and "kan inte skrivas" in line
    assert main(["build", "--db", str(tmp_path / "lager"), "--scale", "0.001"]) == 2
    err = capsys.readouterr().err
    assert "fel: Lagret " in err and "Traceback" not in err


def test_disk_full_while_loading_exits_2_and_changes_nothing(empty_store, monkeypatch, capsys):
    import errno

    import store as store_module

    before = snapshot(empty_store)
    real_replace = store_module.os.replace

    def full(src, dst):
        if str(src).endswith(".parquet.tmp"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(store_module.os, "replace", full)
    assert run(empty_store, "cancer", FIX / "cancer_valid.csv") == 2
    line = one_error_line(capsys)
    assert "kan inte skrivas" in line and "No space left on device" in line
    monkeypatch.undo()
    assert snapshot(empty_store) == before


@pytest.mark.parametrize("error", [OSError(13, "Permission denied", "/tmp/x"),
                                   __import__("duckdb").IOException("IO Error: could not write")])
def test_unexpected_environment_errors_exit_2_with_one_line(empty_store, monkeypatch, capsys, error):
    import ingest.load

    def boom(*args, **kwargs):
        raise error

    monkeypatch.setattr(ingest.load, "load_cli", boom)
    assert run(empty_store, "svf", FIX / "svf_rules.csv") == 2
    line = one_error_line(capsys)
    assert line.startswith("fel: inläsningen avbröts (") and ("Permission denied" in line or "IO Error" in line)


def test_personnummer_inside_a_longer_value_refuses_the_row(empty_store, tmp_path, capsys):
    """Embedded personnummer/samordningsnummer (with or without century, -, + or nothing, valid check
    digit) refuse their row in pathway_id, patient_id and unit; ids, dates and date-serial ids pass."""
    rows = [f"P{i:06d},A{i},01,Enhet {i},brost,K,50,,2024-01-10,,,,,,," for i in range(12)]
    rows[0] = "P-19121212-1212,A0,01,,brost,K,50,,2024-01-10,,,,,,,"            # line 2: pathway_id
    rows[1] = "P1,ref 121212-1212,01,,brost,K,50,,2024-01-10,,,,,,,"            # line 3: patient_id
    rows[2] = "P2,A2,01,ref 121212-1212,brost,K,50,,2024-01-10,,,,,,,"          # line 4: unit
    rows[3] = "P3,A3,01,Avd 7 (pat 121212+1212),brost,K,50,,2024-01-10,,,,,,,"  # line 5: unit, + separator
    rows[4] = "P4,x1212121212y,01,,brost,K,50,,2024-01-10,,,,,,,"               # line 6: no separator
    rows[5] = "P5,S 121272-1219,01,,brost,K,50,,2024-01-10,,,,,,,"              # line 7: samordningsnummer
    rows[6] = "P6,A 121212-1213 och 121212-1212,01,,brost,K,50,,2024-01-10,,,,,,,"  # line 8: the second
    # these pass: an id, a date, a date with a serial number, ten digits with a wrong check digit, a
    # longer run of digits
    rows[7] = "P000123,A7,01,Enhet 2024-01-10,brost,K,50,,2024-01-10,,,,,,,"
    rows[8] = "R-20240101-0001,A8,01,,brost,K,50,,2024-01-10,,,,,,,"
    rows[9] = "P9,ID 1212121213,01,,brost,K,50,,2024-01-10,,,,,,,"
    rows[10] = "P10,A10,01,Lab 12345678901234,brost,K,50,,2024-01-10,,,,,,,"
    f = svf_csv(tmp_path, rows)
    assert run(empty_store, "svf", f) == 1
    captured = capsys.readouterr()
    rej = q(empty_store, "SELECT line_number, column_name, reason, raw FROM rejected_row ORDER BY 1")
    assert [(r[0], r[1]) for r in rej] == [(2, "pathway_id"), (3, "patient_id"), (4, "unit"), (5, "unit"),
                                           (6, "patient_id"), (7, "patient_id"), (8, "patient_id")]
    assert all("innehåller något som ser ut som ett personnummer" in r[2] for r in rej)
    assert f"{f}:4: kolumn unit: värdet innehåller något som ser ut som ett personnummer" in captured.err
    assert count(empty_store, "svf_pathway") == 5
    assert {r[0] for r in q(empty_store, "SELECT pathway_id FROM svf_pathway")} == {
        "P000123", "R-20240101-0001", "P9", "P10", "P000011"}
    shown = captured.out + captured.err + " ".join(r[3] for r in rej)
    for value in ("19121212-1212", "121212-1212", "121212+1212", "1212121212", "121272-1219"):
        assert value not in shown
    assert "[maskerat]" in rej[0][3]


# -- files that cannot be parsed: one line, exit 1, never a traceback ----------------------------
@pytest.mark.parametrize("name, content, words", [
    ("quote_start.csv", b'pathway_id,"patient_id,region_code,svf,vm_date\nP1,A1,01,brost,2024-01-10\n',
     'rubrikraden (rad 1) har ett citattecken (") som inte avslutas'),
    ("quote_mid.csv", b'pathway_id;pat"ient_id;region_code;svf;vm_date\nP1;A1;01;brost;2024-01-10\n',
     "rubrikraden (rad 1) har ett citattecken"),
    ("only_quote.csv", b'"\n', "rubrikraden (rad 1) har ett citattecken"),
    ("no_newline_quote.csv", b'pathway_id,svf\n"P1,brost', "filen"),
    ("broken.xlsx", b"PK\x03\x04" + b"\x00garbage" * 20, "Excel"),
    ("broken.parquet", b"PAR1" + b"\x01" * 64, "Parquet-filen kunde inte läsas"),
    ("cr_only.csv", b"pathway_id,svf\r\"P1\r,brost\r", "filen"),
])
def test_unparseable_file_is_one_line_and_exit_1(empty_store, tmp_path, capsys, name, content, words):
    f = tmp_path / name
    f.write_bytes(content)
    assert run(empty_store, "svf", f) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and words in err
    assert len([x for x in err.splitlines() if x.strip()]) == 1, err


# -- messages in the file's own words; unusable column combinations; templates and README ---------
def test_messages_name_the_files_own_headers(empty_store, tmp_path, capsys):
    f = write(tmp_path / "egen.csv", "Förlopps-ID;region;diagnosgrupp;VM;mdk;behandlingsstart;sluttyp\n"
                                     "P1;01;brost;2024-01-10;2024-01-05;2024-02-01;kirurgi\n"
                                     "P2;01;brost;2024-01-10;;2024-01-01;kirurgi\n")
    assert run(empty_store, "svf", f) == 1
    err = capsys.readouterr().err
    assert f"{f}:2: kolumn mdk: datumet 2024-01-05 ligger före VM (2024-01-10)" in err
    assert f"{f}:3: kolumn behandlingsstart: slutdatumet 2024-01-01 ligger före VM (2024-01-10)" in err
    assert "mdk_date" not in err and "vm_date" not in err and "end_date" not in err
    assert q(empty_store, "SELECT line_number, column_name FROM rejected_row ORDER BY 1") == [
        (2, "mdk"), (3, "behandlingsstart")]


@pytest.mark.parametrize("kind, header, row, words", [
    ("svf", "förlopps_id;region;vårdförlopp;vm_datum;behandlingsstart", "P1;01;brost;2024-01-10;2024-02-01",
     "kolumnen 'behandlingsstart' känns igen men går inte att använda utan en kolumn för sluttyp"),
    ("svf", "förlopps_id;region;vårdförlopp;vm_datum;sluttyp", "P1;01;brost;2024-01-10;kirurgi",
     "kolumnen 'sluttyp' känns igen men går inte att använda utan en kolumn för slutdatum"),
    ("death", "dödsfall_id;region;dödsdatum;registrerad;spr_mun;spr_opi", "D1;01;2024-01-10;ja;ja;nej",
     "kolumnen 'spr_mun', 'spr_opi' känns igen men går inte att använda utan en kolumn för väntat_dödsfall"),
])
def test_a_column_useless_without_its_companion_refuses_the_file(empty_store, tmp_path, capsys, kind, header,
                                                                 row, words):
    f = write(tmp_path / "f.csv", header + "\n" + row + "\n")
    version = empty_store.version()
    assert run(empty_store, kind, f) == 1
    err = capsys.readouterr().err
    assert words in err and "Lägg till en kolumn" in err and "Inget från filen lästes in" in err
    assert empty_store.version() == version


@pytest.mark.parametrize("kind", ["svf", "cancer", "register", "death"])
def test_templates_load_without_remarks(tmp_path, capsys, kind):
    store = Store(tmp_path / "s")
    if kind == "register":  # registrations point at cancer cases
        assert run(store, "cancer", ROOT / "data" / "templates" / "cancer.csv") == 0
    assert run(store, kind, ROOT / "data" / "templates" / f"{kind}.csv") == 0
    out = capsys.readouterr()
    assert "0 avvisade" in out.out and "obs:" not in out.err


def test_readme_lists_the_required_columns_of_every_kind():
    import re

    from ingest.columns import SPECS, header_key

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Kolumner per typ"):readme.index("### Regler")]
    for kind, spec in SPECS.items():
        line = next(x for x in section.splitlines() if x.startswith(f"| `{kind}` |"))
        bold = {spec.alias_map().get(header_key(b)) for b in re.findall(r"\*\*([^*]+)\*\*", line)}
        assert bold == set(spec.required), kind  # exactly the required columns are in bold
    assert "data/egen/" in (ROOT / ".gitignore").read_text()
