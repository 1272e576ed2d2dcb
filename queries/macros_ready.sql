-- metrics.define_macros() creates this after queries/macros.sql: its presence means every macro is
-- defined on this connection's database. The name is metrics.core._MACROS_READY.
CREATE OR REPLACE VIEW _metrics_cache_macros AS SELECT 1 AS ready
