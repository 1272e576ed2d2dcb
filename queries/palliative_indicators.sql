-- Palliativregistret indicators: per indicator (the column of the same name in death) and group,
-- the denominator its population names and the numerator (a NULL answer counts as not met):
--   expected            n = registered AND expected_death,                    met = ... AND value
--   expected_answered   n = registered AND expected_death AND value NOT NULL, met = ... AND value
--   registered_answered n = registered AND value NOT NULL,                     met = registered AND value
-- agg sums, per group and indicator, the true values and answers of expected deaths and of all
-- registered deaths over base_death_registered.sql (sums per month and indicator,
-- already limited to the period; or month sums after prepare()); the catalogue's population then
-- picks the counts. Period by death_date; grouping as in lead_time_rows.sql. No indicator is named
-- here: they are the rows of the base and of palliative_indicator.
WITH agg AS (
    SELECT CASE WHEN $by_region THEN b.region_code END AS region,
           CASE WHEN $by_healthcare_region THEN b.healthcare_region END AS healthcare_region,
           period_start(b.d, 'month', $by_month) AS m, period_start(b.d, 'quarter', $by_quarter) AS q,
           period_start(b.d, 'half_year', $by_half_year) AS h, period_start(b.d, 'year', $by_year) AS y,
           b.indicator,
           sum(b.n) FILTER (WHERE b.expected) AS n_expected,
           sum(b.met) FILTER (WHERE b.expected) AS em, sum(b.ans) FILTER (WHERE b.expected) AS ea,
           sum(b.met) AS rm, sum(b.ans) AS ra
    FROM base_death_registered b
    WHERE (len($regions) = 0 OR list_contains($regions, b.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
      AND (len($indicators) = 0 OR list_contains($indicators, b.indicator))
    GROUP BY ALL
)
SELECT a.region, a.healthcare_region, a.m, a.q, a.h, a.y, a.indicator,
       CAST(coalesce(CASE pi.population WHEN 'expected' THEN a.n_expected
                                        WHEN 'expected_answered' THEN a.ea
                                        WHEN 'registered_answered' THEN a.ra END, 0) AS BIGINT) AS n,
       CAST(coalesce(CASE pi.population WHEN 'registered_answered' THEN a.rm ELSE a.em END, 0) AS BIGINT) AS n_met,
       pi.sort_order
FROM agg a
JOIN palliative_indicator pi ON pi.indicator = a.indicator
