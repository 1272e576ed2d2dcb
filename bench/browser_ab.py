"""Before/after in a real browser for chosen pages: bench/browser.py's own measurement (a new tab opening
the page, then regions added in the sidebar, each rerun timed until every chart is drawn) for an older
revision and for this tree, interleaved server by server, with the load average at each start. Noise from
other work on the machine then hits both sides alike. Prints every run and a summary; writes
bench/out/browser_ab.json (RESULTS.md is not touched: quote the numbers by hand).

    .venv/bin/python bench/browser_ab.py --base-rev 6b5f29e --rounds 2 --runs 3 svf-inklusion svf-ledtider

The older revision is unpacked as bench/ab_pages.py does (bench/out/ab-<rev>/); the store is $SVF_DB or
bench/out/store-s1.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import browser as B  # noqa: E402
from bench.ab_pages import unpack  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-rev", required=True)
    ap.add_argument("--after-rev", help="a commit instead of the working tree (then the tree may change meanwhile)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3, help="new tabs per page and server (two changes each)")
    ap.add_argument("pages", nargs="+")
    args = ap.parse_args()
    store = Path(os.environ.get("SVF_DB", str(B.OUT / "store-s1")))
    dirs = {"before": unpack(args.base_rev), "after": unpack(args.after_rev) if args.after_rev else ROOT}
    res: dict[str, dict[str, list]] = {f"{p}|{d}": {"open": [], "change": [], "load": [], "cpu": []}
                                       for p in args.pages for d in dirs}
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=B.CHROMIUM_ARGS, headless=True)
        for r in range(args.rounds):
            for side in (("before", "after") if r % 2 == 0 else ("after", "before")):
                B.ROOT = dirs[side]  # the server runs in that tree (its app, its .streamlit/config.toml)
                load = os.getloadavg()[0]
                out = {}
                for page in args.pages:  # a server per page, so each page's changes have their own CPU log
                    B.CPU_LOG = []
                    out[page] = B._measure_server(browser, dirs[side] / "app.py", store, [page], args.runs,
                                                  True)[page]
                    res[f"{page}|{side}"]["cpu"] += B.CPU_LOG
                for page, m in out.items():
                    key = f"{page}|{side}"
                    res[key]["open"] += m["open"]
                    res[key]["change"] += m["change"]
                    res[key]["load"].append(round(load, 1))
                    print(r, side, page, f"load {load:.1f}", "change ms", [round(x * 1000) for x in m["change"]],
                          flush=True)
        browser.close()
    summary = {}
    for key, m in res.items():
        summary[key] = {k: (round(min(m[k]) * 1000), round(statistics.median(m[k]) * 1000)) for k in ("open", "change")}
        summary[key]["load"] = m["load"]
        if m["cpu"]:  # per change: CPU of the server and of the browser, median
            summary[key]["cpu_server_browser"] = [round(statistics.median(x[i] for x in m["cpu"])) for i in (0, 1)]
        print(key, "change min/median", summary[key]["change"], "open", summary[key]["open"], "load", m["load"],
              "CPU ms per change (server, browser), median", summary[key].get("cpu_server_browser"))
    B.OUT.mkdir(parents=True, exist_ok=True)
    (B.OUT / "browser_ab.json").write_text(json.dumps({"base_rev": args.base_rev, "after_rev": args.after_rev,
                                                       "store": str(store), "runs": res,
                                                       "summary": summary}, indent=2))


if __name__ == "__main__":
    main()
