"""The review as an A4 PDF: HTML printed by the Chromium the project already installs.

Why Chromium: the charts are the dashboard's own plotly figures, drawn by the same plotly.js and
kept as vectors in the PDF, so there is one chart code path for screen and print. A self-contained
engine (e.g. typst) would still need a browser (kaleido) to turn plotly figures into vectors. The
page runs offline: plotly.js is inlined from the plotly package, MathJax is never loaded, and every
request that is not the page itself is aborted.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import plotly.io as pio
from plotly.offline import get_plotlyjs

from report.document import Document, Figure, Section, Table, Text
from ui.i18n import t

PAGE_WIDTH_PX = 700  # A4 less 2 × 15 mm margins at 96 dpi is ~680 px; the figures are drawn at this width
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


class ReportError(RuntimeError):
    """A problem a person can act on (a Swedish or English sentence, no traceback)."""


def chromium_path() -> str | None:
    return shutil.which("chromium") or (str(Path("/usr/bin/chromium")) if Path("/usr/bin/chromium").exists()
                                        else None)


_CSS = """
@page { size: A4; margin: 18mm 15mm 18mm 15mm; }
@page wide { size: A4 landscape; margin: 18mm 15mm 18mm 15mm; }
section.wide, div.wide { page: wide; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; color: #1a1a1a;
       margin: 0; }
