"""Where the browser time of a filter change goes: a Chromium performance trace of one region change on
a page (Playwright's tracing with the V8 sampling profiler, and the websocket frames through CDP).

    .venv/bin/python bench/browser_trace.py svf-ledtider svf-inklusion [--changes 2] [--keep-json]

For each change it prints, in ms from the click:
- the websocket: the BackMsg sent, the first delta received, script_finished (the server's script run,
  network included), the number of deltas and their bytes;
- the renderer's main thread from the click to the last drawn SVG: busy time, split into JavaScript by
  script (the Plotly chunk, Streamlit's own bundles, …; sampled, leaf frame), garbage collection, style,
  layout, paint and the rest of Blink's work, and the longest tasks;
- when each chart was drawn (the last SVG count change seen by a 10 ms poll).
Not a test; loopback; the store is $SVF_DB or bench/out/store-s1.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import browser as B  # noqa: E402

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "toplevel",
              "disabled-by-default-v8.cpu_profiler", "blink.user_timing", "v8", "disabled-by-default-v8.gc"]
# JS: the time (performance.now) of each change of the drawn SVG count, polled every 10 ms
_WATCH = """() => { const w = window.__watch = {log: []}; let n = -1;
  const tick = () => { const m = document.querySelectorAll('.js-plotly-plot .main-svg').length;
    const s = document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state');
    const c = document.querySelectorAll('[data-testid="stPlotlyChart"]').length;
    const st = document.querySelectorAll('[data-stale="true"] [data-testid="stPlotlyChart"]').length;
    const anyStale = document.querySelectorAll('[data-stale="true"]').length;
    const sk = document.querySelectorAll('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]').length;
    w.seen = w.seen || new WeakMap(); w.ver = w.ver || 0;
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
      if (w.seen.get(gd) !== gd._fullLayout) { w.seen.set(gd, gd._fullLayout); w.ver++; } }
    const k = [m, s, c, st, anyStale, sk, w.ver].join('|');
    if (k !== n) { n = k; w.log.push([performance.now(), m, s, c, st, anyStale, sk, w.ver]); }
    w.t = setTimeout(tick, 10); }; tick(); }"""


def _browser_cpu_ms() -> float:
    """CPU of every process this script started except the server (Playwright's driver and chromium)."""
    return sum(B.cpu_ms(p) for p in B.descendants(os.getpid()) if p != SERVER_PID)


SERVER_PID = 0
COUNT_PLOTLY = False
PRESET = False
FIGS: list | None = None  # the plotly_chart elements received (--dump-figs)


def _forward_kind(payload: bytes) -> str:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    m = ForwardMsg()
    try:
        m.ParseFromString(payload)
    except Exception:
        return "?"
    kind = m.WhichOneof("type") or "?"
    if kind == "delta":
        d = m.delta
        sub = d.WhichOneof("type") or "?"
        if sub == "new_element":
            sub = d.new_element.WhichOneof("type") or "?"
        return f"delta.{sub}"
    return kind


def _analyse(trace: dict, t_click_ms: float, t_end_ms: float, nav_start_wall: float) -> dict:
    """Main-thread time of the renderer between two performance.now() moments (ms)."""
    ev = trace["traceEvents"] if isinstance(trace, dict) else trace
    # the renderer's main thread: thread_name CrRendererMain of the process that ran our page's JS
    main = {(e["pid"], e["tid"]) for e in ev if e.get("ph") == "M" and e.get("name") == "thread_name"
            and e["args"].get("name") == "CrRendererMain"}
    # pick the one with most samples / events
    counts = Counter((e["pid"], e["tid"]) for e in ev if (e["pid"], e["tid"]) in main and e.get("ph") == "X")
    pid, tid = counts.most_common(1)[0][0]
    # the trace clock vs performance.now(): the navigationStart / a user timing mark we set
    marks = [e for e in ev if e.get("name") in ("__click", "__end") and e["pid"] == pid]
    by = {e["name"]: e["ts"] for e in marks}
    if "__click" not in by:
        return {"error": "no marks in trace"}
    t0, t1 = by["__click"], by.get("__end", by["__click"] + (t_end_ms - t_click_ms) * 1000)
    xs = [e for e in ev if e.get("ph") == "X" and e["pid"] == pid and e["tid"] == tid and e.get("dur")
          and e["ts"] + e["dur"] >= t0 and e["ts"] <= t1]
    top = "ThreadControllerImpl::RunTask" if any(e["name"] == "ThreadControllerImpl::RunTask" for e in xs) \
        else "RunTask"
    tops = [e for e in xs if e["name"] == top]
    busy = sum(min(e["ts"] + e["dur"], t1) - max(e["ts"], t0) for e in tops) / 1000
    names = defaultdict(float)
    for e in xs:
        if e["name"] in ("UpdateLayoutTree", "Layout", "Paint", "PrePaint", "Layerize", "Commit",
                         "MajorGC", "MinorGC", "V8.GC_MARK_COMPACTOR", "ParseHTML", "HitTest",
                         "ParseAuthorStyleSheet", "UpdateLayerTree"):
            names[e["name"]] += e["dur"] / 1000
    longest = sorted(tops, key=lambda e: -e["dur"])[:8]
    # the sampling profiler: Profile + ProfileChunk events of that pid/tid
    nodes, samples = {}, []
    for e in ev:
        if e.get("name") == "ProfileChunk" and e["pid"] == pid:
            d = e["args"]["data"]
            for nd in d.get("cpuProfile", {}).get("nodes", []):
                nodes[nd["id"]] = nd
            s = d.get("cpuProfile", {}).get("samples", [])
            td = d.get("timeDeltas", [])
            samples.append((e, s, td))
    # timestamps: Profile event's startTime + cumulative deltas
    start = next((e["args"]["data"]["startTime"] for e in ev if e.get("name") == "Profile" and e["pid"] == pid), None)
    by_url = defaultdict(float)
    by_fn = defaultdict(float)
    by_cat = defaultdict(float)
    cat_memo: dict[int, str] = {}

    def category(nid: int) -> str:
        """What a sample was spent for, from its whole stack: the first chunk of interest met going up."""
        if nid in cat_memo:
            return cat_memo[nid]
        chain, n = [], nodes.get(nid)
        while n is not None:
            chain.append(n["callFrame"])
            n = nodes.get(n.get("parent"))
        leaf = chain[0].get("functionName", "") if chain else "?"
        out = leaf if leaf in ("(program)", "(garbage collector)", "(idle)") else None
        if out is None:
            urls = [c.get("url", "").rsplit("/", 1)[-1] for c in chain]
            for u in urls:  # nearest first
                if u.startswith("PlotlyChart"):
                    out = "plotly chunk (plotly.js + Streamlit's wrapper)"
                    break
                if u.lower().startswith(("dataframe", "glide", "arrow")):
                    out = f"dataframe ({u})"
                    break
            if out is None:
                if not any(urls) and any(c.get("functionName") in ("evaluate", "tick") for c in chain):
                    out = "bench polling"
                else:
                    top = next((u for u in reversed(urls) if u), "?")
                    out = f"other JS (outermost {top})"
        cat_memo[nid] = out
        return out

    if start is not None:
        t = start
        prev = None
        for _, s, td in samples:
            for sid, dt in zip(s, td, strict=False):
                t += dt
                if prev is not None and t0 <= t <= t1:
                    nd = nodes.get(prev[0])
                    cf = nd["callFrame"] if nd else {}
                    url = cf.get("url", "") or cf.get("functionName", "?")
                    url = url.rsplit("/", 1)[-1]
                    by_url[url] += prev[1] / 1000
                    fn = f"{cf.get('functionName') or '(anon)'} {url}:{cf.get('lineNumber')}:{cf.get('columnNumber')}"
                    by_fn[fn] += prev[1] / 1000
                    by_cat[category(prev[0])] += prev[1] / 1000
                prev = (sid, dt)
    return {"busy_ms": round(busy), "window_ms": round((t1 - t0) / 1000),
            "blink_ms": {k: round(v) for k, v in sorted(names.items(), key=lambda kv: -kv[1])},
            "samples_by_stack_ms": {k: round(v) for k, v in sorted(by_cat.items(), key=lambda kv: -kv[1])[:15]},
            "js_by_script_ms": {k: round(v) for k, v in sorted(by_url.items(), key=lambda kv: -kv[1])[:12]},
            "js_top_functions_ms": {k: round(v, 1) for k, v in sorted(by_fn.items(), key=lambda kv: -kv[1])[:25]},
            "longest_tasks": [(round((e["ts"] - t0) / 1000), round(e["dur"] / 1000)) for e in longest]}


_REACT = "return e.react(_.current,{data:t,layout:n,config:r,frames:i})"
_REACT_TIMED = ("window.__pl=e;{const T=performance.now(),g=_.current,"
                "k=window.__preset&&n.title&&String(n.title.text).split('<br>')[0],m=k&&window.__preset[k];"
                "if(m)n.margin=Object.assign({},n.margin,m);"
                "const p=e.react(g,{data:t,layout:n,config:r,frames:i});"
                "(window.__plt||(window.__plt=[])).push([T,performance.now()-T,g.isConnected?1:0]);return p}")


_THEME = "return t===`streamlit`&&Ae(r,n),r}"
# simulation only: the figure without the Streamlit theme's template and with a fixed datarevision, so the
# wrapper's second Plotly.react finds nothing changed (what theme=None, no template and a datarevision per
# figure would give; the charts then look different: timing only)
_THEME_CHEAP = "return r.layout&&(delete r.layout.template,r.layout.datarevision=`sim`),r}"
CHEAP_SECOND = False


def _count_plotly(ctx) -> None:
    """Serve Streamlit's Plotly chunk with each Plotly.react call (react-plotly's only entry) timed into
    window.__plt ([start, synchronous ms, ...]) and Plotly exposed as window.__pl: measurement only."""
    def handle(route):
        r = route.fetch()
        body = r.text()
        assert _REACT in body and _THEME in body, "Streamlit's Plotly wrapper changed: update _REACT / _THEME"
        body = body.replace(_REACT, _REACT_TIMED)
        if CHEAP_SECOND:
            body = body.replace(_THEME, _THEME_CHEAP)
        route.fulfill(response=r, body=body)
    ctx.route("**/PlotlyChart.*.js", handle)


# wraps the calls that force a synchronous style + layout, counting them and the time spent inside
_LAYOUT_HOOK = """(() => { const L = window.__lay = {n: 0, ms: 0, by: {}};
  const wrap = (proto, name, getter) => { const d = Object.getOwnPropertyDescriptor(proto, name); if (!d) return;
    const f = getter ? d.get : d.value;
    const w = function() { const t = performance.now(); try { return f.apply(this, arguments); } finally {
      const dt = performance.now() - t; L.n++; L.ms += dt; L.by[name] = (L.by[name] || 0) + dt; } };
    Object.defineProperty(proto, name, getter ? {...d, get: w} : {...d, value: w}); };
  wrap(Element.prototype, 'getBoundingClientRect'); wrap(Element.prototype, 'getClientRects');
  for (const n of ['clientWidth', 'clientHeight', 'scrollWidth', 'scrollHeight']) wrap(Element.prototype, n, true);
  for (const n of ['offsetWidth', 'offsetHeight', 'offsetTop', 'offsetLeft']) wrap(HTMLElement.prototype, n, true);
  wrap(SVGGraphicsElement.prototype, 'getBBox'); wrap(SVGTextContentElement.prototype, 'getComputedTextLength');
  wrap(window, 'getComputedStyle'); })()"""


def trace_page(browser, base: str, path: str, changes: int, regions, out_dir: Path, keep_json: bool,
               tracing: bool = True) -> list[dict]:
    ctx = B._context(browser, base)
    if COUNT_PLOTLY:
        _count_plotly(ctx)
        ctx.add_init_script(_LAYOUT_HOOK)
    pg = ctx.new_page()
    cdp = ctx.new_cdp_session(pg)
    frames: list[tuple[float, str, int, str]] = []  # (monotonic s, dir, bytes, kind)

    def on_recv(p):
        r = p["response"]
        data = r.get("payloadData", "")
        raw = base64.b64decode(data) if r.get("opcode") == 2 else data.encode()
        kind = _forward_kind(raw) if r.get("opcode") == 2 else "text"
        frames.append((p["timestamp"], "recv", len(raw), kind))
        if kind == "delta.plotly_chart" and FIGS is not None:
            from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

            m = ForwardMsg()
            m.ParseFromString(raw)
            pc = m.delta.new_element.plotly_chart
            FIGS.append({"spec": pc.spec, "config": pc.config, "theme": pc.theme,
                         "width": m.delta.new_element.width_config.WhichOneof("width_spec") or ""})

    def on_sent(p):
        r = p["response"]
        frames.append((p["timestamp"], "sent", len(r.get("payloadData", "")), "back"))

    cdp.on("Network.webSocketFrameReceived", on_recv)
    cdp.on("Network.webSocketFrameSent", on_sent)
    cdp.send("Network.enable")
    pg.goto(f"{base}/{path}?{B.QUERY}")
    B._settle(pg)
    if PRESET:  # simulation: every chart's final margins (as drawn now) given to Plotly up front from now on
        pg.evaluate("""() => { window.__preset = {}; for (const gd of document.querySelectorAll('.js-plotly-plot')) {
          const s = gd._fullLayout._size; window.__preset[String(gd.layout.title.text).split('<br>')[0]] =
          {l: s.l, r: s.r, t: s.t, b: s.b}; } }""")
    results = []
    for i in range(changes):
        act = B._pick_region(pg, next(regions))
        pg.evaluate(_WATCH)
        frames.clear()
        pg.evaluate("() => { window.__plt = []; if (window.__lay) { __lay.n = 0; __lay.ms = 0; __lay.by = {}; } }")
        if FIGS is not None:
            FIGS.clear()
        if tracing:
            browser.start_tracing(page=pg, categories=CATEGORIES)
        t = time.perf_counter()
        # the click's moment in the page's clock, and in the CDP clock (monotonic seconds)
        click_ms = pg.evaluate("() => { performance.mark('__click'); return performance.now(); }")
        mono0 = cdp.send("Runtime.evaluate", {"expression": "performance.timeOrigin"})  # wall ms
        cpu0 = (B.cpu_ms(SERVER_PID), _browser_cpu_ms())
        act()
        try:
            pg.wait_for_function(B._RERUN_STARTED, timeout=3000, polling=10)
        except Exception:
            pass
        settled = B._settle(pg) - t
        end_ms = pg.evaluate("() => { performance.mark('__end'); clearTimeout(window.__watch.t); "
                             "return performance.now(); }")
        log = pg.evaluate("() => window.__watch.log")
        plt = pg.evaluate("() => window.__plt || []")
        lay = pg.evaluate("() => window.__lay || {}")
        cpu = (B.cpu_ms(SERVER_PID) - cpu0[0], _browser_cpu_ms() - cpu0[1])
        info = {}
        if tracing:
            raw = browser.stop_tracing()
            if keep_json:
                (out_dir / f"trace-{path}-{i}.json").write_bytes(raw)
            info = _analyse(json.loads(raw), click_ms, end_ms, mono0)
        last_change = max((x[0] for x in log), default=click_ms) - click_ms
        # websocket frames relative to the first frame sent (the BackMsg of the click)
        sent = [f for f in frames if f[1] == "sent"]
        w0 = sent[0][0] if sent else (frames[0][0] if frames else 0)
        recv = [f for f in frames if f[1] == "recv"]
        fin = [f for f in recv if f[3] == "script_finished"]
        kinds = Counter(f[3] for f in recv)
        by_kind_bytes = Counter()
        for f in recv:
            by_kind_bytes[f[3]] += f[2]
        # the click's wall time vs the BackMsg: the page clock and CDP's are different; report the frames
        # relative to the BackMsg and the page events relative to the click
        res = {"page": path, "change": i, "bench_settled_ms": round(settled * 1000),
               "last_svg_change_ms": round(last_change),
               "cpu_ms": {"server": round(cpu[0]), "browser": round(cpu[1])},
               "load": round(os.getloadavg()[0], 1),
               "ws": {"first_delta_ms": round((recv[0][0] - w0) * 1000) if recv else None,
                      "script_finished_ms": round((fin[-1][0] - w0) * 1000) if fin else None,
                      "frames": dict(kinds), "bytes": dict(by_kind_bytes)},
               "ws_charts_ms": [round((f[0] - w0) * 1000) for f in recv if f[3] == "delta.plotly_chart"],
               "forced_layout": {"calls": lay.get("n"), "ms": round(lay.get("ms", 0)),
                                 "by": {k: round(v) for k, v in lay.get("by", {}).items()}},
               "plotly_react_calls": [(round(a - click_ms), round(b), c) for a, b, c in plt],
               "svg_log_ms": [(round(x[0] - click_ms), *x[1:]) for x in log],
               **info}
        results.append(res)
        print(json.dumps(res, indent=1, ensure_ascii=False), flush=True)
        if FIGS is not None:
            (out_dir / f"figs-{path}.json").write_text(json.dumps(FIGS, ensure_ascii=False))
    ctx.close()
    return results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--changes", type=int, default=2)
    ap.add_argument("--keep-json", action="store_true", help="keep the raw traces in bench/out/")
    ap.add_argument("--dump-figs", action="store_true", help="write the charts of the last change to "
                    "bench/out/figs-<page>.json (for bench/plotly_draw.py)")
    ap.add_argument("--count-plotly", action="store_true", help="time every Plotly.react call (a patched copy "
                    "of Streamlit's Plotly chunk is served to this browser only)")
    ap.add_argument("--preset-margins", action="store_true", help="simulation (with --count-plotly): each chart "
                    "gets the margins it was drawn with before the change, so Plotly's automargin need not redraw")
    ap.add_argument("--cheap-second-draw", action="store_true", help="simulation (with --count-plotly): figures "
                    "without the theme's template and with a datarevision, so the wrapper's second draw is cheap")
    ap.add_argument("--no-trace", action="store_true", help="only the websocket frames and the SVG log (no tracing "
                    "overhead)")
    args = ap.parse_args()
    store = Path(os.environ.get("SVF_DB", str(B.OUT / "store-s1")))
    from playwright.sync_api import sync_playwright

    regions = iter(B.REGION_NAMES * 4)
    global FIGS, COUNT_PLOTLY
    COUNT_PLOTLY = args.count_plotly
    global PRESET
    PRESET = args.preset_margins
    global CHEAP_SECOND
    CHEAP_SECOND = args.cheap_second_draw
    FIGS = [] if args.dump_figs else None
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=B.CHROMIUM_ARGS, headless=True)
        proc, base, _ = B._server(ROOT / "app.py", store)
        global SERVER_PID
        SERVER_PID = proc.pid
        try:
            warm = browser.new_page()
            B._goto_when_up(warm, f"{base}/{args.pages[0]}?{B.QUERY}", time.perf_counter() + 120)
            B._settle(warm)
            warm.close()
            for path in args.pages:
                out += trace_page(browser, base, path, args.changes, regions, B.OUT, args.keep_json, not args.no_trace)
        finally:
            B._stop(proc)
        browser.close()
    (B.OUT / "browser_trace.json").write_text(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
