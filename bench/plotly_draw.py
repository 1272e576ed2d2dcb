"""Plotly's drawing cost alone: the charts a page sent (bench/out/figs-<page>.json, written by
`bench/browser_trace.py --dump-figs`) drawn with Plotly.newPlot in a blank Chromium page (plotly.js from
the plotly Python package; loopback only), each variant timed over several rounds.

    .venv/bin/python bench/plotly_draw.py svf-ledtider [--rounds 7]

Variants are transformations of (data, layout, config) in JS; see VARIANTS. Prints, per variant, the
median over rounds of the time to draw every chart of the page one after another (each awaited), and
per chart.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import browser as B  # noqa: E402

PLOTLY_JS = Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / \
    "site-packages" / "plotly" / "package_data" / "plotly.min.js"

# name -> JS body of a function (fig, cfg) -> [fig, cfg] (fig = {data, layout}); applied before drawing
VARIANTS = {
    "as sent": "return [fig, cfg];",
    "no modebar": "cfg.displayModeBar = false; return [fig, cfg];",
    "responsive false": "cfg.responsive = false; return [fig, cfg];",
    "static": "cfg.staticPlot = true; return [fig, cfg];",
    "no template": "delete fig.layout.template; return [fig, cfg];",
    "no legend": "fig.layout.showlegend = false; return [fig, cfg];",
    "no automargin": """for (const k of Object.keys(fig.layout))
                          if (/^[xy]axis/.test(k)) fig.layout[k].automargin = false;
                        return [fig, cfg];""",
    "no title": "delete fig.layout.title; return [fig, cfg];",
    "datarevision": "fig.layout.datarevision = 'r1'; return [fig, cfg];",
}

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;font-family:sans-serif}
#root{width:1000px}</style></head><body><div id="root"></div></body></html>"""

_DRAW = """async ([figs, variant, mode]) => {
  const f = new Function('fig', 'cfg', variant);
  const root = document.getElementById('root');
  for (const old of Array.from(root.children)) { Plotly.purge(old); old.remove(); }
  await new Promise(r => setTimeout(r, 50));
  const times = [];
  const t0 = performance.now();
  for (const x of figs) {
    const [fig, cfg] = f(JSON.parse(x.spec), JSON.parse(x.config));
    if (!fig.layout.width) fig.layout.width = 1000;  // the page's stretch width (Streamlit sets it)
    const div = document.createElement('div');
    root.appendChild(div);
    const t = performance.now();
    await Plotly.react(div, fig.data, fig.layout, cfg);
    if (mode === 'streamlit') {  // as Streamlit's wrapper: a second Plotly.react on a JSON copy of the figure
      const copy = JSON.parse(JSON.stringify({data: fig.data, layout: fig.layout}));
      await Plotly.react(div, copy.data, copy.layout, cfg);
    }
    times.push(performance.now() - t);
  }
  // the drawing is finished when the browser has laid out and painted: wait for two frames
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return {total: performance.now() - t0, each: times};
}"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--mode", default="streamlit", choices=["streamlit", "once"],
                    help="streamlit: draw, then Plotly.react on a JSON copy (what Streamlit's wrapper does on mount)")
    ap.add_argument("--variants", nargs="*", help="names of VARIANTS (default: all)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    names = args.variants or list(VARIANTS)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=B.CHROMIUM_ARGS, headless=True)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        pg.set_content(_PAGE)
        pg.add_script_tag(path=str(PLOTLY_JS))
        for page in args.pages:
            figs = json.loads((B.OUT / f"figs-{page}.json").read_text())
            res = {n: {"total": [], "each": []} for n in names}
            for _ in range(args.rounds):
                for n in names:  # interleaved
                    r = pg.evaluate(_DRAW, [figs, VARIANTS[n], args.mode])
                    res[n]["total"].append(r["total"])
                    res[n]["each"].append(r["each"])
            print(f"{page}: {len(figs)} charts, plotly.js {pg.evaluate('Plotly.version')}")
            for n in names:
                each = [round(statistics.median(xs)) for xs in zip(*res[n]["each"], strict=True)]
                print(f"  {n:18s} total median {statistics.median(res[n]['total']):6.0f} ms  "
                      f"min {min(res[n]['total']):6.0f}  per chart {each}")
        browser.close()


if __name__ == "__main__":
    main()
