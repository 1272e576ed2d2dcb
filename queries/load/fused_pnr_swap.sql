-- The fused read validated again with the row-by-row personnummer test (ingest/load.py) replaces the
-- first result; the view _validated reads whichever table is called _fused.
DROP TABLE _fused;
ALTER TABLE _fused_pnr RENAME TO _fused;
