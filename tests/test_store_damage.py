"""A damaged store (dangling pointer, missing, truncated or altered table file, no pointer) is refused
by every writer with exit 2 and a message naming the damage and the repair; `ingest check` finds it and
`--repair` goes back to the newest whole snapshot. Every row of that snapshot must survive."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ingest.__main__ import main
from ingest.load import load_file
from store import DamagedStoreError, Store

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
TABLES = ("svf_pathway", "cancer_case", "death", "load_log", "region")


def _svf_file(tmp_path: Path, n: int) -> Path:
    rows = [f"P{i:05d},A{i},01,Enhet {i % 3},brost,K,60,bas,2024-01-10,,,,,2024-02-01,kirurgi,"
            for i in range(n)]
    path = tmp_path / "svf_big.csv"
    path.write_text("pathway_id,patient_id,region_code,unit,svf,sex,age,workup,vm_date,first_visit_date,"
                    "mdk_date,diagnosis_info_date,decision_date,end_date,end_type,registered_date\n"
                    + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _content(store: Store, version: str | None = None) -> dict[str, list[tuple]]:
    con = store.connect(version=version)
    try:
        return {t: sorted(con.table(t).fetchall(), key=repr) for t in TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def _template(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("damage")
    store = Store(tmp / "store")
    assert load_file(store, "svf", _svf_file(tmp, 300)).status == "loaded"
    good = _content(store)
    assert len(good["svf_pathway"]) == 300
    assert load_file(store, "cancer", FIX / "cancer_valid.csv").status == "loaded"
    assert store.version() == "000002"
    return store.root, good


@pytest.fixture
def two_loads(_template, tmp_path):
    """A store of real loads: 000001 = catalogue + 300 pathways, 000002 = + cancer cases (current).
    A copy per test (copied files: no hard links shared between its snapshots)."""
    import shutil

    root, good = _template
    shutil.copytree(root, tmp_path / "store")
    return Store(tmp_path / "store"), good


def _refused_everywhere(store: Store, capsys, words: str) -> None:
    """Load, build and a reader all refuse; the load's exit code is 2 and its message says what and how."""
    before = sorted(os.listdir(store.root / "snapshots"))
    code = main(["load", "--db", str(store.root), "--kind", "death", str(FIX / "death_valid.csv")])
    err = capsys.readouterr().err
    assert code == 2
    assert "är skadat" in err and words in err and "python -m ingest check" in err and "--repair" in err
    assert "Traceback" not in err
    assert main(["build", "--db", str(store.root), "--scale", "0.01"]) == 2
    assert "är skadat" in capsys.readouterr().err
    with pytest.raises(DamagedStoreError):
        store.connect()
    assert sorted(os.listdir(store.root / "snapshots")) == before  # nothing written, nothing left behind


def _repair_keeps_good(store: Store, good: dict, capsys, lost_words: str) -> None:
    assert main(["check", "--db", str(store.root)]) == 2
    out = capsys.readouterr()
    assert "skadad" in out.err
    assert main(["check", "--db", str(store.root), "--repair"]) == 0
    out = capsys.readouterr().out
    assert "CURRENT pekar nu på 000001" in out and lost_words in out
    assert store.version() == "000001"
    assert _content(store) == good  # every row of the last good snapshot, unchanged
    assert main(["check", "--db", str(store.root)]) == 0
    capsys.readouterr()
    # and the store takes loads again, keeping those rows
    assert load_file(store, "death", FIX / "death_valid.csv").status == "loaded"
    after = _content(store)
    assert after["svf_pathway"] == good["svf_pathway"] and len(after["death"]) == 3


def test_dangling_pointer(two_loads, capsys):
    store, good = two_loads
    import shutil

    shutil.rmtree(store.root / "snapshots" / "000002")
    _refused_everywhere(store, capsys, "CURRENT pekar på ögonblicksbilden 000002, som saknas")
    _repair_keeps_good(store, good, capsys, "innehållet i ögonblicksbilden 000002 kan inte fastställas")


def test_missing_table_file(two_loads, capsys):
    store, good = two_loads
    (store.root / "snapshots" / "000002" / "svf_pathway.parquet").unlink()
    _refused_everywhere(store, capsys, "tabellfilen svf_pathway.parquet saknas i ögonblicksbilden 000002")
    # the load that 000002 added (and 000001 lacks) is named so it can be loaded again
    _repair_keeps_good(store, good, capsys, "laddning 2: --kind cancer cancer_valid.csv")
    assert (store.root / "damaged" / "000002").is_dir()  # moved aside, not deleted


