-- Palliative coverage: deaths registered in Palliativregistret divided by all deaths; period by
-- death_date. Rows (or month sums after prepare()) come from base_death.sql, already limited to
-- the period. Grouping as in lead_time_rows.sql.
SELECT CASE WHEN $by_region THEN b.region_code END AS region,
       CASE WHEN $by_healthcare_region THEN b.healthcare_region END AS healthcare_region,
       period_start(b.d, 'month', $by_month) AS m, period_start(b.d, 'quarter', $by_quarter) AS q,
       period_start(b.d, 'half_year', $by_half_year) AS h, period_start(b.d, 'year', $by_year) AS y,
       CAST(sum(b.n_deaths) AS BIGINT) AS n_deaths,
       CAST(sum(b.n_registered) AS BIGINT) AS n_registered
FROM base_death b
WHERE (len($regions) = 0 OR list_contains($regions, b.region_code))
  AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
GROUP BY ALL
