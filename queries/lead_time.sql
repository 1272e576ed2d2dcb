-- Lead time: share of pathways that started treatment within the maximum lead time.
-- Population (base_lead_time.sql, already limited to the period): end type is a treatment start
-- AND a limit is known for (svf, end_type, workup) at vm_date; closures, ongoing pathways and
-- "no limit" are out. Period by end_date; region = svf_pathway.region_code (where it ended).
-- Filters and group keys: lead_time_rows.sql (shared with lead_time_summary.sql).
SELECT region, healthcare_region, svf, end_type, unit, m, q, h, y,
       count(*) AS n,
       count_if(lead_days <= max_days) AS n_within,
       count_if(unverified) AS n_unverified_limit
FROM lead_time_rows
GROUP BY ALL
