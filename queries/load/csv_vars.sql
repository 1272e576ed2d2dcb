-- How ingest/readers.py reads a text file, kept as a variable so that the views over the file
-- (csv_view.sql) read it with the same options every time: $path, $delim, $columns ({c0: VARCHAR, ...}).
SET VARIABLE ld_csv = {'path': $path, 'delim': $delim, 'columns': $columns}
