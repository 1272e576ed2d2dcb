-- Lead time: share of pathways that started treatment within the maximum lead time.
-- Population (base_lead_time.sql, already limited to the period): end type is a treatment start
-- AND a limit is known for (svf, end_type, workup) at vm_date; closures, ongoing pathways and
-- "no limit" are out. Period by end_date; region = svf_pathway.region_code (where it ended).
-- Grouping: every dimension is computed but set to NULL unless its $by_* flag is true, and the
-- result is grouped by all of them; the SQL is static (no identifiers from input) and single-pass.
WITH p AS (
    SELECT * FROM base_lead_time b
    WHERE (len($regions) = 0 OR list_contains($regions, b.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
      AND (len($svfs) = 0 OR list_contains($svfs, b.svf))
      AND (len($units) = 0 OR list_contains($units, b.unit))
),
agg AS (
    SELECT CASE WHEN $by_region THEN region_code END AS region,
           CASE WHEN $by_healthcare_region THEN healthcare_region END AS healthcare_region,
           CASE WHEN $by_svf THEN svf END AS svf,
           CASE WHEN $by_end_type THEN end_type END AS end_type,
           CASE WHEN $by_unit THEN unit END AS unit,
           CASE WHEN $by_month THEN date_trunc('month', d) END AS m,
           CASE WHEN $by_quarter THEN date_trunc('quarter', d) END AS q,
           CASE WHEN $by_half_year THEN make_date(year(d), CASE WHEN month(d) <= 6 THEN 1 ELSE 7 END, 1) END AS h,
           CASE WHEN $by_year THEN date_trunc('year', d) END AS y,
           count(*) AS n,
           count_if(lead_days <= max_days) AS n_within,
           count_if(unverified) AS n_unverified_limit
    FROM p
    GROUP BY ALL
)
SELECT region, healthcare_region, svf, end_type, unit,
       strftime(m, '%Y-%m') AS month,
       CAST(year(q) AS VARCHAR) || '-Q' || CAST(quarter(q) AS VARCHAR) AS quarter,
       CAST(year(h) AS VARCHAR) || CASE WHEN month(h) = 1 THEN '-H1' ELSE '-H2' END AS half_year,
       CAST(year(y) AS VARCHAR) AS year,
       n, n_within, n_unverified_limit
FROM agg
