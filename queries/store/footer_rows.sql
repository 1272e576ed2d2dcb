-- store.snapshot_problems(): the row count in each Parquet file's footer (no data read).
SELECT file_name, num_rows FROM parquet_file_metadata($files)
