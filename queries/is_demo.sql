-- Does the store hold synthetic demo data (any load marked is_demo)?
SELECT coalesce(bool_or(is_demo), false) AS is_demo FROM load_log
