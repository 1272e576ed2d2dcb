-- The distinct ICD-10 codes of a cancer file, normalised (ld_icd), for map_icd10.sql (as _icd_codes).
SELECT DISTINCT ld_icd(icd10) AS icd FROM _in WHERE icd10 IS NOT NULL
