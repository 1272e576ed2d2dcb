"""Benchmarks (not tests): build, load, metric queries and page renders; writes bench/RESULTS.md.

    .venv/bin/python bench/run.py                 # scale 1 and 10 (several minutes)
    .venv/bin/python bench/run.py --scales 1      # quicker

Stores are kept under bench/out/ (git-ignored) and reused with --reuse.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
PY = sys.executable

# One representative call per metric: what a coordinator's default view asks for.
METRIC_CALLS = [
    ("lead-time", ("region",)),
    ("lead-time", ("svf",)),
    ("lead-time", ("svf", "end_type")),
    ("inclusion", ("region", "svf")),
    ("inclusion", ("quarter",)),
    ("register-coverage", ("register", "region")),
    ("palliative-coverage", ("region",)),
    ("palliative-indicators", ("indicator", "region")),
]


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, Python {platform.python_version()}"


def run_timed(cmd: list[str], env: dict | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of this child in MiB (os.wait4 gives the child's own rusage), stderr tail."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        dt = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    lines = stderr.strip().splitlines()
    return dt, usage.ru_maxrss // 1024, lines[-1] if lines else ""


def build(scale: float, reuse: bool) -> tuple[Path, dict]:
    db = OUT / f"store-s{scale:g}"
    if reuse and (db / "CURRENT").exists():
        return db, {"build_s": None, "build_rss_mib": None}
    dt, rss, _ = run_timed([PY, "-m", "ingest", "build", "--db", str(db), "--scale", str(scale)])
    return db, {"build_s": dt, "build_rss_mib": rss}


def period_last_12() -> tuple[str, str]:
    today = date.today()
    y, m = today.year, today.month - 1
    if m == 0:
        y, m = y - 1, 12
    fy, fm = (y - 1, m + 1) if m < 12 else (y, 1)
    return f"{fy}-{fm:02d}", f"{y}-{m:02d}"


def time_metrics(db: Path, repeats: int = 7) -> tuple[list[dict], float]:
    """Per metric call: cold = a fresh view connection straight on the Parquet files (what the CLI
    does, connect included); warm = median on the dashboard's connection (views + metrics.prepare).
    Also returns the seconds the dashboard spends preparing a new snapshot's connection."""
    from metrics import Filters, compute, prepare
    from store import Store

    store = Store(db)
    frm, to = period_last_12()
    flt = Filters(period_from=frm, period_to=to)
    rows = []
    t0 = time.perf_counter()
    dash = store.connect()
    prepare(dash)
    prepare_s = time.perf_counter() - t0
    for table, by in METRIC_CALLS:
        t0 = time.perf_counter()
        con = store.connect()
        compute(con, table, flt, by)
        cold = time.perf_counter() - t0
        con.close()
        warm = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            compute(dash.cursor(), table, flt, by)
            warm.append(time.perf_counter() - t0)
        rows.append({"table": table, "by": ",".join(by), "cold_ms": cold * 1000,
                     "warm_ms": statistics.median(warm) * 1000})
    return rows, prepare_s


