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
    return funnel_limits_levels(p0, n, (z,))[0]


def funnel_limits_levels(p0, n, zs=(Z95, Z998)) -> list[tuple]:
    """funnel_limits for several levels at once: [(low, high) per z]. One solve for every limit (a
    funnel draws four curves: each numpy step then costs once, not four times)."""
    n = np.asarray(n, dtype=float)
    zs = tuple(float(z) for z in zs)
    if np.ndim(p0) == 0 and n.size <= 10_000:  # charts ask again on every rerun: remember the answer
        out = _funnel_cached(float(p0), n.tobytes(), n.shape, zs)
        if n.ndim == 0:
            return [(float(lo), float(hi)) for lo, hi in out]
        return [(lo.copy(), hi.copy()) for lo, hi in out]
    levels = [math.erf(z / math.sqrt(2)) for z in zs]
    return _clopper_pearson_levels(np.asarray(p0, dtype=float) * n, n, levels)


@functools.lru_cache(maxsize=256)
def _funnel_cached(p0: float, n_bytes: bytes, shape: tuple, zs: tuple):
    n = np.frombuffer(n_bytes, dtype=float).reshape(shape)
    levels = [math.erf(z / math.sqrt(2)) for z in zs]
    return [(np.asarray(lo, dtype=float), np.asarray(hi, dtype=float))
            for lo, hi in _clopper_pearson_levels(p0 * n, n, levels)]


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
# (modified Lentz), and its inverse by Halley steps inside a bisection bracket. Accurate to ~1e-13, far
# below what a chart shows. Speed (a funnel's four curves are solved on every filter change): every
# limit of a call is solved in one array, the start is close (Abramowitz & Stegun 26.5.22), so three to
# five evaluations of I_x suffice, and log B(a, b) is computed once per solve, not per step.
def _betacf(a, b, x, iters: int = 3000):
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = np.ones_like(x)
    d = 1.0 - qab * x / qap
    d = 1.0 / np.where(np.abs(d) < tiny, tiny, d)
    h = d.copy()
    for m in range(1, iters + 1):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + aa * d
            d = 1.0 / np.where(np.abs(d) < tiny, tiny, d)
            c = 1.0 + aa / c
            c = np.where(np.abs(c) < tiny, tiny, c)
            delta = d * c
            h = h * delta
        if m % 4 == 0 and np.all(np.abs(delta - 1.0) < 1e-14):  # converged everywhere (or nothing to do)
            break
    return h


def _lgamma(v: np.ndarray) -> np.ndarray:
    return np.fromiter((math.lgamma(t) for t in v.ravel()), dtype=float, count=v.size).reshape(v.shape)


def _lbeta(a, b):
    return _lgamma(a) + _lgamma(b) - _lgamma(a + b)


def _betainc_front(a, b, x, lb):
    """(I_x(a, b), x^a (1-x)^b / B(a, b)) for 0 < x < 1, lb = log B(a, b)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        front = np.exp(a * np.log(x) + b * np.log1p(-x) - lb)
        direct = x < (a + 1) / (a + b + 2)  # the continued fraction converges fast on this side
        # one continued fraction per element, on the side where it converges (swap a, b and x)
        cf = _betacf(np.where(direct, a, b), np.where(direct, b, a), np.where(direct, x, 1 - x))
        return np.where(direct, front * cf / a, 1.0 - front * cf / b), front


def betainc(a, b, x):
    """Regularized incomplete beta I_x(a, b) for a, b > 0 and 0 <= x <= 1 (arrays broadcast)."""
    a, b, x = (np.array(v, dtype=float) for v in np.broadcast_arrays(a, b, x))
    xs = np.clip(x, 1e-300, 1 - 1e-16)
    out, _ = _betainc_front(a, b, xs, _lbeta(a, b))
    return np.where(x <= 0, 0.0, np.where(x >= 1, 1.0, out))


def _ppf_start(q, a, b):
    """A start for the q-quantile of Beta(a, b): Abramowitz & Stegun 26.5.22 for a, b >= 1 (within
    ~1e-3 at the sizes a funnel has), else the tails' power-law shapes (as Numerical Recipes' invbetai)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        pp = np.where(q < 0.5, q, 1 - q)
        t = np.sqrt(-2 * np.log(pp))
        z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t
        z = np.where(q < 0.5, -z, z)
        al = (z * z - 3) / 6
        hh = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
        w = z * np.sqrt(al + hh) / hh - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * hh))
        big = a / (a + b * np.exp(2 * w))
        lna, lnb = np.log(a / (a + b)), np.log(b / (a + b))
        ta, tb = np.exp(a * lna) / a, np.exp(b * lnb) / b
        s = ta + tb
        small = np.where(q < ta / s, (a * s * q) ** (1 / a), 1 - (b * s * (1 - q)) ** (1 / b))
        x = np.where((a >= 1) & (b >= 1), big, small)
    return np.where(np.isfinite(x), np.clip(x, 1e-300, 1 - 1e-16), a / (a + b))


