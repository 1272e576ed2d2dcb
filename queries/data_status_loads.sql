-- Every load into the store, newest first.
SELECT * FROM load_log ORDER BY load_id DESC
