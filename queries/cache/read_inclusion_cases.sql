-- The rows of queries/base/inclusion_cases.sql in [$den_from_date, $den_to_date), read from the table
-- metrics.prepare() filled (queries/cache/fill_inclusion_cases.sql; ordered by d, so the range read
-- skips whole row groups). metrics.core puts this in front of the metric SQL as the CTE
-- `base_inclusion_cases` in place of the base SQL.
SELECT * FROM _metrics_cache_inclusion_cases WHERE d >= $den_from_date AND d < $den_to_date
