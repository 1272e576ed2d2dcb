-- Register coverage as known on $as_of: cancer-register cases diagnosed on or before $as_of (and in
-- the period) whose ICD-10 code falls under the register's prefixes (denominator), of which those
-- with a registration in the quality register made on or before $as_of (numerator); period by
-- diagnosis_date. A case diagnosed after $as_of was not known then, so it is in neither count. The
-- register is always a dimension. One row per (register, case) with its registration date comes
-- from base_register_coverage.sql (already limited to the period), so this is a single grouping
-- pass.
WITH c AS (
    SELECT * FROM base_register_coverage b
    WHERE (len($registers) = 0 OR list_contains($registers, b.register))
      AND (len($regions) = 0 OR list_contains($regions, b.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
      AND (len($svfs) = 0 OR list_contains($svfs, b.svf))
      AND b.d <= $as_of
)
SELECT c.register,
       CASE WHEN $by_region THEN c.region_code END AS region,
       CASE WHEN $by_healthcare_region THEN c.healthcare_region END AS healthcare_region,
       CASE WHEN $by_svf THEN c.svf END AS svf,
       period_start(d, 'month', $by_month) AS m, period_start(d, 'quarter', $by_quarter) AS q,
       period_start(d, 'half_year', $by_half_year) AS h, period_start(d, 'year', $by_year) AS y,
       count(*) AS n_cases,
       count(*) FILTER (WHERE c.registered_date <= $as_of) AS n_registered
FROM c
GROUP BY ALL
