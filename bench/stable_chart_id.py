"""Experiment (issue 10): what if our keyed charts kept their element id across reruns?

Streamlit 1.67 hashes the figure's JSON (and its config) into `st.plotly_chart`'s element id, so every
changed figure is a new React element: mounted anew and drawn twice. This runs the dashboard with that
hash taken out for keyed charts (a `sitecustomize` put on the server's PYTHONPATH patches
`compute_and_register_element_id` in that process only; ui/ is not changed), opens a page, adds a
region, and compares what each chart shows with an unpatched server doing the same.

    .venv/bin/python bench/stable_chart_id.py svf-ledtider svf-inklusion

Prints, per chart, whether it shows new data after the change; screenshots in bench/out/stable-*.png.
Result (1.67): the frontend keeps the old figure for a kept id (see bench/RESULTS.md), so this is a
record of a rejected idea, not a tool to tune with.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import browser as B  # noqa: E402

SITE = B.OUT / "stable_id_site"
PATCH = '''
import streamlit.elements.plotly_chart as _pc

_orig = _pc.compute_and_register_element_id


def _stable(element_type, *, user_key, key_as_main_identity, **kw):
    if element_type == "plotly_chart" and user_key is not None:  # the id from the key and the other kwargs
        kw.pop("plotly_spec", None)
        kw.pop("plotly_config", None)  # ours holds the file name, which names the region
    return _orig(element_type, user_key=user_key, key_as_main_identity=key_as_main_identity, **kw)


_pc.compute_and_register_element_id = _stable
'''
# JS: what each chart shows (its drawn data, title and subtitle) in page order
SHOWN = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => ({
  title: (gd.layout.title && gd.layout.title.text || '').slice(0, 300),
  data: JSON.stringify(gd.data.map(t => [t.name, t.x, t.y]))}))"""


def run(path: str, patched: bool) -> dict:
    env_before = os.environ.get("PYTHONPATH")
    if patched:
        SITE.mkdir(parents=True, exist_ok=True)
        (SITE / "sitecustomize.py").write_text(PATCH)
        os.environ["PYTHONPATH"] = os.pathsep.join(x for x in (str(SITE), env_before) if x)
    proc, base, _ = B._server(ROOT / "app.py", Path(os.environ.get("SVF_DB", str(B.OUT / "store-s1"))))
    if env_before is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = env_before
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            br = p.chromium.launch(executable_path="/usr/bin/chromium", args=B.CHROMIUM_ARGS, headless=True)
            pg = B._context(br, base).new_page()
            B._goto_when_up(pg, f"{base}/{path}?{B.QUERY}", time.perf_counter() + 120)
            B._settle(pg)
            before = pg.evaluate(SHOWN)
            B._rerun(pg, B._pick_region(pg, "Region Skåne"))
            after = pg.evaluate(SHOWN)
            pg.screenshot(path=str(B.OUT / f"stable-{path}-{'patched' if patched else 'plain'}.png"))
            br.close()
    finally:
        B._stop(proc)
    return {"before": before, "after": after}


def main() -> None:
    out = {}
    for path in sys.argv[1:] or ["svf-ledtider"]:
        plain, patched = run(path, False), run(path, True)
        out[path] = {"plain": plain, "patched": patched}
        for i, (a, b) in enumerate(zip(patched["after"], plain["after"], strict=True)):
            moved = a["data"] != patched["before"][i]["data"]
            print(f"{path} chart {i + 1}: patched {'new data' if moved else 'OLD data'}, "
                  f"same as plain server: {a['data'] == b['data'] and a['title'] == b['title']}")
    (B.OUT / "stable_chart_id.json").write_text(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
