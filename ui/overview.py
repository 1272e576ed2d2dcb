"""Målöversikt: every target of the selection in one table, the view per diagnosis, the review report.

The rows come from metrics.scorecard (shared with the report); this module names them, filters them
by owner and area, and knows which page shows each row in detail.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from metrics.scorecard import Scope
from ui import fmt, shell, tables
from ui.shell import Context
from ui.tables import Col

# area -> the page (views/ file) that shows a row in detail, and the view field its item selects
PAGE_OF_AREA = {
    "svf_inclusion": ("views/svf_inklusion.py", "svfs", lambda item: (item,) if item else ()),
    "svf_lead_time": ("views/svf_ledtider.py", "svfs", lambda item: (item,) if item else ()),
    "register_coverage": ("views/kvalitetsregister.py", "registers", lambda item: (item,) if item else ()),
    "register_timeliness": ("views/kvalitetsregister.py", "registers", lambda item: (item,) if item else ()),
    "palliative_coverage": ("views/palliativ.py", None, None),
    "palliative_indicator": ("views/palliativ.py", "indicator", lambda item: item or None),
}


def scope(ctx: Context) -> Scope:
    v = ctx.view
    if v.level == "unit" and v.unit_region:
        regions, hsr = (v.unit_region,), ()
    else:
        regions, hsr = v.regions, v.healthcare_regions
    return Scope(v.period_from, v.period_to, tuple(regions), tuple(hsr))


def _names(ctx: Context) -> dict[str, dict]:
    col = "name_en" if ctx.lang == "en" else "name_sv"
    out = {}
    for table, key in (("quality_register", "register"), ("palliative_indicator", "indicator")):
        ref = ctx.data.reference(table)
        out[key] = dict(zip(ref[key].astype(str), ref[col].astype(str), strict=True))
    out["svf"] = ctx.names.svf
    return out


def _owners(ctx: Context) -> dict[str, str]:
    tg = ctx.data.reference("target")
    col = "owner_en" if ctx.lang == "en" else "owner_sv"
    return dict(zip(tg["target_id"].astype(str), tg[col].astype(str), strict=True))


def scorecard_frame(ctx: Context) -> pd.DataFrame:
    """The scorecard rows as a share frame (labels, verdict texts), filtered by the view's owners
    and areas, in the scorecard's order (largest gap in patients first)."""
    card = ctx.data.scorecard(scope(ctx))
    v = ctx.view
    if v.owners:
        card = card[card["target_owner"].isin(v.owners)]
    if v.areas:
        card = card[card["area"].isin(v.areas)]
    if card.empty:
        return card
    return tables.scorecard_frame(card, _names(ctx), _owners(ctx), ctx.lang)


def columns(ctx: Context) -> list[Col]:
    tr = ctx.tr
    # what a coordinator reads first (verdict, value, how far off) left of the details
    return [Col("area_label", tr("overview.col_area")), Col("label", tr("overview.col_what")),
            Col("verdict", tr("table.verdict"), "verdict"), Col("share", tr("table.share"), "share"),
            Col("target", tr("table.target"), "level"), Col("gap", tr("table.gap"), "gap"),
            Col("change", tr("overview.col_change"), "pp"), Col("spc_text", tr("overview.col_spc")),
            Col("ci", tr("table.ci"), "ci"), Col("k", tr("overview.col_k"), "k"), Col("n", tr("overview.col_n"), "n"),
            Col("owner_name", tr("overview.col_owner"))]


def open_row(ctx: Context, row: pd.Series) -> None:
    """Open the page behind a scorecard row with the same filters (and its pathway selected)."""
    page = PAGE_OF_AREA.get(row["area"])
    if page is None:
        st.info(ctx.tr("overview.no_page_yet"), icon=":material/info:")
        return
    path, field, value = page
    shell.open_page(path, **({field: value(row["item"])} if field else {}))


# -- per diagnosis --------------------------------------------------------------------------------------
def diagnosis_rows(ctx: Context, svf: str) -> pd.DataFrame:
    """Inclusion, lead time and the quality registers' coverage for one pathway, from the scorecard
    rows (the same figures as the table above)."""
    card = ctx.data.scorecard(scope(ctx))
    mine = card[(card["item"] == svf) & card["area"].isin(("svf_inclusion", "svf_lead_time"))]
    return mine


