-- inclusion.sql for several groupings at once (as sets/lead_time.sql): the total and every grouping
-- of one dimension, told apart by grouping_set.
SELECT region, healthcare_region, svf, m, q, h, y,
       grouping_id(region, healthcare_region, svf, m, q, h, y) AS grouping_set,
       CAST(sum(n_svf) AS BIGINT) AS n_svf,
       CAST(sum(n_cases) AS BIGINT) AS n_cases
FROM inclusion_rows
GROUP BY GROUPING SETS ((), (region), (healthcare_region), (svf), (m), (q), (h), (y))
HAVING count(*) > 0  -- the total over no rows at all: no row, as a plain GROUP BY gives
