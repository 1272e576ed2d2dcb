-- _validated over _fused with each row's line number: row + 2 + the offset in force at that row
-- (_breaks, as in csv_src_breaks.sql).
CREATE OR REPLACE TEMP VIEW _validated AS
SELECT CAST(f.rowid + 2 + b.off AS INTEGER) AS _line, f.* EXCLUDE (_line, _cand)
FROM _fused f ASOF JOIN _breaks b ON f.rowid >= b.start_row
