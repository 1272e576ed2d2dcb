"""Load test of the dashboard server: N concurrent sessions speaking Streamlit's own websocket protocol.

Why not browsers: 20 headless Chromiums on a 2-core machine measure the browsers (rendering Plotly),
not the server. A session here is what the frontend is to the server: a websocket to /_stcore/stream
that sends BackMsg.rerun_script (query string = the filters, page = the view) and reads ForwardMsgs
until script_finished. The server does all of its real work (script run, DuckDB queries, building the
Plotly figures, serialising every element); only the drawing is left out.

Each session loops for --seconds: pick a page and a filter set, ask for a rerun, time it to
script_finished, wait a think time, repeat. Errors: a connection failure, a run that does not finish
successfully within --timeout, an exception element or an error box on the page.
The server's peak memory is its VmHWM (peak resident set) from /proc, plus RSS sampled each second.

    python bench/loadtest.py --scale 1 --sessions 20 --seconds 120          # starts its own server
    python bench/loadtest.py --url http://127.0.0.1:8501 --server-pid PID   # against a running one

Loopback only (the URL must be 127.0.0.1/localhost) and bounded in time and in sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ("", "svf-inklusion", "svf-ledtider")
# the shared filters in the sidebar (widget keys in ui/shell.py) and how many options one change picks
FILTERS = {"f_region": (0, 3), "f_svf": (0, 2), "f_hsr": (0, 1), "f_gran": (1, 1), "f_period_pick": (1, 1),
           "f_level": (1, 1), "f_denom": (1, 1), "f_lang": (1, 1)}
WEIGHTS = {"f_region": 4, "f_svf": 4, "f_hsr": 1, "f_gran": 2, "f_period_pick": 3, "f_level": 1, "f_denom": 1,
           "f_lang": 1}
WIDGET_ID = re.compile(r"^\$\$ID-[0-9a-f]+-(.*)$")
MAX_SESSIONS, MAX_SECONDS = 60, 900


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=dict)  # action -> seconds to a finished rerun
    errors: list[str] = field(default_factory=list)
    runs: int = 0


def _problems(msg: ForwardMsg) -> list[str]:
    """An exception or an error box in a delta: the page did not work for this person."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return []
    el = msg.delta.new_element
    kind = el.WhichOneof("type")
    if kind == "exception":
        return [f"exception: {el.exception.type}: {el.exception.message[:120]}"]
    if kind == "alert" and el.alert.format == el.alert.ERROR:
        return [f"error box: {el.alert.body[:120]}"]
    return []


