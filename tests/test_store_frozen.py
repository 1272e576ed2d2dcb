"""Frozen snapshots: a review's data kept under a name, never cleaned away, opened later with the same
figures after new loads; names checked (they come from URLs); damaged stores not frozen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import store as store_mod
from store import Store, StoreError

ROOT = Path(__file__).resolve().parent.parent


def _add_rows(s: Store, n: int) -> None:
    """A write that replaces svf_pathway with n rows of the current one (a new snapshot)."""
    with s.transaction() as tx:
        tx.replace("svf_pathway", tx.con.sql("SELECT * FROM svf_pathway LIMIT " + str(int(n))))


@pytest.fixture
def small_store(tmp_path):
    from ingest.synth import build

    s = Store(tmp_path / "store")
    build(s, scale=0.01, seed=3)
    return s


def test_frozen_snapshot_survives_later_loads_and_cleanup(small_store, monkeypatch):
    s = small_store
    before = s.connect().execute("SELECT count(*), sum(length(pathway_id)) FROM svf_pathway").fetchall()
    info = s.freeze("2026H1-lpo")
    assert info["snapshot"] == s.version()
    monkeypatch.setattr(store_mod, "KEEP_SECONDS", -1)  # every replaced snapshot may go at once
    for n in (100, 50, 10, 5):
        _add_rows(s, n)
    assert info["snapshot"] not in s.snapshot_names()  # the original is cleaned away ...
    con = s.connect(version="frozen/2026H1-lpo")  # ... the frozen copy is not
    assert con.execute("SELECT count(*), sum(length(pathway_id)) FROM svf_pathway").fetchall() == before
    assert s.connect().execute("SELECT count(*) FROM svf_pathway").fetchall()[0][0] == 5
    assert [f["name"] for f in s.frozen()] == ["2026H1-lpo"]


@pytest.mark.parametrize("name", ["", "../x", "a/b", "x" * 65, ".hidden", "namn med mellanslag"])
def test_bad_names_are_refused(small_store, name):
    with pytest.raises(StoreError):
        small_store.freeze(name)
    with pytest.raises(StoreError):
        small_store.connect(version="frozen/" + name)


def test_the_same_name_twice_is_refused(small_store):
    small_store.freeze("h1")
    with pytest.raises(StoreError, match="redan"):
        small_store.freeze("h1")


def test_a_damaged_snapshot_is_not_frozen(small_store):
    snap = small_store.snapshot_dir()
    (snap / "cancer_case.parquet").unlink()
    with pytest.raises(StoreError, match="skadat"):
        small_store.freeze("h1")
    assert small_store.frozen() == []


def test_freeze_on_the_command_line(small_store):
    run = [sys.executable, "-m", "ingest", "freeze", "--db", str(small_store.root)]
    r = subprocess.run(run + ["--name", "2025H2"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "Fryst: 2025H2" in r.stderr
    r = subprocess.run(run + ["--list"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and r.stdout.startswith("2025H2\t")
    r = subprocess.run(run + ["--name", "2025H2"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "redan" in r.stderr and "Traceback" not in r.stderr
