-- Register coverage: cancer-register cases with a registration in the quality register made on or
-- before $as_of, divided by cancer-register cases whose ICD-10 code falls under the register's
-- prefixes; period by diagnosis_date. The register is always a dimension.
-- Matching: equi-join on the 3-character code, then starts_with on the full prefix (fast). A prefix
-- that a shorter prefix of the same register already covers is dropped first, so each case
-- matches a register at most once (no DISTINCT over the fact rows needed).
WITH rp AS (
    SELECT DISTINCT a.register, a.icd10_prefix, left(a.icd10_prefix, 3) AS p3
    FROM register_icd10 a
    WHERE (len($registers) = 0 OR list_contains($registers, a.register))
      AND NOT EXISTS (
          SELECT 1 FROM register_icd10 b
          WHERE b.register = a.register AND length(b.icd10_prefix) < length(a.icd10_prefix)
            AND starts_with(a.icd10_prefix, b.icd10_prefix))
),
m AS (
    SELECT rp.register, c.case_id, c.region_code, c.svf, c.diagnosis_date AS d
    FROM cancer_case c
    JOIN rp ON left(c.icd10, 3) = rp.p3 AND starts_with(c.icd10, rp.icd10_prefix)
    WHERE c.diagnosis_date >= $from_date AND c.diagnosis_date < $to_date
      AND (len($regions) = 0 OR list_contains($regions, c.region_code))
      AND (len($svfs) = 0 OR list_contains($svfs, c.svf))
),
agg AS (
    SELECT m.register,
           CASE WHEN $by_region THEN m.region_code END AS region,
           CASE WHEN $by_healthcare_region THEN r.healthcare_region END AS healthcare_region,
           CASE WHEN $by_svf THEN m.svf END AS svf,
           CASE WHEN $by_month THEN date_trunc('month', d) END AS mo,
           CASE WHEN $by_quarter THEN date_trunc('quarter', d) END AS q,
           CASE WHEN $by_half_year THEN make_date(year(d), CASE WHEN month(d) <= 6 THEN 1 ELSE 7 END, 1) END AS h,
           CASE WHEN $by_year THEN date_trunc('year', d) END AS y,
           count(*) AS n_cases,
           count(rc.case_id) AS n_registered
    FROM m
    LEFT JOIN register_case rc
      ON rc.register = m.register AND rc.case_id = m.case_id AND rc.registered_date <= $as_of
    LEFT JOIN region r ON r.region_code = m.region_code
    WHERE (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, r.healthcare_region))
    GROUP BY ALL
)
SELECT register, region, healthcare_region, svf,
       strftime(mo, '%Y-%m') AS month,
       CAST(year(q) AS VARCHAR) || '-Q' || CAST(quarter(q) AS VARCHAR) AS quarter,
       CAST(year(h) AS VARCHAR) || CASE WHEN month(h) = 1 THEN '-H1' ELSE '-H2' END AS half_year,
       CAST(year(y) AS VARCHAR) AS year,
       n_cases, n_registered
FROM agg
