-- Deaths registered in Palliativregistret (read by palliative_indicators.sql as
-- `base_death_registered`), period by death_date (d) in [$from_date, $to_date): per indicator (the
-- column of the same name in death) met = 1 when true (NULL when unanswered) and ans = 1 when
-- answered; n_rows = 1. metrics.prepare() keeps the sums per region, month and expected (exact for
-- every filter, periods being whole months), so the metric always sums. The columns are the schema's.
SELECT d.region_code, r.healthcare_region, d.death_date AS d,
       coalesce(d.expected_death, false) AS expected,
       1 AS n_rows,
       CAST(d.spr_mun AS INTEGER) AS spr_mun_met, CAST(d.spr_mun IS NOT NULL AS INTEGER) AS spr_mun_ans,
       CAST(d.spr_smsk AS INTEGER) AS spr_smsk_met, CAST(d.spr_smsk IS NOT NULL AS INTEGER) AS spr_smsk_ans,
       CAST(d.spr_opi AS INTEGER) AS spr_opi_met, CAST(d.spr_opi IS NOT NULL AS INTEGER) AS spr_opi_ans,
       CAST(d.spr_anx AS INTEGER) AS spr_anx_met, CAST(d.spr_anx IS NOT NULL AS INTEGER) AS spr_anx_ans,
       CAST(d.spr_try AS INTEGER) AS spr_try_met, CAST(d.spr_try IS NOT NULL AS INTEGER) AS spr_try_ans,
       CAST(d.spr_bps AS INTEGER) AS spr_bps_met, CAST(d.spr_bps IS NOT NULL AS INTEGER) AS spr_bps_ans,
       CAST(d.spr_symt AS INTEGER) AS spr_symt_met, CAST(d.spr_symt IS NOT NULL AS INTEGER) AS spr_symt_ans,
       CAST(d.spr_ill AS INTEGER) AS spr_ill_met, CAST(d.spr_ill IS NOT NULL AS INTEGER) AS spr_ill_ans,
       CAST(d.spr_ros AS INTEGER) AS spr_ros_met, CAST(d.spr_ros IS NOT NULL AS INTEGER) AS spr_ros_ans,
       CAST(d.spr_efts AS INTEGER) AS spr_efts_met, CAST(d.spr_efts IS NOT NULL AS INTEGER) AS spr_efts_ans,
       CAST(d.spr_onsk AS INTEGER) AS spr_onsk_met, CAST(d.spr_onsk IS NOT NULL AS INTEGER) AS spr_onsk_ans,
       CAST(d.spr_narv AS INTEGER) AS spr_narv_met, CAST(d.spr_narv IS NOT NULL AS INTEGER) AS spr_narv_ans,
       CAST(d.spr_bps_nst AS INTEGER) AS spr_bps_nst_met, CAST(d.spr_bps_nst IS NOT NULL AS INTEGER) AS spr_bps_nst_ans
FROM death d
LEFT JOIN region r ON r.region_code = d.region_code
WHERE d.registered
  AND d.death_date >= $from_date AND d.death_date < $to_date
