-- Validation of a death file (table death); same shape as load_validate_svf.sql. The indicator
-- columns are the codes of palliative_indicator; each is a nullable ja/nej.
WITH regions AS (
    SELECT d.v, a.region_code
    FROM (SELECT DISTINCT region_code AS v FROM _in) d
    LEFT JOIN _region_alias a ON a.alias = ld_key(regexp_replace(d.v, '\.0+$', ''))
),
t AS (
    SELECT i.*, ra.region_code AS region_ok, ld_date(i.death_date) AS death_d
    FROM _in i
    LEFT JOIN regions ra ON ra.v = i.region_code
)
SELECT
    _line,
    death_id,
    region_ok AS region_code,
    death_d AS death_date,
    unit_type,
    ld_bool(registered) AS registered,
    ld_bool(expected_death) AS expected_death,
    ld_bool(spr_mun) AS spr_mun,
    ld_bool(spr_smsk) AS spr_smsk,
    ld_bool(spr_opi) AS spr_opi,
    ld_bool(spr_anx) AS spr_anx,
    ld_bool(spr_try) AS spr_try,
    ld_bool(spr_bps) AS spr_bps,
    ld_bool(spr_symt) AS spr_symt,
    ld_bool(spr_ill) AS spr_ill,
    ld_bool(spr_ros) AS spr_ros,
    ld_bool(spr_efts) AS spr_efts,
    ld_bool(spr_onsk) AS spr_onsk,
    ld_bool(spr_narv) AS spr_narv,
    ld_bool(spr_bps_nst) AS spr_bps_nst,
    death_id AS _key,
    list_filter([
        ld_required('death_id', death_id),
        ld_pnr_err('death_id', death_id, $pnr_columns),
        ld_pnr_err('unit_type', unit_type, $pnr_columns),
        coalesce(ld_required('region_code', region_code),
                 ld_code_err('region_code', region_code, region_ok, 'regionkod')),
        ld_date_err('death_date', death_date, death_d, true),
        ld_bool_err('registered', registered, true),
        ld_bool_err('expected_death', expected_death, false),
        ld_bool_err('spr_mun', spr_mun, false),
        ld_bool_err('spr_smsk', spr_smsk, false),
        ld_bool_err('spr_opi', spr_opi, false),
        ld_bool_err('spr_anx', spr_anx, false),
        ld_bool_err('spr_try', spr_try, false),
        ld_bool_err('spr_bps', spr_bps, false),
        ld_bool_err('spr_symt', spr_symt, false),
        ld_bool_err('spr_ill', spr_ill, false),
        ld_bool_err('spr_ros', spr_ros, false),
        ld_bool_err('spr_efts', spr_efts, false),
        ld_bool_err('spr_onsk', spr_onsk, false),
        ld_bool_err('spr_narv', spr_narv, false),
        ld_bool_err('spr_bps_nst', spr_bps_nst, false)
    ], lambda e: e IS NOT NULL) AS _errors
FROM t
