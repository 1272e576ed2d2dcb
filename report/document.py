"""The review as data: sections of text, tables and figures, rendered by report.pdf and report.xlsx.

Why a model between the metric layer and the files: the PDF and the workbook must hold the same
figures, so both are written from one Document built once (report.review), never computed twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Text:
    """A paragraph (plain text: escaped in the PDF, a cell in the workbook; **bold** as on the pages)."""

    text: str
    muted: bool = False


@dataclass
class Table:
    """A table for people: `frame` holds the file values (ui.tables.export_table: numbers stay
    numbers, suppressed cells '<5' or empty) and `display` the same rows formatted for print."""

    title: str
    frame: pd.DataFrame
    display: pd.DataFrame
    sheet: str  # the workbook sheet it goes to (several tables may share one)
    numeric: tuple[bool, ...] = ()  # per display column: right-aligned figures (from the columns' kinds)
    wide: bool = False  # printed on a landscape page of its own (many columns)


@dataclass
class Figure:
    """A plotly figure from ui.charts (the dashboard's own figure functions)."""

    title: str
    fig: object
    caption: str = ""


@dataclass
class Section:
    key: str
    title: str
    blocks: list = field(default_factory=list)
    # why a section has no figures yet (a part of the product not built, or no data): said, not hidden
    missing: str | None = None
    # printed on landscape pages: a table of many columns (the scorecard) stays readable in print
    wide: bool = False


@dataclass
class Document:
    title: str
    lang: str
    selection: list[str]            # lines describing the selection (region, period, ...)
    facts: list[tuple[str, str]]    # (label, value): snapshot, data as of, built at, demo or not
    is_demo: bool
    demo_note: str
    sections: list[Section] = field(default_factory=list)
    footer: str = ""
