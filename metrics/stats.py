"""Statistics for shares: Wilson and exact (Clopper–Pearson) intervals, exact funnel limits, target verdicts and gaps.

Pure numpy (no database, no Streamlit) so the UI, the report and the tests can use them directly.
Target levels are handled in integer arithmetic (thousandths of a percent) so that "exactly at the
target" is decided exactly: 0.7 * 10 is 7.000000000000001 in floating point, 7 out of 10 is 70 %.
"""

from __future__ import annotations

import functools
import math

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
    """Control limits around the national share p0 for units of size n: exact binomial
    (Clopper–Pearson for p0·n successes out of n, as INCA's rccShiny draws them), at the two-sided
    level z stands for (Z95 -> 95 %, Z998 -> 99.8 %). The normal approximation is visibly wrong at
    n = 10–50 (p0 = 0.8, 99.8 %, n = 10: exact 0.28–0.995, normal 0.41–1.00); it stays available as
    funnel_limits_normal. Returns (low, high); n == 0 gives NaN."""
    n = np.asarray(n, dtype=float)
    if np.ndim(p0) == 0 and n.size <= 10_000:  # charts ask again on every rerun: remember the answer
        low, high = _funnel_cached(float(p0), n.tobytes(), n.shape, float(z))
        return (float(low), float(high)) if n.ndim == 0 else (low.copy(), high.copy())
    level = math.erf(z / math.sqrt(2))
    return clopper_pearson(np.asarray(p0, dtype=float) * n, n, level)


@functools.lru_cache(maxsize=256)
def _funnel_cached(p0: float, n_bytes: bytes, shape: tuple, z: float):
    n = np.frombuffer(n_bytes, dtype=float).reshape(shape)
    low, high = clopper_pearson(p0 * n, n, math.erf(z / math.sqrt(2)))
    return np.asarray(low, dtype=float), np.asarray(high, dtype=float)


def funnel_limits_normal(p0, n, z: float = Z95):
    """Control limits around p0 for units of size n by the normal approximation (clipped to 0..1)."""
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(p0 * (1 - p0) / n)
        low = np.where(n > 0, np.clip(p0 - z * se, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(p0 + z * se, 0.0, 1.0), np.nan)
    return low, high


# -- exact binomial (Clopper–Pearson) -------------------------------------------------------------------
# A few lines of numpy instead of scipy: the regularized incomplete beta by its continued fraction
# (modified Lentz), and its inverse by bisection. Accurate to ~1e-12, far below what a chart shows.
def _betacf(a, b, x, iters: int = 3000):
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = np.ones_like(x)
    d = 1.0 - qab * x / qap
    d = np.where(np.abs(d) < tiny, tiny, d)
    d = 1.0 / d
    h = d.copy()
    for m in range(1, iters + 1):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + aa * d
            d = np.where(np.abs(d) < tiny, tiny, d)
            c = 1.0 + aa / c
            c = np.where(np.abs(c) < tiny, tiny, c)
            d = 1.0 / d
            delta = d * c
            h = h * delta
        if m % 8 == 0 and np.all(np.abs(delta - 1.0) < 1e-14):  # converged everywhere
            break
    return h


def betainc(a, b, x):
    """Regularized incomplete beta I_x(a, b) for a, b > 0 and 0 <= x <= 1 (arrays broadcast)."""
    a, b, x = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, x)))
    lgam = np.vectorize(math.lgamma, otypes=[float])
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        xs = np.clip(x, 1e-300, 1 - 1e-16)
        front = np.exp(lgam(a + b) - lgam(a) - lgam(b) + a * np.log(xs) + b * np.log1p(-xs))
        direct = x < (a + 1) / (a + b + 2)  # the continued fraction converges fast on this side
        # one continued fraction per element, on the side where it converges (swap a, b and x)
        cf = _betacf(np.where(direct, a, b), np.where(direct, b, a), np.where(direct, xs, 1 - xs))
        out = np.where(direct, front * cf / a, 1.0 - front * cf / b)
    out = np.where(x <= 0, 0.0, np.where(x >= 1, 1.0, out))
    return out


def _lbeta(a, b):
    lgam = np.vectorize(math.lgamma, otypes=[float])
    return lgam(a) + lgam(b) - lgam(a + b)


def beta_ppf(q, a, b, iters: int = 40):
    """The q-quantile of Beta(a, b): Newton steps on betainc from a normal start, kept inside a
    bisection bracket (so it cannot leave (0, 1) or cycle); stops when every element is within 1e-13."""
    q, a, b = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (q, a, b)))
    lo, hi = np.zeros(q.shape), np.ones(q.shape)
    mean = a / (a + b)
    sd = np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    z = np.sqrt(2) * _erfinv(2 * q - 1)
    x = np.clip(mean + z * sd, 1e-9, 1 - 1e-9)
    lb = _lbeta(a, b)
    for _ in range(iters):
        f = betainc(a, b, x) - q
        lo, hi = np.where(f < 0, x, lo), np.where(f < 0, hi, x)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            pdf = np.exp((a - 1) * np.log(x) + (b - 1) * np.log1p(-x) - lb)
            step = x - f / pdf
        bad = ~np.isfinite(step) | (step <= lo) | (step >= hi)
        new = np.where(bad, (lo + hi) / 2, step)
        if np.all(np.abs(new - x) < 1e-13):
            return new
        x = new
    return x


def _erfinv(y):
    """Inverse error function: Newton steps on math.erf from a rough start (a start for beta_ppf)."""
    y = np.clip(np.asarray(y, dtype=float), -1 + 1e-16, 1 - 1e-16)
    w = -np.log((1.0 - y) * (1.0 + y))
    x = np.sign(y) * np.sqrt(np.maximum(w - np.log(np.maximum(w, 1e-300)) / 2, 0)) * 0.9
    erf = np.vectorize(math.erf, otypes=[float])
    for _ in range(6):
        x = x - (erf(x) - y) / (2 / math.sqrt(math.pi) * np.exp(-x * x))
    return x


def clopper_pearson(x, n, level: float = 0.95):
    """Exact (Clopper–Pearson) interval for x successes out of n at the two-sided level. x may be
    fractional (funnel limits use p0·n). x = 0 gives low 0, x = n gives high 1; n == 0 or x outside
    0..n gives NaN. Returns floats for scalars, arrays otherwise."""
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    x, n = np.broadcast_arrays(x, n)
    alpha = (1 - level) / 2
    valid = (n > 0) & (x >= 0) & (x <= n)
    xs = np.where(valid, x, 0.5)
    ns = np.where(valid, n, 1.0)
    low = np.where(xs > 0, beta_ppf(alpha, np.maximum(xs, 1e-9), ns - xs + 1), 0.0)
    high = np.where(xs < ns, beta_ppf(1 - alpha, xs + 1, np.maximum(ns - xs, 1e-9)), 1.0)
    low, high = np.where(valid, low, np.nan), np.where(valid, high, np.nan)
    if low.ndim == 0:
        return float(low), float(high)
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