def beta_ppf(q, a, b, iters: int = 40):
    """The q-quantile of Beta(a, b): Halley steps on betainc from a close start, kept inside a
    bisection bracket (so it cannot leave (0, 1) or cycle); stops when every element is within 1e-13."""
    q, a, b = (np.array(v, dtype=float) for v in np.broadcast_arrays(q, a, b))
    lo, hi = np.zeros(q.shape), np.ones(q.shape)
    lb = _lbeta(a, b)
    x = _ppf_start(q, a, b)
    for _ in range(iters):
        ix, front = _betainc_front(a, b, x, lb)
        f = ix - q
        lo, hi = np.where(f < 0, x, lo), np.where(f < 0, hi, x)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            t = f * (x * (1 - x)) / front  # f / pdf
            step = x - t / (1 - 0.5 * np.minimum(1.0, t * ((a - 1) / x - (b - 1) / (1 - x))))
        done = np.abs(step - x) < 1e-13  # converged (the step may land on the bracket's end: keep it)
        bad = ~done & (~np.isfinite(step) | (step <= lo) | (step >= hi))
        new = np.where(bad, (lo + hi) / 2, step)
        if np.all(done):
            return new
        x = new
    return x


def clopper_pearson(x, n, level: float = 0.95):
    """Exact (Clopper–Pearson) interval for x successes out of n at the two-sided level. x may be
    fractional (funnel limits use p0·n). x = 0 gives low 0, x = n gives high 1; n == 0 or x outside
    0..n gives NaN. Returns floats for scalars, arrays otherwise."""
    return _clopper_pearson_levels(x, n, [level])[0]


def _clopper_pearson_levels(x, n, levels) -> list[tuple]:
    """clopper_pearson at several levels, every end solved in one beta_ppf call."""
    x, n = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(n, dtype=float))
    valid = (n > 0) & (x >= 0) & (x <= n)
    need_low, need_high = valid & (x > 0), valid & (x < n)
    xl, nl, xh, nh = x[need_low], n[need_low], x[need_high], n[need_high]
    qs, a_s, b_s = [], [], []
    for level in levels:
        alpha = (1 - level) / 2
        # low: Beta(x, n - x + 1) at alpha; high: Beta(x + 1, n - x) at 1 - alpha
        qs += [np.full(xl.shape, alpha), np.full(xh.shape, 1 - alpha)]
        a_s += [xl, xh + 1]
        b_s += [nl - xl + 1, nh - xh]
    q_all = np.concatenate(qs)
    roots = beta_ppf(q_all, np.concatenate(a_s), np.concatenate(b_s)) if q_all.size else q_all
    out, i = [], 0
    for _ in levels:
        low = np.where(valid, 0.0, np.nan)
        high = np.where(valid, 1.0, np.nan)
        low[need_low] = roots[i:i + xl.size]
        i += xl.size
        high[need_high] = roots[i:i + xh.size]
        i += xh.size
        out.append((float(low), float(high)) if low.ndim == 0 else (low, high))
    return out


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
