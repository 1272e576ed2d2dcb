-- How many rows of this load go into the store: the validated rows less those refused (failed checks
-- or replaced further down the file; the reader's structural rejects never became rows). Counted on
-- the small _rejects instead of filtering every validated row again.
SELECT (SELECT count(*) FROM _validated)
       - (SELECT count(DISTINCT _line) FROM _rejects WHERE _line NOT IN (SELECT _line FROM _structural))
