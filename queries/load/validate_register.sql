-- Validation of a quality-register file (table register_case); same shape as load_validate_svf.sql.
WITH registers AS (
    SELECT d.v, a.register
    FROM (SELECT DISTINCT register AS v FROM _in) d LEFT JOIN _register_alias a ON a.alias = ld_key(d.v)
),
t AS (
    SELECT i.*, ra.register AS register_ok, ld_date(i.registered_date) AS reg_d
    FROM _in i
    LEFT JOIN registers ra ON ra.v = i.register
)
SELECT
    _line,
    register_ok AS register,
    case_id,
    reg_d AS registered_date,
    register_ok || '|' || case_id AS _key,
    list_filter([
        coalesce(ld_required('register', register),
                 ld_code_err('register', register, register_ok, 'registerkod')),
        ld_required('case_id', case_id),
        ld_pnr_err('case_id', case_id, $pnr_columns),
        ld_date_err('registered_date', registered_date, reg_d, true)
    ], lambda e: e IS NOT NULL) AS _errors
FROM t
