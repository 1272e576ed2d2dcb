-- Lead-time rows after the filters, with their group keys: read by lead_time.sql and
-- lead_time_summary.sql as `lead_time_rows`, so both count the same population the same way.
-- Rows come from base_lead_time.sql (already limited to the period). Every dimension is computed
-- but NULL unless its $by_* flag is true, and the queries group by all of them: the SQL is static
-- (no identifiers from input) and single-pass. Period keys: queries/macros.sql.
SELECT CASE WHEN $by_region THEN b.region_code END AS region,
       CASE WHEN $by_healthcare_region THEN b.healthcare_region END AS healthcare_region,
       CASE WHEN $by_svf THEN b.svf END AS svf,
       CASE WHEN $by_end_type THEN b.end_type END AS end_type,
       CASE WHEN $by_unit THEN b.unit END AS unit,
       period_start(b.d, 'month', $by_month) AS m, period_start(b.d, 'quarter', $by_quarter) AS q,
       period_start(b.d, 'half_year', $by_half_year) AS h, period_start(b.d, 'year', $by_year) AS y,
       b.lead_days, b.max_days, b.unverified
FROM base_lead_time b
WHERE (len($regions) = 0 OR list_contains($regions, b.region_code))
  AND (len($healthcare_regions) = 0 OR list_contains($healthcare_regions, b.healthcare_region))
  AND (len($svfs) = 0 OR list_contains($svfs, b.svf))
  AND (len($units) = 0 OR list_contains($units, b.unit))
