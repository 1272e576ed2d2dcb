"""Statistical process control for monthly shares: NHS England "Making Data Count" XmR charts.

The rules follow the reference R package NHSRplotthedots (ptd_spc_standard / ptd_calculate_point_type
/ ptd_calculate_assurance_type), re-implemented here (the Python ports are immature or GPL):

- mean of the points; moving ranges |y_i − y_{i−1}|, their mean (AMR); with outlier screening, moving
  ranges of 3.267 × AMR or more are dropped and the AMR is taken again;
- process limits mean ± 2.66 × AMR, "close to the limits" beyond mean ± (2/3) × 2.66 × AMR (2σ);
- special cause: a point outside the limits; a run of 7 on one side of the mean (a point exactly on
  the mean breaks the run); a trend of 7 points each rising (or each falling) — ties break it; 2 of 3
  points close to the limits with all three on the same side of the mean. Every point of a run,
  trend or 2-of-3 group is flagged, not only the one completing it;
- the point's colour: improvement or concern by its side of the mean against the direction;
- assurance (against a target, from the limits): the target beyond the limits on the bad side ->
  consistently failing, on the good side -> consistently passing, between them -> hit and miss.

One deliberate difference: NHSRplotthedots flags only rising trends as "part of" a trend in the
version read (its part-of test looks for +1 only); Making Data Count counts falling trends too, and so
do we. Points not included (months still being reported) are kept in the output, marked, and left out
of the mean, the limits and every rule. Pure numpy; no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LIMIT = 2.66
CLOSE = 2 * LIMIT / 3
SCREEN = 3.267
RUN = 7
MIN_POINTS = 12  # fewer points give unreliable limits (NHSRplotthedots warns under 12)
MONTHS = 24  # the SVF pages' SPC charts and Målöversikt's assurance read the 24 months up to the period's end
PRELIMINARY_MONTHS = 2  # the newest months are still being reported (monthly reporting, DESIGN.md)
DIRECTIONS = {"increase": 1, "decrease": -1, "neutral": 0}


def limits(y, screen_outliers: bool = True) -> tuple[float, float, float, float, float, float]:
    """(mean, amr, lpl, upl, nlpl, nupl) of the points y (NaN with fewer than 2 points)."""
    y = np.asarray(y, dtype=float)
    if len(y) < 2:
        return (float(y.mean()) if len(y) else np.nan, np.nan, np.nan, np.nan, np.nan, np.nan)
    mean = float(y.mean())
    mr = np.abs(np.diff(y))
    amr = float(mr.mean())
    if screen_outliers:
        mr = mr[mr < SCREEN * amr]
        amr = float(mr.mean()) if len(mr) else 0.0
    return mean, amr, mean - LIMIT * amr, mean + LIMIT * amr, mean - CLOSE * amr, mean + CLOSE * amr


def run_of_seven(rel) -> np.ndarray:
    """1 where the point completes 7 in a row on the same side of the mean (rel = sign(y − mean);
    0 = on the mean, which breaks a run)."""
    rel = np.asarray(rel, dtype=float)
    out = np.zeros(len(rel))
    for i in range(RUN - 1, len(rel)):
        w = rel[i - RUN + 1: i + 1]
        out[i] = float(w[0] != 0 and np.all(w == w[0]))
    return out


def trend_of_seven(y) -> np.ndarray:
    """+1 / −1 where the point completes 7 points each higher (lower) than the one before."""
    y = np.asarray(y, dtype=float)
    out = np.zeros(len(y))
    for i in range(RUN - 1, len(y)):
        d = np.sign(np.diff(y[i - RUN + 1: i + 1]))
        out[i] = 1.0 if np.all(d == 1) else (-1.0 if np.all(d == -1) else 0.0)
    return out


def part_of(flags) -> np.ndarray:
    """1 for every point of a flagged run: the point itself or one of the next 6 completes one."""
    f = np.abs(np.asarray(flags, dtype=float)) == 1
    out = np.zeros(len(f))
    for i in range(len(f)):
        out[i] = float(f[i: i + RUN].any())
    return out


def two_in_three(close, rel) -> np.ndarray:
    """1 where the point lies in a window of 3 consecutive points with at least 2 close to the limits
    and all 3 on the same side of the mean (the NHSRplotthedots reading)."""
    close = np.asarray(close, dtype=float)
    rel = np.asarray(rel, dtype=float)
    n = len(close)
    cp, rp = np.concatenate([[0, 0], close, [0, 0]]), np.concatenate([[0, 0], rel, [0, 0]])
    out = np.zeros(n)
    for i in range(n):
        out[i] = float(any(cp[i + k: i + k + 3].sum() >= 2 and abs(rp[i + k: i + k + 3].sum()) == 3
                           for k in range(3)))
    return out


@dataclass(frozen=True)
class XmR:
    """An XmR chart's numbers. Arrays have one entry per point (included or not); rule flags and
    point types of points not included are False / 'excluded'."""

    y: np.ndarray
    included: np.ndarray
    mean: float
    amr: float
    lpl: float
    upl: float
    nlpl: float
    nupl: float
    outside: np.ndarray
    run: np.ndarray
    trend: np.ndarray
    two_of_three: np.ndarray
    special: np.ndarray
    point_type: np.ndarray   # common_cause / improvement / concern / neutral_high / neutral_low / excluded
    icon: str | None         # variation of the last included point
    assurance: str | None    # consistent_pass / consistent_fail / inconsistent / None (no target)
    n_points: int

    @property
    def too_few(self) -> bool:
        return self.n_points < MIN_POINTS


def xmr(y, include=None, target: float | None = None, direction: str = "increase",
        screen_outliers: bool = True) -> XmR:
    """The XmR chart of the points y (in time order). include: which points enter the mean, limits and
    rules (default all; the months still being reported are passed as False). target: the level the
    assurance is judged against (same unit as y); direction: 'increase' when higher is better."""
    y = np.asarray(y, dtype=float)
    inc = np.ones(len(y), bool) if include is None else np.asarray(include, dtype=bool)
    inc = inc & ~np.isnan(y)
    yi = y[inc]
    mean, amr, lpl, upl, nlpl, nupl = limits(yi, screen_outliers)
    n = len(y)
    outside, run, trend, two3 = (np.zeros(n, bool) for _ in range(4))
    point_type = np.full(n, "excluded", dtype=object)
    icon = None
    if len(yi) >= 2:
        out_i = (yi > upl) | (yi < lpl)
        rel = np.sign(yi - mean)
        close = ~out_i & ((yi < nlpl) | (yi > nupl))
        run_i = part_of(run_of_seven(rel)) == 1
        trend_i = part_of(trend_of_seven(yi)) == 1
        two3_i = (two_in_three(close, rel) == 1) & close
        special_i = out_i | run_i | trend_i | two3_i
        d = DIRECTIONS[direction]
        types = np.where(~special_i, "common_cause",
                         np.where(d == 0, np.where(rel > 0, "neutral_high", "neutral_low"),
                                  np.where(rel == d, "improvement", "concern")))
        outside[inc], run[inc], trend[inc], two3[inc] = out_i, run_i, trend_i, two3_i
        point_type[inc] = types
        last, side = types[-1], ("high" if rel[-1] > 0 else "low")
        icon = last if last in ("common_cause", "neutral_high", "neutral_low") else f"{last}_{side}"
    special = outside | run | trend | two3
    return XmR(y=y, included=inc, mean=mean, amr=amr, lpl=lpl, upl=upl, nlpl=nlpl, nupl=nupl,
               outside=outside, run=run, trend=trend, two_of_three=two3, special=special,
               point_type=point_type, icon=icon, assurance=assurance(lpl, upl, target, direction),
               n_points=int(inc.sum()))


def assurance(lpl: float, upl: float, target: float | None, direction: str = "increase") -> str | None:
    """Will the process meet the target? The target beyond the upper limit when higher is better:
    consistently failing; below the lower limit: consistently passing; between them: hit and miss
    ('inconsistent'). None without a target, limits or direction."""
    if target is None or direction == "neutral" or any(np.isnan(v) for v in (lpl, upl, target)):
        return None
    up = direction == "increase"
    if target > upl:
        return "consistent_fail" if up else "consistent_pass"
    if target < lpl:
        return "consistent_pass" if up else "consistent_fail"
    return "inconsistent"


def preliminary(months: list[str], last_month: str | None, n: int = 2) -> np.ndarray:
    """True for the months still being reported: the last n months up to the data's last month
    (and any month after it). Months are 'YYYY-MM'."""
    if not last_month:
        return np.zeros(len(months), bool)
    y, m = int(last_month[:4]), int(last_month[5:7])
    k = y * 12 + m - 1 - (n - 1)
    first_prelim = f"{k // 12:04d}-{k % 12 + 1:02d}"
    return np.array([mo >= first_prelim for mo in months], dtype=bool)
