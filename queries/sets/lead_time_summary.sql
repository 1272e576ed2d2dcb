-- lead_time_summary.sql for the total and per pathway at once (what SVF – ledtider shows; as
-- sets/lead_time.sql, told apart by grouping_set = grouping_id(svf)). Only these two groupings: each
-- grouping set computes its quantiles over every row again. No periods: their keys stay NULL.
SELECT * EXCLUDE (qs), qs[1] AS p10, qs[2] AS p25, qs[3] AS median, qs[4] AS p75, qs[5] AS p80, qs[6] AS p90
FROM (
SELECT svf, CAST(NULL AS TIMESTAMP) AS m, CAST(NULL AS TIMESTAMP) AS q, CAST(NULL AS TIMESTAMP) AS h,
       CAST(NULL AS TIMESTAMP) AS y,
       grouping_id(svf) AS grouping_set,
-- include: lead_time_summary_measures
FROM lead_time_rows
GROUP BY GROUPING SETS ((), (svf))
HAVING count(*) > 0  -- the total over no rows at all: no row, as a plain GROUP BY gives
)
