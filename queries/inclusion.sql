-- Inclusion: pathways ending in a treatment start (numerator, period by end_date) divided by new
-- cases in the cancer register for the same svf (denominator, period by diagnosis_date; with
-- $den_shift = 1 a case counts one year later: "the same months one year earlier").
-- ASS (svf.has_diagnosis = false) is outside. Both sides are streamed into one UNION ALL and
-- counted in one grouping pass (no join of two aggregates with NULL keys).
-- Dimensions: region, healthcare_region, svf and periods only (the cancer register has no unit or
-- end type). Grouping as in lead_time.sql.
WITH s AS (
    SELECT p.region_code, p.svf, p.end_date AS d, true AS is_svf
    FROM svf_pathway p
    WHERE p.end_type IN (SELECT end_type FROM end_type WHERE is_treatment_start)
      AND p.svf IN (SELECT svf FROM svf WHERE has_diagnosis)
      AND p.end_date >= $from_date AND p.end_date < $to_date
      AND (len($regions) = 0 OR list_contains($regions, p.region_code))
      AND (len($svfs) = 0 OR list_contains($svfs, p.svf))
    UNION ALL
    SELECT c.region_code, c.svf, CAST(c.diagnosis_date + to_years(CAST($den_shift AS INTEGER)) AS DATE) AS d,
           false AS is_svf
    FROM cancer_case c
    WHERE c.svf IN (SELECT svf FROM svf WHERE has_diagnosis)
      AND c.diagnosis_date >= $den_from_date AND c.diagnosis_date < $den_to_date
      AND (len($regions) = 0 OR list_contains($regions, c.region_code))
      AND (len($svfs) = 0 OR list_contains($svfs, c.svf))
),
agg AS (
    SELECT CASE WHEN $by_region THEN s.region_code END AS region,
           CASE WHEN $by_healthcare_region THEN r.healthcare_region END AS healthcare_region,
           CASE WHEN $by_svf THEN s.svf END AS svf,
           CASE WHEN $by_month THEN date_trunc('month', d) END AS m,
           CASE WHEN $by_quarter THEN date_trunc('quarter', d) END AS q,
           CASE WHEN $by_half_year THEN make_date(year(d), CASE WHEN month(d) <= 6 THEN 1 ELSE 7 END, 1) END AS h,
           CASE WHEN $by_year THEN date_trunc('year', d) END AS y,
           count_if(is_svf) AS n_svf,
           count_if(NOT is_svf) AS n_cases
    FROM s
    LEFT JOIN region r ON r.region_code = s.region_code
    WHERE (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, r.healthcare_region))
    GROUP BY ALL
)
SELECT region, healthcare_region, svf,
       strftime(m, '%Y-%m') AS month,
       CAST(year(q) AS VARCHAR) || '-Q' || CAST(quarter(q) AS VARCHAR) AS quarter,
       CAST(year(h) AS VARCHAR) || CASE WHEN month(h) = 1 THEN '-H1' ELSE '-H2' END AS half_year,
       CAST(year(y) AS VARCHAR) AS year,
       n_svf, n_cases
FROM agg
