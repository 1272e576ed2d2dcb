"""metrics.spc against the cases NHSRplotthedots documents (tests/testthat of nhs-r-community/
NHSRplotthedots: test-ptd_calculate_point_type.R, test-ptd_spc_standard.R and its snapshot,
test-ptd_calculate_assurance_type.R) and hand-worked series (arithmetic in comments)."""

from __future__ import annotations

import numpy as np
import pytest

from metrics import spc

# R: set.seed(123); rnorm(20) — the series of test-ptd_spc_standard.R
RNORM_123 = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621,
             -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272,
             -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141]


def test_limits_match_the_nhsrplotthedots_snapshot():
    # _snaps/ptd_spc_standard.md: mean 0.142, lpl -3.01, upl 3.29
    mean, amr, lpl, upl, _, _ = spc.limits(RNORM_123)
    assert round(mean, 3) == 0.142 and round(lpl, 2) == -3.01 and round(upl, 2) == 3.29


def test_outlier_screening_narrows_the_limits():
    # the same test sets y[15] <- 10: the two moving ranges around it (10.56, 8.21) exceed 3.267 * AMR
    # and are dropped, so the screened limits are narrower than the unscreened ones (and differ from r1)
    y = list(RNORM_123)
    y[14] = 10
    screened = spc.limits(y)
    plain = spc.limits(y, screen_outliers=False)
    assert screened[2] != spc.limits(RNORM_123)[2] and screened[2] != plain[2]
    assert plain[3] - plain[2] > screened[3] - screened[2]
    # unscreened AMR = sum of the 19 moving ranges / 19; screened drops exactly those two
    mr = np.abs(np.diff(y))
    assert plain[1] == pytest.approx(mr.mean())
    assert screened[1] == pytest.approx(np.delete(mr, [13, 14]).mean())


def test_rule_vectors_from_nhsrplotthedots():
    assert spc.run_of_seven([1] * 6).tolist() == [0] * 6
    assert spc.run_of_seven([1] * 6 + [-1]).tolist() == [0] * 7
    assert spc.run_of_seven([1] * 8 + [-1]).tolist() == [0, 0, 0, 0, 0, 0, 1, 1, 0]
    assert spc.run_of_seven([-1] * 8 + [1]).tolist() == [0, 0, 0, 0, 0, 0, 1, 1, 0]
    assert spc.trend_of_seven(list(range(1, 7))).tolist() == [0] * 6
    assert spc.trend_of_seven([1, 2, 3, 3, 4, 5, 6]).tolist() == [0] * 7  # a tie breaks the trend
    assert spc.trend_of_seven(list(range(1, 8))).tolist() == [0, 0, 0, 0, 0, 0, 1]
    assert spc.trend_of_seven([2, *range(1, 8), 3]).tolist() == [0, 0, 0, 0, 0, 0, 0, 1, 0]
    assert spc.trend_of_seven(list(range(7, 0, -1))).tolist() == [0, 0, 0, 0, 0, 0, -1]
    ones = [1] * 7
    for v in ([1, 0, 1], [0, 1, 1], [1, 1, 0]):
        assert spc.two_in_three(v, [1, 1, 1]).tolist() == [1, 1, 1]
    assert spc.two_in_three([0, 0, 1, 0, 1, 0, 0], ones).tolist() == [0, 0, 1, 1, 1, 0, 0]
    assert spc.two_in_three([0, 0, 1, 1, 0, 0, 0], ones).tolist() == [0, 1, 1, 1, 1, 0, 0]


def test_part_of_flags_the_whole_run():
    # a run completed at index 6 and 7 -> indices 0..7 belong to it
    assert spc.part_of([0, 0, 0, 0, 0, 0, 1, 1, 0]).tolist() == [1, 1, 1, 1, 1, 1, 1, 1, 0]
    assert spc.part_of([0, 0, 0, 0, 0, 0, -1]).tolist() == [1] * 7  # falling trends count too


def test_two_close_points_on_opposite_sides_are_common_cause():
    # test-ptd_spc_standard.R: 1, -1 alternating (16 points), point 15 = 5.5, point 16 = -5.5.
    # mean 0; moving ranges 13 x 2, 6.5, 11 -> AMR 43.5/15 = 2.9; 11 >= 3.267 * 2.9 = 9.47 is
    # screened -> AMR 32.5/14 = 2.3214; limits ± 6.175, 2 sigma ± 4.117: both points close, opposite sides
    d = [1, -1] * 8
    d[14], d[15] = 5.5, -5.5
    x = spc.xmr(d)
    assert x.upl == pytest.approx(2.66 * 32.5 / 14)
    assert x.point_type[-2:].tolist() == ["common_cause", "common_cause"]


def test_assurance_cases_from_nhsrplotthedots():
    # lpl/mean/upl (1, 2, 3), (5, 6, 7), (1, 4, 5) with target 4
    assert [spc.assurance(lo, hi, 4, "increase") for lo, hi in ((1, 3), (5, 7), (1, 5))] == [
        "consistent_fail", "consistent_pass", "inconsistent"]
    assert [spc.assurance(lo, hi, 4, "decrease") for lo, hi in ((1, 3), (5, 7), (1, 5))] == [
        "consistent_pass", "consistent_fail", "inconsistent"]
    assert spc.assurance(1, 3, 4, "neutral") is None and spc.assurance(1, 3, None) is None


