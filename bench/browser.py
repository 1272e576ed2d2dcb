"""What a person waits for, timed in a real browser (Playwright + Debian's chromium), not a test.

    .venv/bin/python bench/browser.py --scales 1 10 [--runs 5] [--reuse] [--shots]

For each scale: a real Streamlit server on the demo store, and for every page of app.py's navigation
(PAGES: the url paths)
- cold:   server start -> the page settled in the first session (a new server for each of COLD_PAGES:
          imports, connection, prepare, plotly.js download into the browser);
- open:   a new tab (a new Streamlit session) opening the page -> settled; server warm (every page's
          default view was opened once before) and browser warm (its cache holds the static bundles,
          plotly.js included, as a person's browser does after the first visit);
- change: a filter every page reads changed in the sidebar (a region added to the region
          multiselect, two per session, never the same one twice) -> the rerun settled;
- switch: in one open tab, a click on the page's link in the sidebar (coming from the page before it in
          PAGES) -> settled: no JavaScript is loaded again, as when a person moves between pages.
Cold is measured twice per page: on a snapshot no server has opened yet (its derived/ directory
removed, so every base table is computed) and after a restart (the bases kept by the first server).
"Settled" = Streamlit's script state on the stApp element is notRunning, nothing stale, no lazy
element still loading, every Plotly chart drawn, and neither the count of drawn SVGs nor any chart's
drawing changed for 150 ms; the time reported is the first moment that final state was seen (the
150 ms of waiting are not counted).
A minimal Streamlit + Plotly page (bench/floor_app.py) is measured the same way in the same run: the
machine's floor. The biggest script of the floor's cold start (plotly.js) is reported with its size
on the wire and its caching headers. Results go between the browser markers of bench/RESULTS.md (its
top). Loopback only, bounded in time.
"""

from __future__ import annotations

import argparse
import csv
import os
import socket
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
from bench.run import write_section  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
PAGES = ["", "svf-inklusion", "svf-ledtider", "svf-faser", "kvalitetsregister", "palliativregistret",
         "datastatus"]  # url paths of app.py's st.Page(url_path=...); "" is the start page (Målöversikt)
# the change: a region added in the sidebar (every page reads the region filter); each run adds two
# regions not asked for before (names from the catalogue), so every change computes anew
with open(ROOT / "data" / "reference" / "regions.csv", encoding="utf-8") as _f:
    REGION_NAMES = [r["name_sv"] for r in csv.DictReader(_f)]
COLD_PAGES = ["", "svf-inklusion"]  # the start page (a table, no chart) and a page of charts: a new server each
AIM_OPEN_S, AIM_CHANGE_S, AIM_COLD_X = 1.0, 1.0, 1.5
QUERY = "lang=sv&from=2025-07&to=2025-12"
SHOTS: Path | None = None
QUIET_MS: list[float] = []  # per settle: how long the page had been final when that was seen (not counted)