def time_cli(db: Path) -> float:
    frm, to = period_last_12()
    t0 = time.perf_counter()
    subprocess.run([PY, "-m", "metrics", "lead-time", "--db", str(db), "--from", frm, "--to", to,
                    "--by", "region"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - t0


def time_load(source_db: Path, n_rows: int = 1_000_000) -> dict:
    """Export n rows of demo pathways to a CSV, then time `ingest load` into a fresh store."""
    import duckdb

    from store import Store

    csv = OUT / f"svf_{n_rows}.csv"
    if not csv.exists():
        con = Store(source_db).connect()
        rel = con.sql("SELECT * EXCLUDE (load_id) FROM svf_pathway ORDER BY pathway_id")
        rel.limit(n_rows).write_csv(str(csv))
        con.close()
    n = duckdb.sql("SELECT count(*) FROM read_csv($p)", params={"p": str(csv)}).fetchall()[0][0]
    target = OUT / "store-load"
    if target.exists():
        import shutil

        shutil.rmtree(target)
    dt, rss, tail = run_timed([PY, "-m", "ingest", "load", "--db", str(target), "--kind", "svf", str(csv)])
    # the same file again: must change nothing, and should be quick
    dt2, _, _ = run_timed([PY, "-m", "ingest", "load", "--db", str(target), "--kind", "svf", str(csv)])
    return {"rows": n, "load_s": dt, "rows_per_s": n / dt, "rss_mib": rss, "reload_s": dt2,
            "size_mib": csv.stat().st_size / 2**20}


# None = the start page (Målöversikt); the register and phases pages have their own benches
PAGES = {"maloversikt": None, "datastatus": "views/datastatus.py", "svf-inklusion": "views/svf_inklusion.py",
         "svf-ledtider": "views/svf_ledtider.py"}


def time_pages(db: Path, repeats: int = 3, pages: dict | None = None) -> list[dict]:
    """Full script runs of each page through Streamlit's AppTest (no browser), each page in a fresh
    process: cold (first run: connection and caches empty), warm (same view again: cached results),
    and changed (another region each run: warm connection, metric results computed anew)."""
    code = r"""
import json, statistics, sys, time
from streamlit.testing.v1 import AppTest
page = sys.argv[1] or None; repeats = int(sys.argv[2])
regions = ["01", "12", "14", "21", "25", "03", "05"]
at = AppTest.from_file("app.py", default_timeout=900)
t0 = time.perf_counter()
at.run()
if page:
    at.switch_page(page); at.run()
cold = time.perf_counter() - t0
if at.exception: raise SystemExit(str(at.exception))
warm, changed = [], []
for _ in range(repeats):
    t0 = time.perf_counter(); at.run(); warm.append(time.perf_counter() - t0)
for r in regions[:repeats]:
    w = at.multiselect(key="f_region").set_value([r])
    t0 = time.perf_counter(); w.run(); changed.append(time.perf_counter() - t0)
    if at.exception: raise SystemExit(str(at.exception))
print(json.dumps({"cold_ms": cold * 1000, "warm_ms": statistics.median(warm) * 1000,
                  "changed_ms": statistics.median(changed) * 1000}))
"""
    env = dict(os.environ, SVF_DB=str(db))
    out = []
    for name, path in (pages or PAGES).items():
        p = subprocess.run([PY, "-c", code, path or "", str(repeats)], cwd=ROOT, env=env,
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(f"page bench failed for {name}:\n" + p.stderr[-3000:])
        out.append({"page": name, **json.loads(p.stdout.strip().splitlines()[-1])})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", default="1,10")
    ap.add_argument("--reuse", action="store_true", help="reuse stores already built in bench/out")
    ap.add_argument("--no-pages", action="store_true")
    ap.add_argument("--no-load", action="store_true")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "date": date.today().isoformat(), "scales": {}}
    for s in [float(x) for x in args.scales.split(",")]:
        print(f"scale {s:g}: build", file=sys.stderr)
        db, info = build(s, args.reuse)
        print(f"scale {s:g}: metrics", file=sys.stderr)
        info["metrics"], info["prepare_s"] = time_metrics(db)
        info["cli_s"] = time_cli(db)
        if not args.no_pages:
            print(f"scale {s:g}: pages", file=sys.stderr)
            info["pages"] = time_pages(db)
        results["scales"][f"{s:g}"] = info
        if s == 1 and not args.no_load:
            print("load 1M rows", file=sys.stderr)
            results["load"] = time_load(db)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str))
    print(json.dumps(results, indent=2, default=str))
    write_markdown(results)


AIMS = {"metric_warm_ms": {"1": 100, "10": 1000}, "page_warm_ms": {"1": 300, "10": 1500},
        "load_rows_per_s": 500_000, "build_s_scale1": 60}


