-- Lead-time distribution per group (same population and groups as lead_time.sql, through
-- lead_time_rows.sql): quantiles of the days from VM to the treatment start, the most common
-- limit, and how far the late patients were over it.
SELECT * EXCLUDE (qs), qs[1] AS p10, qs[2] AS p25, qs[3] AS median, qs[4] AS p75, qs[5] AS p80, qs[6] AS p90
FROM (
SELECT region, healthcare_region, svf, end_type, unit, m, q, h, y,
-- include: lead_time_summary_measures
FROM lead_time_rows
GROUP BY ALL
)
