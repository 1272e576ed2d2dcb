-- metrics.phases.prepare(): the phase rows of the whole snapshot (bound to the open period), ordered
-- by the period d so that rows_cached.sql's range read skips row groups. Dies with the connection.
CREATE OR REPLACE TABLE _metrics_cache_phases AS
WITH b AS (
-- include: phases/base
)
SELECT region_code, healthcare_region, svf, unit, d, lead_days, max_days, ph1, ph2, ph3, ph4, ph5
FROM b
ORDER BY d
