-- Base rows of register coverage (read by register_coverage.sql as `base_register_coverage`): one
-- row per (register, cancer-register case) whose ICD-10 code falls under one of the register's
-- prefixes, diagnosed in [$from_date, $to_date), with the case's registration date in that
-- register (NULL = none). d = diagnosis_date.
-- Matching: equi-join on the 3-character code, then starts_with on the full prefix (fast). A prefix
-- that a shorter prefix of the same register already covers is dropped first, so each case
-- matches a register at most once (no DISTINCT over the fact rows). (register, case_id) is the key
-- of register_case, so the registration join adds no rows.
WITH rp AS (
    SELECT DISTINCT a.register, a.icd10_prefix, left(a.icd10_prefix, 3) AS p3
    FROM register_icd10 a
    WHERE NOT EXISTS (
          SELECT 1 FROM register_icd10 b
          WHERE b.register = a.register AND length(b.icd10_prefix) < length(a.icd10_prefix)
            AND starts_with(a.icd10_prefix, b.icd10_prefix))
)
SELECT rp.register, c.region_code, r.healthcare_region, c.svf, c.diagnosis_date AS d,
       rc.registered_date
FROM cancer_case c
JOIN rp ON left(c.icd10, 3) = rp.p3 AND starts_with(c.icd10, rp.icd10_prefix)
LEFT JOIN register_case rc ON rc.register = rp.register AND rc.case_id = c.case_id
LEFT JOIN region r ON r.region_code = c.region_code
WHERE c.diagnosis_date >= $from_date AND c.diagnosis_date < $to_date