def register_rows_for(ctx: Context, svf: str) -> pd.DataFrame:
    """The quality registers holding this pathway's diagnoses: coverage for the scorecard's diagnosis
    year, as of the period's end (the registers are found through the cases' ICD-10 codes)."""
    import metrics
    from metrics import scorecard as sc

    sco = scope(ctx)
    year = int(sco.period_to[:4]) - 1
    f = metrics.Filters(regions=sco.regions, healthcare_regions=sco.healthcare_regions, svfs=(svf,),
                        period_from=f"{year}-01", period_to=f"{year}-12", as_of=sc.month_end(sco.period_to))
    df = ctx.data.compute("register-coverage", f, ("register",))
    names = _names(ctx)["register"]
    out = tables.share_frame(df, key="register", num="n_registered", den="n_cases", labels=names, lang=ctx.lang)
    out["year"] = year
    return out


# -- the review report ---------------------------------------------------------------------------------
def review_request(ctx: Context):
    """The report's selection from the view: one region or one sjukvårdsregion, a half-year or a year;
    None (with the reason's i18n key) when the view is something else."""
    from report.review import Request

    v = ctx.view
    regions = (v.unit_region,) if v.level == "unit" and v.unit_region else v.regions
    if len(regions) > 1 or len(v.healthcare_regions) > 1 or (regions and v.healthcare_regions):
        return None, "overview.report_one_region"
    lo, hi = v.period_from or "", v.period_to or ""
    if lo[:4] != hi[:4] or (lo[5:], hi[5:]) not in (("01", "06"), ("07", "12"), ("01", "12")):
        return None, "overview.report_half_year"
    period = lo[:4] + {"01-06": "H1", "07-12": "H2", "01-12": ""}[lo[5:] + "-" + hi[5:]]
    return Request(period=period, region=regions[0] if regions else None,
                   healthcare_region=v.healthcare_regions[0] if v.healthcare_regions else None, lang=ctx.lang), None


def build_review(ctx: Context, req, formats: tuple[str, ...]) -> dict[str, tuple[str, bytes]]:
    """Build the report from the dashboard's own connection (the same snapshot the page shows), with a
    progress bar. Returns {format: (file name, bytes)}; raises report.pdf.ReportError with a sentence."""
    from report import pdf, review, xlsx
    from report.__main__ import file_stem

    bar = st.progress(0.0, text=ctx.tr("report.cli_building"))

    def progress(message: str, fraction: float) -> None:
        bar.progress(min(1.0, max(0.0, fraction)), text=message)

    try:
        doc = review.build(ctx.data.con, req, ctx.data.version, progress)
        out: dict[str, tuple[str, bytes]] = {}
        stem = file_stem(req)
        with tempfile.TemporaryDirectory() as tmp:
            if "xlsx" in formats:
                progress(ctx.tr("report.step_xlsx"), 0.75)
                p = xlsx.write_xlsx(doc, Path(tmp) / (stem + ".xlsx"))
                out["xlsx"] = (p.name, p.read_bytes())
            if "pdf" in formats:
                p = pdf.write_pdf(doc, Path(tmp) / (stem + ".pdf"), progress)
                out["pdf"] = (p.name, p.read_bytes())
        return out
    finally:
        bar.empty()


def kpis(ctx: Context, card: pd.DataFrame) -> None:
    shown = card[~card["suppressed"].astype(bool)] if len(card) else card
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(ctx.tr("overview.kpi_judged"), fmt.num(len(shown), ctx.lang), border=True)
    c2.metric(ctx.tr("overview.kpi_missed"), fmt.num(int((shown["verdict"] == "not_met").sum()), ctx.lang),
              border=True)
    c3.metric(ctx.tr("overview.kpi_certainly_missed"),
              fmt.num(int((shown["certainty"] == "certainly_not_met").sum()), ctx.lang), border=True,
              help=ctx.tr("overview.kpi_certainly_help"))
    c4.metric(ctx.tr("overview.kpi_small"), fmt.num(int(card["suppressed"].astype(bool).sum()), ctx.lang),
              border=True, help=ctx.tr("common.suppression_note"))


def lost_days(ctx: Context, svf: str) -> tuple[str, str] | None:
    """(the phase carrying most excess days, its share) for one pathway in the selection, from the
    phases page's own cached attribution; None when no phase stands out (or too few recorded)."""
    import metrics
    from metrics import phases as ph
    from ui import phases as ui_phases

    sco = scope(ctx)
    f = metrics.Filters(regions=sco.regions, healthcare_regions=sco.healthcare_regions, svfs=(svf,),
                        period_from=sco.period_from, period_to=sco.period_to)
    attr = ui_phases.attribution(ctx, f)
    top = ph.top_phase(attr)
    if top is None:
        return None
    share = attr.loc[attr["phase"] == top, "share_excess"].iloc[0]
    return ui_phases.phase_name(ctx, top), fmt.pct(share, ctx.lang, 0)
