"""`python -m metrics` as a process: it imports pandas in a thread while it opens the store and runs the SQL
(metrics/__main__.py, metrics/_lazy.py). The same bytes as main() in-process, the same errors and exit codes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

from metrics.__main__ import main
from store import ROOT
from tests.test_metrics import ROOT_DEMO_LOAD, put, pw


def _process(*argv: str, env_db: str | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    if env_db:
        env["SVF_DB"] = env_db
    return subprocess.run([sys.executable, "-m", "metrics", *argv], capture_output=True, text=True, env=env,
                          cwd=str(ROOT), check=False, timeout=120)


def _store(empty_store):
    rows = [pw("brost", "2024-03-01", "2024-03-20", region="01") for _ in range(6)]
    rows += [pw("brost", "2024-03-01", "2024-05-30", region="21") for _ in range(5)]
    put(empty_store, svf_pathway=rows, load_log=[ROOT_DEMO_LOAD])
    return empty_store


def test_process_output_is_byte_identical_to_main_in_process(empty_store):
    store = _store(empty_store)
    # 6 pathways of 19 days in region 01 (brost: within 28 days), 5 of 90 days in region 21
    for argv, expect in ((["lead-time", "--by", "region", "--db", str(store.root)], ["01,6,6,1.0,", "21,5,0,0.0,"]),
                         (["lead-time", "--by", "region", "--format", "json"],  # the store from SVF_DB
                          ['"region":"01","n":6,"n_within":6,"share":1.0,', '"region":"21","n":5,"n_within":0,'])):
        out, err = io.StringIO(), io.StringIO()
        old = os.environ.get("SVF_DB")
        os.environ["SVF_DB"] = str(store.root)
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = main(argv)
        finally:
            if old is None:
                del os.environ["SVF_DB"]
            else:
                os.environ["SVF_DB"] = old
        p = _process(*argv, env_db=str(store.root))
        assert code == p.returncode == 0, p.stderr
        assert p.stdout == out.getvalue() and p.stderr == err.getvalue()
        assert all(e in p.stdout for e in expect), p.stdout


def test_damaged_store_is_exit_2_with_the_repair_command(empty_store):
    store = _store(empty_store)
    table = store.snapshot_dir() / "svf_pathway.parquet"
    table.write_bytes(table.read_bytes()[:-100])  # cut short: the manifest's size no longer matches
    p = _process("lead-time", "--db", str(store.root))
    assert p.returncode == 2 and p.stdout == ""
    assert "är skadat" in p.stderr and "ingest check" in p.stderr and "Traceback" not in p.stderr


def test_a_usage_error_wins_over_a_missing_store(tmp_path):
    # the usage checks come first, then the store's problems, as before
    p = _process("lead-time", "--by", "nope", "--db", str(tmp_path / "nowhere"))
    assert p.returncode == 2 and "Okänd indelning 'nope'" in p.stderr
    p = _process("lead-time", "--db", str(tmp_path / "nowhere"))
    assert p.returncode == 1 and "python -m ingest build" in p.stderr
