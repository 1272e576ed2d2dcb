-- The exact column scan, run only when column_scan.sql found a candidate value (ld_pnr_cand) in some
-- column: it evaluates the identity-number shapes on every value. One pass over every column of the
-- file (c0, c1, ... in _src): non-empty values, values shaped like
-- a personnummer, those whose check digit (Luhn) is valid, and values that are empty strings or have
-- spaces around them (only such columns get trimmed, which saves most of the trimming work), and values
-- holding ten digits in a row (optionally split by -, + or a space) anywhere inside: candidates for
-- ld_pnr_inside. Result: one row; each measure for all columns in order, then the next measure.
SELECT
    count(COLUMNS(* EXCLUDE (_line))),
    count(ld_pnr_digits(COLUMNS(* EXCLUDE (_line)))),
    count(CASE WHEN ld_luhn(ld_pnr_digits(COLUMNS(* EXCLUDE (_line)))) THEN 1 END),
    count(CASE WHEN prefix(COLUMNS(* EXCLUDE (_line)), ' ') OR suffix(COLUMNS(* EXCLUDE (_line)), ' ')
                    OR COLUMNS(* EXCLUDE (_line)) = '' THEN 1 END),
    count(CASE WHEN strlen(COLUMNS(* EXCLUDE (_line))) >= 10
                    AND regexp_matches(COLUMNS(* EXCLUDE (_line)), '\d{6}[-+ ]?\d{4}') THEN 1 END)
FROM _src
