-- Add the reader's structural rejects (an Arrow table registered as _structural_df) to _structural.
INSERT INTO _structural SELECT * FROM _structural_df
