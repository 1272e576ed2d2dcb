-- The quick column scan, one pass over every column of the file (c0, c1, ... in _src): non-empty
-- values, values that are empty strings or have spaces around them (only such columns get trimmed,
-- which saves most of the trimming work), and values passing ld_pnr_cand, the cheap necessary
-- condition of a personnummer shape. Result: one row; each measure for all columns in order, then the
-- next measure. Only when some column has a candidate does the exact scan (column_scan_pnr.sql) run.
-- (Each measure is one expression on purpose: DuckDB evaluates an expression repeated across
-- measures once for every row, before any CASE could skip it.)
SELECT
    count(COLUMNS(* EXCLUDE (_line))),
    count(CASE WHEN COLUMNS(* EXCLUDE (_line)) = '' OR prefix(COLUMNS(* EXCLUDE (_line)), ' ')
                    OR suffix(COLUMNS(* EXCLUDE (_line)), ' ') THEN 1 END),
    count(CASE WHEN ld_pnr_cand(COLUMNS(* EXCLUDE (_line))) THEN 1 END)
FROM _src
