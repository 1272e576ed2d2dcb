"""`python -m metrics TABLE` as a process against a bare DuckDB process running the same SQL (issue 10).

    .venv/bin/python bench/cli.py [--db STORE] [--runs 7] [--compare LABEL=DIR ...] [--no-bytecode-cache]

For each table below, interleaved, N times: (a) the command as a person runs it (process start,
imports, store checks, every query, targets, CSV on stdout); (b) `python -c "import duckdb; ..."`
running the same metric SQL (queries/<table>.sql with its base CTEs, the text metrics.core runs on a
connection without prepare) with the same bound parameters on the same Parquet files, after the
macros it needs: views over only the files the SQL names, then fetchall(). The ratio a / b is the
aim (≤ 2×). --compare LABEL=DIR runs the command from another checkout too (e.g. `git archive <rev> |
tar -x -C DIR`), interleaved, for before/after numbers in one machine state. Then (--compute-passes,
default 3) each checkout's `metrics.core.compute()` is timed in one process on a prepared connection, as
the dashboard calls it, so that a faster command line is not bought with a slower page.

Child processes write and use bytecode caches (__pycache__) as a person's installation does after
its first run; the environment variable PYTHONDONTWRITEBYTECODE (set in some sessions) is dropped
for them unless --no-bytecode-cache. One warm-up round is not counted. Results go between the cli
markers of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import write_section  # noqa: E402

CASES = [("lead-time", ("region",)), ("inclusion", ("region", "svf")), ("palliative-coverage", ("region",))]

# the bare process: nothing but DuckDB, views on the Parquet files the SQL names, the macros, the query
_BARE = """import datetime, duckdb
con = duckdb.connect()
for name, path in {files!r}:
    con.read_parquet(path).create_view(name)
con.execute({macros!r})
rows = con.execute({sql!r}, {params!r}).fetchall()
"""


def bare_code(store_root: Path, table: str, by: tuple[str, ...]) -> str:
    """The Python source of the bare process for one table (the SQL text and parameters of metrics.core)."""
    from metrics import core
    from store import Store, schema

    sql_name = core._SPEC[table][0]
    text, names = core._sql(sql_name, False)
    params = core._params(table, core.Filters(), by)
    macros = core._text("macros")
    st = Store(store_root)
    files = st.table_files(st.version())
    used = [(t, str(files[t])) for t in schema() if files.get(t) and re.search(rf"\b{t}\b", text + macros)]
    return _BARE.format(files=used, macros=macros, sql=text, params={k: params[k] for k in sorted(names)})


# compute() in one long-lived process on a prepared connection: the dashboard's use of the same layer, which
# the command line's changes must not slow down. Run per checkout in a child process, alternating.
COMPUTE_CASES = [("lead-time", ("region",)), ("lead-time", ("svf", "quarter")), ("inclusion", ("region", "svf")),
                 ("register-coverage", ("region",)), ("palliative-indicators", ("region",)),
                 ("palliative-coverage", ("month",)), ("register-timeliness", ())]
_COMPUTE = """import json, sys, time
sys.path.insert(0, {root!r})
from metrics import core
from store import Store
con = Store({db!r}).connect()
core.prepare(con)
f = core.Filters(period_from="2024-01", period_to="2024-12")
cases = {cases!r}
for t, by in cases:
    core.compute(con, t, f, by)
out = {{}}
for _ in range({rounds}):
    for t, by in cases:
        s = time.perf_counter()
        core.compute(con, t, f, by)
        out.setdefault(t + " " + ",".join(by), []).append(time.perf_counter() - s)
print(json.dumps(out))
"""


def compute_times(checkouts: list[tuple[str, Path]], db: Path, env: dict, passes: int = 3,
                  rounds: int = 5) -> dict[str, dict[str, list[float]]]:
    """label -> case -> seconds per compute() call, the checkouts' processes alternating."""
    import json

    res: dict[str, dict[str, list[float]]] = {lab: {} for lab, _ in checkouts}
    for _ in range(passes):
        for lab, root in checkouts:
            code = _COMPUTE.format(root=str(root), db=str(db), cases=COMPUTE_CASES, rounds=rounds)
            out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                                 check=True).stdout
            for k, v in json.loads(out.splitlines()[-1]).items():
                res[lab].setdefault(k, []).extend(v)
    return res


def _timed(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds user + system) of one child process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} failed ({proc.returncode}): {err.decode()[-500:]}")
    return took, usage.ru_utime + usage.ru_stime


