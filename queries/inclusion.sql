-- Inclusion: pathways ending in a treatment start (numerator, period by end_date) divided by new
-- cases in the cancer register for the same svf (denominator, period by diagnosis_date; with
-- $den_shift = 1 a case counts one year later: "the same months one year earlier").
-- ASS (svf.has_diagnosis = false) is outside. Rows and group keys: inclusion_rows.sql (shared with
-- sets/inclusion.sql).
-- Dimensions: region, healthcare_region, svf and periods only (the cancer register has no unit or
-- end type).
SELECT region, healthcare_region, svf, m, q, h, y,
       CAST(sum(n_svf) AS BIGINT) AS n_svf,
       CAST(sum(n_cases) AS BIGINT) AS n_cases
FROM inclusion_rows
GROUP BY ALL
