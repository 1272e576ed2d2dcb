"""What a person waits for, timed in a real browser (Playwright + Debian's chromium), not a test.

    .venv/bin/python bench/browser.py --scales 1 10 [--runs 5] [--reuse]

For each scale: a real Streamlit server on the demo store, and for every page
- cold:   server start -> the first page's last chart drawn (new server, first session: imports,
          connection, prepare, plotly.js download into the browser);
- open:   a new browser session opening the page -> last chart drawn (server warm);
- change: a filter changed in the sidebar (granularity, then back) -> the rerun finished and every
          chart drawn again.
"Drawn" = no script running, nothing stale, and the number of rendered Plotly SVGs unchanged for
150 ms. A minimal Streamlit + Plotly page (bench/floor_app.py) is measured the same way in the same
run: the machine's floor. Results go between the browser markers of bench/RESULTS.md (its top).
Loopback only, bounded in time.
"""

from __future__ import annotations

import argparse
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
RESULTS = ROOT / "bench" / "RESULTS.md"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
PAGES = ["", "svf-inklusion", "svf-ledtider", "datastatus"]  # url paths; "" is the start page
QUERY = "lang=sv&from=2025-07&to=2025-12"
START, END = "<!-- browser:start -->", "<!-- browser:end -->"

# JS: true once the page has settled (no run in progress, nothing stale, charts drawn and stable)
_SETTLED = """
() => {
  const w = window.__bench || (window.__bench = {n: -1, since: 0});
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  const stale = document.querySelector('[data-stale="true"]');
  const main = document.querySelector('[data-testid="stMain"] h1');
  const n = document.querySelectorAll('.js-plotly-plot .main-svg').length;
  const now = performance.now();
  if (running || stale || !main) { w.n = -1; w.since = now; return false; }
  if (n !== w.n) { w.n = n; w.since = now; return false; }
  return now - w.since >= 150;
}
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server(app: Path, store: Path | None) -> tuple[subprocess.Popen, str, float]:
    port = _port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    if store is not None:
        env["SVF_DB"] = str(store)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1",
                             "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, f"http://127.0.0.1:{port}", t0


def _settle(page, timeout_s: float = 120) -> float:
    page.evaluate("() => { window.__bench = {n: -1, since: performance.now()}; }")
    page.wait_for_function(_SETTLED, timeout=timeout_s * 1000, polling=25)
    return time.perf_counter()


def _goto_when_up(page, url: str, deadline: float) -> None:
    while True:
        try:
            page.goto(url, timeout=5000)
            return
        except Exception:
            if time.perf_counter() > deadline:
                raise
            time.sleep(0.05)


def _measure_server(browser, app: Path, store: Path | None, pages, runs: int, change: bool) -> dict:
    """{'cold': s, path: {'open': [...], 'change': [...]}} for one server."""
    proc, base, t0 = _server(app, store)
    out: dict = {}
    try:
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) or
                  r.request.url.startswith(("data:", "blob:")) else r.abort())
        pg = ctx.new_page()
        first = pages[0]
        _goto_when_up(pg, f"{base}/{first}?{QUERY}", time.perf_counter() + 120)
        out["cold"] = _settle(pg) - t0
        ctx.close()
        for path in pages:
            opens, changes = [], []
            for _ in range(runs):
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                pg = ctx.new_page()
                t = time.perf_counter()
                pg.goto(f"{base}/{path}?{QUERY}")
                opens.append(_settle(pg) - t)
                if change:
                    for label in ("År", "Kvartal"):
                        btn = pg.locator(".st-key-f_gran").get_by_text(label, exact=True)
                        t = time.perf_counter()
                        btn.click()
                        pg.wait_for_timeout(30)  # let the rerun start (the status widget appears)
                        changes.append(_settle(pg) - t)
                else:
                    for label in ("B", "A"):
                        t = time.perf_counter()
                        pg.get_by_text(label, exact=True).click()
                        pg.wait_for_timeout(30)
                        changes.append(_settle(pg) - t)
                ctx.close()
            out[path] = {"open": opens, "change": changes}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", nargs="+", type=float, default=[1.0, 10.0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--reuse", action="store_true", help="keep the stores under bench/out/")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    lines = [f"Measured {date.today()} with `bench/browser.py` (Playwright + Debian chromium, loopback; "
             f"min / median of {args.runs}, ms unless noted). The floor is bench/floor_app.py: one Plotly chart, "
             "no data work.", ""]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        floor = _measure_server(browser, ROOT / "bench" / "floor_app.py", None, [""], args.runs, False)
        lines.append(f"- floor: server start → chart drawn {floor['cold']:.1f} s; open {_ms(floor['']['open'])}; "
                     f"after a click {_ms(floor['']['change'])}")
        lines.append("")
        for scale in args.scales:
            store = _store(scale, args.reuse)
            res = _measure_server(browser, ROOT / "app.py", store, PAGES, args.runs, True)
            lines += [f"### Scale {scale:g}", "",
                      f"- server start → first chart drawn (Målöversikt): {res['cold']:.1f} s "
                      f"({res['cold'] / floor['cold']:.1f}× the floor)", "",
                      "| page | open in a new session | after a filter change |", "|---|---:|---:|"]
            for path in PAGES:
                r = res.get(path)
                if r:
                    lines.append(f"| /{path} | {_ms(r['open'])} | {_ms(r['change'])} |")
            lines.append("")
        browser.close()
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    block = START + "\n" + "\n".join(lines).rstrip() + "\n" + END
    if START in text:
        text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        head, _, rest = text.partition("\n")
        text = head + "\n\n## What a person waits for (real browser)\n\n" + block + "\n" + rest
    RESULTS.write_text(text, encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
