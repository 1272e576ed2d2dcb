-- metrics.core.all_regions_present(): the catalogue's regions of which the store holds no SVF pathway
-- and no cancer case at all (any row counts: the question is which regions the data came from, not
-- who is in a metric's population), and how many regions the catalogue has. A scan of two columns,
-- instead of the SVF metrics' base tables.
SELECT
    count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM svf_pathway p WHERE p.region_code = r.region_code)
                     AND NOT EXISTS (SELECT 1 FROM cancer_case c WHERE c.region_code = r.region_code)) AS missing,
    count(*) AS regions
FROM region r
