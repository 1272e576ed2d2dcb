-- Every column of the canonical tables, in order (read from an in-memory database built from store/schema.sql).
SELECT table_name, column_name, data_type FROM information_schema.columns
ORDER BY table_name, ordinal_position
