-- metrics.prepare(): queries/base/death.sql for the whole snapshot (bound to periods.OPEN_FROM /
-- OPEN_TO) as sums per region and month: exact for every filter, since periods are whole months
-- and the period bounds are always first days of months (d becomes the month's first day).
-- Ordered by d for range reads (queries/cache/read_death.sql).
-- metrics.core puts the base SQL where the include line is.
CREATE OR REPLACE TABLE _metrics_cache_death AS
WITH base_death AS (
-- include: base/death
)
SELECT region_code, healthcare_region, CAST(date_trunc('month', d) AS DATE) AS d,
       CAST(sum(n_deaths) AS BIGINT) AS n_deaths, CAST(sum(n_registered) AS BIGINT) AS n_registered
FROM base_death
GROUP BY ALL
ORDER BY d
