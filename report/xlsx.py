"""The review as an Excel workbook: the PDF's tables as sheets, real numbers with number formats.

xlsxwriter writes formatted workbooks (number formats, frozen headers, column widths) in one pass;
openpyxl stays the reader for imports. Text is written with write_string and the workbook is told
never to turn strings into formulas or links, so a unit name such as '=HYPERLINK(...)' stays text.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from report.document import Document, Table, Text


def _sheet_name(s: str, used: set[str]) -> str:
    for ch in '[]:*?/\\':
        s = s.replace(ch, " ")
    base = s[:31].strip() or "Blad"
    name, i = base, 2
    while name.lower() in used:
        name = f"{base[:28]} {i}"
        i += 1
    used.add(name.lower())
    return name


def _is_number(v) -> bool:
    return isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool) and not (
        isinstance(v, float | np.floating) and math.isnan(v))


def write_xlsx(doc: Document, path: Path) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "nan_inf_to_errors": False})
    try:
        bold = wb.add_format({"bold": True})
        title = wb.add_format({"bold": True, "font_size": 14})
        head = wb.add_format({"bold": True, "bg_color": "#E8EEF5", "bottom": 1, "text_wrap": True,
                              "valign": "top"})
        demo = wb.add_format({"bold": True, "font_color": "#8A3500"})
        muted = wb.add_format({"font_color": "#595959", "text_wrap": True})
        pct = wb.add_format({"num_format": "0.0"})
        integer = wb.add_format({"num_format": "#,##0"})
        decimal = wb.add_format({"num_format": "0.0"})
        used: set[str] = set()

        ws = wb.add_worksheet(_sheet_name("Urval" if doc.lang == "sv" else "Selection", used))
        ws.set_column(0, 0, 34)
        ws.set_column(1, 1, 90)
        ws.write_string(0, 0, doc.title, title)
        r = 2
        for line in doc.selection:
            ws.write_string(r, 0, line, bold)
            r += 1
        if doc.is_demo:
            ws.write_string(r, 0, doc.demo_note, demo)
            r += 1
        r += 1
        for k, v in doc.facts:
            ws.write_string(r, 0, k)
            ws.write_string(r, 1, v)
            r += 1

        sheets: dict[str, tuple] = {}
        for sec in doc.sections:
            for b in sec.blocks:
                if not isinstance(b, Table):
                    continue
                if b.sheet not in sheets:
                    s = wb.add_worksheet(_sheet_name(b.sheet, used))
                    row = 0
                    if doc.is_demo:
                        s.write_string(row, 0, doc.demo_note, demo)
                        row += 1
                    sheets[b.sheet] = [s, row + 1, 0]
                s, row, _ = sheets[b.sheet]
                s.write_string(row, 0, b.title, bold)
                row += 1
                row = _write_table(s, b, row, head, pct, integer, decimal)
                sheets[b.sheet][1] = row + 2
        notes = wb.add_worksheet(_sheet_name("Metod" if doc.lang == "sv" else "Method", used))
        notes.set_column(0, 0, 130)
        r = 0
        for sec in doc.sections:
            lines = ([sec.missing] if sec.missing else []) + [b.text.replace("**", "") for b in sec.blocks
                                                                if isinstance(b, Text)]
            if not lines:
                continue
            notes.write_string(r, 0, sec.title, bold)
            r += 1
            for line in lines:
                notes.write_string(r, 0, line, muted)
                r += 1
            r += 1
    finally:
        wb.close()
    return path


def _write_table(ws, tab: Table, row: int, head, pct, integer, decimal) -> int:
    f = tab.frame
    for j, c in enumerate(f.columns):
        ws.write_string(row, j, str(c), head)
        ws.set_column(j, j, max(10, min(40, len(str(c)) + 2)))
    row += 1
    for rec in f.itertuples(index=False):
        for j, (c, v) in enumerate(zip(f.columns, rec, strict=True)):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            if _is_number(v):
                if str(c).endswith("(%)"):
                    ws.write_number(row, j, float(v), pct)
                elif float(v) == int(v) and not isinstance(v, float | np.floating):
                    ws.write_number(row, j, int(v), integer)
                else:
                    ws.write_number(row, j, float(v), decimal)
            else:
                ws.write_string(row, j, str(v))
        row += 1
    return row
