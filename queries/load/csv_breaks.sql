-- The rows where the line offset changes (blank lines, refused rows, line breaks inside quotes),
-- from the Arrow table registered as _breaks_df: (start_row, off).
CREATE OR REPLACE TEMP TABLE _breaks AS SELECT * FROM _breaks_df
