-- Validation of a quality-register file (table register_case); same shape as load_validate_svf.sql.
-- The key for "a later row replaces an earlier one in the same file" includes the date: two rows for
-- one register and case with different dates are both kept, and merge_register_case.sql keeps the
-- earliest (a case counts as registered from its FIRST registration). An exact repeat is superseded.
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
    register_ok || '|' || case_id || '|' || CAST(reg_d AS VARCHAR) AS _key,
    list_filter([
        coalesce(ld_required('register', register),
                 ld_code_err('register', register, register_ok, 'registerkod')),
        ld_required('case_id', case_id),
        ld_pnr_err('case_id', case_id, $pnr_columns),
        ld_date_err('registered_date', registered_date, reg_d, true)
    ], lambda e: e IS NOT NULL) AS _errors
FROM t
