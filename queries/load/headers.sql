-- The file's own header for each canonical column (the canonical name where the file has none), so
-- that messages say 'mdk' when the file says 'mdk'. Input: _hdr_df (col, header) from ingest/load.py;
-- _hdr is created empty with the macros; ld_h reads the map ld_hdr made from it.
DELETE FROM _hdr;
INSERT INTO _hdr SELECT col, header FROM _hdr_df;
SET VARIABLE ld_hdr = (SELECT map(list(col), list(header)) FROM _hdr);
