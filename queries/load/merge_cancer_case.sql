-- New contents of cancer_case: stored cases not in this load, then this load's rows.
SELECT s.* FROM cancer_case s ANTI JOIN _accepted a ON a.case_id = s.case_id
UNION ALL BY NAME
SELECT * EXCLUDE (_line), CAST($load_id AS INTEGER) AS load_id FROM _accepted
