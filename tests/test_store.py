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
