"""Statistics for shares: Wilson intervals, funnel limits, target verdicts and gaps.

Pure numpy (no database, no Streamlit) so the UI, the report and the tests can use them directly.
Target levels are handled in integer arithmetic (thousandths of a percent) so that "exactly at the
target" is decided exactly: 0.7 * 10 is 7.000000000000001 in floating point, 7 out of 10 is 70 %.
"""

from __future__ import annotations

import numpy as np

Z95 = 1.959963984540054  # two-sided 95 %
Z998 = 3.090232306167813  # two-sided 99.8 % (funnel plots' outer limits)

_SCALE = 100_000  # level in percent * 1000 -> integer; x * 100 * 1000 compares with it exactly


def wilson(x, n, z: float = Z95):
    """Wilson score interval for x successes out of n. Returns (low, high).

    Works on scalars or arrays; n == 0 gives NaN. x above n (inclusion can exceed 100 % because its
    numerator and denominator come from different registers) also gives NaN: the share is then no
    binomial proportion, and an interval clipped to 100 % would not even contain the share.
    """
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    valid = (n > 0) & (x <= n)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        z2 = z * z
        denom = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
        low = np.where(valid, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(valid, np.clip(centre + half, 0.0, 1.0), np.nan)
    # exact ends: 0 successes -> low 0, all successes -> high 1 (avoid 1e-17 noise)
    low = np.where(valid & (x == 0), 0.0, low)
    high = np.where(valid & (x == n), 1.0, high)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def funnel_limits(p0, n, z: float = Z95):
    """Control limits around the national share p0 for units of size n (normal approximation).

    Returns (low, high) arrays clipped to 0..1; n == 0 gives NaN.
    """
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(p0 * (1 - p0) / n)
        low = np.where(n > 0, np.clip(p0 - z * se, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(p0 + z * se, 0.0, 1.0), np.nan)
    return low, high


def _level_int(level_percent) -> np.ndarray:
    return np.round(np.asarray(level_percent, dtype=float) * 1000).astype("int64")


def meets(x, n, level_percent, comparison):
    """Does x/n meet the target 'comparison level_percent'? Exact for integer counts.

    comparison is '>=', '>', '<=' or '<'. Arrays broadcast; n == 0 gives False.
    """
    x = np.asarray(x, dtype="int64")
    n = np.asarray(n, dtype="int64")
    lhs = x * _SCALE
    rhs = _level_int(level_percent) * n
    comparison = np.asarray(comparison, dtype=object)
    out = np.select(
        [comparison == ">=", comparison == ">", comparison == "<=", comparison == "<"],
        [lhs >= rhs, lhs > rhs, lhs <= rhs, lhs < rhs],
        default=False,
    )
    return out & (n > 0)


def meets_fraction(share, level_percent, comparison):
    """Does a (float) share such as an interval end meet the target?"""
    share = np.asarray(share, dtype=float)
    t = np.asarray(level_percent, dtype=float) / 100
    comparison = np.asarray(comparison, dtype=object)
    # a hair of tolerance so an interval end that equals the level in exact terms counts as equal
    eps = 1e-12
    return np.select(
        [comparison == ">=", comparison == ">", comparison == "<=", comparison == "<"],
        [share >= t - eps, share > t + eps, share <= t + eps, share < t - eps],
        default=False,
    ) & ~np.isnan(share)


def gap(x, n, level_percent, comparison):
    """Smallest k >= 0 such that (x + k) / n meets a 'higher is better' target (or, for '<='/'<',
    how many fewer in the numerator would have met it). 0 when met or when n == 0."""
    x = np.asarray(x, dtype="int64")
    n = np.asarray(n, dtype="int64")
    prod = _level_int(level_percent) * n  # required: need * _SCALE (>=|>) prod
    comparison = np.asarray(comparison, dtype=object)
    need_ge = -((-prod) // _SCALE)  # ceil(prod / SCALE)
    need_gt = prod // _SCALE + 1
    max_le = prod // _SCALE  # floor
    max_lt = -((-prod) // _SCALE) - 1
    k = np.select(
        [comparison == ">=", comparison == ">", comparison == "<=", comparison == "<"],
        [need_ge - x, need_gt - x, x - max_le, x - max_lt],
        default=0,
    )
    return np.where(n > 0, np.maximum(k, 0), 0).astype("int64")
