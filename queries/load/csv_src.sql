-- _src over _csv when every data row sits on its own line right after the header: line = row + 2.
CREATE OR REPLACE TEMP VIEW _src AS SELECT CAST(rowid + 2 AS INTEGER) AS _line, * FROM _csv
