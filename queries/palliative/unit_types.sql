-- Palliative coverage by place/type of care (death.unit_type; NULL = not given): deaths and those
-- registered in Palliativregistret, period by death_date in [$from_date, $to_date). Read from the
-- death table directly: unit_type is not in the month sums of base_death.sql.
SELECT coalesce(d.unit_type, '') AS unit_type, count(*) AS n_deaths,
       count(*) FILTER (WHERE d.registered) AS n_registered
FROM death d
LEFT JOIN region r ON r.region_code = d.region_code
WHERE d.death_date >= $from_date AND d.death_date < $to_date
  AND (len($regions) = 0 OR list_contains($regions, d.region_code))
  AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, r.healthcare_region))
GROUP BY ALL
ORDER BY n_deaths DESC
