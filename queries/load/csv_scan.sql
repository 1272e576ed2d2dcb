-- A text file as read by the CSV reader, the one place its options are written (ingest/readers.py
-- csv_relation): every column VARCHAR, named by position ($columns: {c0: VARCHAR, ...}), with the
-- delimiter the header line showed ($delim). Nothing is auto-detected. Rows that cannot be split into
-- fields go to the rejects tables named $rejects and $rejects_scan (see csv_rejects.sql) instead of
-- failing the read; a read whose rejects nobody asks for names a table of its own, since they append.
SELECT * FROM read_csv($path, header = true, auto_detect = false, delim = $delim, quote = '"', escape = '"',
                       columns = $columns, store_rejects = true, rejects_table = $rejects,
                       rejects_scan = $rejects_scan)
