-- Lead-time distribution per group (same population as lead_time.sql): quantiles of the days from
-- VM to the treatment start, the most common limit, and how far the late patients were over it.
-- Rows come from base_lead_time.sql (already limited to the period).
WITH p AS (
    SELECT * FROM base_lead_time b
    WHERE (len($regions) = 0 OR list_contains($regions, b.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
      AND (len($svfs) = 0 OR list_contains($svfs, b.svf))
      AND (len($units) = 0 OR list_contains($units, b.unit))
),
agg AS (
    SELECT CASE WHEN $by_region THEN region_code END AS region,
           CASE WHEN $by_healthcare_region THEN healthcare_region END AS healthcare_region,
           CASE WHEN $by_svf THEN svf END AS svf,
           CASE WHEN $by_end_type THEN end_type END AS end_type,
           CASE WHEN $by_unit THEN unit END AS unit,
           CASE WHEN $by_month THEN date_trunc('month', d) END AS m,
           CASE WHEN $by_quarter THEN date_trunc('quarter', d) END AS q,
           CASE WHEN $by_half_year THEN make_date(year(d), CASE WHEN month(d) <= 6 THEN 1 ELSE 7 END, 1) END AS h,
           CASE WHEN $by_year THEN date_trunc('year', d) END AS y,
           count(*) AS n,
           quantile_cont(lead_days, [0.1, 0.25, 0.5, 0.75, 0.8, 0.9]) AS qs,
           -- the most common limit; a tie goes to the smaller (stricter) one, whatever the row order
           CAST(list_sort(list_transform(map_entries(histogram(max_days)),
                                         lambda e: [-CAST(e.value AS BIGINT), e.key]))[1][2] AS INTEGER) AS limit_days,
           count_if(lead_days > max_days) AS n_late,
           avg(lead_days - max_days) FILTER (WHERE lead_days > max_days) AS mean_days_over
    FROM p
    GROUP BY ALL
)
SELECT region, healthcare_region, svf, end_type, unit,
       strftime(m, '%Y-%m') AS month,
       CAST(year(q) AS VARCHAR) || '-Q' || CAST(quarter(q) AS VARCHAR) AS quarter,
       CAST(year(h) AS VARCHAR) || CASE WHEN month(h) = 1 THEN '-H1' ELSE '-H2' END AS half_year,
       CAST(year(y) AS VARCHAR) AS year,
       n, qs[1] AS p10, qs[2] AS p25, qs[3] AS median, qs[4] AS p75, qs[5] AS p80, qs[6] AS p90,
       limit_days, n_late, mean_days_over
FROM agg
