-- Macros the metric SQL shares: one definition of each rule. metrics.core runs this file once per
-- connection (before its first query there; the dashboard's and the CLI's alike). Idempotent.

-- Period grouping: the start of the month / quarter / half_year / year that holds d, or NULL when
-- the dimension is not asked for (wanted false: the column stays constant NULL). A TIMESTAMP (what
-- date_trunc gives; not cast to DATE: that costs ~1 ns a row and only period_label reads it).
CREATE OR REPLACE MACRO period_start(d, grain, wanted) AS
    CASE WHEN wanted THEN CASE grain
        WHEN 'month' THEN date_trunc('month', d)
        WHEN 'quarter' THEN date_trunc('quarter', d)
        WHEN 'half_year' THEN make_date(year(d), CASE WHEN month(d) <= 6 THEN 1 ELSE 7 END, 1)
        WHEN 'year' THEN date_trunc('year', d) END END;

-- The label of the period that starts at p: month '2025-03', quarter '2025-Q1', half_year
-- '2025-H1', year '2025' (NULL stays NULL). metrics/periods.py reads these labels back.
CREATE OR REPLACE MACRO period_label(p, grain) AS
    CASE grain
        WHEN 'month' THEN strftime(p, '%Y-%m')
        WHEN 'quarter' THEN CAST(year(p) AS VARCHAR) || '-Q' || CAST(quarter(p) AS VARCHAR)
        WHEN 'half_year' THEN CAST(year(p) AS VARCHAR) || CASE WHEN month(p) <= 6 THEN '-H1' ELSE '-H2' END
        WHEN 'year' THEN CAST(year(p) AS VARCHAR) END;

-- A limit or target whose source is not confirmed (DOMAIN.md: never present it as fact).
CREATE OR REPLACE MACRO is_unverified(confidence) AS
    confidence IN ('unconfirmed_placeholder', 'unconfirmed');
