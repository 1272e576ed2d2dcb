-- Reporting timeliness (inrapporteringshastighet) as known on $as_of: of the cancer-register cases
-- under a register's diagnoses, diagnosed in the period, whose N-month window has fully passed
-- (diagnosis_date + $months months <= $as_of; a newer case cannot be judged yet, so it is in
-- neither count), the share registered within $months calendar months of diagnosis
-- (registered_date <= diagnosis_date + $months months, boundary included). The first registration
-- counts (register_case keeps it). Period by diagnosis_date; grouping as register_coverage.sql.
WITH c AS (
    SELECT * FROM base_register_coverage b
    WHERE (len($registers) = 0 OR list_contains($registers, b.register))
      AND (len($regions) = 0 OR list_contains($regions, b.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
      AND (len($svfs) = 0 OR list_contains($svfs, b.svf))
      AND b.d + to_months(CAST($months AS INTEGER)) <= $as_of
)
SELECT c.register,
       CASE WHEN $by_region THEN c.region_code END AS region,
       CASE WHEN $by_healthcare_region THEN c.healthcare_region END AS healthcare_region,
       CASE WHEN $by_svf THEN c.svf END AS svf,
       period_start(d, 'month', $by_month) AS m, period_start(d, 'quarter', $by_quarter) AS q,
       period_start(d, 'half_year', $by_half_year) AS h, period_start(d, 'year', $by_year) AS y,
       count(*) AS n,
       count(*) FILTER (WHERE c.registered_date <= c.d + to_months(CAST($months AS INTEGER))) AS n_within
FROM c
GROUP BY ALL