# JS: once the page has settled, how many ms ago it reached its final state (else false): the script run
# finished (Streamlit's own state on the stApp element), nothing stale, no lazy element still loading
# (Suspense skeletons: the Plotly component arrives after the run when the browser has not loaded plotly.js
# yet), every Plotly chart drawn, and nothing changed for 150 ms: neither the number of drawn SVGs nor any
# chart's drawing (each Plotly draw -- newPlot, react, an automargin redraw -- makes a new _fullLayout on
# its div; a chart redrawn in place keeps its SVG count). The page is finished from the first poll that saw
# that final state: the time reported is that poll's (polls every 25 ms), not the end of the 150 ms wait.
# (The status widget is no signal: stStatusWidget never appeared in this app during a run, so an earlier
# version settled before anything was drawn.)
_SETTLED = """
() => {
  const w = window.__bench || (window.__bench = {n: -1, since: performance.now()});
  w.seen = w.seen || new WeakMap();
  w.ver = w.ver || 0;
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute('data-test-script-state');
  const stale = document.querySelector('[data-stale="true"]');
  const skeleton = document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]');
  const main = document.querySelector('[data-testid="stMain"] h1');
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]').length;
  const plots = document.querySelectorAll('.js-plotly-plot');
  for (const gd of plots) { if (w.seen.get(gd) !== gd._fullLayout) { w.seen.set(gd, gd._fullLayout); w.ver++; } }
  const sig = document.querySelectorAll('.js-plotly-plot .main-svg').length + ':' + w.ver;
  const now = performance.now();
  if (state !== 'notRunning' || stale || skeleton || !main || plots.length < charts) {
    w.n = -1; w.since = now; return false;
  }
  if (sig !== w.n) { w.n = sig; w.since = now; return false; }
  return now - w.since >= 150 ? now - w.since : false;
}
"""
_RERUN_STARTED = """() => document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state')
  !== 'notRunning'"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER_CPUS: set[int] | None = None  # --split-cores: the server's cores (this process and Chromium get the rest)


def _server(app: Path, store: Path | None) -> tuple[subprocess.Popen, str, float]:
    port = _port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    if store is not None:
        env["SVF_DB"] = str(store)
    t0 = time.perf_counter()
    # the dashboard as start.sh runs it (ui.serve: `streamlit run app.py` with its warm start); the floor bare
    launch = ["-m", "ui.serve"] if app == ROOT / "app.py" else ["-m", "streamlit", "run", str(app)]
    proc = subprocess.Popen([sys.executable, *launch, "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1",
                             "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=(lambda: os.sched_setaffinity(0, SERVER_CPUS)) if SERVER_CPUS else None)
    return proc, f"http://127.0.0.1:{port}", t0


def _settle(page, timeout_s: float = 120) -> float:
    """perf_counter() of the moment the page reached its final state (see _SETTLED): the moment the check
    returned, less how long the page had already been in that state. The answer's way back from the
    browser is not taken off, so the time is late by that much, never early."""
    page.evaluate("() => { window.__bench = {n: -1, since: performance.now()}; }")
    ago_ms = page.wait_for_function(_SETTLED, timeout=timeout_s * 1000, polling=25).json_value()
    QUIET_MS.append(ago_ms)
    return time.perf_counter() - ago_ms / 1000


def _goto_when_up(page, url: str, deadline: float) -> None:
    while True:
        try:
            page.goto(url, timeout=5000)
            return
        except Exception:
            if time.perf_counter() > deadline:
                raise
            time.sleep(0.05)


def _largest_script(responses) -> dict:
    """The biggest JavaScript file of the cold start (plotly.js): bytes on the wire and unpacked, and
    the headers that decide whether it is compressed and whether a browser keeps it."""
    best = {}
    for r in responses:
        if not r.url.split("?")[0].endswith(".js") or r.status != 200:
            continue
        try:
            body = len(r.body())
            wire = r.request.sizes().get("responseBodySize", body)
        except Exception:  # a response the page dropped
            continue
        if body > best.get("bytes", 0):
            h = r.headers
            best = {"url": r.url.split("/")[-1], "bytes": body, "wire": wire,
                    "encoding": h.get("content-encoding", "none"), "cache": h.get("cache-control", "none"),
                    "etag": "etag" in h}
    return best


FRAMES: dict = {}  # page -> websocket messages received from the server so far


def _count_frames(pg) -> None:
    pg.on("websocket", lambda ws: ws.on("framereceived", lambda _f: FRAMES.__setitem__(pg, FRAMES.get(pg, 0) + 1)))


def _context(browser, base: str):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.on("page", _count_frames)
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) or
              r.request.url.startswith(("data:", "blob:")) else r.abort())  # nothing leaves the machine
    return ctx


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _cold(browser, app: Path, store: Path | None, path: str) -> tuple[float, dict]:
    """A new server: seconds from its start to the page settled in the first session, and the biggest script."""
    proc, base, t0 = _server(app, store)
    try:
        ctx = _context(browser, base)
        seen = []
        ctx.on("response", lambda r: seen.append(r))
        pg = ctx.new_page()
        _goto_when_up(pg, f"{base}/{path}?{QUERY}", time.perf_counter() + 120)
        took = _settle(pg) - t0
        bundle = _largest_script(seen)
        ctx.close()
    finally:
        _stop(proc)
    return took, bundle


def cpu_ms(pid: int) -> float:
    """user + system CPU time of a process so far, ms (/proc)."""
    try:
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(f[11]) + int(f[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def descendants(root: int) -> list[int]:
    """Every process below root (children, their children …)."""
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                kids.setdefault(int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]), []).append(int(d.name))
            except OSError:
                pass
    out, todo = [], [root]
    while todo:
        got = kids.get(todo.pop(), [])
        out += got
        todo += got
    return out


def _cpu_now(server_pid: int) -> tuple[float, float]:
    """(server, browser) CPU ms so far; browser = every other process this script started (Playwright's
    driver and Chromium's)."""
    return cpu_ms(server_pid), sum(cpu_ms(p) for p in descendants(os.getpid()) if p != server_pid)


SERVER_PID = 0
CPU_LOG: list[tuple[float, float]] | None = None  # set to a list: (server, browser) CPU ms of each rerun


def _rerun(pg, act) -> float:
    """Seconds from act() (a click that makes Streamlit rerun) to the page settled again. With CPU_LOG a
    list, the CPU the server and the browser used meanwhile is appended to it (less sensitive to other
    work on the machine than the wall time; it includes the settle check's own polling)."""
    cpu0 = _cpu_now(SERVER_PID) if CPU_LOG is not None else None
    n0 = FRAMES.get(pg, 0)
    t = time.perf_counter()
    act()
    # the run has started once the page shows it running or the server has answered: a short run (the
    # floor's) can start and end between two polls, and React may never show it running at all
    until = t + 3
    while FRAMES.get(pg, 0) == n0 and time.perf_counter() < until:
        try:
            pg.wait_for_function(_RERUN_STARTED, timeout=50, polling=10)
            break
        except Exception:  # not yet: look at the frames again
            pass
    took = _settle(pg) - t
    if cpu0 is not None:
        cpu1 = _cpu_now(SERVER_PID)
        CPU_LOG.append((cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]))
    return took


