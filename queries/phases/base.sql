-- Phase rows: the lead-time population (the same rule as queries/base/lead_time.sql, a test checks
-- that both count the same pathways) with the five phase durations in days between consecutive
-- measurement points: VM -> första besök -> första MDK -> diagnosbesked -> behandlingsbeslut -> start.
-- A phase is NULL unless both its ends are recorded and in order (a later point dated before an
-- earlier one is an inconsistency, not a negative duration). Ended in [$from_date, $to_date).
SELECT p.region_code, r.healthcare_region, p.svf, p.unit, p.end_date AS d,
       p.end_date - p.vm_date AS lead_days, l.max_days,
       CASE WHEN p.first_visit_date >= p.vm_date THEN p.first_visit_date - p.vm_date END AS ph1,
       CASE WHEN p.mdk_date >= p.first_visit_date THEN p.mdk_date - p.first_visit_date END AS ph2,
       CASE WHEN p.diagnosis_info_date >= p.mdk_date THEN p.diagnosis_info_date - p.mdk_date END AS ph3,
       CASE WHEN p.decision_date >= p.diagnosis_info_date THEN p.decision_date - p.diagnosis_info_date END AS ph4,
       CASE WHEN p.end_date >= p.decision_date THEN p.end_date - p.decision_date END AS ph5
FROM svf_pathway p
JOIN lead_time_limit l
  ON l.svf = p.svf AND l.end_type = p.end_type AND l.workup = p.workup
 AND p.vm_date >= l.valid_from AND (l.valid_to IS NULL OR p.vm_date < l.valid_to)
LEFT JOIN region r ON r.region_code = p.region_code
WHERE l.max_days IS NOT NULL
  AND p.end_type IN (SELECT end_type FROM end_type WHERE is_treatment_start)
  AND p.end_date >= $from_date AND p.end_date < $to_date
