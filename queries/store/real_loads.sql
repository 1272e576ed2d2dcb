-- How many loads put real (non-demo) files into the store: a demo build must not overwrite them.
SELECT count(*) FROM load_log WHERE NOT is_demo
