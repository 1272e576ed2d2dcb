-- The rows of queries/base/death_registered.sql in [$from_date, $to_date), read from the table
-- metrics.prepare() filled (queries/cache/fill_death_registered.sql; ordered by d, so the range read
-- skips whole row groups). metrics.core puts this in front of the metric SQL as the CTE
-- `base_death_registered` in place of the base SQL.
SELECT * FROM _metrics_cache_death_registered WHERE d >= $from_date AND d < $to_date
