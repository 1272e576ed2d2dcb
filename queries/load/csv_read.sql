-- The reader's one full pass over a text file (options in the variable ld_csv, csv_vars.sql): every
-- column VARCHAR, named by position, nothing auto-detected. Rows that cannot be split into fields go to
-- _rej_errors instead of failing the read. The same pass counts the rows and scans every column
-- (column_scan.sql's quick measures: filled, padded, personnummer candidates), so the file's text is
-- never stored in between. Result: one row, count(*) and then each measure for all columns in order.
SELECT
    count(*),
    count(COLUMNS(*)),
    count(CASE WHEN COLUMNS(*) = '' OR prefix(COLUMNS(*), ' ') OR suffix(COLUMNS(*), ' ') THEN 1 END),
    count(CASE WHEN ld_pnr_cand(COLUMNS(*)) THEN 1 END)
FROM read_csv(getvariable('ld_csv').path, header = true, auto_detect = false, delim = getvariable('ld_csv').delim,
              quote = '"', escape = '"', columns = getvariable('ld_csv').columns,
              store_rejects = true, rejects_table = '_rej_errors', rejects_scan = '_rej_scans')
