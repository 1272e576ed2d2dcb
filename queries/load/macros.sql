-- Parsing helpers for ingest/load.py: temporary macros on the load's own connection.
-- Every input value arrives as trimmed VARCHAR (NULL when empty).

-- Matching key for codes and names: lower case, no accents, letters and digits only.
CREATE OR REPLACE TEMP MACRO ld_key(v) AS regexp_replace(strip_accents(lower(trim(v))), '[^a-z0-9]', '', 'g');

-- Dates: ISO (2024-03-05, also 2024-3-5 and with a time part), compact 20240305, Excel serial numbers.
CREATE OR REPLACE TEMP MACRO ld_date(v) AS CASE
    WHEN v IS NULL THEN NULL
    -- most values: ten ASCII characters with dashes at 5 and 8 (strlen counts bytes; LIKE is cheaper than substr)
    WHEN strlen(v) = 10 AND v LIKE '____-__-__' THEN try_cast(v AS DATE)
    WHEN regexp_full_match(v, '\d{4}-\d{1,2}-\d{1,2}') THEN try_cast(v AS DATE)
    WHEN regexp_full_match(v, '\d{8}') THEN CAST(try_strptime(v, '%Y%m%d') AS DATE)
    WHEN regexp_full_match(v, '\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d*)?)?(Z|[+-]\d{2}(:?\d{2})?)?')
        THEN try_cast(regexp_extract(v, '^\d{4}-\d{1,2}-\d{1,2}') AS DATE)
    WHEN regexp_full_match(v, '\d{5}') THEN DATE '1899-12-30' + CAST(v AS INTEGER)
END;

CREATE OR REPLACE TEMP MACRO ld_bool(v) AS CASE
    WHEN lower(v) IN ('ja', 'j', '1', '1.0', 'true', 'sant', 'yes', 'y', 't') THEN true
    WHEN lower(v) IN ('nej', 'n', '0', '0.0', 'false', 'falskt', 'no', 'f') THEN false
END;

-- (ld_key written once: DuckDB computes an expression repeated in a CASE for every row, regular
-- expressions included, while K and M need none.)
CREATE OR REPLACE TEMP MACRO ld_sex(v) AS CASE
    WHEN v IN ('K', 'M') THEN v
    ELSE MAP {'k': 'K', 'kvinna': 'K', 'kvinnor': 'K', 'f': 'K', 'female': 'K', 'w': 'K', '2': 'K',
              'm': 'M', 'man': 'M', 'male': 'M', '1': 'M'}[ld_key(v)]
END;

-- End types also by KVÅ code: a suffix (x50) or a whole code (VG950 -> x50).
CREATE OR REPLACE TEMP MACRO ld_end_key(v) AS regexp_replace(ld_key(v), '^v[a-z][0-9a-z]([0-9]{2})$', 'x\1');

-- Personnummer / samordningsnummer: (CC)YYMMDD[-+ ]NNNN with a plausible month and day (day + 60 for
-- samordningsnummer); ld_pnr_digits gives the ten digits the check digit covers, else NULL.
CREATE OR REPLACE TEMP MACRO ld_pnr_digits(v) AS CASE
    WHEN strlen(v) BETWEEN 10 AND 40  -- cheap byte-length test first: most values stop here
         AND regexp_full_match(v,
             ' *(19|20)?\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+ ]?\d{4} *')
    THEN right(regexp_replace(v, '[^0-9]', '', 'g'), 10)
