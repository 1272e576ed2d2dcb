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
