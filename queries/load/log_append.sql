-- load_log with one more record: this load.
SELECT * FROM load_log
UNION ALL BY NAME
SELECT
    CAST($load_id AS INTEGER) AS load_id,
    CAST($kind AS VARCHAR) AS kind,
    CAST($file_name AS VARCHAR) AS file_name,
    CAST($sha256 AS VARCHAR) AS content_sha256,
    CAST($loaded_at AS TIMESTAMP) AS loaded_at,
    CAST($rows_read AS INTEGER) AS rows_read,
    CAST($rows_accepted AS INTEGER) AS rows_accepted,
    CAST($rows_rejected AS INTEGER) AS rows_rejected,
    CAST($rows_inserted AS INTEGER) AS rows_inserted,
    CAST($rows_replaced AS INTEGER) AS rows_replaced,
    false AS is_demo,
    CAST($note AS VARCHAR) AS note
