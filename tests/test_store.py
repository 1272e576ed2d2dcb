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


def test_concurrent_reader_sees_old_or_new_never_half(empty_store):
    """A writer in another process replaces two tables in one transaction; a reader polling meanwhile
    must always see both tables from the same snapshot (both old sizes or both new sizes)."""
    import subprocess
    import sys
    import textwrap
    import time

    writer = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(__import__("store").ROOT)!r})
        from store import Store
        s = Store({str(empty_store.root)!r})
        for i in range(1, 6):
            with s.transaction() as tx:
                n = 200_000 * i
                tx.replace("death", tx.con.sql(
                    "SELECT 'd' || range::VARCHAR AS death_id, '01' AS region_code, DATE '2024-01-01' AS death_date, "
                    "false AS registered, 0 AS load_id FROM range(" + str(n) + ")"))
                tx.replace("cancer_case", tx.con.sql(
                    "SELECT 'c' || range::VARCHAR AS case_id, '01' AS region_code, "
                    "DATE '2024-01-01' AS diagnosis_date, 'C509' AS icd10, 0 AS load_id FROM range(" + str(i) + ")"))
    """)
    proc = subprocess.Popen([sys.executable, "-c", writer])
    seen = set()
    try:
        while proc.poll() is None:
            con = empty_store.connect()
            deaths = con.execute("SELECT count(*) FROM death").fetchall()[0][0]
            cases = con.execute("SELECT count(*) FROM cancer_case").fetchall()[0][0]
            con.close()
            assert deaths == 200_000 * cases, (deaths, cases)
            seen.add(cases)
            time.sleep(0.01)
    finally:
        proc.wait(timeout=120)
    assert proc.returncode == 0
    con = empty_store.connect()
    assert con.execute("SELECT count(*) FROM cancer_case").fetchall()[0][0] == 5
    assert len(seen) >= 2  # the reader really ran while the writer committed
