-- Phase rows after the filters, from the table metrics.phases.prepare() filled (fill_cache.sql):
-- the same rows as rows.sql.
SELECT region_code, healthcare_region, svf, unit, d, lead_days, max_days, ph1, ph2, ph3, ph4, ph5
FROM _metrics_cache_phases b
WHERE b.d >= $from_date AND b.d < $to_date
  AND (len($regions) = 0 OR list_contains($regions, b.region_code))
  AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
  AND (len($svfs) = 0 OR list_contains($svfs, b.svf))
  AND (len($units) = 0 OR list_contains($units, b.unit))