END;
-- Cheap necessary condition for both shapes below (ld_pnr_digits, ld_pnr_inside), tested first so
-- that almost every value stops before a regular expression: at least ten bytes, not an ISO date
-- (at most four digits in a row), a 0 or 1 somewhere (the month's first digit), and ten digits in a
-- row, optionally split by -, + or a space.
CREATE OR REPLACE TEMP MACRO ld_pnr_cand(v) AS
    strlen(v) >= 10
    AND NOT (strlen(v) = 10 AND substr(v, 5, 1) = '-' AND substr(v, 8, 1) = '-')
    AND (contains(v, '0') OR contains(v, '1'))
    AND regexp_matches(v, '\d{6}[-+ ]?\d{4}');
CREATE OR REPLACE TEMP MACRO ld_luhn_term(d, i, w) AS
    (CAST(substr(d, i, 1) AS INTEGER) * w) // 10 + (CAST(substr(d, i, 1) AS INTEGER) * w) % 10;
CREATE OR REPLACE TEMP MACRO ld_luhn(d) AS
    (ld_luhn_term(d, 1, 2) + ld_luhn_term(d, 2, 1) + ld_luhn_term(d, 3, 2) + ld_luhn_term(d, 4, 1)
     + ld_luhn_term(d, 5, 2) + ld_luhn_term(d, 6, 1) + ld_luhn_term(d, 7, 2) + ld_luhn_term(d, 8, 1)
     + ld_luhn_term(d, 9, 2) + ld_luhn_term(d, 10, 1)) % 10 = 0;

-- Values shown in messages and kept as raw text never reveal anything shaped like an identity number.
CREATE OR REPLACE TEMP MACRO ld_mask(v) AS regexp_replace(v, '(19|20)?\d{6}[-+ ]?\d{4}', '[maskerat]', 'g');
CREATE OR REPLACE TEMP MACRO ld_show(v) AS '''' || left(ld_mask(v), 60) || '''';

-- The file's own header for a canonical column (table _hdr and the map variable ld_hdr, filled per
-- load by headers.sql). A variable, not a subquery: it is a constant when the query is planned, so
-- validation stays one scan with projections (no join, which keeps the input's row order).
CREATE TEMP TABLE IF NOT EXISTS _hdr (col VARCHAR, header VARCHAR);
CREATE OR REPLACE TEMP MACRO ld_h(c) AS coalesce(getvariable('ld_hdr')[c], c);

-- Reference codes as written in a file -> the catalogue's code (NULL when unknown), with the maps
-- set by aliases.sql: first the exact spelling of a catalogue code (most values), then the matching
-- key of any alias. Map lookups instead of joins, for the same reason as ld_h.
CREATE OR REPLACE TEMP MACRO ld_region(v) AS coalesce(getvariable('ld_region_exact')[v],
    getvariable('ld_region_alias')[ld_key(regexp_replace(v, '\.0+$', ''))]);
CREATE OR REPLACE TEMP MACRO ld_svf(v) AS coalesce(getvariable('ld_svf_exact')[v], getvariable('ld_svf_alias')[ld_key(v)]);
CREATE OR REPLACE TEMP MACRO ld_end_type(v) AS coalesce(getvariable('ld_end_type_exact')[v],
    getvariable('ld_end_type_alias')[ld_end_key(v)]);

-- One problem with one value: {col, reason}.
CREATE OR REPLACE TEMP MACRO ld_err(c, r) AS {'col': c, 'reason': r};

CREATE OR REPLACE TEMP MACRO ld_required(c, v) AS CASE WHEN v IS NULL THEN ld_err(c, 'värde saknas') END;

-- A date column: unreadable, in the future or implausibly early; `required` adds 'värde saknas'.
CREATE OR REPLACE TEMP MACRO ld_date_err(c, v, d, required) AS CASE
    WHEN v IS NULL AND required THEN ld_err(c, 'värde saknas')
    WHEN v IS NOT NULL AND d IS NULL THEN ld_err(c, 'datumet ' || ld_show(v) || ' går inte att tolka (skriv ÅÅÅÅ-MM-DD)')
    WHEN d > current_date THEN ld_err(c, 'datumet ' || d || ' ligger i framtiden')
    WHEN d < DATE '1900-01-01' THEN ld_err(c, 'datumet ' || d || ' är orimligt tidigt')
END;

-- An intermediate pathway date must lie between vm_date and end_date.
CREATE OR REPLACE TEMP MACRO ld_between_err(c, d, vm, e) AS CASE
    WHEN d < vm THEN ld_err(c, 'datumet ' || d || ' ligger före ' || ld_h('vm_date') || ' (' || vm || ')')
    WHEN d > e THEN ld_err(c, 'datumet ' || d || ' ligger efter ' || ld_h('end_date') || ' (' || e || ')')
END;

CREATE OR REPLACE TEMP MACRO ld_bool_err(c, v, required) AS CASE
    WHEN v IS NULL AND required THEN ld_err(c, 'värde saknas')
    WHEN v IS NOT NULL AND ld_bool(v) IS NULL THEN ld_err(c, 'värdet ' || ld_show(v) || ' är varken ja eller nej')
END;

CREATE OR REPLACE TEMP MACRO ld_age(v) AS try_cast(replace(v, ',', '.') AS DOUBLE);
CREATE OR REPLACE TEMP MACRO ld_age_err(v, n) AS CASE
    WHEN v IS NOT NULL AND n IS NULL THEN ld_err('age', 'åldern ' || ld_show(v) || ' är inte ett tal')
    WHEN n < 0 OR n > 120 THEN ld_err('age', 'åldern ' || ld_show(v) || ' är orimlig (0–120 år)')
END;

CREATE OR REPLACE TEMP MACRO ld_sex_err(v, ok) AS CASE
    WHEN v IS NOT NULL AND ok IS NULL THEN ld_err('sex', 'okänt kön ' || ld_show(v) || ' (skriv K eller M)')
END;

CREATE OR REPLACE TEMP MACRO ld_code_err(c, v, code, what) AS CASE
    WHEN v IS NULL THEN NULL
    WHEN code IS NULL THEN ld_err(c, 'okänd ' || what || ' ' || ld_show(v))
END;

-- A personnummer or samordningsnummer somewhere inside a longer value ('P-19121212-1212', 'ref
-- 121212-1212'): digits not touching other digits, a plausible month and day, and a valid check digit
-- (here always required: ids built from a date and a serial number, 'R-20240101-0001', must pass).
-- Each candidate swallows the digits that follow it (\d*) instead of a boundary character, so the
-- next candidate still finds its own (regexp_extract_all does not overlap); a candidate with digits
-- after it then fails the full match.
CREATE OR REPLACE TEMP MACRO ld_pnr_inside(v) AS
    strlen(v) >= 10
    AND regexp_matches(v, '\d{6}[-+ ]?\d{4}')  -- cheap test first
    AND coalesce(list_bool_or(list_transform(
        regexp_extract_all(v,
            '(?:^|[^0-9])((?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+ ]?\d{4}\d*)', 1),
        lambda m: regexp_full_match(m,
                      '(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+ ]?\d{4}')
                  AND ld_luhn(right(regexp_replace(m, '[^0-9]', '', 'g'), 10)))), false);

-- A value of personnummer shape in a column whose text is stored (ids, patient_id, unit, unit_type)
-- refuses its row; the value is never shown. The whole value: twelve digits (century included) count
-- whatever the check digit, since a typo in the last digit still identifies a person; ten digits only
-- with a valid check digit, so that most ten-digit numeric ids pass. Inside a longer value: see
-- ld_pnr_inside. `checked` lists the columns where the column scan (column_scan_pnr.sql) found any
-- value of either shape: the others skip the test; in those, values failing ld_pnr_cand skip it too.
CREATE OR REPLACE TEMP MACRO ld_pnr_err(c, v, checked) AS CASE
    WHEN NOT list_contains(checked, c) OR v IS NULL OR NOT ld_pnr_cand(v) THEN NULL
    WHEN ld_pnr_digits(v) IS NOT NULL
         AND (strlen(regexp_replace(v, '[^0-9]', '', 'g')) = 12 OR ld_luhn(ld_pnr_digits(v)))
    THEN ld_err(c, 'värdet ser ut som ett personnummer och lagras inte'
                   || CASE WHEN c = 'patient_id' THEN ' (använd en pseudonym)' ELSE '' END)
    WHEN ld_pnr_inside(v)
    THEN ld_err(c, 'värdet innehåller något som ser ut som ett personnummer och lagras inte'
                   || CASE WHEN c = 'patient_id' THEN ' (använd en pseudonym)' ELSE '' END)
END;

-- ICD-10 code as stored: upper case without dots and spaces ('c50.9 ' -> 'C509'); the catalogue's
-- codes get the same treatment in ingest/reference.py (normalise_icd10).
CREATE OR REPLACE TEMP MACRO ld_icd(v) AS upper(regexp_replace(v, '[\s.]', '', 'g'));