def _pick_region(pg, name: str):
    pg.locator(".st-key-f_region input").click()
    pg.keyboard.type(name)
    opt = pg.get_by_role("option", name=name, exact=True)
    opt.wait_for()

    def act():
        opt.click()
        pg.keyboard.press("Escape")  # the multiselect commits its value when it closes
    return act


def _switches(browser, base: str, pages, runs: int) -> dict[str, list[float]]:
    """{path: seconds} for page switches by the sidebar's links inside one open tab, `runs` rounds."""
    out: dict[str, list[float]] = {p: [] for p in pages}
    ctx = _context(browser, base)
    pg = ctx.new_page()
    pg.goto(f"{base}/{pages[-1]}?{QUERY}")
    _settle(pg)
    for _ in range(runs):
        for path in pages:
            link = pg.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first
            out[path].append(_rerun(pg, link.click))
    ctx.close()
    return out


def _forget_kept(store: Path) -> None:
    """Remove what servers keep beside the snapshot in force: the next one computes every base again."""
    import shutil

    from store import Store

    s = Store(store)
    shutil.rmtree(s.derived_dir(s.version()), ignore_errors=True)


def _measure_server(browser, app: Path, store: Path | None, pages, runs: int, change: bool) -> dict:
    """{path: {'open': [...], 'change': [...]}} for one server, warmed by opening each page once first."""
    proc, base, _ = _server(app, store)
    global SERVER_PID
    SERVER_PID = proc.pid
    out: dict = {}
    regions = iter(REGION_NAMES * runs)
    try:
        ctx = _context(browser, base)
        pg = ctx.new_page()
        _goto_when_up(pg, f"{base}/{pages[0]}?{QUERY}", time.perf_counter() + 120)
        _settle(pg)
        for path in pages[1:]:  # warm: every page's default view once (its caches, its first prepare)
            pg.goto(f"{base}/{path}?{QUERY}")
            _settle(pg)
        ctx.close()
        # each page: a browser that has loaded the app once (its cache holds the static bundles), then
        # `runs` new tabs
        for path in pages:
            opens, changes = [], []
            ctx = _context(browser, base)  # one browser per page: its cache keeps plotly.js, as a person's does
            warm = ctx.new_page()
            warm.goto(f"{base}/{path}?{QUERY}")
            _settle(warm)
            warm.close()
            for _ in range(runs):
                pg = ctx.new_page()  # a new tab: a new Streamlit session
                t = time.perf_counter()
                pg.goto(f"{base}/{path}?{QUERY}")
                opens.append(_settle(pg) - t)
                if SHOTS is not None and len(opens) == 1:  # to look at what "settled" was
                    SHOTS.mkdir(parents=True, exist_ok=True)
                    pg.screenshot(path=str(SHOTS / f"bench-{app.stem}-{path or 'start'}.png"))
                if change:
                    for _ in range(2):
                        changes.append(_rerun(pg, _pick_region(pg, next(regions))))
                else:
                    for label in ("B", "A"):
                        changes.append(_rerun(pg, pg.get_by_text(label, exact=True).click))
                pg.close()
            ctx.close()
            out[path] = {"open": opens, "change": changes}
        if len(pages) > 1:
            for path, xs in _switches(browser, base, pages, runs).items():
                out[path]["switch"] = xs
    finally:
        _stop(proc)
    return out


