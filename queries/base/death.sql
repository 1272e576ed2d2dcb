-- Death rows for palliative coverage (read by palliative_coverage.sql as `base_death`): period by
-- death_date (d) in [$from_date, $to_date); n_deaths = 1, n_registered = 1 when registered in
-- Palliativregistret. metrics.prepare() keeps the sums per region and month (exact for every
-- filter, periods being whole months), so the metric always sums.
SELECT d.region_code, r.healthcare_region, d.death_date AS d, 1 AS n_deaths,
       CAST(d.registered AS INTEGER) AS n_registered
FROM death d
LEFT JOIN region r ON r.region_code = d.region_code
WHERE d.death_date >= $from_date AND d.death_date < $to_date
