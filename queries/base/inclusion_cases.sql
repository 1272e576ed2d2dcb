-- Inclusion denominator rows (read by inclusion.sql as `base_inclusion_cases`): cancer-register
-- cases, period by diagnosis_date (d) in [$den_from_date, $den_to_date), svfs with a diagnosis
-- only; n = 1 per row (metrics.prepare() keeps sums per region, svf and month). inclusion.sql
-- shifts d a year for the previous-year denominator (date + 1 year stays in month + 1 year).
-- Population as in the numerator (svf_min_age: under 18 out, thyroid all ages, leukaemias 16+;
-- a case without age counts), so numerator and denominator describe the same patients.
SELECT c.region_code, r.healthcare_region, c.svf, c.diagnosis_date AS d, 1 AS n
FROM cancer_case c
LEFT JOIN region r ON r.region_code = c.region_code
LEFT JOIN svf_min_age a ON a.svf = c.svf
WHERE c.svf IN (SELECT svf FROM svf WHERE has_diagnosis)
  AND (c.age IS NULL OR c.age >= coalesce(a.min_age, 18))
  AND c.diagnosis_date >= $den_from_date AND c.diagnosis_date < $den_to_date
