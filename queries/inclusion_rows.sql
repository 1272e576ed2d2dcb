-- Inclusion's rows after the filters, with their group keys: read by inclusion.sql and
-- sets/inclusion.sql as `inclusion_rows`, so both count the same rows the same way.
-- Pathways ending in a treatment start (numerator, period by end_date) and new cases in the cancer
-- register for the same svf (denominator, period by diagnosis_date; with $den_shift = 1 a case counts
-- one year later: "the same months one year earlier"), from base_inclusion_svf.sql and
-- base_inclusion_cases.sql (already limited to their periods; rows, or month sums after prepare()),
-- summed by the queries in one grouping pass over their UNION ALL (no join of two aggregates).
-- Group keys as in lead_time_rows.sql: NULL unless their $by_* flag is true.
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
)
SELECT CASE WHEN $by_region THEN s.region_code END AS region,
       CASE WHEN $by_healthcare_region THEN s.healthcare_region END AS healthcare_region,
       CASE WHEN $by_svf THEN s.svf END AS svf,
       period_start(d, 'month', $by_month) AS m, period_start(d, 'quarter', $by_quarter) AS q,
       period_start(d, 'half_year', $by_half_year) AS h, period_start(d, 'year', $by_year) AS y,
       n_svf, n_cases
FROM s
