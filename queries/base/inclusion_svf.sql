-- Inclusion numerator rows (read by inclusion.sql as `base_inclusion_svf`): pathways ending in a
-- treatment start, period by end_date (d) in [$from_date, $to_date), svfs with a diagnosis only (ASS
-- is outside); n = 1 per row. metrics.prepare() keeps the sums of n per region, svf and month
-- (exact for every filter, periods being whole months), so the metric always sums n.
-- Population: age >= the svf's min_age (svf_min_age: 18, thyroid 0, leukaemias 16; no row = 18);
-- a pathway without age counts.
SELECT p.region_code, r.healthcare_region, p.svf, p.end_date AS d, 1 AS n
FROM svf_pathway p
LEFT JOIN region r ON r.region_code = p.region_code
LEFT JOIN svf_min_age a ON a.svf = p.svf
WHERE p.end_type IN (SELECT end_type FROM end_type WHERE is_treatment_start)
  AND p.svf IN (SELECT svf FROM svf WHERE has_diagnosis)
  AND (p.age IS NULL OR p.age >= coalesce(a.min_age, 18))
  AND p.end_date >= $from_date AND p.end_date < $to_date
