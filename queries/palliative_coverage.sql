-- Palliative coverage: deaths registered in Palliativregistret divided by all deaths; period by
-- death_date. Rows (or month sums after prepare()) come from base_death.sql, already limited to
-- the period. Grouping as in lead_time.sql.
WITH agg AS (
    SELECT CASE WHEN $by_region THEN b.region_code END AS region,
           CASE WHEN $by_healthcare_region THEN b.healthcare_region END AS healthcare_region,
           CASE WHEN $by_month THEN date_trunc('month', b.d) END AS m,
           CASE WHEN $by_quarter THEN date_trunc('quarter', b.d) END AS q,
           CASE WHEN $by_half_year THEN make_date(year(b.d), CASE WHEN month(b.d) <= 6 THEN 1 ELSE 7 END, 1) END AS h,
           CASE WHEN $by_year THEN date_trunc('year', b.d) END AS y,
           CAST(sum(b.n_deaths) AS BIGINT) AS n_deaths,
           CAST(sum(b.n_registered) AS BIGINT) AS n_registered
    FROM base_death b
    WHERE (len($regions) = 0 OR list_contains($regions, b.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
    GROUP BY ALL
)
SELECT region, healthcare_region,
       strftime(m, '%Y-%m') AS month,
       CAST(year(q) AS VARCHAR) || '-Q' || CAST(quarter(q) AS VARCHAR) AS quarter,
       CAST(year(h) AS VARCHAR) || CASE WHEN month(h) = 1 THEN '-H1' ELSE '-H2' END AS half_year,
       CAST(year(y) AS VARCHAR) AS year,
       n_deaths, n_registered
FROM agg
