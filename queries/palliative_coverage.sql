-- Palliative coverage: deaths registered in Palliativregistret divided by all deaths; period by
-- death_date. Grouping as in lead_time.sql.
WITH agg AS (
    SELECT CASE WHEN $by_region THEN d.region_code END AS region,
           CASE WHEN $by_healthcare_region THEN r.healthcare_region END AS healthcare_region,
           CASE WHEN $by_month THEN date_trunc('month', d.death_date) END AS m,
           CASE WHEN $by_quarter THEN date_trunc('quarter', d.death_date) END AS q,
           CASE WHEN $by_half_year THEN make_date(year(d.death_date),
                CASE WHEN month(d.death_date) <= 6 THEN 1 ELSE 7 END, 1) END AS h,
           CASE WHEN $by_year THEN date_trunc('year', d.death_date) END AS y,
           count(*) AS n_deaths,
           count_if(d.registered) AS n_registered
    FROM death d
    LEFT JOIN region r ON r.region_code = d.region_code
    WHERE d.death_date >= $from_date AND d.death_date < $to_date
      AND (len($regions) = 0 OR list_contains($regions, d.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, r.healthcare_region))
    GROUP BY ALL
)
SELECT region, healthcare_region,
       strftime(m, '%Y-%m') AS month,
       CAST(year(q) AS VARCHAR) || '-Q' || CAST(quarter(q) AS VARCHAR) AS quarter,
       CAST(year(h) AS VARCHAR) || CASE WHEN month(h) = 1 THEN '-H1' ELSE '-H2' END AS half_year,
       CAST(year(y) AS VARCHAR) AS year,
       n_deaths, n_registered
FROM agg
