-- Validation of an svf file (table svf_pathway). Input: view _in (one VARCHAR column per canonical
-- column, NULL when empty, plus _line). Output: one row per input row with typed values, _key (the
-- pathway's identity) and _errors, a list of {col, reason}; the row is applied when the list is empty.
-- $pnr_columns: the columns to test for personnummer row by row (see ld_pnr_err).
-- One scan of _in with projections only (codes and headers are map lookups, see macros.sql), so the
-- output keeps the input's row order: the fused CSV read (ingest/load.py) numbers lines by it.
WITH t AS (
    SELECT
        i.*,
        ld_region(i.region_code) AS region_ok,
        ld_svf(i.svf) AS svf_ok,
        ld_end_type(i.end_type) AS end_type_ok,
        ld_sex(i.sex) AS sex_ok,
        ld_age(i.age) AS age_n,
        CASE WHEN i.workup IS NULL THEN 'bas'
             WHEN i.workup IN ('bas', 'utokad') THEN i.workup
             ELSE MAP {'bas': 'bas', 'basutredning': 'bas', 'utokad': 'utokad',
                       'utokadutredning': 'utokad'}[ld_key(i.workup)] END AS workup_ok,
        ld_date(i.vm_date) AS vm_d,
        ld_date(i.first_visit_date) AS fv_d,
        ld_date(i.mdk_date) AS mdk_d,
        ld_date(i.diagnosis_info_date) AS di_d,
        ld_date(i.decision_date) AS dec_d,
        ld_date(i.end_date) AS end_d,
        ld_date(i.registered_date) AS reg_d
    FROM _in i
)
SELECT
    _line,
    pathway_id,
    patient_id,
    region_ok AS region_code,
    unit,
    svf_ok AS svf,
    sex_ok AS sex,
    TRY_CAST(floor(age_n) AS SMALLINT) AS age,  -- TRY: an age beyond SMALLINT is refused by ld_age_err, not the file
    workup_ok AS workup,
    vm_d AS vm_date,
    fv_d AS first_visit_date,
    mdk_d AS mdk_date,
    di_d AS diagnosis_info_date,
    dec_d AS decision_date,
    end_d AS end_date,
    end_type_ok AS end_type,
    reg_d AS registered_date,
    pathway_id AS _key,
    _cand,  -- from _in: whether a value of the row passed ld_pnr_cand (the fused read's column scan)
    -- The list of problems is built only for rows that might have one: the condition below is sufficient
    -- for every check of the list to pass (NULL, like false, builds the list), and most rows meet it.
    CASE WHEN len($pnr_columns) = 0
              AND pathway_id IS NOT NULL AND region_ok IS NOT NULL AND svf_ok IS NOT NULL
              AND (sex IS NULL OR sex_ok IS NOT NULL) AND (age IS NULL OR age_n BETWEEN 0 AND 120)
              AND workup_ok IS NOT NULL
              AND vm_d BETWEEN DATE '1900-01-01' AND current_date
              AND (first_visit_date IS NULL OR (fv_d BETWEEN vm_d AND current_date AND (end_d IS NULL OR fv_d <= end_d)))
              AND (mdk_date IS NULL OR (mdk_d BETWEEN vm_d AND current_date AND (end_d IS NULL OR mdk_d <= end_d)))
              AND (diagnosis_info_date IS NULL OR (di_d BETWEEN vm_d AND current_date AND (end_d IS NULL OR di_d <= end_d)))
              AND (decision_date IS NULL OR (dec_d BETWEEN vm_d AND current_date AND (end_d IS NULL OR dec_d <= end_d)))
              AND (end_date IS NULL OR end_d BETWEEN vm_d AND current_date)
              AND (registered_date IS NULL OR reg_d BETWEEN vm_d AND current_date)
              AND (end_type IS NULL) = (end_date IS NULL) AND (end_type IS NULL OR end_type_ok IS NOT NULL)
         THEN []::STRUCT(col VARCHAR, reason VARCHAR)[]
    ELSE list_filter([
        ld_required('pathway_id', pathway_id),
        ld_pnr_err('pathway_id', pathway_id, $pnr_columns),
        ld_pnr_err('patient_id', patient_id, $pnr_columns),
        ld_pnr_err('unit', unit, $pnr_columns),
        coalesce(ld_required('region_code', region_code),
                 ld_code_err('region_code', region_code, region_ok, 'regionkod')),
        coalesce(ld_required('svf', svf), ld_code_err('svf', svf, svf_ok, 'vårdförloppskod')),
        ld_sex_err(sex, sex_ok),
        ld_age_err(age, age_n),
        CASE WHEN workup_ok IS NULL
             THEN ld_err('workup', 'okänd utredningsvariant ' || ld_show(workup) || ' (skriv bas eller utokad)')
        END,
        ld_date_err('vm_date', vm_date, vm_d, true),
        ld_date_err('first_visit_date', first_visit_date, fv_d, false),
        ld_date_err('mdk_date', mdk_date, mdk_d, false),
        ld_date_err('diagnosis_info_date', diagnosis_info_date, di_d, false),
        ld_date_err('decision_date', decision_date, dec_d, false),
        ld_date_err('end_date', end_date, end_d, false),
        ld_date_err('registered_date', registered_date, reg_d, false),
        ld_between_err('first_visit_date', fv_d, vm_d, end_d),
        ld_between_err('mdk_date', mdk_d, vm_d, end_d),
        ld_between_err('diagnosis_info_date', di_d, vm_d, end_d),
        ld_between_err('decision_date', dec_d, vm_d, end_d),
        CASE WHEN end_d < vm_d
             THEN ld_err('end_date', 'slutdatumet ' || end_d || ' ligger före ' || ld_h('vm_date') || ' (' || vm_d || ')') END,
        CASE WHEN reg_d < vm_d
             THEN ld_err('registered_date', 'registreringsdatumet ' || reg_d || ' ligger före ' || ld_h('vm_date')
                                            || ' (' || vm_d || ')') END,
        ld_code_err('end_type', end_type, end_type_ok, 'sluttyp'),
        CASE WHEN end_type IS NOT NULL AND end_date IS NULL
             THEN ld_err('end_date', 'värde saknas (sluttyp ' || ld_show(end_type)
                                     || ' är angiven; båda eller ingen ska vara ifyllda)')
             WHEN end_date IS NOT NULL AND end_type IS NULL
             THEN ld_err('end_type', 'värde saknas (slutdatum är angivet; båda eller ingen ska vara ifyllda)')
        END
    ], lambda e: e IS NOT NULL) END AS _errors
FROM t
