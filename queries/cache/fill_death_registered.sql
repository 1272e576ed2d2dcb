-- metrics.prepare(): queries/base/death_registered.sql for the whole snapshot (bound to
-- periods.OPEN_FROM / OPEN_TO) as sums per region, expected, indicator and month (the base is
-- already per month; summing again keeps one row per group). Exact for every filter, since periods
-- are whole months. Ordered by d for range reads (queries/cache/read_death_registered.sql).
-- metrics.core puts the base SQL where the include line is.
CREATE OR REPLACE TABLE _metrics_cache_death_registered AS
WITH base_death_registered AS (
-- include: base/death_registered
)
SELECT region_code, healthcare_region, expected, indicator, CAST(date_trunc('month', d) AS DATE) AS d,
       CAST(sum(n) AS BIGINT) AS n, CAST(sum(met) AS BIGINT) AS met, CAST(sum(ans) AS BIGINT) AS ans
FROM base_death_registered
GROUP BY ALL
ORDER BY d
