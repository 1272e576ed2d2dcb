-- New contents of register_case (key register + case_id): stored registrations and this load's rows,
-- one row per key with the EARLIEST registration date — a case counts as registered from its first
-- registration, so a later row (a new load, or a second row in the same file) never moves the date
-- forward; an earlier one does. The row kept carries the load that gave that date (on a tie the
-- stored row: a repeated registration changes nothing).
SELECT register, case_id,
       min(registered_date) AS registered_date,
       arg_min(load_id, (registered_date, src)) AS load_id
FROM (
    SELECT s.register, s.case_id, s.registered_date, s.load_id, 0 AS src FROM register_case s
    UNION ALL
    SELECT a.register, a.case_id, a.registered_date, CAST($load_id AS INTEGER) AS load_id, 1 AS src
    FROM _accepted a
)
GROUP BY register, case_id
