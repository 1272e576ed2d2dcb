-- Earlier loads of a file with the same content.
SELECT load_id, kind, file_name, strftime(loaded_at, '%Y-%m-%d %H:%M') AS loaded_at
FROM load_log
WHERE content_sha256 = $sha256
ORDER BY load_id
