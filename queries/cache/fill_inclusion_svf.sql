-- metrics.prepare(): queries/base/inclusion_svf.sql for the whole snapshot (bound to
-- periods.OPEN_FROM / OPEN_TO) as sums of n per region, svf and month: exact for every filter,
-- since periods are whole months and the period bounds are always first days of months (d becomes
-- the month's first day). Ordered by d for range reads (queries/cache/read_inclusion_svf.sql).
-- metrics.core puts the base SQL where the include line is.
CREATE OR REPLACE TABLE _metrics_cache_inclusion_svf AS
WITH base_inclusion_svf AS (
-- include: base/inclusion_svf
)
SELECT region_code, healthcare_region, svf, CAST(date_trunc('month', d) AS DATE) AS d,
       CAST(sum(n) AS BIGINT) AS n
FROM base_inclusion_svf
GROUP BY ALL
ORDER BY d
