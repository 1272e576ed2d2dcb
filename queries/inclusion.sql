-- Inclusion: pathways ending in a treatment start (numerator, period by end_date) divided by new
-- cases in the cancer register for the same svf (denominator, period by diagnosis_date; with
-- $den_shift = 1 a case counts one year later: "the same months one year earlier").
-- ASS (svf.has_diagnosis = false) is outside. Both sides come from base_inclusion_svf.sql and
-- base_inclusion_cases.sql (already limited to their periods; rows, or month sums after prepare())
-- and are summed in one grouping pass over their UNION ALL (no join of two aggregates).
-- Dimensions: region, healthcare_region, svf and periods only (the cancer register has no unit or
-- end type). Grouping as in lead_time.sql.
WITH s AS (
    SELECT b.region_code, b.healthcare_region, b.svf, b.d, b.n AS n_svf, 0 AS n_cases
    FROM base_inclusion_svf b
    WHERE (len($regions) = 0 OR list_contains($regions, b.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
      AND (len($svfs) = 0 OR list_contains($svfs, b.svf))
    UNION ALL
    SELECT c.region_code, c.healthcare_region, c.svf,
           CAST(c.d + to_years(CAST($den_shift AS INTEGER)) AS DATE) AS d, 0 AS n_svf, c.n AS n_cases
    FROM base_inclusion_cases c
    WHERE (len($regions) = 0 OR list_contains($regions, c.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, c.healthcare_region))
      AND (len($svfs) = 0 OR list_contains($svfs, c.svf))
),
agg AS (
    SELECT CASE WHEN $by_region THEN s.region_code END AS region,
           CASE WHEN $by_healthcare_region THEN s.healthcare_region END AS healthcare_region,
           CASE WHEN $by_svf THEN s.svf END AS svf,
           CASE WHEN $by_month THEN date_trunc('month', d) END AS m,
           CASE WHEN $by_quarter THEN date_trunc('quarter', d) END AS q,
           CASE WHEN $by_half_year THEN make_date(year(d), CASE WHEN month(d) <= 6 THEN 1 ELSE 7 END, 1) END AS h,
           CASE WHEN $by_year THEN date_trunc('year', d) END AS y,
           CAST(sum(n_svf) AS BIGINT) AS n_svf,
           CAST(sum(n_cases) AS BIGINT) AS n_cases
    FROM s
    GROUP BY ALL
)
SELECT region, healthcare_region, svf,
       strftime(m, '%Y-%m') AS month,
       CAST(year(q) AS VARCHAR) || '-Q' || CAST(quarter(q) AS VARCHAR) AS quarter,
       CAST(year(h) AS VARCHAR) || CASE WHEN month(h) = 1 THEN '-H1' ELSE '-H2' END AS half_year,
       CAST(year(y) AS VARCHAR) AS year,
       n_svf, n_cases
FROM agg
