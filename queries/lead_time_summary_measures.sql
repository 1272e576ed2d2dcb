-- The measures of a lead-time distribution group, shared by lead_time_summary.sql and
-- sets/lead_time_summary.sql (put in place of their "-- include:" line, within the SELECT list).
       count(*) AS n,
       quantile_cont(lead_days, [0.1, 0.25, 0.5, 0.75, 0.8, 0.9]) AS qs,
       -- the most common limit; a tie goes to the smaller (stricter) one, whatever the row order
       CAST(list_sort(list_transform(map_entries(histogram(max_days)),
                                     lambda e: [-CAST(e.value AS BIGINT), e.key]))[1][2] AS INTEGER) AS limit_days,
       count_if(lead_days > max_days) AS n_late,
       avg(lead_days - max_days) FILTER (WHERE lead_days > max_days) AS mean_days_over