def _ok(value: float | None, limit: float, higher_is_better: bool = False) -> str:
    if value is None:
        return "–"
    good = value >= limit if higher_is_better else value <= limit
    return "✓" if good else "**missed**"


def write_markdown(r: dict) -> None:
    """The measured tables, between markers in bench/RESULTS.md (the prose around them is kept)."""
    out = [f"Measured {r['date']} on {r['machine']} (`bench/run.py`). Times in ms unless noted; "
           "warm = median of 7 runs.", ""]
    for scale, info in r["scales"].items():
        out.append(f"### Scale {scale}")
        out.append("")
        if info.get("build_s") is not None:
            line = f"- build (`python -m ingest build --scale {scale}`): {info['build_s']:.1f} s wall, " \
                   f"peak RSS {info['build_rss_mib']} MiB"
            if scale == "1":
                line += f" — aim < 60 s {_ok(info['build_s'], AIMS['build_s_scale1'])}"
            out.append(line)
        out.append(f"- dashboard connection for a new snapshot (views + `metrics.prepare`): "
                   f"{info['prepare_s'] * 1000:.0f} ms")
        out.append(f"- `python -m metrics lead-time --by region` as a command (process start included): "
                   f"{info['cli_s'] * 1000:.0f} ms")
        out.append("")
        aim = AIMS["metric_warm_ms"].get(scale)
        out.append(f"| metric | by | cold (CLI path) | warm (dashboard) | aim warm < {aim} ms |")
        out.append("|---|---|---:|---:|:---:|")
        for m in info["metrics"]:
            out.append(f"| {m['table']} | {m['by']} | {m['cold_ms']:.0f} | {m['warm_ms']:.0f} | "
                       f"{_ok(m['warm_ms'], aim) if aim else '–'} |")
        if info.get("pages"):
            aim = AIMS["page_warm_ms"].get(scale)
            out.append("")
            out.append(f"| page (AppTest full script run) | cold | warm (same view) | changed filter | "
                       f"aim warm < {aim} ms |")
            out.append("|---|---:|---:|---:|:---:|")
            for p in info["pages"]:
                out.append(f"| {p['page']} | {p['cold_ms']:.0f} | {p['warm_ms']:.0f} | {p['changed_ms']:.0f} | "
                           f"{_ok(p['warm_ms'], aim) if aim else '–'} |")
        out.append("")
    if "load" in r:
        ld = r["load"]
        out.append("### Loading a 1-million-row CSV")
        out.append("")
        out.append(f"- `python -m ingest load --kind svf` of {ld['rows']:,} rows ({ld['size_mib']:.0f} MiB) into "
                   f"a new store: {ld['load_s']:.2f} s wall = {ld['rows_per_s']:,.0f} rows/s, peak RSS "
                   f"{ld['rss_mib']} MiB — aim ≥ 500 000 rows/s (issue 10) "
                   f"{_ok(ld['rows_per_s'], AIMS['load_rows_per_s'], True)}")
        out.append(f"- the same file again (recognised by its hash, nothing changes): {ld['reload_s']:.2f} s")
        out.append("")
    write_section("results", out)


def write_section(name: str, lines: list[str], heading: str = "", at_top: bool = False) -> None:
    """Put `lines` between the markers <!-- name:start --> and <!-- name:end --> of bench/RESULTS.md
    (the prose around them is ours and kept); a new section goes at the end (or, at_top, right under
    the file's title) after `heading`."""
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = start + "\n" + "\n".join(lines).rstrip() + "\n" + end
    if start in text and end in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    elif at_top:
        title, _, rest = text.partition("\n")
        text = title + "\n\n" + (heading + "\n\n" if heading else "") + block + "\n" + rest
    else:
        text = text.rstrip() + "\n\n" + (heading + "\n\n" if heading else "") + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
