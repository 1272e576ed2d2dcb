-- Phase rows after the filters (read straight from the facts: the CLI's one-query path).
-- The same filters as queries/lead_time_rows.sql; metrics.phases turns them into phase tables.
WITH b AS (
-- include: phases/base
)
SELECT region_code, healthcare_region, svf, unit, d, lead_days, max_days, ph1, ph2, ph3, ph4, ph5
FROM b
WHERE (len($regions) = 0 OR list_contains($regions, b.region_code))
  AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
  AND (len($svfs) = 0 OR list_contains($svfs, b.svf))
  AND (len($units) = 0 OR list_contains($units, b.unit))
