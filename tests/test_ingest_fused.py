"""The fused CSV read (issue 10: read, column scan and validation in one pass, ingest/load.py
_fused_read) gives exactly what the general path gives (text table, scan, validation): the same
messages with the same line and column, the same stored rows, the same refused rows with their text."""

from pathlib import Path

import pytest

import ingest.load as load
from ingest.load import load_file
from store import Store

HEADER = ("förlopps_id,patient_id,region,vårdenhet,vårdförlopp,kön,ålder,utredning,vm_datum,första_besök,mdk,"
          "diagnosbesked,behandlingsbeslut,slutdatum,sluttyp,registreringsdatum")
GOOD = "P{i},A{i},01,Kirurgen,brost,K,50,bas,2024-01-10,,,,,2024-02-01,kirurgi,2024-02-03"


def stored(store: Store) -> tuple[list, list]:
    con = store.connect()
    try:
        rows = con.execute("SELECT * EXCLUDE (load_id) FROM svf_pathway ORDER BY pathway_id").fetchall()
        refused = con.execute("SELECT line_number, column_name, reason, raw FROM rejected_row "
                              "ORDER BY line_number, column_name").fetchall()
    finally:
        con.close()
    return rows, refused


def both_paths(tmp_path: Path, text: str, monkeypatch) -> tuple:
    f = tmp_path / "in.csv"
    f.write_bytes(text.encode("utf-8"))
    taken = []
    fused_read = load._fused_read

    def spy(*a, **k):
        try:
            out = fused_read(*a, **k)
        except load.FileRefused:  # refused on the fused path (a personnummer column)
            taken.append(True)
            raise
        taken.append(out is not None)
        return out

    monkeypatch.setattr(load, "_fused_read", spy)
    fused_store = Store(tmp_path / "fused")
    fused = load_file(fused_store, "svf", f)
    monkeypatch.setattr(load, "FUSED_KINDS", {})
    general_store = Store(tmp_path / "general")
    general = load_file(general_store, "svf", f)
    assert taken == [True]  # the first load took the fused path, the second could not
    return fused, general, fused_store, general_store


def same(fused, general, fused_store, general_store) -> None:
    assert (fused.status, fused.message.replace("fused", ""), fused.rejects, fused.notes) == \
        (general.status, general.message.replace("general", ""), general.rejects, general.notes)
    if fused.status == "loaded":
        assert stored(fused_store) == stored(general_store)


def test_every_kind_of_row_the_same_way(tmp_path, monkeypatch):
    lines = [HEADER] + [GOOD.format(i=i) for i in range(40)]
    lines[3] = lines[3].replace("Kirurgen", '"Kirurgen\nplan 2"')        # a quoted line break: lines shift
    lines[5] = lines[5].replace(",K,50,", ", K ,50,")                    # padded value, trimmed
    lines[6] = lines[6].replace("Kirurgen", '""')                        # quoted empty value: NULL
    lines[8] = lines[8].replace("2024-01-10", "2024-13-45")              # bad date
    lines[9] = lines[9].replace("brost", "Bröstcancer")                  # a name instead of the code
    lines[10] = lines[10].replace(",01,", ",99,").replace(",K,", ",X,")  # two errors in one row
    lines[12] = lines[12] + ",extra"                                     # too many fields: structural
    lines[14] = lines[14].replace("Kirurgen", "Avd 7 ref 121212-1212")   # a personnummer inside a value
    lines[15] = GOOD.format(i=20).replace("Kirurgen", "Ny enhet")        # P20 again: row 21 superseded
    lines[17] = ""                                                       # a blank line
    lines[18] = lines[18].replace(",kirurgi,", ",VG950,")                # KVÅ code as end type
    lines[19] = lines[19].replace(",bas,", ",Utökad utredning,")         # work-up by name
    fused, general, fs, gs = both_paths(tmp_path, "\n".join(lines) + "\n", monkeypatch)
    same(fused, general, fs, gs)
    # hand-checked: the quoted line break on line 4-5 moves every later row one line down
    by_line = {r.line: (r.column, r.reason) for r in fused.rejects}
    assert by_line[10] == ("vm_datum", "datumet '2024-13-45' går inte att tolka (skriv ÅÅÅÅ-MM-DD)")
    assert by_line[14][0] is None                                        # the row with an extra field
    assert by_line[16] == ("vårdenhet", "värdet innehåller något som ser ut som ett personnummer och lagras inte")
    # P20 on line 17 (index 15, after the line break) is replaced by P20's own row on line 23
    assert by_line[17] == ("förlopps_id", "samma förlopps_id förekommer igen på rad 23 i filen; den raden gäller")
    assert sorted(by_line) == [10, 12, 14, 16, 17]
    assert fused.rows_read == 39 and fused.rows_rejected == 5
    rows, _ = stored(fs)
    p4 = next(r for r in rows if r[0] == "P4")
    assert p4[5] == "K"                                                  # ' K ' trimmed


