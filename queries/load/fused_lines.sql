-- _validated over _fused (the fused read's validated rows, in file order) when every data row sits on
-- its own line right after the header: line = row + 2.
CREATE OR REPLACE TEMP VIEW _validated AS
SELECT CAST(rowid + 2 AS INTEGER) AS _line, * EXCLUDE (_line, _cand) FROM _fused