def _store(scale: float, reuse: bool) -> Path:
    from ingest.synth import build
    from store import Store

    root = OUT / f"store-s{scale:g}"
    if not (reuse and (root / "CURRENT").exists()):
        import shutil

        shutil.rmtree(root, ignore_errors=True)
        build(Store(root), scale=scale, seed=7)
    return root


def _ms(xs: list[float]) -> str:
    return f"{min(xs) * 1000:.0f} / {statistics.median(xs) * 1000:.0f}" if xs else "–"


def _aim(xs: list[float], limit_s: float) -> str:
    return "–" if not xs else ("✓" if statistics.median(xs) < limit_s else "✗")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", nargs="+", type=float, default=[1.0, 10.0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cold-runs", type=int, default=3, help="cold starts per case (median reported)")
    ap.add_argument("--reuse", action="store_true", help="keep the stores under bench/out/")
    ap.add_argument("--shots", action="store_true", help="a screenshot of each page measured (artifacts/)")
    ap.add_argument("--split-cores", action="store_true",
                    help="the server on core 0, Chromium (and Playwright) on the others, as when a person's browser "
                    "runs on their own computer: neither waits for the other's CPU; only with --pages (printed)")
    ap.add_argument("--pages", nargs="+", help="only these url paths ('' for the start page) and no cold starts, "
                    "to iterate: printed, RESULTS.md untouched")
    args = ap.parse_args()
    partial_run = args.pages is not None
    if args.split_cores:
        if not partial_run:
            ap.error("--split-cores only with --pages: RESULTS.md's table is measured as the machine is")
        global SERVER_CPUS
        cpus = os.sched_getaffinity(0)
        SERVER_CPUS = {min(cpus)}
        os.sched_setaffinity(0, cpus - SERVER_CPUS)  # inherited by Playwright's driver and Chromium
    pages = [p.strip("/") for p in args.pages] if partial_run else PAGES
    global SHOTS
    SHOTS = ROOT / "artifacts" / "screenshots" if args.shots else None

    from playwright.sync_api import sync_playwright

    load0 = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [f"Measured {date.today()} with `bench/browser.py --runs {args.runs}` (Playwright + Debian chromium, "
             f"loopback; min / median of {args.runs}, ms unless noted; load average 1/5/15 min at the start "
             f"{load0}). The floor is bench/floor_app.py: one Plotly chart, no data work, measured in the same "
             "run. *Cold*: a new server, an empty browser cache, until the page has settled (script finished, every "
             "chart drawn). *Open*: a new tab (new session; server and browser cache warm) → settled; *change*: a "
             "region added in the sidebar → rerun settled; *switch*: a click on the page's link in the sidebar "
             "of an open tab → settled.", ""]
    if args.split_cores:
        lines += [f"Split cores: the server on core {min(SERVER_CPUS)}, Playwright and Chromium on "
                  f"{sorted(os.sched_getaffinity(0))}.", ""]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        colds = [_cold(browser, ROOT / "bench" / "floor_app.py", None, "") for _ in range(args.cold_runs)]
        floor_cold, bundle = statistics.median(c for c, _ in colds), colds[0][1]
        floor = _measure_server(browser, ROOT / "bench" / "floor_app.py", None, [""], args.runs, False)
        lines.append(f"- floor: server start → chart drawn {floor_cold:.1f} s (median of {args.cold_runs}); "
                     f"open {_ms(floor['']['open'])}; "
                     f"after a click {_ms(floor['']['change'])}")
        if bundle:
            lines.append(f"- largest script of a cold start: `{bundle['url']}`, {bundle['bytes'] / 2**20:.1f} MiB "
                         f"unpacked, {bundle['wire'] / 2**20:.1f} MiB on the wire (Content-Encoding: "
                         f"{bundle['encoding']}; Cache-Control: {bundle['cache']}; ETag: "
                         f"{'yes' if bundle['etag'] else 'no'})")
        lines.append("")
        for scale in args.scales:
            store = _store(scale, args.reuse)
            lines += [f"### Scale {scale:g}", ""]
            for path in ([] if partial_run else COLD_PAGES):
                for kept, what in ((False, "a snapshot no server has opened"), (True, "a restart (bases kept)")):
                    times = []
                    for _ in range(args.cold_runs):
                        if not kept:
                            _forget_kept(store)
                        times.append(_cold(browser, ROOT / "app.py", store, path)[0])
                    cold = statistics.median(times)
                    ratio = cold / floor_cold
                    lines.append(f"- server start → /{path} settled in the first session, {what}: {cold:.1f} s "
                                 f"(median of {' / '.join(f'{x:.1f}' for x in times)} s) "
                                 f"({ratio:.1f}× the floor; aim ≤ {AIM_COLD_X:g}×: "
                                 f"{'✓' if ratio <= AIM_COLD_X else '✗'})")
            res = _measure_server(browser, ROOT / "app.py", store, pages, args.runs, True)
            lines += ["", f"| page | open in a new session | after a filter change | switch to it in an open tab "
                      f"| aim open < {AIM_OPEN_S:g} s | aim change < {AIM_CHANGE_S:g} s "
                      f"| aim switch < {AIM_OPEN_S:g} s |",
                      "|---|---:|---:|---:|:---:|:---:|:---:|"]
            for path in pages:
                r = res.get(path)
                if r:
                    sw = r.get("switch", [])
                    lines.append(f"| /{path} | {_ms(r['open'])} | {_ms(r['change'])} | {_ms(sw)} "
                                 f"| {_aim(r['open'], AIM_OPEN_S)} | {_aim(r['change'], AIM_CHANGE_S)} "
                                 f"| {_aim(sw, AIM_OPEN_S)} |")
            lines.append("")
        browser.close()
    lines.append(f"Not counted in these times: the wait that tells the page is finished (150 ms without a change, "
                 f"seen by a 25 ms poll), median {statistics.median(QUIET_MS):.0f} ms per measurement."
                 if QUIET_MS else "")
    lines.append("Aims are judged on the median. Load average at the end: "
                 + " / ".join(f"{x:.1f}" for x in os.getloadavg()) + ".")
    if not partial_run:
        write_section("browser", lines, "## What a person waits for (real browser)", at_top=True)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
