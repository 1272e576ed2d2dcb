-- _structural: rows of the input file that could not even be split into fields (ingest/readers.py);
-- starts empty for every file read.
CREATE OR REPLACE TEMP TABLE _structural (_line INTEGER, reason VARCHAR, raw VARCHAR)
