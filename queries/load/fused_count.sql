-- Rows the fused read kept; whether a value passed ld_pnr_cand (the cheap necessary condition of a
-- personnummer shape) in a column whose text is stored or that is not read; rows with failed checks.
-- Only when either of the last two is not zero is the file scanned exactly (ingest/load.py).
SELECT count(*), coalesce(bool_or(_cand), false), count(*) FILTER (WHERE len(_errors) > 0) FROM _fused