def _widget(msg: ForwardMsg) -> tuple[str, str, str, list[str]] | None:
    """(key, widget id, type, option labels) of a keyed widget in a delta."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return None
    el = msg.delta.new_element
    kind = el.WhichOneof("type")
    w = getattr(el, kind)
    wid = getattr(w, "id", None)
    m = WIDGET_ID.match(wid) if isinstance(wid, str) else None
    if not m or not hasattr(w, "options"):
        return None
    labels = [o.content if hasattr(o, "content") else str(o) for o in w.options]
    return m.group(1), wid, kind, labels


class Session:
    """One person: a websocket, the pages it knows, the widgets of its last run."""

    def __init__(self, i: int, ws, timeout: float, stats: Stats) -> None:
        self.i, self.ws, self.timeout, self.stats = i, ws, timeout, stats
        self.rng = random.Random(1000 + i)
        self.pages: dict[str, str] = {}     # url path -> page_script_hash (from the navigation message)
        self.widgets: dict[str, tuple[str, str, list[str]]] = {}
        self.page = ""

    async def rerun(self, action: str, page: str, state: WidgetState | None = None) -> bool:
        back = BackMsg()
        cs = back.rerun_script
        cs.page_name = page
        if page in self.pages:
            cs.page_script_hash = self.pages[page]
        if state is not None:
            cs.widget_states.widgets.append(state)
        t0 = time.perf_counter()
        await self.ws.send(back.SerializeToString())
        problems: list[str] = []
        status = None
        widgets: dict[str, tuple[str, str, list[str]]] = {}
        try:
            async with asyncio.timeout(self.timeout):
                while status is None:
                    msg = ForwardMsg()
                    msg.ParseFromString(await self.ws.recv())
                    kind = msg.WhichOneof("type")
                    if kind == "script_finished":
                        status = msg.script_finished
                    elif kind == "navigation":
                        for p in msg.navigation.app_pages:
                            self.pages[p.url_pathname] = p.page_script_hash
                    elif kind == "page_not_found":
                        problems.append(f"page not found: {page}")
                    elif kind == "delta":
                        problems += _problems(msg)
                        if (w := _widget(msg)) is not None:
                            widgets[w[0]] = w[1:]
        except TimeoutError:
            self.stats.errors.append(f"session {self.i}: no finished run within {self.timeout:.0f} s ({action})")
            return False
        dt = time.perf_counter() - t0
        self.stats.runs += 1
        if status != ForwardMsg.FINISHED_SUCCESSFULLY:
            problems.append(f"run ended with status {ForwardMsg.ScriptFinishedStatus.Name(status)}")
        self.stats.errors += [f"session {self.i} {action} /{page}: {p}" for p in problems]
        self.stats.times.setdefault(action, []).append(dt)
        self.widgets, self.page = widgets, page
        return True

    async def step(self) -> bool:
        """Open another page (a third of the time) or change one filter in the sidebar."""
        keys = [k for k in FILTERS if k in self.widgets]
        if not keys or self.rng.random() < 0.33:
            page = self.rng.choice([p for p in PAGES if p != self.page])
            return await self.rerun("page " + (page or "datastatus"), page)
        key = self.rng.choices(keys, [WEIGHTS[k] for k in keys])[0]
        wid, kind, labels = self.widgets[key]
        lo, hi = FILTERS[key]
        state = WidgetState(id=wid)
        if kind == "selectbox" or kind == "radio":
            state.string_value = self.rng.choice(labels)
        else:  # multiselect, segmented control (button_group)
            state.string_array_value.data.extend(self.rng.sample(labels, min(len(labels), self.rng.randint(lo, hi))))
        return await self.rerun("filter " + key, self.page, state)


async def session(i: int, url: str, stop_at: float, think: tuple[float, float], timeout: float,
                  stats: Stats) -> None:
    host = urllib.parse.urlsplit(url).netloc
    rng = random.Random(i)
    await asyncio.sleep(rng.uniform(0, 2))  # people do not all arrive in the same millisecond
    try:
        async with websockets.connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"],
                                      origin=f"http://{host}", max_size=None, open_timeout=30,
                                      ping_interval=None) as ws:
            s = Session(i, ws, timeout, stats)
            if not await s.rerun("open", rng.choice(PAGES)):
                return
            while time.time() < stop_at:
                await asyncio.sleep(rng.uniform(*think))
                if not await s.step():
                    return
    except (OSError, websockets.WebSocketException) as e:
        stats.errors.append(f"session {i}: connection: {type(e).__name__}: {e}")


def _mem(pid: int) -> tuple[int, int]:
    """(current RSS, peak RSS) in kB of one process."""
    rss = hwm = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    return rss, hwm


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


async def run(urls: list[str], pids: list[int], sessions: int, seconds: float, think: tuple[float, float],
              timeout: float) -> dict:
    """Sessions are spread round-robin over the servers (what a proxy with sticky sessions does: a
    Streamlit session lives on one websocket, so it stays on one process)."""
    stats = Stats()
    stop_at = time.time() + seconds
    samples: list[int] = []

    async def sample() -> None:
        while time.time() < stop_at + timeout:
            if pids:
                samples.append(sum(_mem(p)[0] for p in pids))
            await asyncio.sleep(1)

    cpu0 = sum(_cpu_seconds(p) for p in pids)
    load0 = os.getloadavg()
    sampler = asyncio.create_task(sample())
    t0 = time.time()
    await asyncio.gather(*(session(i, urls[i % len(urls)], stop_at, think, timeout, stats)
                           for i in range(sessions)))
    wall = time.time() - t0
    sampler.cancel()
    all_times = sorted(t for ts in stats.times.values() for t in ts)

    def pct(xs: list[float], q: float) -> float | None:
        if not xs:
            return None
        return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))]

    out = {
        "servers": len(urls), "sessions": sessions, "seconds": seconds, "think_s": list(think),
        "wall_s": round(wall, 1),
        "runs": stats.runs, "errors": len(stats.errors), "error_examples": stats.errors[:10],
        "p50_s": pct(all_times, 0.5), "p95_s": pct(all_times, 0.95), "max_s": all_times[-1] if all_times else None,
        "mean_s": statistics.fmean(all_times) if all_times else None,
        "per_action": {p: {"runs": len(ts), "p50_s": pct(sorted(ts), 0.5), "p95_s": pct(sorted(ts), 0.95)}
                       for p, ts in sorted(stats.times.items())},
        "loadavg_before": load0, "loadavg_after": os.getloadavg(),
    }
    if pids:
        out["server_peak_rss_mb"] = [round(_mem(p)[1] / 1024, 1) for p in pids]  # per process
        out["servers_rss_max_sampled_mb"] = round(max(samples) / 1024, 1) if samples else None  # all together
        out["server_cpu_s"] = round(sum(_cpu_seconds(p) for p in pids) - cpu0, 1)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = dict(os.environ, SVF_DB=str(db), PYTHONUNBUFFERED="1")
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    log = open(out_dir / f"loadtest-server-{port}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
                             str(port), "--server.headless", "true", "--server.address", "127.0.0.1",
                             "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.5)
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit("the server did not start (bench/out/loadtest-server.log)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="a running server (loopback only); default: start one")
    ap.add_argument("--server-pid", type=int, help="its process id, for memory and CPU")
    ap.add_argument("--servers", type=int, default=1, help="server processes to start on the same store")
    ap.add_argument("--db", type=Path, help="store for the server started here (default: build one)")
    ap.add_argument("--scale", type=float, default=1.0, help="demo scale when building a store")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--think", type=float, nargs=2, default=(0.5, 1.5), metavar=("MIN", "MAX"),
                    help="seconds a person looks at the page before the next change")
    ap.add_argument("--timeout", type=float, default=60, help="a run not finished by then is an error")
    ap.add_argument("--warmup", type=int, default=1, help="sequential runs of every page before measuring")
    ap.add_argument("--json", type=Path, help="write the result here as well")
    args = ap.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS or not 0 < args.seconds <= MAX_SECONDS:
        ap.error(f"sessions 1–{MAX_SESSIONS}, seconds up to {MAX_SECONDS}")

    procs: list[subprocess.Popen] = []
    if args.url:
        if urllib.parse.urlsplit(args.url).hostname not in ("127.0.0.1", "localhost"):
            ap.error("loopback only")
        urls, pids = [args.url.rstrip("/")], [args.server_pid] if args.server_pid else []
    else:
        db = args.db
        if db is None:
            from ingest.synth import build
            from store import Store

            db = ROOT / "bench" / "out" / f"loadtest-store-{args.scale:g}"
            if not Store(db).exists():
                build(Store(db), scale=args.scale, seed=7)
        urls, pids = [], []
        for _ in range(max(1, min(args.servers, 4))):
            proc, url = start_server(db)
            procs.append(proc)
            urls.append(url)
            pids.append(proc.pid)
    try:
        if args.warmup:  # the first run of each page fills the caches a long-running server has warm
            asyncio.run(run(urls, [], len(urls), 0.001, (0, 0), args.timeout))
            for _ in range(args.warmup):
                asyncio.run(run(urls, [], 3 * len(urls), 8, (0, 0), args.timeout))
        result = asyncio.run(run(urls, pids, args.sessions, args.seconds, tuple(args.think), args.timeout))
    finally:
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
