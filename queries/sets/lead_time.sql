-- lead_time.sql for several groupings at once (metrics.core.compute_sets: one query where a page asks
-- for the total and single dimensions of the same filters). Every grouping of one dimension and the
-- total; grouping_set (grouping_id: 1 bits for the columns a row is summed over) says which one a row
-- belongs to. A grouping whose $by_* flag is off sums over a constant NULL (one row; dropped by the
-- caller).
SELECT region, healthcare_region, svf, end_type, unit, m, q, h, y,
       grouping_id(region, healthcare_region, svf, end_type, unit, m, q, h, y) AS grouping_set,
       count(*) AS n,
       count_if(lead_days <= max_days) AS n_within,
       count_if(unverified) AS n_unverified_limit
FROM lead_time_rows
GROUP BY GROUPING SETS ((), (region), (healthcare_region), (svf), (end_type), (unit), (m), (q), (h), (y))
HAVING count(*) > 0  -- the total over no rows at all: no row, as a plain GROUP BY gives
