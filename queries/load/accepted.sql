-- The rows of this load that go into the store: no errors and not replaced further down the file.
SELECT * EXCLUDE (_key, _errors)
FROM _validated v
WHERE len(_errors) = 0
  AND NOT EXISTS (SELECT 1 FROM _superseded s WHERE s._line = v._line)