def test_truncated_parquet(two_loads, capsys):
    store, good = two_loads
    path = store.root / "snapshots" / "000002" / "cancer_case.parquet"
    data = path.read_bytes()
    path.unlink()  # a new inode: the hard-linked copies in other snapshots stay whole
    path.write_bytes(data[: len(data) // 2])
    _refused_everywhere(store, capsys, "cancer_case.parquet i ögonblicksbilden 000002 är avkortad")
    _repair_keeps_good(store, good, capsys, "laddning 2: --kind cancer")


def test_no_pointer_but_snapshots(two_loads, capsys):
    store, good = two_loads
    (store.root / "CURRENT").unlink()
    assert store.exists()  # nobody may start a new, empty store over these snapshots
    _refused_everywhere(store, capsys, "CURRENT saknas")
    assert main(["check", "--db", str(store.root), "--repair"]) == 0
    assert "Inget gick förlorat" in capsys.readouterr().out
    assert store.version() == "000002"  # the newest, since it is whole


def test_altered_file_of_same_size_found_by_check(two_loads, capsys):
    store, good = two_loads
    path = store.root / "snapshots" / "000002" / "cancer_case.parquet"
    data = bytearray(path.read_bytes())
    path.unlink()
    data[len(data) // 3] ^= 0xFF
    path.write_bytes(bytes(data))
    assert main(["check", "--db", str(store.root)]) == 2
    assert "kontrollsumman stämmer inte" in capsys.readouterr().err
    _repair_keeps_good(store, good, capsys, "laddning 2")


def test_table_added_after_the_snapshot_reads_empty(two_loads):
    """A table the manifest does not list predates nothing to lose: it reads as empty and a load writes it."""
    store, _ = two_loads
    snap = store.root / "snapshots" / "000002"
    manifest = json.loads((snap / "MANIFEST.json").read_text())
    del manifest["tables"]["rejected_row"]
    (snap / "MANIFEST.json").write_text(json.dumps(manifest))
    (snap / "rejected_row.parquet").unlink()
    assert store.connect().execute("SELECT count(*) FROM rejected_row").fetchall()[0][0] == 0
    assert main(["check", "--db", str(store.root)]) == 0
    assert load_file(store, "death", FIX / "death_valid.csv").status == "loaded"
    assert (store.snapshot_dir() / "rejected_row.parquet").exists()


def test_dashboard_says_the_store_is_damaged(two_loads, monkeypatch):
    from streamlit.testing.v1 import AppTest

    store, _ = two_loads
    (store.root / "snapshots" / "000002" / "death.parquet").unlink()
    monkeypatch.setenv("SVF_DB", str(store.root))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "skadat" in shown and "death.parquet saknas" in shown and "--repair" in shown


@pytest.mark.parametrize("pointer", ["", "../x", "000002\x00"])
def test_garbled_pointer_over_snapshots_is_damage(two_loads, capsys, pointer):
    store, _ = two_loads
    (store.root / "CURRENT").write_text(pointer)
    _refused_everywhere(store, capsys, "CURRENT")
    assert main(["check", "--db", str(store.root), "--repair"]) == 0
    assert store.version() == "000002"


def test_metrics_command_line_says_a_damaged_store_is_damaged_with_exit_2(tmp_path, capsys):
    from ingest.synth import build
    from metrics.__main__ import main
    from store import Store

    s = Store(tmp_path / "store")
    build(s, scale=0.01, seed=5)
    (s.snapshot_dir() / "svf_pathway.parquet").unlink()
    assert main(["lead-time", "--db", str(s.root)]) == 2
    err = capsys.readouterr().err
    assert "skadat" in err and "ingest check" in err and "Traceback" not in err


def test_english_dashboard_says_the_store_is_damaged_in_english(two_loads, monkeypatch):
    from streamlit.testing.v1 import AppTest

    store, _ = two_loads
    (store.root / "snapshots" / "000002" / "death.parquet").unlink()
    monkeypatch.setenv("SVF_DB", str(store.root))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert shown.startswith("The data store in") and "is damaged" in shown and "--repair" in shown
    assert "death.parquet saknas" in shown  # the store's own detail, named as Swedish
