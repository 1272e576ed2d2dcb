"""Reading input files: header aliases, format and encoding sniffing, CSV line numbers, Excel cells."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from ingest.columns import SPECS, guess_kind, header_key, map_headers
from ingest.readers import FileRefused, _cell_text, _delimiter, _record_lines, read_into, sniff


def test_header_key_ignores_case_accents_spaces_and_punctuation():
    assert header_key("Förlopps-ID ") == header_key("forlopps_id") == header_key("FÖRLOPPSID") == "forloppsid"
    assert header_key("\ufeffVM datum") == "vmdatum"


@pytest.mark.parametrize("kind", list(SPECS))
def test_aliases_are_unambiguous_and_cover_every_column(kind):
    spec = SPECS[kind]
    aliases = spec.alias_map()  # raises on an alias that points at two columns
    assert set(aliases.values()) == set(spec.names)
    found, unknown, clashes = map_headers(spec, spec.names)
    assert set(found) == set(spec.names) and not unknown and not clashes


@pytest.mark.parametrize("header, column", [
    ("förlopps_id", "pathway_id"), ("Forlopp ID", "pathway_id"), ("Pseudonym", "patient_id"),
    ("Län", "region_code"), ("Länskod", "region_code"), ("Regionkod", "region_code"), ("Vårdenhet", "unit"),
    ("Diagnosgrupp", "svf"), ("Kön", "sex"), ("Ålder", "age"), ("Utredning", "workup"),
    ("Välgrundad misstanke", "vm_date"), ("Datum VM", "vm_date"), ("Första besök", "first_visit_date"),
    ("MDK", "mdk_date"), ("Diagnosbesked", "diagnosis_info_date"), ("Behandlingsbeslut", "decision_date"),
    ("SFB datum", "end_date"), ("Avslutsdatum", "end_date"), ("Avslutsorsak", "end_type"), ("Åtgärd", "end_type"),
    ("Registreringsdatum", "registered_date"),
])
def test_svf_aliases(header, column):
    found, _, _ = map_headers(SPECS["svf"], [header])
    assert found == {column: 0}


def test_other_kinds_aliases():
    assert map_headers(SPECS["cancer"], ["Fall-ID", "Diagnosdatum", "Diagnoskod"])[0] == {
        "case_id": 0, "diagnosis_date": 1, "icd10": 2}
    assert map_headers(SPECS["register"], ["Kvalitetsregister", "fall_id", "Registreringsdatum"])[0] == {
        "register": 0, "case_id": 1, "registered_date": 2}
    assert map_headers(SPECS["death"], ["Dödsdatum", "Vårdform", "Registrerad", "Väntat dödsfall", "SPR_MUN"])[0] == {
        "death_date": 0, "unit_type": 1, "registered": 2, "expected_death": 3, "spr_mun": 4}


def test_two_headers_for_one_column_is_a_clash():
    _, _, clashes = map_headers(SPECS["svf"], ["region", "län"])
    assert clashes == [("region", "län")]


def test_guess_kind():
    assert guess_kind(["death_id", "region", "dödsdatum", "registrerad"]) == "death"
    assert guess_kind(["x", "y"]) is None


# -- sniffing ------------------------------------------------------------------------------------
@pytest.mark.parametrize("data, fmt, encoding", [
    ("a;b\nö;1\n".encode(), "csv", "utf-8"),
    ("a;b\nö;1\n".encode("utf-8-sig"), "csv", "utf-8-sig"),
    ("a;b\nö;€\n".encode("cp1252"), "csv", "cp1252"),
    ("a;b\nö;1\n".encode("utf-16"), "csv", "utf-16"),
    (b"PK\x03\x04rest", "xlsx", None),
    (b"PAR1rest", "parquet", None),
])
def test_sniff_formats_and_encodings(tmp_path, data, fmt, encoding):
    (tmp_path / "f").write_bytes(data)
    info = sniff(tmp_path / "f")
    assert (info.fmt, info.encoding, info.size) == (fmt, encoding, len(data))
    assert len(info.sha256) == 64


@pytest.mark.parametrize("data, words", [
    (b"", "tom"),
    (b"a,b\n\x00\x01\x02\x03", "binär"),
    (b"\xd0\xcf\x11\xe0xxxx", ".xls"),
    (b"a;b\n\x81\x8d;1\n", "teckenkodning"),
])
def test_sniff_refuses(tmp_path, data, words):
    (tmp_path / "f").write_bytes(data)
    with pytest.raises(FileRefused, match=words):
        sniff(tmp_path / "f")


@pytest.mark.parametrize("header, delim", [("a;b;c", ";"), ("a,b,c", ","), ("a\tb\tc", "\t"), ("a|b", "|"),
                                           ("a;b,c;d", ";"), ("abc", ",")])
def test_delimiter(header, delim):
    assert _delimiter(header) == delim


# -- CSV records and line numbers ----------------------------------------------------------------
def test_record_lines_count_like_a_person(tmp_path):
    data = b'h1,h2\r\n1,2\r\n\r\n"a\nb",3\r\n4,5'  # CRLF, blank line, quoted newline, no final newline
    (tmp_path / "f").write_bytes(data)
    lines, blank = _record_lines(tmp_path / "f")
    assert lines.tolist() == [1, 2, 3, 4, 6]
    assert blank.tolist() == [False, False, True, False, False]


def test_windows_1252_text_is_decoded(tmp_path):
    (tmp_path / "f.csv").write_bytes("namn;enhet\nÅsa;Enhet – Öst €\n".encode("cp1252"))
    con = duckdb.connect()
    raw = read_into(con, sniff(tmp_path / "f.csv"), tmp_path)
    assert raw.headers == ["namn", "enhet"] and raw.delimiter == ";"
    assert con.execute("SELECT _line, c0, c1 FROM _src").fetchall() == [(2, "Åsa", "Enhet – Öst €")]


def test_old_mac_line_endings_fall_back_to_sequential_numbers(tmp_path):
    (tmp_path / "f.csv").write_bytes(b"a,b\r1,2\r3,4\r")
    con = duckdb.connect()
    raw = read_into(con, sniff(tmp_path / "f.csv"), tmp_path)
    assert con.execute("SELECT _line, c0 FROM _src ORDER BY _line").fetchall() == [(2, "1"), (3, "3")]
    assert raw.notes and "ungefärliga" in raw.notes[0]


def test_header_only_file_has_no_data_rows(tmp_path):
    (tmp_path / "f.csv").write_bytes(b"a,b\n")
    with pytest.raises(FileRefused, match="inga datarader"):
        read_into(duckdb.connect(), sniff(tmp_path / "f.csv"), tmp_path)


# -- Excel ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("value, text", [
    (None, None), ("  ", None), ("abc", "abc"), (True, "true"), (False, "false"), (5, "5"), (5.0, "5"),
    (64.5, "64.5"), (dt.datetime(2024, 1, 10), "2024-01-10"), (dt.date(2024, 1, 10), "2024-01-10"),
    (dt.datetime(2024, 1, 10, 13, 45), "2024-01-10 13:45:00"),
])
def test_excel_cells_as_text(value, text):
    assert _cell_text(value) == text


def test_excel_reads_first_sheet_and_notes_the_others(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "data"
    wb.active.append(["a", "b"])
    wb.active.append([1, "x"])
    wb.active.append([None, None, "utanför"])
    wb.create_sheet("annat").append(["z"])
    wb.save(tmp_path / "f.xlsx")
    con = duckdb.connect()
    raw = read_into(con, sniff(tmp_path / "f.xlsx"), tmp_path)
    assert raw.headers == ["a", "b"] and "'data'" in raw.notes[0]
    assert con.execute("SELECT * FROM _src").fetchall() == [(2, "1", "x")]
    assert con.execute("SELECT _line FROM _structural").fetchall() == [(3,)]


def test_zip_that_is_not_a_workbook_is_refused(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "f.xlsx", "w") as z:
        z.writestr("hello.txt", "hej")
    with pytest.raises(FileRefused, match="Excel"):
        read_into(duckdb.connect(), sniff(tmp_path / "f.xlsx"), Path(tmp_path))
