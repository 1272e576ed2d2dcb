-- Base rows of lead time (read by lead_time_rows.sql as `base_lead_time`, for lead_time.sql and
-- lead_time_summary.sql):
-- pathways whose end type is a treatment start and whose limit is known for (svf, end_type, workup)
-- at vm_date (valid_from <= vm_date < valid_to; max_days NULL = no limit = out), ended in
-- [$from_date, $to_date). d = end_date (the period); region = where the pathway ended.
-- Population: age >= the svf's min_age (svf_min_age: 18, thyroid 0, leukaemias 16; no row = 18);
-- a pathway without age counts.
-- metrics.prepare() keeps these rows for the whole snapshot in a table (ordered by d) so that the
-- limit join runs once per snapshot, not once per query.
SELECT p.region_code, r.healthcare_region, p.svf, p.end_type, p.unit, p.end_date AS d,
       p.end_date - p.vm_date AS lead_days, l.max_days,
       is_unverified(l.confidence) AS unverified
FROM svf_pathway p
JOIN lead_time_limit l
  ON l.svf = p.svf AND l.end_type = p.end_type AND l.workup = p.workup
 AND p.vm_date >= l.valid_from AND (l.valid_to IS NULL OR p.vm_date < l.valid_to)
LEFT JOIN region r ON r.region_code = p.region_code
LEFT JOIN svf_min_age a ON a.svf = p.svf
WHERE l.max_days IS NOT NULL
  AND (p.age IS NULL OR p.age >= coalesce(a.min_age, 18))
  AND p.end_type IN (SELECT end_type FROM end_type WHERE is_treatment_start)
  AND p.end_date >= $from_date AND p.end_date < $to_date
