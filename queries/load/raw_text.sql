-- The refused rows as text (fields joined by $delim), for rejected_row.raw; structural rejects keep
-- the line exactly as the CSV reader saw it.
SELECT _line, array_to_string(list_transform([*COLUMNS(* EXCLUDE (_line))], lambda x: coalesce(x, '')), $delim)
       AS raw
FROM _src
WHERE _line IN (SELECT _line FROM _rejects)
UNION ALL
SELECT _line, raw FROM _structural