h1 { font-size: 20pt; margin: 0 0 4mm 0; }
h2 { font-size: 14pt; margin: 0 0 3mm 0; padding-bottom: 1mm; border-bottom: 1.5px solid #0072B2; }
h3 { font-size: 11pt; margin: 5mm 0 2mm 0; }
section { break-before: page; }
section.first { break-before: avoid; }
p { margin: 0 0 2.5mm 0; line-height: 1.35; }
p.muted { color: #595959; font-size: 8.5pt; }
.demo { border: 2px solid #D55E00; color: #8a3500; padding: 2mm 3mm; font-weight: bold; margin: 3mm 0; }
.missing { border: 1px dashed #595959; padding: 3mm; color: #333; background: #f4f4f4; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 4mm 0; font-size: 8pt; table-layout: fixed; }
thead { display: table-header-group; }
th { text-align: left; background: #e8eef5; border-bottom: 1px solid #999; padding: 1mm 1.5mm;
     overflow-wrap: anywhere; }
td { border-bottom: 0.5px solid #ddd; padding: 0.8mm 1.5mm; vertical-align: top; overflow-wrap: anywhere; }
td.num { text-align: right; overflow-wrap: normal; }
td.num.short { white-space: nowrap; }
tr { break-inside: avoid; }
.figure { break-inside: avoid; margin: 2mm 0 4mm 0; }
.caption { color: #595959; font-size: 8.5pt; }
dl.facts { display: grid; grid-template-columns: 45mm auto; gap: 1mm 4mm; margin: 4mm 0; }
dl.facts dt { color: #595959; } dl.facts dd { margin: 0; }
ol.toc { line-height: 1.7; font-size: 11pt; }
ol.toc a { color: #1a1a1a; text-decoration: none; }
"""

CHARS_PER_LINE = 100  # 8 pt DejaVu Sans (digits 0.64 em) across 180 mm, roughly
CHARS_PER_LINE_WIDE = 150  # the same across 267 mm (a landscape page)


def _widths(d, num: dict, chars_per_line: int = CHARS_PER_LINE) -> list[float]:
    """Column widths in percent for a fixed layout (the browser's automatic one gives a long text
    column all the room and squeezes the figures): figures get the characters their longest value and
    header word need, the text columns share the rest in proportion to their usual length."""
    need, text = {}, {}
    for c in d.columns:
        vals = d[c].astype(str).str.len() if len(d) else None
        word = 1.2 * max((len(x) for x in str(c).split()), default=4)  # headers are bold
        usual = float(vals.quantile(0.9)) if vals is not None else 8.0
        if num[c]:  # a figure fits on one line; a sentence in a figure column ('cannot be computed ...') wraps
            longest = float(vals.max()) if vals is not None else 8.0  # '100 %' beside '70 %': the widest counts
            need[c] = (max(word, min(longest, 14.0)) + 1) * 1.1
        else:
            text[c] = max(word + 2.0, min(usual, 60.0))
    rest = max(chars_per_line - sum(need.values()), 12 * len(text))
    scale = min(1.0, rest / (sum(text.values()) or 1.0))
    chars = [need[c] if c in need else max(min(text[c], 16.0), text[c] * scale) for c in d.columns]
    total = sum(chars) or 1.0
    return [100 * w / total for w in chars]


def _table_html(tab: Table, wide: bool = False) -> str:
    d = tab.display
    cols = list(d.columns)
    num = dict(zip(cols, tab.numeric or (False,) * len(cols), strict=True))
    widths = _widths(d, num, CHARS_PER_LINE_WIDE if wide else CHARS_PER_LINE)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
    rows = []
    for rec in d.itertuples(index=False):
        cells = "".join(f'<td class="{("num short" if len(str(v)) <= 14 else "num") if num[c] else ""}">'
                        f"{html.escape(str(v))}</td>" for c, v in zip(cols, rec, strict=True))
        rows.append(f"<tr>{cells}</tr>")
    colgroup = "".join(f'<col style="width:{w:.1f}%">' for w in widths)
    return (f"<h3>{html.escape(tab.title)}</h3><table><colgroup>{colgroup}</colgroup><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _section_html(sec: Section, first: bool, figures: list) -> str:
    cls = " ".join(c for c, on in (("first", first), ("wide", sec.wide)) if on)
    parts = [f'<section id="{html.escape(sec.key)}" class="{cls}">',
             f"<h2>{html.escape(sec.title)}</h2>"]
    if sec.missing:
        parts.append(f'<p class="missing">{html.escape(sec.missing)}</p>')
    for b in sec.blocks:
        if isinstance(b, Text):
            text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(b.text))
            parts.append(f'<p class="{"muted" if b.muted else ""}">{text}</p>')
        elif isinstance(b, Table):
            table = _table_html(b, sec.wide or b.wide)
            parts.append(f'<div class="wide">{table}</div>' if b.wide and not sec.wide else table)
        elif isinstance(b, Figure):
            i = len(figures)
            figures.append(b.fig)
            parts.append(f'<div class="figure"><h3>{html.escape(b.title)}</h3><div id="fig{i}"></div>'
                         + (f'<p class="caption">{html.escape(b.caption)}</p>' if b.caption else "") + "</div>")
    parts.append("</section>")
    return "".join(parts)


def render_html(doc: Document) -> str:
    """The whole report as one self-contained HTML page (nothing to fetch)."""
    lang = doc.lang
    figures: list = []
    facts = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in doc.facts)
    toc = "".join(f'<li><a href="#{html.escape(s.key)}">{html.escape(s.title)}</a></li>' for s in doc.sections)
    cover = (f'<section class="first"><h1>{html.escape(doc.title)}</h1>'
             + "".join(f"<p><b>{html.escape(line)}</b></p>" for line in doc.selection)
             + (f'<p class="demo">{html.escape(doc.demo_note)}</p>' if doc.is_demo else "")
             + f'<dl class="facts">{facts}</dl>'
             + f"<h3>{html.escape(t('report.contents', lang))}</h3><ol class=\"toc\">{toc}</ol></section>")
    body = cover + "".join(_section_html(s, False, figures) for s in doc.sections)
    specs = []
    for fig in figures:
        spec = json.loads(pio.to_json(fig, validate=False))
        layout = spec.get("layout", {})
        layout.update(width=PAGE_WIDTH_PX, autosize=False)
        specs.append({"data": spec.get("data", []), "layout": layout})
    script = (
        "const FIGS = " + json.dumps(specs).replace("</", "<\\/") + ";\n"
        "Promise.all(FIGS.map((f, i) => Plotly.newPlot('fig' + i, f.data, f.layout,"
        " {staticPlot: true, displayModeBar: false, typesetMath: false})))"
        ".then(() => { window.__plotsDone = true; }, (e) => { window.__plotsError = String(e); });"
    )
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(doc.title)}'
            f"</title><style>{_CSS}</style><script>{get_plotlyjs()}</script></head><body>{body}"
            f"<script>{script}</script></body></html>")


def _footer(doc: Document) -> str:
    demo = (f'<span style="color:#D55E00;font-weight:bold">{html.escape(doc.demo_note)}</span> · '
            if doc.is_demo else "")
    page = t("report.page_of", doc.lang, page='<span class="pageNumber"></span>',
             pages='<span class="totalPages"></span>')
    return (f'<div style="font-size:7.5pt;width:100%;padding:0 15mm;color:#444;display:flex;gap:4mm;'
            f'justify-content:space-between"><span>{demo}{html.escape(doc.footer)}</span>'
            f'<span style="white-space:nowrap">{page}</span></div>')


def write_pdf(doc: Document, path: Path, progress: Callable[[str, float], None] | None = None) -> Path:
    """Print the document to `path` with Debian's Chromium (through Playwright, no browser download)."""
    exe = chromium_path()
    if exe is None:
        raise ReportError(t("report.no_chromium", doc.lang))
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise ReportError(t("report.no_playwright", doc.lang)) from None
    page_html = render_html(doc)
    if progress:
        progress(t("report.step_print", doc.lang), 0.8)
    # Playwright's sync API refuses a thread with a running asyncio loop (a caller's own Playwright
    # session, a notebook): print in a thread of its own, which never has one
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_print, doc, page_html, exe, path).result()
    return path


def _print(doc: Document, page_html: str, exe: str, path: Path) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
            try:
                ctx = browser.new_context()
                # nothing leaves the machine: the page is self-contained, any other request is refused
                ctx.route("**/*", lambda route: route.abort() if route.request.url.startswith(("http", "ws"))
                          else route.continue_())
                page = ctx.new_page()
                page.set_content(page_html, wait_until="load")
                page.wait_for_function("window.__plotsDone === true || window.__plotsError !== undefined",
                                       timeout=60_000)
                err = page.evaluate("window.__plotsError")
                if err:
                    raise ReportError(f"{t('report.chart_failed', doc.lang)} ({err})")
                page.pdf(path=str(path), format="A4", prefer_css_page_size=True, print_background=True,
                         display_header_footer=True,
                         header_template="<span></span>", footer_template=_footer(doc),
                         margin={"top": "15mm", "bottom": "18mm", "left": "15mm", "right": "15mm"})
            finally:
                browser.close()
    except PlaywrightError as e:
        raise ReportError(f"{t('report.print_failed', doc.lang)} ({str(e).splitlines()[0][:200]})") from None
