-- rejected_row with this load's refused rows added. raw is the row as read, with anything shaped
-- like a personnummer masked. Input: _rejects (load_rejects.sql), _raw_text (_line, raw).
SELECT * FROM rejected_row
UNION ALL BY NAME
SELECT
    CAST($load_id AS INTEGER) AS load_id,
    CAST($file_name AS VARCHAR) AS file_name,
    r._line AS line_number,
    r.column_name,
    r.reason,
    ld_mask(t.raw) AS raw
FROM _rejects r LEFT JOIN _raw_text t ON t._line = r._line
