-- Every refused row of this load as (line, column, reason): failed checks, rows replaced later in the
-- same file, and rows that could not be split into fields ($key_label names the key columns). Columns
-- are named by the file's own headers (ld_h).
SELECT _line, ld_h(e.col) AS column_name, e.reason, k AS _ord
FROM (SELECT _line, unnest(_errors) AS e, unnest(range(len(_errors))) AS k FROM _validated WHERE len(_errors) > 0)
UNION ALL
SELECT _line, $key_label AS column_name,
       'samma ' || $key_label || ' förekommer igen på rad ' || last_line || ' i filen; den raden gäller',
       99 AS _ord
FROM _superseded
UNION ALL
SELECT _line, NULL AS column_name, reason, 0 AS _ord FROM _structural