def test_ten_digit_ids_with_one_personnummer(tmp_path, monkeypatch):
    # every pathway id passes the cheap candidate test: the exact scan runs and one row is refused
    lines = [HEADER] + [GOOD.format(i=i).replace(f"P{i},", f"{5550000000 + i * 7},", 1) for i in range(30)]
    lines[7] = lines[7].replace(lines[7].split(",")[0], "191212121212", 1)
    fused, general, fs, gs = both_paths(tmp_path, "\n".join(lines) + "\n", monkeypatch)
    same(fused, general, fs, gs)
    assert [(r.line, r.column) for r in fused.rejects] == [(8, "förlopps_id")]


def with_check_digit(nine: str) -> str:
    """Nine digits + the Luhn check digit that makes ten valid ones (weights 2, 1, 2, ...)."""
    total = sum(sum(divmod(int(d) * (2 if k % 2 == 0 else 1), 10)) for k, d in enumerate(nine))
    return nine + str((10 - total % 10) % 10)


def test_personnummer_column_refuses_the_file_the_same_way(tmp_path, monkeypatch):
    numbers = [with_check_digit(f"{i + 10:02d}0101{i:03d}") for i in range(20)]
    lines = [HEADER + ",id_nr"] + [GOOD.format(i=i) + f",19{n[:6]}-{n[6:]}" for i, n in enumerate(numbers)]
    fused, general, fs, gs = both_paths(tmp_path, "\n".join(lines) + "\n", monkeypatch)
    same(fused, general, fs, gs)
    assert fused.status == "refused" and "id_nr" in fused.message


def test_personnummer_in_a_typed_column_refuses_the_file_the_same_way(tmp_path, monkeypatch):
    # the quick scan on the fused path looks only at columns whose text is stored; these values fail
    # the age check, and a file with refused rows is scanned exactly
    numbers = [with_check_digit(f"{i + 10:02d}0101{i:03d}") for i in range(20)]
    lines = [HEADER] + [GOOD.format(i=i).replace(",50,", f",19{n},") for i, n in enumerate(numbers)]
    fused, general, fs, gs = both_paths(tmp_path, "\n".join(lines) + "\n", monkeypatch)
    same(fused, general, fs, gs)
    assert fused.status == "refused" and "'ålder' (kolumn 7)" in fused.message


@pytest.mark.parametrize("text", [
    HEADER + "\n",                                                       # no data rows
    HEADER.replace("vm_datum", "datum_x") + "\n" + GOOD.format(i=1) + "\n",  # a required column missing
    HEADER + ",personnummer\n" + GOOD.format(i=1) + ",x\n",              # a header naming personnummer
])
def test_refusals_say_the_same(tmp_path, monkeypatch, text):
    f = tmp_path / "in.csv"
    f.write_bytes(text.encode("utf-8"))
    a = load_file(Store(tmp_path / "a"), "svf", f)
    monkeypatch.setattr(load, "FUSED_KINDS", {})
    b = load_file(Store(tmp_path / "b"), "svf", f)
    assert a.status == b.status == "refused" and a.message == b.message


@pytest.mark.parametrize("data", [
    "id;enhet\n1;Sörmland – Öst €\n2;𝄞 åäö\n".encode(),      # sequences of 2, 3 and 4 bytes across chunks
    "id;enhet\n1;Sörmland\n".encode("cp1252"),                  # not UTF-8: Windows-1252
    b"id;enhet\n1;S" + "ö".encode()[:1],                # ends inside a sequence
    b"id;enhet\n1;\xed\xa0\x80\n",                              # a surrogate, not valid UTF-8
    b"id;enhet\n1;\xc0\xaf\n",                                  # an overlong form
])
@pytest.mark.parametrize("chunk", [3, 4, 5, 7, 1 << 24])
def test_sniff_says_utf8_exactly_when_python_can_decode(tmp_path, monkeypatch, data, chunk):
    from ingest import readers

    monkeypatch.setattr(readers, "CHUNK", chunk)
    f = tmp_path / "x.csv"
    f.write_bytes(data)
    try:
        data.decode("utf-8")
        expected = "utf-8"
    except UnicodeDecodeError:
        expected = "cp1252"
    assert readers.sniff(f).encoding == expected


def test_an_age_beyond_smallint_refuses_its_row_not_the_file(tmp_path, monkeypatch):
    lines = [HEADER] + [GOOD.format(i=i) for i in range(5)]
    lines[3] = lines[3].replace(",50,", ",4000000,")
    fused, general, fs, gs = both_paths(tmp_path, "\n".join(lines) + "\n", monkeypatch)
    same(fused, general, fs, gs)
    assert fused.status == "loaded" and fused.rows_accepted == 4
    assert [(r.line, r.column, r.reason) for r in fused.rejects] == [
        (4, "ålder", "åldern '4000000' är orimlig (0–120 år)")]


def test_a_plan_that_could_reorder_rows_falls_back_to_the_general_path(tmp_path, monkeypatch):
    import re

    lines = [HEADER] + [GOOD.format(i=i) for i in range(6)]
    lines[2] = lines[2].replace("2024-01-10", "2024-13-45")
    f = tmp_path / "in.csv"
    f.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    monkeypatch.setattr(load, "_ORDER_BREAKING", re.compile("."))  # every plan looks unsafe
    result = load_file(Store(tmp_path / "s"), "svf", f)
    assert result.status == "loaded" and result.rows_accepted == 5
    assert [(r.line, r.column) for r in result.rejects] == [(3, "vm_datum")]
