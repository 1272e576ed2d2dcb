-- New contents of svf_pathway: stored pathways not in this load, then this load's rows (a pathway_id
-- that was stored before is replaced).
SELECT s.* FROM svf_pathway s ANTI JOIN _accepted a ON a.pathway_id = s.pathway_id
UNION ALL BY NAME
SELECT * EXCLUDE (_line), CAST($load_id AS INTEGER) AS load_id FROM _accepted
