-- Palliativregistret indicators: per indicator (the column of the same name in death) and group,
-- the denominator its population names and the numerator (a NULL answer counts as not met):
--   expected            n = registered AND expected_death,                    met = ... AND value
--   expected_answered   n = registered AND expected_death AND value NOT NULL, met = ... AND value
--   registered_answered n = registered AND value NOT NULL,                     met = registered AND value
-- Speed: g sums, per group and expected/not expected, each indicator's true values and answers
-- over base_death_registered.sql (registered deaths already limited to the period; rows, or month
-- sums after prepare()); a second step on that small result forms the four counts per indicator,
-- and UNPIVOT turns them into one row per indicator. Period by death_date; grouping as in
-- lead_time.sql. The column list is the schema's, not input.
WITH g AS (
    SELECT CASE WHEN $by_region THEN b.region_code END AS region,
           CASE WHEN $by_healthcare_region THEN b.healthcare_region END AS healthcare_region,
           CASE WHEN $by_month THEN date_trunc('month', b.d) END AS m,
           CASE WHEN $by_quarter THEN date_trunc('quarter', b.d) END AS q,
           CASE WHEN $by_half_year THEN make_date(year(b.d), CASE WHEN month(b.d) <= 6 THEN 1 ELSE 7 END, 1) END AS h,
           CASE WHEN $by_year THEN date_trunc('year', b.d) END AS y,
           b.expected,
           sum(b.n_rows) AS n_rows,
           sum(b.spr_mun_met) AS spr_mun_met, sum(b.spr_mun_ans) AS spr_mun_ans,
           sum(b.spr_smsk_met) AS spr_smsk_met, sum(b.spr_smsk_ans) AS spr_smsk_ans,
           sum(b.spr_opi_met) AS spr_opi_met, sum(b.spr_opi_ans) AS spr_opi_ans,
           sum(b.spr_anx_met) AS spr_anx_met, sum(b.spr_anx_ans) AS spr_anx_ans,
           sum(b.spr_try_met) AS spr_try_met, sum(b.spr_try_ans) AS spr_try_ans,
           sum(b.spr_bps_met) AS spr_bps_met, sum(b.spr_bps_ans) AS spr_bps_ans,
           sum(b.spr_symt_met) AS spr_symt_met, sum(b.spr_symt_ans) AS spr_symt_ans,
           sum(b.spr_ill_met) AS spr_ill_met, sum(b.spr_ill_ans) AS spr_ill_ans,
           sum(b.spr_ros_met) AS spr_ros_met, sum(b.spr_ros_ans) AS spr_ros_ans,
           sum(b.spr_efts_met) AS spr_efts_met, sum(b.spr_efts_ans) AS spr_efts_ans,
           sum(b.spr_onsk_met) AS spr_onsk_met, sum(b.spr_onsk_ans) AS spr_onsk_ans,
           sum(b.spr_narv_met) AS spr_narv_met, sum(b.spr_narv_ans) AS spr_narv_ans,
           sum(b.spr_bps_nst_met) AS spr_bps_nst_met, sum(b.spr_bps_nst_ans) AS spr_bps_nst_ans
    FROM base_death_registered b
    WHERE (len($regions) = 0 OR list_contains($regions, b.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
    GROUP BY ALL
),
agg AS (
    SELECT region, healthcare_region, m, q, h, y,
           coalesce(sum(n_rows) FILTER (WHERE expected), 0) AS n_expected,
           sum(spr_mun_met) FILTER (WHERE expected) AS spr_mun_em, sum(spr_mun_ans) FILTER (WHERE expected) AS spr_mun_ea,
           sum(spr_mun_met) AS spr_mun_rm, sum(spr_mun_ans) AS spr_mun_ra,
           sum(spr_smsk_met) FILTER (WHERE expected) AS spr_smsk_em, sum(spr_smsk_ans) FILTER (WHERE expected) AS spr_smsk_ea,
           sum(spr_smsk_met) AS spr_smsk_rm, sum(spr_smsk_ans) AS spr_smsk_ra,
           sum(spr_opi_met) FILTER (WHERE expected) AS spr_opi_em, sum(spr_opi_ans) FILTER (WHERE expected) AS spr_opi_ea,
           sum(spr_opi_met) AS spr_opi_rm, sum(spr_opi_ans) AS spr_opi_ra,
           sum(spr_anx_met) FILTER (WHERE expected) AS spr_anx_em, sum(spr_anx_ans) FILTER (WHERE expected) AS spr_anx_ea,
           sum(spr_anx_met) AS spr_anx_rm, sum(spr_anx_ans) AS spr_anx_ra,
           sum(spr_try_met) FILTER (WHERE expected) AS spr_try_em, sum(spr_try_ans) FILTER (WHERE expected) AS spr_try_ea,
           sum(spr_try_met) AS spr_try_rm, sum(spr_try_ans) AS spr_try_ra,
           sum(spr_bps_met) FILTER (WHERE expected) AS spr_bps_em, sum(spr_bps_ans) FILTER (WHERE expected) AS spr_bps_ea,
           sum(spr_bps_met) AS spr_bps_rm, sum(spr_bps_ans) AS spr_bps_ra,
           sum(spr_symt_met) FILTER (WHERE expected) AS spr_symt_em, sum(spr_symt_ans) FILTER (WHERE expected) AS spr_symt_ea,
           sum(spr_symt_met) AS spr_symt_rm, sum(spr_symt_ans) AS spr_symt_ra,
           sum(spr_ill_met) FILTER (WHERE expected) AS spr_ill_em, sum(spr_ill_ans) FILTER (WHERE expected) AS spr_ill_ea,
           sum(spr_ill_met) AS spr_ill_rm, sum(spr_ill_ans) AS spr_ill_ra,
           sum(spr_ros_met) FILTER (WHERE expected) AS spr_ros_em, sum(spr_ros_ans) FILTER (WHERE expected) AS spr_ros_ea,
           sum(spr_ros_met) AS spr_ros_rm, sum(spr_ros_ans) AS spr_ros_ra,
           sum(spr_efts_met) FILTER (WHERE expected) AS spr_efts_em, sum(spr_efts_ans) FILTER (WHERE expected) AS spr_efts_ea,
           sum(spr_efts_met) AS spr_efts_rm, sum(spr_efts_ans) AS spr_efts_ra,
           sum(spr_onsk_met) FILTER (WHERE expected) AS spr_onsk_em, sum(spr_onsk_ans) FILTER (WHERE expected) AS spr_onsk_ea,
           sum(spr_onsk_met) AS spr_onsk_rm, sum(spr_onsk_ans) AS spr_onsk_ra,
           sum(spr_narv_met) FILTER (WHERE expected) AS spr_narv_em, sum(spr_narv_ans) FILTER (WHERE expected) AS spr_narv_ea,
           sum(spr_narv_met) AS spr_narv_rm, sum(spr_narv_ans) AS spr_narv_ra,
           sum(spr_bps_nst_met) FILTER (WHERE expected) AS spr_bps_nst_em, sum(spr_bps_nst_ans) FILTER (WHERE expected) AS spr_bps_nst_ea,
           sum(spr_bps_nst_met) AS spr_bps_nst_rm, sum(spr_bps_nst_ans) AS spr_bps_nst_ra
    FROM g
    GROUP BY ALL
),
long AS (
    UNPIVOT agg ON
    (spr_mun_em, spr_mun_ea, spr_mun_rm, spr_mun_ra) AS spr_mun,
    (spr_smsk_em, spr_smsk_ea, spr_smsk_rm, spr_smsk_ra) AS spr_smsk,
    (spr_opi_em, spr_opi_ea, spr_opi_rm, spr_opi_ra) AS spr_opi,
    (spr_anx_em, spr_anx_ea, spr_anx_rm, spr_anx_ra) AS spr_anx,
    (spr_try_em, spr_try_ea, spr_try_rm, spr_try_ra) AS spr_try,
    (spr_bps_em, spr_bps_ea, spr_bps_rm, spr_bps_ra) AS spr_bps,
    (spr_symt_em, spr_symt_ea, spr_symt_rm, spr_symt_ra) AS spr_symt,
    (spr_ill_em, spr_ill_ea, spr_ill_rm, spr_ill_ra) AS spr_ill,
    (spr_ros_em, spr_ros_ea, spr_ros_rm, spr_ros_ra) AS spr_ros,
    (spr_efts_em, spr_efts_ea, spr_efts_rm, spr_efts_ra) AS spr_efts,
    (spr_onsk_em, spr_onsk_ea, spr_onsk_rm, spr_onsk_ra) AS spr_onsk,
    (spr_narv_em, spr_narv_ea, spr_narv_rm, spr_narv_ra) AS spr_narv,
    (spr_bps_nst_em, spr_bps_nst_ea, spr_bps_nst_rm, spr_bps_nst_ra) AS spr_bps_nst
    INTO NAME indicator VALUE em, ea, rm, ra
)
SELECT l.region, l.healthcare_region,
       strftime(l.m, '%Y-%m') AS month,
       CAST(year(l.q) AS VARCHAR) || '-Q' || CAST(quarter(l.q) AS VARCHAR) AS quarter,
       CAST(year(l.h) AS VARCHAR) || CASE WHEN month(l.h) = 1 THEN '-H1' ELSE '-H2' END AS half_year,
       CAST(year(l.y) AS VARCHAR) AS year,
       l.indicator,
       CAST(coalesce(CASE pi.population WHEN 'expected' THEN l.n_expected
                                        WHEN 'expected_answered' THEN l.ea
                                        WHEN 'registered_answered' THEN l.ra END, 0) AS BIGINT) AS n,
       CAST(coalesce(CASE pi.population WHEN 'registered_answered' THEN l.rm ELSE l.em END, 0) AS BIGINT) AS n_met,
       pi.sort_order
FROM long l
JOIN palliative_indicator pi ON pi.indicator = l.indicator
WHERE (len($indicators) = 0 OR list_contains($indicators, l.indicator))
