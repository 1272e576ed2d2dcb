-- The reporting ramp: for each diagnosis year Y, coverage as it stood L whole months after the end
-- of Y, i.e. on the day s(Y, L) = (1 January Y+1) + L months - 1 day (L = 0: 31 December Y), for
-- every L with s(Y, L) <= $as_of and L <= $max_lag. Cases: diagnosed in Y (so all on or before
-- s(Y, 0)); registered at lag L: first registration on or before s(Y, L). A registration made
-- during Y itself is at lag 0. So a still-reported year is compared with earlier years at the same
-- lag. register is a dimension when $by_register; m/q/h/y are constant NULL (period_labels.sql
-- labels every metric query; the year here is diagnosis_year).
WITH c AS (
    SELECT * FROM base_register_coverage b
    WHERE (len($registers) = 0 OR list_contains($registers, b.register))
      AND (len($regions) = 0 OR list_contains($regions, b.region_code))
      AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
      AND (len($svfs) = 0 OR list_contains($svfs, b.svf))
),
per AS (
    SELECT CASE WHEN $by_register THEN c.register END AS register, year(c.d) AS diagnosis_year,
           CASE WHEN c.registered_date <= $as_of
                THEN greatest(0, datediff('month', make_date(year(c.d) + 1, 1, 1), c.registered_date) + 1)
           END AS lag, count(*) AS n
    FROM c
    GROUP BY ALL
),
yrs AS (
    SELECT register, diagnosis_year, sum(n) AS n_cases FROM per GROUP BY ALL
),
lags AS (
    SELECT y.register, y.diagnosis_year, y.n_cases, t.lag_months
    FROM yrs y, range(0, CAST($max_lag AS INTEGER) + 1) t(lag_months)
    WHERE make_date(y.diagnosis_year + 1, 1, 1) + to_months(CAST(t.lag_months AS INTEGER))
          - INTERVAL 1 DAY <= $as_of
)
SELECT l.register, l.diagnosis_year, l.lag_months,
       CAST(l.n_cases AS BIGINT) AS n_cases,
       CAST(coalesce(sum(p.n) FILTER (WHERE p.lag <= l.lag_months), 0) AS BIGINT) AS n_registered,
       NULL::DATE AS m, NULL::DATE AS q, NULL::DATE AS h, NULL::DATE AS y
FROM lags l
LEFT JOIN per p ON p.register IS NOT DISTINCT FROM l.register AND p.diagnosis_year = l.diagnosis_year
GROUP BY ALL
