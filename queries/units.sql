-- Care units present in the pathways (optionally within some regions), for checking --unit.
SELECT DISTINCT unit, region_code
FROM svf_pathway
WHERE unit IS NOT NULL
  AND (len($regions) = 0 OR list_contains($regions, region_code))
ORDER BY unit
