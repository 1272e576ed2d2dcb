"""metrics.stats: Wilson interval, funnel limits, exact target comparison and gaps (hand-worked)."""

import math

import numpy as np
import pytest

from metrics.stats import (
    Z998,
    betainc,
    clopper_pearson,
    funnel_limits,
    funnel_limits_normal,
    gap,
    meets,
    meets_fraction,
    wilson,
)


def test_wilson_7_of_10():
    # z = 1.96, p = 0.7, n = 10: z² = 3.8416; denominator 1 + 3.8416/10 = 1.38416
    # centre = (0.7 + 3.8416/20) / 1.38416 = 0.89208 / 1.38416 = 0.64449
    # half = 1.96 * sqrt(0.7*0.3/10 + 3.8416/400) / 1.38416 = 1.96 * sqrt(0.030604) / 1.38416 = 0.24772
    low, high = wilson(7, 10)
    assert low == pytest.approx(0.3968, abs=1e-4)
    assert high == pytest.approx(0.8922, abs=1e-4)


def test_wilson_edges_and_arrays():
    low, high = wilson(np.array([0, 20, 3]), np.array([10, 20, 0]))
    assert low[0] == 0.0 and high[1] == 1.0
    # all successes: low = n / (n + z²) = 20 / 23.8415 = 0.83888
    assert low[1] == pytest.approx(20 / (20 + 1.959963984540054 ** 2))
    assert math.isnan(low[2]) and math.isnan(high[2])
    # more numerator than denominator (inclusion above 100 %): no binomial interval, not an error
    lo, hi = wilson(12, 10)
    assert math.isnan(lo) and math.isnan(hi)


def test_funnel_limits_normal_approximation():
    # 0.5 ± 1.96 * sqrt(0.25 / 100) = 0.5 ± 0.098
    low, high = funnel_limits_normal(0.5, np.array([100, 0]), 1.96)
    assert low[0] == pytest.approx(0.402) and high[0] == pytest.approx(0.598)
    assert math.isnan(low[1])


def test_funnel_limits_are_exact_at_small_n():
    # the check: p0 = 0.8, 99.8 %, n = 10 -> exact 0.28-0.995 (normal: 0.8 ± 3.09*0.1265 = 0.41-1.19)
    low, high = funnel_limits(0.8, 10, Z998)
    assert low == pytest.approx(0.2815, abs=5e-4) and high == pytest.approx(0.9952, abs=5e-4)
    nlow, nhigh = funnel_limits_normal(0.8, 10, Z998)
    assert float(nlow) == pytest.approx(0.409, abs=1e-3) and float(nhigh) == 1.0
    low, high = funnel_limits(0.8, np.array([10.0, 0.0]), Z998)
    assert low[0] == pytest.approx(0.2815, abs=5e-4) and math.isnan(high[1])


def test_clopper_pearson_closed_forms():
    # x = 0: upper = 1 - (alpha/2)^(1/n); x = n: lower = (alpha/2)^(1/n)
    assert clopper_pearson(0, 10) == pytest.approx((0.0, 1 - 0.025 ** 0.1), abs=1e-9)
    assert clopper_pearson(10, 10) == pytest.approx((0.025 ** 0.1, 1.0), abs=1e-9)
    # x = 1, n = 1: lower = alpha/2 = 0.025 (Beta(1, 1) is uniform)
    assert clopper_pearson(1, 1)[0] == pytest.approx(0.025, abs=1e-9)
    # published 8/10 at 95 %: 0.4439-0.9748 (e.g. R binom.test(8, 10))
    assert clopper_pearson(8, 10) == pytest.approx((0.4439, 0.9748), abs=1e-4)
    low, high = clopper_pearson(np.array([3, 0, 12]), np.array([0, 5, 10]))
    assert math.isnan(low[0]) and low[1] == 0.0 and math.isnan(high[2])  # n 0 and x > n: no interval


def test_betainc_closed_forms():
    # I_x(1, 1) = x; I_x(2, 1) = x^2; I_x(1, 3) = 1 - (1-x)^3
    assert betainc(1, 1, 0.3) == pytest.approx(0.3)
    assert betainc(2, 1, 0.3) == pytest.approx(0.09)
    assert betainc(1, 3, 0.3) == pytest.approx(1 - 0.7 ** 3)
    assert betainc(50, 50, 0.5) == pytest.approx(0.5)  # symmetric


def test_exactly_at_target_ge_vs_gt():
    # 7/10 = 70 %: meets '>= 70' but not '> 70' (in floating point 0.7 * 10 would be 7.000000000000001)
    assert bool(meets(7, 10, 70.0, ">="))
    assert not bool(meets(7, 10, 70.0, ">"))
    assert bool(meets(97, 100, 97.0, ">=")) and not bool(meets(97, 100, 97.0, ">"))
    assert not bool(meets(0, 0, 70.0, ">="))  # no denominator: never met
    assert bool(meets_fraction(0.7, 70.0, ">=")) and not bool(meets_fraction(0.7, 70.0, ">"))


def test_gap_arithmetic():
    # 50/100 against >= 70 %: need 70 -> 20 more
    assert int(gap(50, 100, 70.0, ">=")) == 20
    # 7/10 against > 70 %: need 8 (80 % > 70 %) -> 1 more; against >= 70 %: already met -> 0
    assert int(gap(7, 10, 70.0, ">")) == 1
    assert int(gap(7, 10, 70.0, ">=")) == 0
    # 1/3 against >= 95 %: ceil(2.85) = 3 -> 2 more
    assert int(gap(1, 3, 95.0, ">=")) == 2
    # 0/0: nothing to close
    assert int(gap(0, 0, 70.0, ">=")) == 0
    # vectorised with mixed comparisons
    assert gap(np.array([96, 96]), np.array([100, 100]), 97.0, np.array([">=", ">"])).tolist() == [1, 2]
