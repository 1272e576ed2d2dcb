-- New contents of register_case: stored registrations not in this load (key register + case_id),
-- then this load's rows.
SELECT s.* FROM register_case s ANTI JOIN _accepted a ON a.register = s.register AND a.case_id = s.case_id
UNION ALL BY NAME
SELECT * EXCLUDE (_line), CAST($load_id AS INTEGER) AS load_id FROM _accepted
