-- How many loads put synthetic demo data into the store (then real files must go elsewhere).
SELECT count(*) FROM load_log WHERE is_demo
