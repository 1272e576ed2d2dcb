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

from metrics import core, periods, rules, spc

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
           "prev_share", "change", "from_month", "to_month", "as_of", "preliminary", "spc_assurance")
# the areas whose detailed page carries an SPC chart (ui/spc.py) and so an assurance verdict here
SPC_AREAS = ("svf_inclusion", "svf_lead_time")


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


def _parts(area: str) -> tuple[tuple[str, ...], ...]:
    """The groupings of an area's rows: SVF areas the whole selection first, then per pathway."""
    dim = AREA_SPEC[area][1]
    return ((), (dim,)) if dim == "svf" else ((dim,) if dim else (),)


def _rows(con, area: str, scope: Scope) -> pd.DataFrame:
    table, dim = AREA_SPEC[area]
    f = _filters(area, scope)
    num, den = core.COUNT_COLUMNS[table]
    sets = _computed(con, area, f)
    parts = [core.targets_long(con, table, f, by, computed=sets.get(by)) for by in _parts(area)]
    # one frame from whole columns: assigning a dozen columns one by one to each part's frame was most
    # of the scorecard's time (bench/scorecard.py)
    cols: dict[str, list] = {c: [] for c in _ROW_COLUMNS}
    for df in parts:
        m = len(df)
        cols["item"].append(df[dim].astype(str).to_numpy(dtype=object) if dim and dim in df
                            else np.full(m, "", dtype=object))
        cols["k"].append(df[num].to_numpy(dtype="int64"))
        cols["n"].append(df[den].to_numpy(dtype="int64"))
        for c in _ROW_COLUMNS[3:]:
            cols[c].append(df[c].to_numpy() if c in df else np.full(m, np.nan))
    n = sum(len(df) for df in parts)
    out = pd.DataFrame({"area": area, "table": table, "item_dim": dim or "",
                        **{c: np.concatenate(v) if len(v) > 1 else v[0] for c, v in cols.items()}},
                       index=pd.RangeIndex(n))
    out["from_month"], out["to_month"] = f.period_from, f.period_to
    out["as_of"] = f.as_of.isoformat() if f.as_of else ""
    return out


_ROW_COLUMNS = ("item", "k", "n", "share", "ci_low", "ci_high", "target", "target_level_2", "target_id",
                "target_owner", "target_unverified", "verdict", "certainty", "gap", "suppressed")


def _previous_shares(con, area: str, scope: Scope) -> dict:
    """item -> the share (NaN when suppressed) of the period before: compute()'s rows, the same as
    _rows' without the targets, which a comparison does not need (columns: no DataFrame to build)."""
    table, dim = AREA_SPEC[area]
    f = _filters(area, scope)
    out: dict = {}
    sets = _computed(con, area, f)
    for by in _parts(area):
        cols = sets[by] if by in sets else core.compute_columns(con, table, f, by)
        suppressed = np.asarray(cols["suppressed"], dtype=bool)
        shares = np.where(suppressed, np.nan, np.asarray(cols["share"], dtype=float)).tolist()
        items = _items(cols[dim]) if dim and dim in cols else [""] * len(shares)
        for item, share in zip(items, shares, strict=True):
            out.setdefault(item, share)
    return out


def _computed(con, area: str, f: core.Filters) -> dict:
    """An SVF area's groupings (the whole selection and per pathway) from one query (compute_sets:
    planning is most of a small query's time); {} for the other areas, one grouping each."""
    if len(_parts(area)) == 1:
        return {}
    return core.compute_sets(con, AREA_SPEC[area][0], f, _parts(area))


def _items(values) -> list[str]:
    """Codes as the scorecard's item text (as pandas' astype(str) spells a missing one)."""
    return ["nan" if v is None else str(v) for v in values]


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


def _preliminary(area: str, f: core.Filters, last_dates: dict) -> bool:
    """Is the row's figure still moving? Register coverage: its diagnosis year is still being reported
    on the as-of date (DOMAIN.md §3); every other area: the period reaches into the fact table's newest
    months (metrics.rules), as on the detailed pages."""
    if area == "register_coverage":
        return core.reporting_status(f.as_of, int(f.period_from[:4]))[0]
    last = last_dates.get(core.FACT_OF_TABLE[AREA_SPEC[area][0]])
    return rules.range_is_preliminary(f.period_from, f.period_to, rules.month_of(last))


