-- The rows the CSV reader refused (load_csv_read.sql), one per record: its first error and the line
-- as read.
SELECT line, arg_min(error_type, column_idx), arg_min(error_message, column_idx), arg_min(csv_line, column_idx)
FROM _rej_errors
GROUP BY line
ORDER BY line
