-- Lead-time distribution per group (same population and groups as lead_time.sql, through
-- lead_time_rows.sql): quantiles of the days from VM to the treatment start, the most common
-- limit, and how far the late patients were over it.
SELECT * EXCLUDE (qs), qs[1] AS p10, qs[2] AS p25, qs[3] AS median, qs[4] AS p75, qs[5] AS p80, qs[6] AS p90
FROM (
SELECT region, healthcare_region, svf, end_type, unit, m, q, h, y,
       count(*) AS n,
       quantile_cont(lead_days, [0.1, 0.25, 0.5, 0.75, 0.8, 0.9]) AS qs,
       -- the most common limit; a tie goes to the smaller (stricter) one, whatever the row order
       CAST(list_sort(list_transform(map_entries(histogram(max_days)),
                                     lambda e: [-CAST(e.value AS BIGINT), e.key]))[1][2] AS INTEGER) AS limit_days,
       count_if(lead_days > max_days) AS n_late,
       avg(lead_days - max_days) FILTER (WHERE lead_days > max_days) AS mean_days_over
FROM lead_time_rows
GROUP BY ALL
)
