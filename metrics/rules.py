"""Rules every share table follows, wherever it is shown (dashboard, downloads, CLI, report).

- Not a proportion: a share above 100 % (inclusion counts its numerator and denominator by
  different dates and registers) is no binomial proportion. It gets no interval, no verdict
  ("cannot_judge" – kan inte bedömas), no certainty and no gap, and is flagged `not_proportion`.
- Suppression (as RCC's public reports: by the cell's own n): a count of 1–4 (a numerator or a
  denominator) is never shown; it reads "<5". A row whose denominator is under 5 shows no share,
  interval, verdict or gap either (the share of 1–4 patients identifies them and says nothing).
  A share whose numerator is 1–4 but denominator ≥ 5 is shown: hiding it would hide exactly the
  units that fall far short of a target, and its interval shows how uncertain it is.
- Preliminary periods: the months after the data's last month, and the last PRELIMINARY_MONTHS
  months up to it, are still being reported (SVF registrations arrive weeks to months after
  treatment starts; the cancer register later still). A period that holds any such month is
  preliminary: shown, but marked on every chart, table and verdict.

Pure pandas/numpy: no database, no Streamlit.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from metrics import periods

if TYPE_CHECKING:
    import pandas as pd

SUPPRESS_BELOW = 5
SUPPRESSED = "<5"


class _NA:
    """A missing value of a whole-number column outside pandas (pandas' NA in an Int64 column, e.g. the
    gap of a share above 100 %): kept apart from None, which suppression writes (pandas tells them
    apart when it writes a CSV)."""

    def __repr__(self) -> str:
        return "<NA>"


NA = _NA()
PRELIMINARY_MONTHS = 3  # the data's last month and the two before it


# -- not a proportion -------------------------------------------------------------------------------
def not_a_proportion(share) -> np.ndarray:
    """True where a share (fraction) is above 1."""
    if isinstance(share, float | int | np.floating | np.integer) and not isinstance(share, bool):
        # one number (a table row, a hover text): the general path below costs ~0,3 ms a call
        return np.array([float(share) > 1.0 + 1e-12])  # NaN compares False, as nan_to_num(0) below
    if isinstance(share, np.ndarray) and share.dtype.kind in "fiu":  # numbers already: no pandas
        with np.errstate(invalid="ignore"):
            return np.nan_to_num(share.astype(float), nan=0.0) > 1.0 + 1e-12
    import pandas as pd

    s = pd.to_numeric(pd.Series(np.atleast_1d(share)), errors="coerce").to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        return np.nan_to_num(s, nan=0.0) > 1.0 + 1e-12


def judge_non_proportions(df: pd.DataFrame, share: str = "share", flag: bool = True,
                          copy: bool = True) -> pd.DataFrame:
    """Rows with a share above 100 %: no interval, verdict 'cannot_judge' (where the row had a
    target), no certainty, no gap; with flag, a `not_proportion` column says which. Returns a copy
    (the metric layer's contract has no such column: a share above 1 says it); copy=False changes
    and returns df itself (a caller's own copy: copying a wide frame twice costs more than judging it)."""
    import pandas as pd

    d = df.copy() if copy else df
    bad = not_a_proportion(d[share]) if len(d) else np.zeros(0, dtype=bool)
    if flag:
        d["not_proportion"] = bad
    if not bad.any():
        return d
    for c in ("ci_low", "ci_high"):
        if c in d:
            d.loc[bad, c] = np.nan
    if "verdict" in d:
        judged = d["verdict"].isin(["met", "not_met"]).to_numpy()
        d["verdict"] = d["verdict"].astype(object)
        d.loc[bad & judged, "verdict"] = "cannot_judge"
    if "certainty" in d:
        d["certainty"] = d["certainty"].astype(object)
        d.loc[bad, "certainty"] = ""
    if "gap" in d:
        d["gap"] = d["gap"].astype("Int64")
        d.loc[bad, "gap"] = pd.NA
    return d


# -- suppression -------------------------------------------------------------------------------------
def small_count(v) -> bool:
    """A count of 1–4 (0 and unknown are not 'small': 0 identifies nobody)."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return False
    return f == f and 0 < f < SUPPRESS_BELOW


def suppress(df: pd.DataFrame, num: str, den: str,
             hide: tuple[str, ...] = ("share", "ci_low", "ci_high", "verdict", "certainty", "gap"),
             extra_counts: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rule applied to a metric table for publication (the CLI's default output): counts of 1–4
    become "<5"; a row with a denominator under 5 loses its share, interval, verdict and gap."""
    import pandas as pd

    d = df.copy()
    rows = d[den].fillna(0).to_numpy(dtype=float) < SUPPRESS_BELOW
    for c in hide:
        if c in d:
            d[c] = d[c].astype(object)
            d.loc[rows, c] = None
    for c in (num, den, *extra_counts):
        if c in d:
            d[c] = [SUPPRESSED if small_count(v) else (None if pd.isna(v) else int(v)) for v in d[c]]
    return d


def suppress_columns(cols: dict, num: str, den: str,
                     hide: tuple[str, ...] = ("share", "ci_low", "ci_high", "verdict", "certainty", "gap"),
                     extra_counts: tuple[str, ...] = ()) -> dict:
    """suppress() on columns (name -> numpy array or list, as metrics.core.compute_columns): the
    columns it changes come back as lists of Python values, the others as they were."""
    d = dict(cols)
    den_values = np.asarray(d[den], dtype=float)
    rows = np.nan_to_num(den_values, nan=0.0) < SUPPRESS_BELOW
    for c in hide:
        if c in d:
            d[c] = [None if r else v for r, v in zip(rows.tolist(), _values(d[c]), strict=True)]
    for c in (num, den, *extra_counts):
        if c in d:
            d[c] = [SUPPRESSED if small_count(v) else (None if missing(v) else int(v)) for v in _values(d[c])]
    return d


def _values(col) -> list:
    return col.tolist() if isinstance(col, np.ndarray) else list(col)


def missing(v) -> bool:
    """None or NaN (pandas' missing values, NA included: it is not equal to itself either)."""
    return v is None or (v != v) is True


# -- preliminary periods -----------------------------------------------------------------------------
def first_preliminary_month(last_month: str | None) -> str | None:
    """'2026-09' (the data's last month) -> '2026-07': from this month on, periods are preliminary."""
    if not last_month:
        return None
    d = periods.parse_month(last_month)
    y, m = divmod(d.year * 12 + d.month - 1 - (PRELIMINARY_MONTHS - 1), 12)
    return f"{y:04d}-{m + 1:02d}"


def period_months(label: str, kind: str) -> tuple[str, str]:
    """A period label -> its first and last month ('2026-Q3' -> ('2026-07', '2026-09'))."""
    end = periods.period_end(str(label), kind)
    last = f"{end:%Y-%m}"
    span = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}[kind]
    y, m = divmod(end.year * 12 + end.month - 1 - (span - 1), 12)
    return f"{y:04d}-{m + 1:02d}", last


def is_preliminary(label: str, kind: str, last_month: str | None) -> bool:
    """Does the period hold a month that is still being reported (or lies after the data)?"""
    first = first_preliminary_month(last_month)
    if first is None:
        return False
    return period_months(label, kind)[1] >= first


def range_is_preliminary(period_from: str | None, period_to: str | None, last_month: str | None) -> bool:
    """Does the selected range [from, to] reach into the preliminary months?"""
    first = first_preliminary_month(last_month)
    if first is None:
        return False
    return (period_to or "9999-12") >= first


def beyond_data(period_to: str | None, last_month: str | None) -> bool:
    """Does the selected range run past the data's last month?"""
    return bool(period_to and last_month and period_to > last_month)


def mark_preliminary(df: pd.DataFrame, kind: str, last_month: str | None, column: str | None = None) -> pd.DataFrame:
    """Adds `preliminary` (bool) to a table with period labels of `kind` in `column` (default: the
    column named like the kind)."""
    d = df.copy()
    d["preliminary"] = preliminary_column(d[column or kind] if len(d) else (), kind, last_month)
    return d


def preliminary_column(labels, kind: str, last_month: str | None) -> np.ndarray:
    """Per period label of `kind` (a missing label: False): does it hold a month still being reported
    (or lie after the data)? The one place the flag is computed: the CLI's rows, the pages' frames."""
    return np.array([False if missing(p) else is_preliminary(p, kind, last_month) for p in _values(labels)],
                    dtype=bool)


def month_of(date: dt.date | None) -> str | None:
    return None if date is None else f"{date:%Y-%m}"


# -- exported text never evaluates as a formula ------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(v):
    """A text cell a spreadsheet would evaluate ('=HYPERLINK(…)', '+cmd|…', '@SUM(…)', '-2+3', a
    leading tab or CR) gets a leading apostrophe, which spreadsheets show as text (OWASP's advice).
    Numbers stay numbers; text that merely contains such signs later is left as it is."""
    if isinstance(v, str) and v.startswith(_FORMULA_START):
        return "'" + v
    return v


def safe_text_columns(df: pd.DataFrame) -> pd.DataFrame:
    """Every text cell of a table neutralised (numbers untouched)."""
    import pandas as pd

    out = df.copy()
    for c in out.columns:
        if not pd.api.types.is_numeric_dtype(out[c].dtype) and not pd.api.types.is_bool_dtype(out[c].dtype):
            out[c] = out[c].astype(object).map(safe_cell)
    return out
