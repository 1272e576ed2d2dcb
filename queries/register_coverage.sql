-- Register coverage: cancer-register cases with a registration in the quality register made on or
-- before $as_of, divided by cancer-register cases whose ICD-10 code falls under the register's
-- prefixes; period by diagnosis_date. The register is always a dimension. One row per (register,
-- case) with its registration date comes from base_register_coverage.sql (already limited to the
-- period), so this is a single grouping pass.
WITH m AS (
    SELECT * FROM base_register_coverage b
    WHERE (len($registers) = 0 OR list_contains($registers, b.register))
      AND (len($regions) = 0 OR list_contains($regions, b.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
      AND (len($svfs) = 0 OR list_contains($svfs, b.svf))
),
agg AS (
    SELECT m.register,
           CASE WHEN $by_region THEN m.region_code END AS region,
           CASE WHEN $by_healthcare_region THEN m.healthcare_region END AS healthcare_region,
           CASE WHEN $by_svf THEN m.svf END AS svf,
           CASE WHEN $by_month THEN date_trunc('month', d) END AS mo,
           CASE WHEN $by_quarter THEN date_trunc('quarter', d) END AS q,
           CASE WHEN $by_half_year THEN make_date(year(d), CASE WHEN month(d) <= 6 THEN 1 ELSE 7 END, 1) END AS h,
           CASE WHEN $by_year THEN date_trunc('year', d) END AS y,
           count(*) AS n_cases,
           count(*) FILTER (WHERE m.registered_date <= $as_of) AS n_registered
    FROM m
    GROUP BY ALL
)
SELECT register, region, healthcare_region, svf,
       strftime(mo, '%Y-%m') AS month,
       CAST(year(q) AS VARCHAR) || '-Q' || CAST(quarter(q) AS VARCHAR) AS quarter,
       CAST(year(h) AS VARCHAR) || CASE WHEN month(h) = 1 THEN '-H1' ELSE '-H2' END AS half_year,
       CAST(year(y) AS VARCHAR) AS year,
       n_cases, n_registered
FROM agg
