import pytest

from store import Store, StoreError


def test_new_store_has_reference_and_empty_facts(empty_store):
    con = empty_store.connect()
    assert con.execute("SELECT count(*) FROM region").fetchall()[0][0] == 21
    assert con.execute("SELECT count(*) FROM svf_pathway").fetchall()[0][0] == 0


def test_failed_transaction_leaves_store_unchanged(empty_store):
    before = empty_store.version()
    with pytest.raises(RuntimeError):
        with empty_store.transaction() as tx:
            tx.replace("region", None)
            raise RuntimeError("boom")
    assert empty_store.version() == before
    con = empty_store.connect()
    assert con.execute("SELECT count(*) FROM region").fetchall()[0][0] == 21
    assert not [p for p in (empty_store.root / "snapshots").iterdir() if p.name.startswith(".stage")]


def test_reader_keeps_its_snapshot_while_a_write_lands(empty_store):
    reader = empty_store.connect(materialize=True)
    with empty_store.transaction() as tx:
        tx.replace("region", None)
    assert reader.execute("SELECT count(*) FROM region").fetchall()[0][0] == 21
    assert empty_store.connect().execute("SELECT count(*) FROM region").fetchall()[0][0] == 0


def test_missing_store_gives_a_message(tmp_path):
    with pytest.raises(StoreError, match="ingest build"):
        Store(tmp_path / "nothing").connect()


def test_concurrent_reader_sees_old_or_new_never_half(empty_store, tmp_path):
    """A writer in another process replaces two tables in one transaction, five times; a reader
    must always see both tables from the same snapshot (both old sizes or both new sizes).

    Deterministic: before each commit the writer waits for the reader's go-ahead file, so the reader
    is known to read while every transaction is staged but not committed, and reads again after it."""
    import subprocess
    import sys
    import textwrap
    import time

    sync = tmp_path / "sync"
    sync.mkdir()
    writer = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        sys.path.insert(0, {str(__import__("store").ROOT)!r})
        from store import Store
        s, sync = Store({str(empty_store.root)!r}), Path({str(sync)!r})
        for i in range(1, 6):
            with s.transaction() as tx:
                tx.replace("death", tx.con.sql(
                    "SELECT 'd' || range::VARCHAR AS death_id, '01' AS region_code, DATE '2024-01-01' AS death_date, "
                    "false AS registered, 0 AS load_id FROM range(" + str(100 * i) + ")"))
                (sync / f"staged-{{i}}").touch()          # half of this transaction is written ...
                deadline = time.time() + 60
                while not (sync / f"go-{{i}}").exists():  # ... and stays so until the reader has looked
                    assert time.time() < deadline, "reader never answered"
                    time.sleep(0.005)
                tx.replace("cancer_case", tx.con.sql(
                    "SELECT 'c' || range::VARCHAR AS case_id, '01' AS region_code, "
                    "DATE '2024-01-01' AS diagnosis_date, 'C509' AS icd10, 0 AS load_id FROM range(" + str(i) + ")"))
    """)

    def read() -> int:
        con = empty_store.connect()
        try:
            deaths = con.execute("SELECT count(*) FROM death").fetchall()[0][0]
            cases = con.execute("SELECT count(*) FROM cancer_case").fetchall()[0][0]
        finally:
            con.close()
        assert deaths == 100 * cases, (deaths, cases)  # never one table from each snapshot
        return cases

    proc = subprocess.Popen([sys.executable, "-c", writer])
    seen = []
    try:
        for i in range(1, 6):
            deadline = time.time() + 60
            while not (sync / f"staged-{i}").exists():
                assert proc.poll() is None and time.time() < deadline, "writer stopped"
                time.sleep(0.005)
            seen.append(read())                 # mid-transaction: the old snapshot, whole
            (sync / f"go-{i}").touch()
            while read() != i:                  # after the commit: the new one, whole
                assert time.time() < deadline, "commit never became visible"
                time.sleep(0.005)
            seen.append(i)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == 0
    assert seen == [0, 1, 1, 2, 2, 3, 3, 4, 4, 5]


def test_unreadable_pointer_is_a_store_error(tmp_path):
    # Tests run as root, where chmod does not block: a CURRENT that is a directory fails the same
    # way a file without read permission does (an OSError other than FileNotFoundError).
    (tmp_path / "s" / "CURRENT").mkdir(parents=True)
    with pytest.raises(StoreError, match="kan inte läsas"):
        Store(tmp_path / "s").version()
    (tmp_path / "fil").write_text("x")
    with pytest.raises(StoreError, match="kan inte läsas"):
        Store(tmp_path / "fil").version()  # the store path is a regular file


def test_store_path_that_is_a_file_cannot_be_written(tmp_path):
    (tmp_path / "fil").write_text("x")
    with pytest.raises(StoreError, match="kan inte skrivas"):
        with Store(tmp_path / "fil").transaction():
            pass


def test_write_failure_is_a_store_error_and_changes_nothing(empty_store, monkeypatch):
    import errno
    import os

    before = empty_store.version()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(StoreError, match="kan inte skrivas.*No space left on device"):
        with empty_store.transaction() as tx:
            tx.replace("region", None)
    monkeypatch.undo()
    assert empty_store.version() == before
    assert empty_store.connect().execute("SELECT count(*) FROM region").fetchall()[0][0] == 21


def test_damaged_snapshot_is_a_store_error(empty_store):
    snap = empty_store.snapshot_dir()
    (snap / "region.parquet").unlink()
    (snap / "region.parquet").write_bytes(b"not parquet")
    with pytest.raises(StoreError, match="skadat: tabellfilen region.parquet .* avkortad eller ändrad"):
        empty_store.connect()


def test_store_from_an_older_schema_reads_new_tables_as_empty(empty_store):
    # a snapshot written before manifests and before catalogue_version existed
    (empty_store.snapshot_dir() / "MANIFEST.json").unlink()
    (empty_store.snapshot_dir() / "catalogue_version.parquet").unlink()
    for materialize in (False, True):
        con = empty_store.connect(materialize=materialize)
        assert con.execute("SELECT count(*) FROM catalogue_version").fetchall()[0][0] == 0
        assert con.execute("SELECT count(*) FROM region").fetchall()[0][0] == 21
    from ingest.reference import ensure_store

    assert ensure_store(empty_store) is True  # the next write brings the catalogue version back
    assert (empty_store.snapshot_dir() / "catalogue_version.parquet").exists()
