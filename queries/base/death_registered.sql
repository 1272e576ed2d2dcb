-- Deaths registered in Palliativregistret per indicator (read by palliative_indicators.sql as
-- `base_death_registered`), period by death_date (d) in [$from_date, $to_date). An indicator is
-- every column of death named spr_* (its code is the column name, as in palliative_indicator):
-- adding one is a column in store/schema.sql and a row in the catalogue, nothing here.
-- One row per region, month, expected and indicator: n = registered deaths, met = those with the
-- indicator true (NULL when none answered), ans = those answered. Summed before the UNPIVOT (13
-- rows per group, not per death), per month: exact, since the period bounds apply to death_date
-- first and period dimensions are months or coarser. So the metric always sums; metrics.prepare()
-- keeps this for the whole snapshot.
SELECT region_code, healthcare_region, d, expected, indicator, n, v.met AS met, v.ans AS ans
FROM (
    SELECT d.region_code, r.healthcare_region, CAST(date_trunc('month', d.death_date) AS DATE) AS d,
           coalesce(d.expected_death, false) AS expected, count(*) AS n,
           struct_pack(met := sum(CAST(COLUMNS('^spr_') AS INTEGER)), ans := count(COLUMNS('^spr_')))
    FROM death d
    LEFT JOIN region r ON r.region_code = d.region_code
    WHERE d.registered
      AND d.death_date >= $from_date AND d.death_date < $to_date
    GROUP BY ALL
) UNPIVOT INCLUDE NULLS (v FOR indicator IN (COLUMNS('^spr_')))
