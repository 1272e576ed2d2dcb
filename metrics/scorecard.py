"""Every target that applies to one selection and period, one row each: the overview's and the review
report's scorecard (no Streamlit; both read this one function, so they cannot disagree).

Rows come from metrics.compute() with its verdicts, so every counting rule of the detailed pages holds
here too. What each area counts for a period [from, to]:
- SVF inclusion and lead time: the period itself, overall and per pathway.
- Register coverage: the cases diagnosed in the last whole calendar year before the period ends,
  as known at the period's end (coverage is judged by diagnosis year; the period's own year is
  still being reported). Its change compares the diagnosis year before at the same lag (as known a
  year earlier), since a year still being reported always rises.
- Register timeliness: the share registered within 3 months of diagnosis (the target's N), for the
  cases diagnosed in the period whose 3 months have passed by the period's end.
- Palliativregistret coverage and indicators: the deaths in the period.
Every owner's target that applies is a row of its own (metrics.core.targets_long): e.g. Region
Gävleborg 2024 has RCC's 70 % and its LPO's 65 % for Palliativregistret's coverage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from metrics import core, periods

AREAS = ("svf_inclusion", "svf_lead_time", "register_coverage", "register_timeliness", "palliative_coverage",
         "palliative_indicator")
# area -> (compute() table, the dimension naming a row or None, the page showing it in the dashboard)
AREA_SPEC: dict[str, tuple[str, str | None]] = {
    "svf_inclusion": ("inclusion", "svf"),
    "svf_lead_time": ("lead-time", "svf"),
    "register_coverage": ("register-coverage", "register"),
    "register_timeliness": ("register-timeliness", "register"),
    "palliative_coverage": ("palliative-coverage", None),
    "palliative_indicator": ("palliative-indicators", "indicator"),
}
COLUMNS = ("area", "table", "item_dim", "item", "k", "n", "share", "ci_low", "ci_high", "target", "target_level_2",
           "target_id", "target_owner", "target_unverified", "verdict", "certainty", "gap", "suppressed",
           "prev_share", "change", "from_month", "to_month", "as_of")


@dataclass(frozen=True)
class Scope:
    """Where and when: region and sjukvårdsregion codes (empty = the whole country), inclusive months."""

    period_from: str
    period_to: str
    regions: tuple[str, ...] = ()
    healthcare_regions: tuple[str, ...] = ()


def months_between(lo: str, hi: str) -> int:
    a, b = periods.parse_month(lo), periods.parse_month(hi)
    return (b.year - a.year) * 12 + b.month - a.month + 1


def shift(month: str, k: int) -> str:
    d = periods.parse_month(month)
    y, m = divmod(d.year * 12 + d.month - 1 + k, 12)
    return f"{y:04d}-{m + 1:02d}"


def previous(scope: Scope, months: int | None = None) -> Scope:
    """The period of the same length just before (or `months` earlier)."""
    n = months or months_between(scope.period_from, scope.period_to)
    return Scope(shift(scope.period_from, -n), shift(scope.period_to, -n), scope.regions, scope.healthcare_regions)


def month_end(month: str) -> dt.date:
    return periods.next_month(periods.parse_month(month)) - dt.timedelta(days=1)


def _filters(area: str, scope: Scope) -> core.Filters:
    geo = {"regions": scope.regions, "healthcare_regions": scope.healthcare_regions}
    if area == "register_coverage":
        year = int(scope.period_to[:4]) - 1
        return core.Filters(period_from=f"{year}-01", period_to=f"{year}-12", as_of=month_end(scope.period_to), **geo)
    if area == "register_timeliness":
        return core.Filters(period_from=scope.period_from, period_to=scope.period_to,
                            as_of=month_end(scope.period_to), **geo)
    return core.Filters(period_from=scope.period_from, period_to=scope.period_to, **geo)


def _rows(con, area: str, scope: Scope) -> pd.DataFrame:
    table, dim = AREA_SPEC[area]
    f = _filters(area, scope)
    parts = []
    if dim == "svf":  # the whole selection first, then per pathway
        parts.append(core.targets_long(con, table, f, ()))
    parts.append(core.targets_long(con, table, f, (dim,) if dim else ()))
    out = []
    num, den = core.COUNT_COLUMNS[table]
    for df in parts:
        d = pd.DataFrame({
            "area": area, "table": table, "item_dim": dim or "",
            "item": df[dim].astype(str) if dim and dim in df else "",
            "k": df[num].astype("int64"), "n": df[den].astype("int64"),
        })
        for c in ("share", "ci_low", "ci_high", "target", "target_level_2", "target_id", "target_owner",
                  "target_unverified", "verdict", "certainty", "gap", "suppressed"):
            d[c] = df[c].to_numpy() if c in df else np.nan
        d["from_month"], d["to_month"] = f.period_from, f.period_to
        d["as_of"] = f.as_of.isoformat() if f.as_of else ""
        out.append(d)
    return pd.concat(out, ignore_index=True)


def _no_data_rows(con, area: str, scope: Scope) -> pd.DataFrame:
    """An area with no rows at all (e.g. no deaths loaded) still lists its targets, as 'no data':
    a target is never dropped silently."""
    table, dim = AREA_SPEC[area]
    f = _filters(area, scope)
    end = pd.Timestamp(month_end(f.period_to))
    tg = con.table("target").df()
    tg = tg[(tg["metric"] == core.METRIC_OF_TABLE[table]) & tg["primary_target"].astype(bool)]
    tg = tg[(tg["valid_from"].isna() | (pd.to_datetime(tg["valid_from"]) <= end))
            & (tg["valid_to"].isna() | (pd.to_datetime(tg["valid_to"]) >= end))]
    scope_col = {"svf": "scope_svf", "register": "scope_register", "indicator": "scope_indicator"}.get(dim or "")
    items = tg[scope_col].fillna("").astype(str) if scope_col else pd.Series([""] * len(tg), index=tg.index)
    return pd.DataFrame({
        "area": area, "table": table, "item_dim": dim or "", "item": items.to_numpy(),
        "k": 0, "n": 0, "share": np.nan, "ci_low": np.nan, "ci_high": np.nan,
        "target": tg["level_1"].to_numpy() / 100, "target_level_2": tg["level_2"].to_numpy() / 100,
        "target_id": tg["target_id"].to_numpy(), "target_owner": tg["owner"].to_numpy(),
        "target_unverified": tg["confidence"].astype(str).str.startswith("unconfirmed").to_numpy(),
        "verdict": "no_data", "certainty": "", "gap": 0, "suppressed": True,
        "from_month": f.period_from, "to_month": f.period_to, "as_of": f.as_of.isoformat() if f.as_of else "",
    })


def scorecard(con: duckdb.DuckDBPyConnection, scope: Scope, areas: tuple[str, ...] = AREAS) -> pd.DataFrame:
    """One row per applicable target (rows without a target are dropped; a row too small to judge
    stays, suppressed), with `prev_share` and `change` (share now less the previous period's, both
    unsuppressed), sorted by the gap in patients (largest first), then by area and item."""
    frames = []
    for area in areas:
        now = _rows(con, area, scope)
        if now.empty:
            now = _no_data_rows(con, area, scope)
        before = _rows(con, area, previous(scope, 12 if area == "register_coverage" else None))
        before = before.drop_duplicates("item")  # one row per target: the share is the item's
        prev = dict(zip(before["item"], before["share"].where(~before["suppressed"].astype(bool)), strict=True))
        now["prev_share"] = now["item"].map(prev).astype(float)
        shown = now["share"].where(~now["suppressed"].astype(bool)).astype(float)
        now["change"] = shown - now["prev_share"]
        frames.append(now[now["target_id"].notna() & ~now["target_id"].astype(str).isin(("None", "nan", ""))])
    card = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
    card["suppressed"] = card["suppressed"].astype(bool)
    card["gap"] = pd.to_numeric(card["gap"], errors="coerce")
    order = card["gap"].where(~card["suppressed"], -1).fillna(-1)
    card = card.assign(_o=order, _a=card["area"].map({a: i for i, a in enumerate(AREAS)}))
    card = card.sort_values(["_o", "_a", "item"], ascending=[False, True, True], kind="stable")
    return card.drop(columns=["_o", "_a"]).reset_index(drop=True)[list(COLUMNS)]
