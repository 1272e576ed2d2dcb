-- Rows whose key comes again further down the same file. The last row for a key wins (a file may
-- correct itself); the earlier ones are refused with a pointer to the row that replaced them, so
-- nothing disappears silently. Input: _validated from load_validate_*.sql.
SELECT v._line, l.last_line
FROM _validated v
JOIN (
    SELECT _key, max(_line) AS last_line
    FROM _validated
    WHERE _key IS NOT NULL
    GROUP BY _key
    HAVING count(*) > 1
) l ON l._key = v._key
WHERE v._line < l.last_line
