-- New contents of death: stored deaths not in this load, then this load's rows.
SELECT s.* FROM death s ANTI JOIN _accepted a ON a.death_id = s.death_id
UNION ALL BY NAME
SELECT * EXCLUDE (_line), CAST($load_id AS INTEGER) AS load_id FROM _accepted
