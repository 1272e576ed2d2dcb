-- _csv: the text file as a view (read again by each query that uses it, never stored), with the
-- same options as csv_read.sql; rows that pass refused there are skipped here, so _row (0, 1, ...)
-- numbers the same rows. row_number() over an empty OVER () follows the file's order.
CREATE OR REPLACE TEMP VIEW _csv AS
SELECT row_number() OVER () - 1 AS _row, *
FROM read_csv(getvariable('ld_csv').path, header = true, auto_detect = false, delim = getvariable('ld_csv').delim,
              quote = '"', escape = '"', columns = getvariable('ld_csv').columns, ignore_errors = true)
