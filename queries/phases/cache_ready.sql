-- Whether metrics.phases.prepare() has filled this connection's phase cache.
SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = '_metrics_cache_phases'
