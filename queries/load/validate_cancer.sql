-- Validation of a cancer-register file (table cancer_case); same shape as load_validate_svf.sql.
-- icd10 is normalised (ld_icd) and mapped to an svf by _icd_svf (map_icd10.sql: the longest prefix
-- in svf_icd10 wins); an explicit svf column wins. A code without a pathway is fine (svf NULL).
WITH regions AS (
    SELECT d.v, a.region_code
    FROM (SELECT DISTINCT region_code AS v FROM _in) d
    LEFT JOIN _region_alias a ON a.alias = ld_key(regexp_replace(d.v, '\.0+$', ''))
),
svfs AS (
    SELECT d.v, a.svf FROM (SELECT DISTINCT svf AS v FROM _in) d LEFT JOIN _svf_alias a ON a.alias = ld_key(d.v)
),
t AS (
    SELECT
        i.*,
        ld_icd(i.icd10) AS icd,
        ra.region_code AS region_ok,
        sa.svf AS svf_ok,
        ld_sex(i.sex) AS sex_ok,
        ld_age(i.age) AS age_n,
        ld_date(i.diagnosis_date) AS dia_d
    FROM _in i
    LEFT JOIN regions ra ON ra.v = i.region_code
    LEFT JOIN svfs sa ON sa.v = i.svf
)
SELECT
    _line,
    case_id,
    patient_id,
    region_ok AS region_code,
    dia_d AS diagnosis_date,
    t.icd AS icd10,
    CASE WHEN t.svf IS NOT NULL THEN svf_ok ELSE m.svf END AS svf,
    sex_ok AS sex,
    TRY_CAST(floor(age_n) AS SMALLINT) AS age,  -- TRY: an age beyond SMALLINT is refused by ld_age_err, not the file
    case_id AS _key,
    list_filter([
        ld_required('case_id', case_id),
        ld_pnr_err('case_id', case_id, $pnr_columns),
        ld_pnr_err('patient_id', patient_id, $pnr_columns),
        coalesce(ld_required('region_code', region_code),
                 ld_code_err('region_code', region_code, region_ok, 'regionkod')),
        ld_date_err('diagnosis_date', diagnosis_date, dia_d, true),
        CASE WHEN icd10 IS NULL THEN ld_err('icd10', 'värde saknas')
             WHEN NOT regexp_full_match(t.icd, '[A-Z]\d{2}[0-9A-Z]{0,3}')
             THEN ld_err('icd10', 'diagnoskoden ' || ld_show(icd10) || ' är ingen ICD-10-kod') END,
        ld_code_err('svf', t.svf, svf_ok, 'vårdförloppskod'),
        ld_sex_err(sex, sex_ok),
        ld_age_err(age, age_n)
    ], lambda e: e IS NOT NULL) AS _errors
FROM t LEFT JOIN _icd_svf m ON m.icd = t.icd
