-- Accepted spellings of reference codes (matched on ld_key): codes, names, KVÅ suffixes.
-- An alias that would point at two codes is dropped rather than guessed.
CREATE OR REPLACE TEMP TABLE _region_alias AS
WITH a AS (
    SELECT region_code, ld_key(region_code) AS alias FROM region
    UNION SELECT region_code, ltrim(region_code, '0') FROM region
    UNION SELECT region_code, ld_key(name_sv) FROM region
    UNION SELECT region_code, ld_key(name_en) FROM region
    UNION SELECT region_code, ld_key(regexp_replace(name_sv, '^Region ', '')) FROM region
    UNION SELECT region_code, ld_key(regexp_replace(regexp_replace(name_sv, '^Region ', ''), 's? län$', ''))
          FROM region
)
SELECT alias, min(region_code) AS region_code FROM a WHERE alias <> ''
GROUP BY alias HAVING count(DISTINCT region_code) = 1;

CREATE OR REPLACE TEMP TABLE _svf_alias AS
WITH a AS (
    SELECT svf, ld_key(svf) AS alias FROM svf
    UNION SELECT svf, ld_key(name_sv) FROM svf
    UNION SELECT svf, ld_key(name_en) FROM svf
)
SELECT alias, min(svf) AS svf FROM a WHERE alias <> '' GROUP BY alias HAVING count(DISTINCT svf) = 1;

CREATE OR REPLACE TEMP TABLE _end_type_alias AS
WITH a AS (
    SELECT end_type, ld_key(end_type) AS alias FROM end_type
    UNION SELECT end_type, ld_key(kva_suffix) FROM end_type WHERE kva_suffix IS NOT NULL
    UNION SELECT end_type, ld_key(name_sv) FROM end_type
    UNION SELECT end_type, ld_key(name_en) FROM end_type
)
SELECT alias, min(end_type) AS end_type FROM a WHERE alias <> ''
GROUP BY alias HAVING count(DISTINCT end_type) = 1;

CREATE OR REPLACE TEMP TABLE _register_alias AS
WITH a AS (
    SELECT register, ld_key(register) AS alias FROM quality_register
)
SELECT alias, min(register) AS register FROM a WHERE alias <> ''
GROUP BY alias HAVING count(DISTINCT register) = 1;

-- The same as maps for the lookups in validation (ld_region, ld_svf, ld_end_type in macros.sql): the
-- alias maps, and the catalogue codes whose own spelling finds them (the common case, looked up
-- without computing the matching key).
SET VARIABLE ld_region_alias = (SELECT map(list(alias), list(region_code)) FROM _region_alias);
SET VARIABLE ld_svf_alias = (SELECT map(list(alias), list(svf)) FROM _svf_alias);
SET VARIABLE ld_end_type_alias = (SELECT map(list(alias), list(end_type)) FROM _end_type_alias);
SET VARIABLE ld_region_exact = (
    SELECT map(list(r.region_code), list(a.region_code)) FROM region r
    JOIN _region_alias a ON a.alias = ld_key(regexp_replace(r.region_code, '\.0+$', ''))
);
SET VARIABLE ld_svf_exact = (SELECT map(list(s.svf), list(a.svf)) FROM svf s JOIN _svf_alias a ON a.alias = ld_key(s.svf));
SET VARIABLE ld_end_type_exact = (
    SELECT map(list(e.end_type), list(a.end_type)) FROM end_type e
    JOIN _end_type_alias a ON a.alias = ld_end_key(e.end_type)
);
