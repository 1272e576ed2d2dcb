-- metrics.prepare(): the rows of queries/base/register_coverage.sql for the whole snapshot (bound
-- to periods.OPEN_FROM / OPEN_TO), ordered by the period d so that a range read
-- (queries/cache/read_register_coverage.sql) skips whole row groups. metrics.core puts the base
-- SQL where the include line is.
CREATE OR REPLACE TABLE _metrics_cache_register_coverage AS
WITH base_register_coverage AS (
-- include: base/register_coverage
)
SELECT register, region_code, healthcare_region, svf, d, registered_date
FROM base_register_coverage
ORDER BY d
