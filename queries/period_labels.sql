-- The last step of every metric query (metrics.core wraps each in it): the period keys m, q, h, y
-- the metric SQL groups by (`metric`: first days, from period_start in macros.sql) become the
-- labels month, quarter, half_year, year. Labelling after grouping formats a few rows, not all.
SELECT * EXCLUDE (m, q, h, y),
       period_label(m, 'month') AS month, period_label(q, 'quarter') AS quarter,
       period_label(h, 'half_year') AS half_year, period_label(y, 'year') AS year
FROM metric