def test_run_of_seven_hand_worked():
    # 1, 3 x 4 then 2.5 x 7: mean 33.5 / 15 = 2.2333; MR 7 x 2, 0.5, 6 x 0 -> AMR 14.5/14 = 1.0357
    # (none screened: 3.267 * 1.0357 = 3.38); limits 2.2333 ± 2.755, 2 sigma ± 1.837 -> nothing outside
    # or close. The last 3 and the seven 2.5s are 8 points above the mean: a run.
    x = spc.xmr([1, 3] * 4 + [2.5] * 7)
    assert x.mean == pytest.approx(33.5 / 15) and x.amr == pytest.approx(14.5 / 14)
    assert x.special.tolist() == [False] * 7 + [True] * 8
    assert x.run.tolist() == [False] * 7 + [True] * 8 and not x.outside.any() and not x.trend.any()
    assert x.icon == "improvement_high"  # higher is better and the last point is above the mean
    assert spc.xmr([1, 3] * 4 + [2.5] * 7, direction="decrease").icon == "concern_high"


def test_a_point_on_the_mean_breaks_a_run():
    assert spc.run_of_seven([1, 1, 1, 0, 1, 1, 1]).tolist() == [0] * 7
    # mean exactly 2: 1 x 7 and 3 x 7 would be two runs; putting a 2 in the middle of each breaks them
    y = [1, 1.5, 1, 2, 1, 1.5, 1, 3, 2.5, 3, 2, 3, 2.5, 3]  # sum 28 -> mean 2
    x = spc.xmr(y)
    assert x.mean == 2.0
    assert not x.run.any()


def test_trend_of_seven_hand_worked():
    # 10, 12 x 5 then 8, 8.5, ..., 11 (7 rising points): mean 176.5 / 17 = 10.382; MR 9 x 2, 4, 6 x 0.5
    # -> AMR 25 / 16 = 1.5625; lpl 6.226, 2 sigma low 7.612: 8 is neither outside nor close;
    # sides of the rising points: 5 below, 2 above -> no run. Exactly the 7 rising points are flagged.
    x = spc.xmr([10, 12] * 5 + [8, 8.5, 9, 9.5, 10, 10.5, 11])
    assert x.mean == pytest.approx(176.5 / 17) and x.amr == pytest.approx(25 / 16)
    assert x.trend.tolist() == [False] * 10 + [True] * 7 and not x.run.any() and not x.outside.any()
    assert x.point_type[10] == "concern" and x.point_type[16] == "improvement"


def test_two_of_three_hand_worked():
    y = [11, 11.4] * 6 + [12.4, 11.3, 12.4]
    # mean (134.4 + 36.1) / 15 = 11.3667; MR 11 x 0.4, 1.0, 1.1, 1.1 -> AMR 7.6 / 14 = 0.54286;
    # upl 11.3667 + 1.444 = 12.811, 2 sigma high 11.3667 + 0.9627 = 12.329: both 12.4 are close, the
    # 11.3 between them is below the mean -> the three are not on one side: no 2-of-3 (the
    # NHSRplotthedots reading). With 11.5 instead (above the mean) the two 12.4s are flagged.
    x = spc.xmr(y)
    assert x.amr == pytest.approx(7.6 / 14) and not x.two_of_three.any()
    y2 = [11, 11.4] * 6 + [12.4, 11.5, 12.4]
    x2 = spc.xmr(y2)
    # mean 170.7 / 15 = 11.38; MR 11 x 0.4, 1.0, 0.9, 0.9 -> AMR 7.2 / 14 = 0.5143; 2 sigma high
    # 11.38 + 0.912 = 12.292 < 12.4 < upl 12.748: close; 11.5 above the mean but not close
    assert x2.two_of_three.tolist() == [False] * 12 + [True, False, True]
    assert x2.special.tolist() == [False] * 12 + [True, False, True]


def test_assurance_with_the_target_inside_the_limits_is_hit_and_miss():
    # 0.7, 0.9 alternating (12 points): mean 0.8, AMR 0.2, limits 0.8 ± 0.532 = 0.268 .. 1.332
    y = [0.7, 0.9] * 6
    assert spc.xmr(y, target=0.8).assurance == "inconsistent"
    assert spc.xmr(y, target=0.2).assurance == "consistent_pass"
    assert spc.xmr(y, target=1.4).assurance == "consistent_fail"


def test_months_still_being_reported_are_left_out():
    # the last two points (preliminary) would be far outside; excluded they change nothing
    y = [0.7, 0.9] * 6 + [0.1, 0.1]
    inc = [True] * 12 + [False, False]
    x = spc.xmr(y, include=inc, target=0.8)
    assert x.mean == pytest.approx(0.8) and x.n_points == 12
    assert x.point_type[-2:].tolist() == ["excluded", "excluded"] and not x.special[-2:].any()
    assert x.icon == "common_cause"
    assert spc.preliminary(["2026-07", "2026-08", "2026-09", "2026-10"], "2026-09").tolist() == [
        False, True, True, True]
    assert spc.xmr([0.5] * 3 + [0.6] * 3).too_few
