-- The loads recorded in one snapshot's load_log (ingest check: what a repair would lose).
SELECT load_id, kind, file_name, CAST(loaded_at AS VARCHAR) AS loaded_at
FROM load_log
ORDER BY load_id
