-- _src over _csv with each row's line number: row + 2 + the offset in force at that row (_breaks). An
-- ASOF join on the few break points is far cheaper than joining a line number to every row.
CREATE OR REPLACE TEMP VIEW _src AS
SELECT CAST(c.rowid + 2 + b.off AS INTEGER) AS _line, c.*
FROM _csv c ASOF JOIN _breaks b ON c.rowid >= b.start_row
