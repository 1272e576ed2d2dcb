-- Lead-time distribution per group (same population as lead_time.sql): quantiles of the days from
-- VM to the treatment start, the most common limit, and how far the late patients were over it.
WITH p AS (
    SELECT p.region_code, r.healthcare_region, p.svf, p.end_type, p.unit, p.end_date AS d,
           p.end_date - p.vm_date AS lead_days, l.max_days
    FROM svf_pathway p
    JOIN lead_time_limit l
      ON l.svf = p.svf AND l.end_type = p.end_type AND l.workup = p.workup
     AND p.vm_date >= l.valid_from AND (l.valid_to IS NULL OR p.vm_date < l.valid_to)
    LEFT JOIN region r ON r.region_code = p.region_code
    WHERE l.max_days IS NOT NULL
      AND p.end_type IN (SELECT end_type FROM end_type WHERE is_treatment_start)
      AND p.end_date >= $from_date AND p.end_date < $to_date
      AND (len($regions) = 0 OR list_contains($regions, p.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, r.healthcare_region))
      AND (len($svfs) = 0 OR list_contains($svfs, p.svf))
      AND (len($units) = 0 OR list_contains($units, p.unit))
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
           mode(max_days) AS limit_days,
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
