-- The next load's id: one more than the highest so far.
SELECT coalesce(max(load_id), 0) + 1 FROM load_log
