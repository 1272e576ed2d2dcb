"""The semiannual LPO review: every figure from the metric layer, every chart from ui.charts.

build() turns (store connection, region, period) into a report.document.Document; report.pdf and
report.xlsx write that one document, so the PDF and the workbook cannot disagree. No Streamlit here:
scheduled runs call it through `python -m report review`, the dashboard through a button.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass

import duckdb
import pandas as pd

import metrics
from metrics import periods, phases, scorecard
from report.document import Document, Figure, Section, Table, Text
from ui import charts, charts_registers, fmt, tables
from ui.i18n import t
from ui.tables import Col

Progress = Callable[[str, float], None]
_PERIOD = re.compile(r"^(\d{4})[- ]?(H[12])?$", re.IGNORECASE)
TREND_HALF_YEARS = 4
TOP_MISSES = 5


@dataclass(frozen=True)
class Request:
    """What to review: one region (and/or a sjukvårdsregion) and a half-year or a year."""

    period: str                      # '2026H1', '2026-H2' or '2026'
    region: str | None = None
    healthcare_region: str | None = None
    lang: str = "sv"

    def months(self) -> tuple[str, str]:
        return parse_period(self.period)


def parse_period(text: str) -> tuple[str, str]:
    """'2026H1' -> ('2026-01', '2026-06'); '2026' -> ('2026-01', '2026-12'); else ValueError (Swedish)."""
    m = _PERIOD.match(str(text).strip())
    if not m or not 1900 <= int(m.group(1)) <= 2200:
        raise ValueError(f"Ogiltig period {text!r}: skriv ett halvår som 2026H1 eller 2026H2, eller ett år som 2026.")
    y, h = m.group(1), (m.group(2) or "").upper()
    if h == "H1":
        return f"{y}-01", f"{y}-06"
    if h == "H2":
        return f"{y}-07", f"{y}-12"
    return f"{y}-01", f"{y}-12"


def shift_months(month: str, k: int) -> str:
    d = periods.parse_month(month)
    y, m = divmod(d.year * 12 + d.month - 1 + k, 12)
    return f"{y:04d}-{m + 1:02d}"


def previous_period(lo: str, hi: str) -> tuple[str, str]:
    """The period of the same length just before [lo, hi] (months, inclusive)."""
    n = (periods.parse_month(hi).year - periods.parse_month(lo).year) * 12 + \
        periods.parse_month(hi).month - periods.parse_month(lo).month + 1
    return shift_months(lo, -n), shift_months(hi, -n)


# -- reading the catalogue ------------------------------------------------------------------------------
@dataclass
class _Names:
    region: dict
    region_hsr: dict
    hsr: dict
    svf: dict
    register: dict
    indicator: dict


def _names(cur, lang: str) -> _Names:
    col = "name_en" if lang == "en" else "name_sv"

    def pairs(table: str, key: str) -> dict:
        df = cur.table(table).df()
        return dict(zip(df[key].astype(str), df[col].astype(str), strict=True))

    reg = cur.table("region").df()
    return _Names(region=pairs("region", "region_code"),
                  region_hsr=dict(zip(reg["region_code"].astype(str), reg["healthcare_region"].astype(str),
                                      strict=True)),
                  hsr=pairs("healthcare_region", "healthcare_region"), svf=pairs("svf", "svf"),
                  register=pairs("quality_register", "register"),
                  indicator=pairs("palliative_indicator", "indicator"))


# -- the builder ----------------------------------------------------------------------------------------
class _Builder:
    def __init__(self, con: duckdb.DuckDBPyConnection, req: Request, snapshot: str, progress: Progress | None):
        self.con, self.req, self.lang = con, req, req.lang
        self.snapshot = snapshot
        self.progress = progress or (lambda message, fraction: None)
        self.lo, self.hi = req.months()
        self.prev = previous_period(self.lo, self.hi)
        with closing(con.cursor()) as cur:
            self.names = _names(cur, self.lang)
        metrics.core.check_codes(con, metrics.Filters(
            regions=(req.region,) if req.region else (),
            healthcare_regions=(req.healthcare_region,) if req.healthcare_region else ()))
        self.hsr = req.healthcare_region or (self.names.region_hsr.get(req.region) if req.region else None)
        self.status = metrics.data_status(con)
        # a store holding only some regions has no country total: its total is named for what it is
        self.partial = not metrics.core.all_regions_present(con)
        self.total = self.tr("common.total_partial" if self.partial else "common.total")

    def tr(self, key: str, **kw) -> str:
        return t(key, self.lang, **kw)

    # the three geographic levels the report compares
    def scope(self, level: str, lo: str | None = None, hi: str | None = None, **extra) -> metrics.Filters:
        lo, hi = lo or self.lo, hi or self.hi
        if level == "unit" and self.req.region:
            geo = {"regions": (self.req.region,)}
        elif level in ("unit", "hsr") and self.hsr:
            geo = {"healthcare_regions": (self.hsr,)}
        else:
            geo = {}
        return metrics.Filters(period_from=lo, period_to=hi, **geo, **extra)

    def where(self) -> str:
        if self.req.region:
            return self.names.region.get(self.req.region, self.req.region)
        if self.hsr:
            return self.names.hsr.get(self.hsr, self.hsr)
        return self.total

    def frame(self, table: str, filters: metrics.Filters, by: tuple[str, ...], key: str | None,
              labels: dict | None = None, total_label: str | None = None) -> pd.DataFrame:
        num, den = metrics.COUNT_COLUMNS[table]
        df = metrics.compute(self.con, table, filters, by)
        return tables.share_frame(df, key=key, num=num, den=den, labels=labels, total_label=total_label,
                                  lang=self.lang)

    def targets(self, table: str) -> list[charts.TargetLine]:
        return charts.target_lines(metrics.targets(self.con, table), self.lang, self.lo, self.hi)

    def table(self, title: str, frame: pd.DataFrame, cols: list[Col], sheet: str, wide: bool = False) -> Table:
        return Table(title=title, frame=tables.export_table(frame, cols, self.lang),
                     display=tables.display_table(frame, cols, self.lang), sheet=sheet,
                     numeric=tuple(c.kind not in ("text", "verdict") for c in cols), wide=wide)

    # -- sections --------------------------------------------------------------------------------------
    def scorecard(self) -> Section:
        """Every target that applies, from metrics.scorecard (the overview page's rows), sorted by the gap
        in patients; the rows too small to judge are named in one sentence per area."""
        card = scorecard.scorecard(self.con, scorecard.Scope(
            self.lo, self.hi, (self.req.region,) if self.req.region else (),
            (self.req.healthcare_region,) if self.req.healthcare_region and not self.req.region else ()))
        names = {"svf": self.names.svf, "register": self.names.register, "indicator": self.names.indicator}
        card = tables.scorecard_frame(card, names, self.owner_names(), self.lang)
        small = card[card["suppressed"]]
        shown = card[~card["suppressed"]]
        cols = [Col("area_label", self.tr("report.col_area")), Col("label", self.tr("report.col_what")),
                Col("share", self.tr("table.share"), "share"), Col("ci", self.tr("report.col_ci"), "ci"),
                Col("n", self.tr("report.col_n"), "n"), Col("target", self.tr("table.target"), "level"),
                Col("owner_name", self.tr("report.col_owner")), Col("verdict", self.tr("table.verdict"), "verdict"),
                Col("gap", self.tr("table.gap"), "gap"), Col("change", self.tr("report.col_change"), "pp"),
                Col("spc_text", self.tr("report.col_spc"))]
        sec = Section("scorecard", self.tr("report.sec_scorecard"), wide=True)
        sec.blocks.append(Text(self.tr("report.scorecard_intro", prev=f"{self.prev[0]} – {self.prev[1]}")))
        missed = int((shown["verdict"] == "not_met").sum())
        sec.blocks.append(Text(self.tr("report.scorecard_summary", missed=missed, total=len(shown))))
        sec.blocks.append(self.table(self.tr("report.sec_scorecard"), shown, cols, self.tr("report.sheet_scorecard")))
        prelim = int(card["preliminary"].astype(bool).sum())
        if prelim:
            sec.blocks.append(Text(self.tr("overview.preliminary_rows", n=prelim), muted=True))
        sec.blocks.append(Text(self.tr("overview.spc_caption"), muted=True))
        for area, g in small.groupby("area_label", sort=False):
            sec.blocks.append(Text(self.tr("report.scorecard_small", area=area,
                                           names=", ".join(sorted(g["label"], key=charts.sv_sort_key))), muted=True))
        return sec

    def owner_names(self) -> dict[str, str]:
        with closing(self.con.cursor()) as cur:
            tg = cur.table("target").df()
        return dict(zip(tg["target_id"].astype(str), tg["owner_en" if self.lang == "en" else "owner_sv"].astype(str),
                        strict=True))

    def svf_by_pathway(self) -> Section:
        sec = Section("svf", self.tr("report.sec_svf"))
        sec.blocks.append(Text(self.tr("report.within_rule"), muted=True))
        for table, area in (("inclusion", "incl"), ("lead-time", "lt")):
            unit = self.frame(table, self.scope("unit"), ("svf",), "svf", self.names.svf)
            hsr = self.frame(table, self.scope("hsr"), ("svf",), "svf")
            nat = self.frame(table, self.scope("nation"), ("svf",), "svf")
            for name, other in (("hsr_share", hsr), ("nat_share", nat)):
                unit[name] = unit["key"].map(dict(zip(other["key"], other["share"].where(~other["suppressed"]),
                                                      strict=True)))
            unit = unit.sort_values("label", key=lambda s: s.map(charts.sv_sort_key), kind="stable")
            title = self.tr(f"report.{area}_by_svf", where=self.where())
            fig = charts.share_bars(unit, self.targets(table), self.lang, axis_title=self.tr(f"report.{area}_axis"))
            sec.blocks.append(Figure(title, fig))
            cols = [Col("label", self.tr("table.pathway")), Col("k", self.tr("report.col_k"), "k"),
                    Col("n", self.tr("report.col_n"), "n"), Col("share", self.where(), "share"),
                    Col("ci", self.tr("report.col_ci"), "ci"), Col("verdict", self.tr("table.verdict"), "verdict"),
                    Col("gap", self.tr("table.gap"), "gap")]
            if self.hsr and (self.req.region or self.req.healthcare_region):
                cols.append(Col("hsr_share", self.names.hsr.get(self.hsr, self.hsr), "share_plain"))
            cols.append(Col("nat_share", self.total, "share_plain"))
            sec.blocks.append(self.table(title, unit, cols, self.tr(f"report.sheet_{area}"), wide=True))
        return sec

    def misses(self) -> Section:
        sec = Section("misses", self.tr("report.sec_misses"), wide=True)
        lt = self.frame("lead-time", self.scope("unit"), ("svf",), "svf", self.names.svf)
        lt = lt[(~lt["suppressed"]) & (lt["verdict"] == "not_met")].sort_values("gap", ascending=False)
        top = lt.head(TOP_MISSES)
        if top.empty:
            sec.blocks.append(Text(self.tr("report.misses_none")))
            return sec
        sec.blocks.append(Text(self.tr("report.misses_intro", n=len(top))))
        summary = metrics.lead_time_summary(self.con, self.scope("unit", svfs=tuple(top["key"])), ("svf",))
        summary["key"] = summary["svf"].astype(str)
        top = top.merge(summary[["key", "median", "p80", "limit_days", "mean_days_over"]], on="key", how="left")
        # where the days are lost: the phase carrying most excess days per pathway (metrics.phases)
        rows = phases.rows(self.con, self.scope("unit", svfs=tuple(top["key"])))
        lost = []
        for key in top["key"]:
            attr = phases.attribution(rows[rows["svf"].astype(str) == key])
            ph = phases.top_phase(attr)
            share = attr.loc[attr["phase"] == ph, "share_excess"].iloc[0] if ph else None
            lost.append(f"{self.tr(f'ph.name_{ph}')} ({fmt.pct(share, self.lang, 0)})" if ph
                        else self.tr("report.phase_none"))
        top["lost_phase"] = lost
        cols = [Col("label", self.tr("table.pathway")), Col("share", self.tr("table.share"), "share"),
                Col("n", self.tr("report.col_n"), "n"), Col("gap", self.tr("table.gap"), "gap"),
                Col("median", self.tr("report.col_median"), "days"), Col("p80", self.tr("report.col_p80"), "days"),
                Col("limit_days", self.tr("report.col_limit"), "days"),
                Col("mean_days_over", self.tr("report.col_days_over"), "days"),
                Col("lost_phase", self.tr("report.col_lost_phase"))]
        sec.blocks.append(self.table(self.tr("report.sec_misses"), top, cols, self.tr("report.sheet_misses")))
        sec.blocks.append(Text(self.tr("report.phases_note"), muted=True))
        return sec

    def registers(self) -> Section:
        """Coverage per register for the scorecard's diagnosis year (the last whole year before the
        period ends, as known at its end) against each register's own target, beside the year before
        at the same lag; then the reporting ramp, since a year still being reported always looks low."""
        sec = Section("registers", self.tr("report.sec_registers"))
        year = int(self.hi[:4]) - 1
        as_of = scorecard.month_end(self.hi)
        prev_as_of = scorecard.month_end(shift_months(self.hi, -12))
        f = self.scope("unit", f"{year}-01", f"{year}-12", as_of=as_of)
        try:
            cov = self.frame("register-coverage", f, ("register",), "register", self.names.register)
            before = self.frame("register-coverage", self.scope("unit", f"{year - 1}-01", f"{year - 1}-12",
                                                                as_of=prev_as_of), ("register",), "register")
        except ValueError:
            cov = pd.DataFrame()
        if cov.empty or int(cov["n"].fillna(0).sum()) == 0:
            sec.missing = self.tr("report.no_register_data")
            return sec
        pre = metrics.reporting_status(as_of, year)[0]
        cov["preliminary"] = pre
        cov["prev_share"] = cov["key"].map(dict(zip(before["key"], before["share"].where(~before["suppressed"]),
                                                    strict=True)))
        cov = cov.sort_values("label", key=lambda s: s.map(charts.sv_sort_key), kind="stable")
        sec.blocks.append(Text(self.tr("report.registers_intro", year=year, as_of=as_of.isoformat())))
        if pre:
            sec.blocks.append(Text(self.tr("report.registers_prelim", year=year)))
        title = self.tr("report.registers_chart", year=year, where=self.where())
        fig = charts_registers.row_target_bars(cov.assign(label=cov["label"].map(fmt.short_register_name)),
                                               self.lang, axis_title=self.tr("report.coverage_axis"))
        sec.blocks.append(Figure(title, fig))
        cols = [Col("label", self.tr("report.col_register")), Col("k", self.tr("report.col_registered"), "k"),
                Col("n", self.tr("report.col_cases"), "n"), Col("share", self.tr("table.share"), "share"),
                Col("ci", self.tr("report.col_ci"), "ci"), Col("target", self.tr("table.target"), "level"),
                Col("verdict", self.tr("table.verdict"), "verdict"),
                Col("prev_share", self.tr("report.col_same_lag_prev", year=year - 1), "share_plain")]
        sec.blocks.append(self.table(title, cov, cols, self.tr("report.sheet_registers"), wide=True))
        self.ramp(sec, year, as_of)
        return sec

    def ramp(self, sec: Section, year: int, as_of: dt.date) -> None:
        """The reporting ramp of the last four diagnosis years, all registers together (the register
        page's chart and sentence), and its table at the newest year's lag."""
        first = year - 3
        rp = metrics.register_ramp(self.con, self.scope("unit", f"{first}-01", f"{year}-12", as_of=as_of),
                                   by_register=False)
        if rp.empty:
            return
        prelim = {int(y) for y in rp["diagnosis_year"].unique() if metrics.reporting_status(as_of, int(y))[0]}
        title = self.tr("report.ramp_chart", where=self.where())
        fig = charts_registers.ramp_chart(rp, [], self.lang, preliminary=prelim, newest=year,
                                          axis_title=self.tr("report.coverage_axis"), x_title=self.tr("reg.ramp_x"))
        sec.blocks.append(Figure(title, fig))
        sec.blocks.append(Text(tables.ramp_verdict_text(rp, year, as_of, self.lang)))
        newest = rp[rp["diagnosis_year"] == year]
        if newest.empty:
            return
        lag = int(newest["lag_months"].max())
        at = rp[rp["lag_months"] == lag].copy()
        last = rp.sort_values("lag_months").groupby("diagnosis_year").tail(1).set_index("diagnosis_year")
        at["label"] = at["diagnosis_year"].astype(str)
        at["k"], at["n"] = at["n_registered"], at["n_cases"]
        at["status"] = [self.tr("reg.preliminary_short") if int(y) in prelim else self.tr("reg.final_short")
                        for y in at["diagnosis_year"]]
        at["share_now"] = [last["share"].get(y) if not last["suppressed"].get(y, True) else None
                           for y in at["diagnosis_year"]]
        cols = [Col("label", self.tr("reg.col_diag_year")), Col("status", self.tr("reg.col_status")),
                Col("k", self.tr("report.col_registered"), "k"), Col("n", self.tr("report.col_cases"), "n"),
                Col("share", self.tr("report.col_at_lag", lag=lag), "share"), Col("ci", self.tr("report.col_ci"), "ci"),
                Col("share_now", self.tr("report.col_now", as_of=as_of.isoformat()), "share_plain")]
        sec.blocks.append(self.table(self.tr("report.ramp_table", lag=lag), at, cols, self.tr("report.sheet_ramp")))
        sec.blocks.append(Text(self.tr("report.ramp_caption"), muted=True))

    def palliative(self) -> Section:
        sec = Section("palliative", self.tr("report.sec_palliative"))
        cov = self.frame("palliative-coverage", self.scope("unit"), (), None, total_label=self.where())
        if cov.empty or int(cov["n"].fillna(0).sum()) == 0:
            sec.missing = self.tr("report.no_death_data")
            return sec
        ind = self.frame("palliative-indicators", self.scope("unit"), (), "indicator", self.names.indicator)
        cols = [Col("label", self.tr("report.col_what")), Col("k", self.tr("report.col_k"), "k"),
                Col("n", self.tr("report.col_n"), "n"), Col("share", self.tr("table.share"), "share"),
                Col("ci", self.tr("report.col_ci"), "ci"), Col("target", self.tr("table.target"), "level"),
                Col("verdict", self.tr("table.verdict"), "verdict")]
        sec.blocks.append(self.table(self.tr("report.palliative_coverage"), cov, cols,
                                     self.tr("report.sheet_palliative")))
        low = bool((~cov["suppressed"]).all() and (cov["share"] < 0.7).any())
        if low:
            sec.blocks.append(Text(self.tr("report.palliative_not_comparable")))
        fig = charts_registers.row_target_bars(ind.assign(label=ind["label"].map(fmt.short_indicator_name)),
                                               self.lang, axis_title=self.tr("report.indicator_axis"))
        sec.blocks.append(Figure(self.tr("report.palliative_indicators"), fig))
        sec.blocks.append(self.table(self.tr("report.palliative_indicators"), ind, cols,
                                     self.tr("report.sheet_palliative")))
        sec.blocks.append(Text(self.tr("report.palliative_guidelines"), muted=True))
        return sec

    def trends(self) -> Section:
        sec = Section("trends", self.tr("report.sec_trends"))
        first = shift_months(self.hi, -6 * TREND_HALF_YEARS + 1)
        for table, area in (("inclusion", "incl"), ("lead-time", "lt")):
            parts = []
            for level, label, is_total in (("unit", self.where(), False), ("nation", self.total, True)):
                if level == "unit" and not (self.req.region or self.hsr):
                    continue
                f = self.frame(table, self.scope(level, first, self.hi), ("half_year",), "half_year")
                f["series"], f["is_total"], f["period"] = label, is_total, f["key"]
                f["label"] = [charts.period_label(p, self.lang) for p in f["period"]]
                parts.append(f)
            trend = pd.concat(parts, ignore_index=True)
            title = self.tr(f"report.{area}_trend")
            fig = charts.trend_chart(trend, self.targets(table), self.lang, axis_title=self.tr(f"report.{area}_axis"))
            sec.blocks.append(Figure(title, fig))
            cols = [Col("series", self.tr("table.series")), Col("label", self.tr("table.period")),
                    Col("k", self.tr("report.col_k"), "k"), Col("n", self.tr("report.col_n"), "n"),
                    Col("share", self.tr("table.share"), "share"), Col("ci", self.tr("report.col_ci"), "ci"),
                    Col("verdict", self.tr("table.verdict"), "verdict")]
            sec.blocks.append(self.table(title, trend, cols, self.tr("report.sheet_trends")))
        return sec

    def method(self) -> Section:
        sec = Section("method", self.tr("report.sec_method"))
        for key in ("incl_def", "lt_def", "le_rule", "suppression", "unverified", "halland", "snapshot"):
            sec.blocks.append(Text(self.tr(f"report.method_{key}")))
        with closing(self.con.cursor()) as cur:
            tg = cur.table("target").df()
        tg["owner_name"] = tg["owner_en" if self.lang == "en" else "owner_sv"]
        tg["metric"] = [self.tr(f"report.metric_{m}") for m in tg["metric"]]
        tg["level"] = [f"{r.comparison} {fmt.num(r.level_1, self.lang, 0)}"
                       + (f"/{fmt.num(r.level_2, self.lang, 0)}" if pd.notna(r.level_2) else "") + " %"
                       + (" †" if str(r.confidence).startswith("unconfirmed") else "")
                       for r in tg.itertuples()]
        tg["valid"] = [f"{'' if pd.isna(a) else str(a)[:10]} – {'' if pd.isna(b) else str(b)[:10]}"
                       for a, b in zip(tg["valid_from"], tg["valid_to"], strict=True)]
        tg["suppressed"] = False
        cols = [Col("metric", self.tr("report.col_metric")),
                Col("level", self.tr("table.target")), Col("owner_name", self.tr("report.col_owner")),
                Col("valid", self.tr("report.col_valid")), Col("source", self.tr("report.col_source"))]
        sec.blocks.append(self.table(self.tr("report.targets_table"), tg, cols, self.tr("report.sheet_targets")))
        sec.blocks.append(Text(self.tr("report.unverified_mark"), muted=True))
        return sec

    def snapshot_label(self) -> str:
        if self.snapshot.startswith("frozen/"):
            return self.tr("report.frozen_snapshot", name=self.snapshot.split("/", 1)[1])
        return self.snapshot

    def document(self) -> Document:
        steps = (("scorecard", self.scorecard), ("svf", self.svf_by_pathway), ("misses", self.misses),
                 ("registers", self.registers), ("palliative", self.palliative), ("trends", self.trends),
                 ("method", self.method))
        sections = []
        for i, (key, fn) in enumerate(steps):
            self.progress(self.tr(f"report.step_{key}"), 0.7 * i / len(steps))
            sections.append(fn())
        last = self.status["last_dates"].get("svf_pathway")
        built = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        facts = [(self.tr("report.fact_period"), f"{self.lo} – {self.hi}"),
                 (self.tr("report.fact_compared"), f"{self.prev[0]} – {self.prev[1]}"),
                 (self.tr("report.fact_snapshot"), self.snapshot_label()),
                 (self.tr("report.fact_as_of"), str(last or "–")),
                 (self.tr("report.fact_built"), built)]
        if self.partial:
            facts.append((self.tr("report.fact_regions"), self.tr("report.partial_store")))
        if last and str(last) < periods.period_end(self.hi, "month").isoformat():
            facts.append((self.tr("report.fact_preliminary"), self.tr("report.preliminary_text", last=str(last))))
        sel = [self.where()]
        if self.req.region and self.hsr:
            sel.append(self.tr("report.sel_hsr", hsr=self.names.hsr.get(self.hsr, self.hsr)))
        sel.append(self.tr("report.sel_period", period=self.req.period.upper().replace("-", "")))
        title = self.tr("report.title")
        return Document(title=title, lang=self.lang, selection=sel, facts=facts,
                        is_demo=bool(self.status["is_demo"]), demo_note=self.tr("report.demo_note"),
                        sections=sections,
                        footer=f"{self.where()} · {self.req.period.upper()} · {self.snapshot_label()} · {built}")


def build(con: duckdb.DuckDBPyConnection, req: Request, snapshot: str,
          progress: Progress | None = None) -> Document:
    """The review for one selection. Raises ValueError (a sentence) for a bad period or code."""
    return _Builder(con, req, snapshot, progress).document()
