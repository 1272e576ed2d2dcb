-- metrics.prepare() creates this last, after every cache table: its presence (metrics.is_prepared)
-- means all caches are complete. The name is metrics.core._CACHE_READY.
CREATE TABLE _metrics_cache_ready AS SELECT 1 AS ready
