-- The rows of queries/base/inclusion_svf.sql in [$from_date, $to_date), read from the table
-- metrics.prepare() filled (queries/cache/fill_inclusion_svf.sql; ordered by d, so the range read
-- skips whole row groups). metrics.core puts this in front of the metric SQL as the CTE
-- `base_inclusion_svf` in place of the base SQL.
SELECT * FROM _metrics_cache_inclusion_svf WHERE d >= $from_date AND d < $to_date
