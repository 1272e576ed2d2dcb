-- The rows of queries/base/lead_time.sql in [$from_date, $to_date), read from the table
-- metrics.prepare() filled (queries/cache/fill_lead_time.sql; ordered by d, so the range read
-- skips whole row groups). metrics.core puts this in front of the metric SQL as the CTE
-- `base_lead_time` in place of the base SQL.
SELECT * FROM _metrics_cache_lead_time WHERE d >= $from_date AND d < $to_date