def spc_assurance(con: duckdb.DuckDBPyConnection, scope: Scope, card: pd.DataFrame,
                  status: dict | None = None) -> pd.Series:
    """The SPC assurance of each SVF row against its own target, as the SVF pages' SPC section reads
    it (metrics.spc, 24 months up to the period's end, the newest months and months under 5 cases
    left out): consistent_pass / consistent_fail / inconsistent, or None (no SPC on that page, or fewer
    than spc.MIN_POINTS months to judge from)."""
    out = pd.Series([None] * len(card), index=card.index, dtype=object)
    status = status or core.data_status(con)
    last, first = status["last_dates"].get("svf_pathway"), status["first_dates"].get("svf_pathway")
    end = scope.period_to
    start = shift(end, -(spc.MONTHS - 1))
    if first is not None and start < f"{first:%Y-%m}":
        start = f"{first:%Y-%m}"
    months = [shift(start, i) for i in range(months_between(start, end))]
    prelim = spc.preliminary(months, rules.month_of(last), spc.PRELIMINARY_MONTHS)
    f = core.Filters(period_from=start, period_to=end, regions=scope.regions,
                     healthcare_regions=scope.healthcare_regions)
    for area in SPC_AREAS:
        rows = card.index[card["area"] == area]
        if not len(rows):
            continue
        table = AREA_SPEC[area][0]
        num, den = core.COUNT_COLUMNS[table]
        # the monthly counts per pathway ("" = the whole selection) as (item x month) arrays; months
        # outside the window are dropped (two pivot_tables cost more than the queries)
        col = {m: j for j, m in enumerate(months)}
        pos: dict[str, int] = {}
        cells: list[tuple[int, int, float, float]] = []
        for by in (("svf", "month"), ("month",)):
            c = core.compute_columns(con, table, f, by)
            items = _items(c["svf"]) if "svf" in by else [""] * len(c[den])
            for item, month, k, n in zip(items, _items(c["month"]), c[num].tolist(), c[den].tolist(), strict=True):
                if month in col:
                    cells.append((pos.setdefault(item, len(pos)), col[month], k, n))
        k_arr, n_arr = np.zeros((len(pos), len(months))), np.zeros((len(pos), len(months)))
        for i, j, k, n in cells:
            k_arr[i, j] += k
            n_arr[i, j] += n
        for i, item, target in zip(rows, card.loc[rows, "item"].astype(str), card.loc[rows, "target"], strict=True):
            if item not in pos:
                continue
            k, n = k_arr[pos[item]], n_arr[pos[item]]
            small = n < core.SUPPRESS_BELOW
            with np.errstate(divide="ignore", invalid="ignore"):
                y = np.where(small, np.nan, k / np.where(n > 0, n, 1))
            x = spc.xmr(y, include=~prelim & ~small, target=None if pd.isna(target) else float(target))
            out.at[i] = None if x.too_few else x.assurance
    return out


def scorecard(con: duckdb.DuckDBPyConnection, scope: Scope, areas: tuple[str, ...] = AREAS) -> pd.DataFrame:
    """One row per applicable target (rows without a target are dropped; a row too small to judge
    stays, suppressed), with `prev_share` and `change` (share now less the previous period's, both
    unsuppressed), `preliminary` (the figure is still moving) and `spc_assurance` (SVF rows), sorted by
    the gap in patients (largest first), then by area and item."""
    status = core.data_status(con)
    last_dates = status["last_dates"]
    frames = []
    for area in areas:
        now = _rows(con, area, scope)
        if now.empty:
            now = _no_data_rows(con, area, scope)
        prev = _previous_shares(con, area, previous(scope, 12 if area == "register_coverage" else None))
        now["prev_share"] = now["item"].map(prev).astype(float)
        shown = now["share"].where(~now["suppressed"].astype(bool)).astype(float)
        now["change"] = shown - now["prev_share"]
        now["preliminary"] = _preliminary(area, _filters(area, scope), last_dates)
        frames.append(now[now["target_id"].notna() & ~now["target_id"].astype(str).isin(("None", "nan", ""))])
    card = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
    card["suppressed"] = card["suppressed"].astype(bool)
    card["preliminary"] = card["preliminary"].astype(bool)
    card["spc_assurance"] = spc_assurance(con, scope, card, status) if len(card) else []
    card["gap"] = pd.to_numeric(card["gap"], errors="coerce")
    order = card["gap"].where(~card["suppressed"], -1).fillna(-1)
    card = card.assign(_o=order, _a=card["area"].map({a: i for i, a in enumerate(AREAS)}))
    card = card.sort_values(["_o", "_a", "item"], ascending=[False, True, True], kind="stable")
    return card.drop(columns=["_o", "_a"]).reset_index(drop=True)[list(COLUMNS)]
