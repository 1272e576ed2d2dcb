-- The rows the fused CSV read refused (the rejects table _frej, see ingest/load.py), one per record:
-- its first error and the line as read. The same as csv_rejects.sql for the other read.
SELECT line, arg_min(error_type, column_idx), arg_min(error_message, column_idx), arg_min(csv_line, column_idx)
FROM _frej
GROUP BY line
ORDER BY line
