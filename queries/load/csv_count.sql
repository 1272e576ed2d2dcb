-- Data rows the CSV reader accepted.
SELECT count(*) FROM _csv
