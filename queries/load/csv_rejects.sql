-- The rows a CSV read refused (the rejects table $rejects of csv_scan.sql), one per record: its first
-- error and the line as read.
SELECT line, arg_min(error_type, column_idx), arg_min(error_message, column_idx), arg_min(csv_line, column_idx)
FROM query_table($rejects)
GROUP BY line
ORDER BY line
