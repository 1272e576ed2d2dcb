-- This load's refused rows (load_rejects.sql) in file order, for the messages.
SELECT _line, column_name, reason FROM _rejects ORDER BY _line, _ord
