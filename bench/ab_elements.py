"""Every element of a page, byte for byte, before and after a change: the AppTest protos of each element
(charts, tables, captions, metrics, widgets, downloads) in a series of views of each page, for an older
revision and for this tree. A speed change must leave what a person sees exactly as it was.

    .venv/bin/python bench/ab_elements.py --base-rev 6b5f29e svf-inklusion svf-ledtider

The older revision is unpacked as bench/ab_pages.py does; the store is $SVF_DB or bench/out/store-s1.
Views: the page as opened, then one change after another (region, pathway, granularity, level, the
page's own controls, English, back to Swedish …), each compared. Exits 1 and names the first
differing element of each view that differs; writes the dumps to bench/out/elements-<side>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.ab_pages import OUT, PAGES, unpack  # noqa: E402

# Each view is reached from the one before by setting widgets (key, value); a key the page does not
# draw is skipped. Regions / pathways / units exist in every demo store.
CODE = r"""
import hashlib, json, sys
from streamlit.testing.v1 import AppTest
page = sys.argv[1] or None
STEPS = [[], [("f_region", ["14"])], [("f_svf", ["brost"])], [("f_gran", "month")],
         [("f_pool", True)], [("f_denom", "previous_year")], [("f_quad", "svf")], [("f_region", ["01", "12"])],
         [("f_svf", [])], [("f_lang", "en")], [("f_level", "healthcare_region")], [("f_lang", "sv")],
         [("f_level", "unit")], [("f_region", []), ("f_level", "region"), ("f_gran", "year")]]
at = AppTest.from_file("app.py", default_timeout=900)
at.run()
if page:
    at.switch_page(page); at.run()

def walk(node, path, out):
    p = getattr(node, "proto", None)
    if p is not None:
        if "deferred_file_id" in p.DESCRIPTOR.fields_by_name:  # a download button's id: random per run
            p = type(p).FromString(p.SerializeToString())
            p.ClearField("deferred_file_id")
        out.append([path, type(p).__name__, hashlib.sha256(p.SerializeToString(deterministic=True)).hexdigest()])
    kids = getattr(node, "children", None)
    if isinstance(kids, dict):
        for k in sorted(kids):
            walk(kids[k], f"{path}/{k}", out)

views = []
for i, step in enumerate(STEPS):
    done = []
    for key, value in step:
        w = None
        for kind in ("multiselect", "selectbox", "radio", "checkbox", "segmented_control"):
            try:
                w = getattr(at, kind)(key=key)
                break
            except KeyError:
                continue
        if w is None:  # not drawn on this page
            continue
        w.set_value(value)
        done.append(f"{key}={value}")
    if i and not done:
        continue
    at.run()
    if at.exception:
        raise SystemExit(str(at.exception))
    out = []
    walk(at._tree, "", out)
    views.append({"view": " ".join(done) or "opened", "elements": out})
print(json.dumps(views))
"""


def dump(code: str, page: str, cwd: Path, env: dict) -> list[dict]:
    proc = subprocess.run([sys.executable, "-c", code, PAGES[page]], cwd=cwd, env=env, capture_output=True,
                          text=True)
    if proc.returncode:
        raise SystemExit(f"{page} ({cwd}) failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def compare(before: list[dict], after: list[dict]) -> list[str]:
    """What differs, one line per view that differs ([] when every element is identical)."""
    problems = []
    if [v["view"] for v in before] != [v["view"] for v in after]:
        return [f"different views: {[v['view'] for v in before]} / {[v['view'] for v in after]}"]
    for b, a in zip(before, after, strict=True):
        if b["elements"] == a["elements"]:
            continue
        if len(b["elements"]) != len(a["elements"]):
            problems.append(f"{b['view']}: {len(b['elements'])} elements before, {len(a['elements'])} after")
            continue
        first = next(x for x, y in zip(b["elements"], a["elements"], strict=True) if x != y)
        n = sum(x != y for x, y in zip(b["elements"], a["elements"], strict=True))
        problems.append(f"{b['view']}: {n} element(s) differ, first {first[0]} ({first[1]})")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-rev", required=True)
    ap.add_argument("--after-rev", help="a commit instead of the working tree")
    ap.add_argument("pages", nargs="+", choices=sorted(PAGES))
    args = ap.parse_args()
    env = dict(os.environ, SVF_DB=os.environ.get("SVF_DB", str(OUT / "store-s1")))
    dirs = {"before": unpack(args.base_rev), "after": unpack(args.after_rev) if args.after_rev else ROOT}
    bad = False
    dumps: dict[str, dict] = {side: {} for side in dirs}
    for page in args.pages:
        got = {side: dump(CODE, page, d, env) for side, d in dirs.items()}
        for side in dirs:
            dumps[side][page] = got[side]
        problems = compare(got["before"], got["after"])
        n_el = sum(len(v["elements"]) for v in got["after"])
        print(f"{page}: {len(got['after'])} views, {n_el} elements: "
              + ("identical" if not problems else "DIFFERENT"), flush=True)
        for p in problems:
            print("  " + p)
        bad |= bool(problems)
    OUT.mkdir(parents=True, exist_ok=True)
    for side, d in dumps.items():
        (OUT / f"elements-{side}.json").write_text(json.dumps(d))
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()