def _ms(xs: list[float]) -> str:
    return f"{min(xs) * 1000:.0f} / {statistics.median(xs) * 1000:.0f}"


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    from store import default_path

    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=default_path())
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--compare", nargs="+", default=[], metavar="LABEL=DIR",
                    help="other checkouts whose `python -m metrics` is timed too (e.g. before=/tmp/old)")
    ap.add_argument("--no-bytecode-cache", action="store_true")
    ap.add_argument("--compute-passes", type=int, default=3,
                    help="also time compute() in-process per checkout (0: not)")
    args = ap.parse_args()
    env = dict(os.environ)
    if not args.no_bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    py = sys.executable
    others = [(c.split("=", 1)[0], Path(c.split("=", 1)[1]).resolve()) for c in args.compare]
    db = args.db.resolve()
    cmds: dict[tuple[str, str], tuple[list[str], Path]] = {}
    for table, by in CASES:
        key = f"{table} --by {','.join(by)}"
        cli = ["-m", "metrics", table, "--by", ",".join(by), "--db", str(db)]
        cmds[(key, "cli")] = ([py, *cli], ROOT)
        cmds[(key, "bare")] = ([py, "-c", bare_code(db, table, by)], ROOT)
        for label, d in others:
            cmds[(key, label)] = ([py, *cli], d)
    load_start = _load()
    for cmd, cwd in cmds.values():  # warm-up: bytecode caches, the OS file cache
        _timed(cmd, cwd, env)
    times: dict[tuple[str, str], list[float]] = {k: [] for k in cmds}
    cpu: dict[tuple[str, str], list[float]] = {k: [] for k in cmds}
    for _ in range(args.runs):
        for k, (cmd, cwd) in cmds.items():
            wall, used = _timed(cmd, cwd, env)
            times[k].append(wall)
            cpu[k].append(used)
    load_end = _load()

    cache = "without bytecode caches (PYTHONDONTWRITEBYTECODE=1)" if args.no_bytecode_cache else \
        "with bytecode caches (as after a first run)"
    lines = [f"Measured {date.today()} with `bench/cli.py` on {platform.processor() or platform.machine()}, "
             f"{os.cpu_count()} cores, Python {platform.python_version()}, store {args.db}; min / median of "
             f"{args.runs}, interleaved, ms, processes {cache}. "
             f"Load average (1/5/15 min) {load_start} at the start, {load_end} at the end.", ""]
    labels = [lab for lab, _ in others]
    lines += ["| command | " + "".join(f"{lab} | " for lab in labels) + "`python -m metrics` | bare DuckDB, same SQL "
              "| ratio (median) | aim ≤ 2× |", "|---|" + "---:|" * (len(labels) + 3) + ":---:|"]
    for table, by in CASES:
        key = f"{table} --by {','.join(by)}"
        cli, bare = times[(key, "cli")], times[(key, "bare")]
        med = statistics.median(bare)
        ratios = [f"{statistics.median(times[(key, lab)]) / med:.1f}×" for lab in labels]
        ratio = statistics.median(cli) / med
        lines.append(f"| `{key}` | " + "".join(f"{_ms(times[(key, lab)])} | " for lab in labels)
                     + f"{_ms(cli)} | {_ms(bare)} | {' → '.join([*ratios, f'{ratio:.1f}×'])} | "
                     + ("✓" if ratio <= 2 else "✗") + " |")
    kinds = [*labels, "cli", "bare"]
    names = {"cli": "`python -m metrics`", "bare": "bare DuckDB"}
    lines += ["", "CPU seconds of the process (user + system, median; less sensitive to other load than wall time, "
              "but blind to work done in parallel):", "",
              "| command | " + " | ".join(names.get(k, k) for k in kinds) + " |",
              "|---|" + "---:|" * len(kinds)]
    for table, by in CASES:
        key = f"{table} --by {','.join(by)}"
        meds = [f"{statistics.median(cpu[(key, k)]) * 1000:.0f}" for k in kinds]
        lines.append(f"| `{key}` | " + " | ".join(meds) + " |")
    if args.compute_passes:
        load_c = _load()
        ct = compute_times([*others, ("now", ROOT)], db, env, passes=args.compute_passes)
        kinds_c = [*labels, "now"]
        lines += ["", f"`metrics.core.compute()` in one process on a prepared connection (the dashboard's calls; "
                  f"period 2024), ms per call, min / median of {len(next(iter(ct['now'].values())))}, the "
                  f"checkouts' processes alternating; load {load_c} → {_load()}:", "",
                  "| table, by | " + " | ".join(kinds_c) + " |", "|---|" + "---:|" * len(kinds_c)]
        for t, by in COMPUTE_CASES:
            k = t + " " + ",".join(by)
            lines.append(f"| `{k.strip()}` | " + " | ".join(_ms(ct[lab][k]) for lab in kinds_c) + " |")
    write_section("cli", lines, "## The command line (`bench/cli.py`)")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
