"""Loads killed with SIGKILL leave staging and scratch files; `ingest check` reports them, and the
next writer (holding the lock, so no live writer owns them) removes them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ingest.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"


def _big_svf(path: Path, n: int) -> Path:
    head = ("pathway_id;patient_id;region_code;unit;svf;sex;age;workup;vm_date;first_visit_date;mdk_date;"
            "diagnosis_info_date;decision_date;end_date;end_type;registered_date\n")
    with open(path, "w", encoding="cp1252") as f:  # Windows-1252: the load writes a transcoded copy too
        f.write(head)
        for i in range(n):
            f.write(f"K{i:07d};A{i};01;Enhet {i % 7} Ö;brost;K;60;bas;2024-01-10;;;;;2024-02-01;kirurgi;\n")
    return path


def test_killed_loads_leave_garbage_that_the_next_load_removes(empty_store, tmp_path, capsys):
    store = empty_store
    big = _big_svf(tmp_path / "stor.csv", 150_000)
    before = store.connect().execute("SELECT count(*) FROM svf_pathway").fetchall()[0][0]
    snaps = store.root / "snapshots"
    killed = 0
    garbage: list[set[str]] = []
    for delay in (0.0, 0.2, 0.5):
        proc = subprocess.Popen([sys.executable, "-m", "ingest", "load", "--db", str(store.root), "--kind", "svf",
                                 "--force", str(big)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        seen = garbage[-1] if garbage else set()
        while not any(p.name.startswith(".stage-") and p.name not in seen for p in snaps.iterdir()):
            assert proc.poll() is None, "the load ended before it staged anything"
            assert time.time() < deadline
            time.sleep(0.01)
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait(timeout=30)
        garbage.append({p.name for p in snaps.iterdir() if p.name.startswith(".")})
    assert killed >= 2
    # each killed load left its stage and work directory; the next load, once it held the lock, removed
    # what the one before had left
    killed_sets = [g for g in garbage if g]
    assert len(killed_sets) >= 2
    assert all(len(g) == 2 and {n.split("-")[0] for n in g} == {".stage", ".work"} for g in killed_sets)
    assert all(not (a & b) for a, b in zip(garbage, garbage[1:], strict=False))

    # a killed load is all or nothing: the store is whole and holds the old rows or the whole file
    n = store.connect().execute("SELECT count(*) FROM svf_pathway").fetchall()[0][0]
    assert n in (before, 150_000)
    assert main(["check", "--db", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert "rester:" in out and "nästa inläsning" in out

    assert main(["load", "--db", str(store.root), "--kind", "death", str(FIX / "death_valid.csv")]) == 0
    capsys.readouterr()
    assert [p.name for p in snaps.iterdir() if p.name.startswith(".")] == []
    assert not (store.root / "CURRENT.tmp").exists()
    assert main(["check", "--db", str(store.root)]) == 0
    assert "rester" not in capsys.readouterr().out
