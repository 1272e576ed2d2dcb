-- metrics.prepare(): the rows of queries/base/lead_time.sql for the whole snapshot (bound to
-- periods.OPEN_FROM / OPEN_TO), ordered by the period d so that a range read
-- (queries/cache/read_lead_time.sql) skips whole row groups. metrics.core puts the base SQL where
-- the include line is.
CREATE OR REPLACE TABLE _metrics_cache_lead_time AS
WITH base_lead_time AS (
-- include: base/lead_time
)
SELECT region_code, healthcare_region, svf, end_type, unit, d, lead_days, max_days, unverified
FROM base_lead_time
ORDER BY d
