-- A text file read as CSV into _csv: every column VARCHAR, named by position ($columns: {c0: VARCHAR,
-- ...}), with the delimiter the header line showed ($delim). Nothing is auto-detected. Rows that cannot
-- be split into fields go to _rej_errors instead of failing the read.
CREATE OR REPLACE TEMP TABLE _csv AS
SELECT * FROM read_csv($path, header = true, auto_detect = false, delim = $delim, quote = '"', escape = '"',
                       columns = $columns, store_rejects = true, rejects_table = '_rej_errors',
                       rejects_scan = '_rej_scans')
