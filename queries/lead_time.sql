-- Lead time: share of pathways that started treatment within the maximum lead time.
-- Population: end type is a treatment start AND a limit is known for (svf, end_type, workup) at
-- vm_date (valid_from <= vm_date < valid_to); closures, ongoing pathways and "no limit" are out.
-- Period by end_date; region = svf_pathway.region_code (where the pathway ended).
-- Grouping: every dimension is computed but set to NULL unless its $by_* flag is true, and the
-- result is grouped by all of them; the SQL is static (no identifiers from input) and single-pass.
WITH p AS (
    SELECT p.region_code, r.healthcare_region, p.svf, p.end_type, p.unit, p.end_date AS d,
           p.end_date - p.vm_date AS lead_days, l.max_days,
           l.confidence IN ('unconfirmed_placeholder', 'unconfirmed') AS unverified
    FROM svf_pathway p
    JOIN lead_time_limit l
      ON l.svf = p.svf AND l.end_type = p.end_type AND l.workup = p.workup
     AND p.vm_date >= l.valid_from AND (l.valid_to IS NULL OR p.vm_date < l.valid_to)
    LEFT JOIN region r ON r.region_code = p.region_code
    WHERE l.max_days IS NOT NULL
      AND p.end_type IN (SELECT end_type FROM end_type WHERE is_treatment_start)
      AND p.end_date >= $from_date AND p.end_date < $to_date
      AND (len($regions) = 0 OR list_contains($regions, p.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, r.healthcare_region))
      AND (len($svfs) = 0 OR list_contains($svfs, p.svf))
      AND (len($units) = 0 OR list_contains($units, p.unit))
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
