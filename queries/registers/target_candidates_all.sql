-- Every target of one metric, all owners (primary or not): for reporting each applicable target
-- beside the primary verdict (metrics.core.targets_long). Scope and validity are matched per row
-- in metrics/core.py, as for the primary target. t.* rather than a column list: a store written
-- before scope_region existed still reads (its targets then apply to every region).
SELECT t.*, is_unverified(t.confidence) AS unverified
FROM target t
WHERE t.metric = $metric
ORDER BY t.primary_target DESC, t.target_id
