-- Rows the fused read kept, and whether any value of any column passed ld_pnr_cand (the cheap
-- necessary condition of a personnummer shape): only then is the file scanned exactly.
SELECT count(*), coalesce(bool_or(_cand), false) FROM _fused
