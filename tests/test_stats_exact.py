"""metrics.stats: the exact (Clopper–Pearson) limits at the sizes a region or the country has, against
a published value, closed forms and the binomial tails they are defined by."""

import math

import numpy as np
import pytest

from metrics.stats import Z95, Z998, clopper_pearson, funnel_limits, funnel_limits_levels


def binom_ge(x: int, n: int, p: float) -> float:
    """P(X >= x) for X ~ Bin(n, p), summed term by term (in logs: n is in the thousands)."""
    lp, lq = math.log(p), math.log1p(-p)
    return math.fsum(math.exp(math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * lp
                              + (n - k) * lq) for k in range(x, n + 1))


def test_published_interval_mendels_peas():
    # R's ?binom.test example: 682 of 925 peas, "95 percent confidence interval: 0.7076683 0.7654066"
    low, high = clopper_pearson(682, 925)
    assert low == pytest.approx(0.7076683, abs=5e-8) and high == pytest.approx(0.7654066, abs=5e-8)


def test_closed_forms_at_large_n():
    # x = 1: P(X >= 1 | p) = 1 - (1 - p)^n = alpha/2  ->  low = 1 - (1 - alpha/2)^(1/n)
    # x = n - 1: P(X <= n - 1 | p) = 1 - p^n = alpha/2  ->  high = (1 - alpha/2)^(1/n)
    n, alpha2 = 2500, 0.001  # 99.8 %
    assert clopper_pearson(1, n, 0.998)[0] == pytest.approx(1 - (1 - alpha2) ** (1 / n), rel=1e-8)
    assert clopper_pearson(n - 1, n, 0.998)[1] == pytest.approx((1 - alpha2) ** (1 / n), rel=1e-12)


@pytest.mark.parametrize(("x", "n"), [(1400, 2000), (37, 40), (3, 9000)])
def test_limits_meet_their_defining_tails(x, n):
    # low is the p at which P(X >= x) = 2.5 %; high the p at which P(X <= x) = P(X >= x + 1 ... ) is 2.5 %
    low, high = clopper_pearson(x, n)
    assert binom_ge(x, n, low) == pytest.approx(0.025, rel=1e-9)
    assert 1 - binom_ge(x + 1, n, high) == pytest.approx(0.025, rel=1e-7)


def test_funnel_limits_are_symmetric_and_batched_alike():
    # Clopper–Pearson mirrors: low(p0·n of n) = 1 - high((1 - p0)·n of n), also for fractional counts
    n = np.array([7.0, 130.0, 2900.0, 41000.0])
    low, _ = funnel_limits(0.72, n, Z998)
    _, high_mirror = funnel_limits(0.28, n, Z998)
    assert low == pytest.approx(1 - high_mirror, abs=1e-12)
    # every level in one solve gives what each level alone gives
    both = funnel_limits_levels(0.72, n, (Z95, Z998))
    for (lo, hi), z in zip(both, (Z95, Z998), strict=True):
        lo1, hi1 = funnel_limits(0.72, n + 0.0, z)
        assert lo == pytest.approx(lo1, abs=1e-12) and hi == pytest.approx(hi1, abs=1e-12)
    assert both[1][0][0] < both[0][0][0] < 0.72 < both[0][1][0] < both[1][1][0]


def test_nothing_to_solve():
    # every row without an interval (n = 0, x = 0 and x = n): answered without a solve
    low, high = clopper_pearson(np.array([0.0, 0.0, 4.0]), np.array([0.0, 5.0, 4.0]))
    assert math.isnan(low[0]) and low[1] == 0.0 and high[2] == 1.0
    assert high[1] == pytest.approx(1 - 0.025 ** (1 / 5), abs=1e-12)
    assert low[2] == pytest.approx(0.025 ** 0.25, abs=1e-12)
    lo, hi = funnel_limits(0.7, np.array([], dtype=float), Z95)
    assert lo.shape == (0,) and hi.shape == (0,)
