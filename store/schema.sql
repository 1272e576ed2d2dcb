-- Canonical tables of the store. Each table is kept as one Parquet file per snapshot
-- (see store/__init__.py); these statements give every file its exact column types.

-- Reference catalogue (from data/reference/*.csv; every row keeps source and confidence)
CREATE TABLE healthcare_region (
    healthcare_region VARCHAR PRIMARY KEY,   -- code: norra, mellansverige, stockholm_gotland, ...
    name_sv VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    rcc_sv VARCHAR,
    source VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

CREATE TABLE region (
    region_code VARCHAR PRIMARY KEY,         -- SCB länskod, two digits
    name_sv VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    healthcare_region VARCHAR NOT NULL,
    population INTEGER,
    population_confidence VARCHAR,
    note VARCHAR,
    source VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

CREATE TABLE svf (
    svf VARCHAR PRIMARY KEY,
    name_sv VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    parent_svf VARCHAR,                      -- kll runs inside lymfom
    has_diagnosis BOOLEAN NOT NULL,          -- false for ass: outside per-diagnosis inclusion
    annual_incidence INTEGER,                -- approximate national cases a year (calibration)
    kva_prefix VARCHAR,
    source VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

-- Who is inside SVF figures: age >= min_age at VM (pathways) or at diagnosis (cancer cases); an svf
-- without a row uses 18 (queries/base/*.sql). A missing age counts (the rule cannot exclude it).
CREATE TABLE svf_min_age (
    svf VARCHAR NOT NULL,
    min_age INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

CREATE TABLE svf_icd10 (
    svf VARCHAR NOT NULL,
    icd10_prefix VARCHAR NOT NULL,           -- without dot: C50, C481, C770; longest prefix wins
    source VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

CREATE TABLE end_type (
    end_type VARCHAR PRIMARY KEY,
    name_sv VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    is_treatment_start BOOLEAN NOT NULL,
    kva_suffix VARCHAR,
    sort_order INTEGER NOT NULL
);

CREATE TABLE lead_time_limit (
    svf VARCHAR NOT NULL,
    end_type VARCHAR NOT NULL,
    workup VARCHAR NOT NULL,                 -- bas | utokad
    valid_from DATE NOT NULL,                -- inclusive, compared with vm_date
    valid_to DATE,                           -- exclusive; NULL = still valid
    max_days INTEGER,                        -- NULL = the pathway states no limit
    published_text VARCHAR,
    source VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

CREATE TABLE quality_register (
    register VARCHAR PRIMARY KEY,
    name_sv VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    diagnoses VARCHAR,
    typical_coverage VARCHAR,
    source VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

CREATE TABLE register_icd10 (
    register VARCHAR NOT NULL,
    icd10_prefix VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

CREATE TABLE palliative_indicator (
    indicator VARCHAR PRIMARY KEY,           -- e.g. spr_mun; also the column name in death
    name_sv VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    numerator_sv VARCHAR,
    denominator_sv VARCHAR,
    population VARCHAR NOT NULL,             -- expected | expected_answered | registered_answered
    sort_order INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

CREATE TABLE target (
    target_id VARCHAR PRIMARY KEY,
    metric VARCHAR NOT NULL,                 -- inclusion | lead_time | register_coverage | register_timeliness
                                             -- | palliative_coverage | palliative_indicator | drug_register_reporting
    scope_svf VARCHAR,                       -- NULL = every pathway
    scope_register VARCHAR,
    scope_indicator VARCHAR,
    scope_region VARCHAR,                    -- a local owner's target (LPO Gävleborg: 21); NULL = every region
    owner VARCHAR NOT NULL,                  -- nationell | rcc | socialstyrelsen | lpo | region | register
    owner_sv VARCHAR NOT NULL,
    owner_en VARCHAR NOT NULL,
    level_1 DOUBLE NOT NULL,                 -- percent; the only or the lower ("mellannivå") level
    level_2 DOUBLE,                          -- percent; the higher ("hög nivå") level when there are two
    comparison VARCHAR NOT NULL,             -- '>=' or '>' (direction higher) ; '<=' or '<' (lower)
    direction VARCHAR NOT NULL,              -- higher | lower
    primary_target BOOLEAN NOT NULL,         -- the level the verdict uses when several owners set one
    valid_from DATE,
    valid_to DATE,
    note VARCHAR,
    source VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL
);

-- Which version of data/reference/*.csv the reference tables above were written from
CREATE TABLE catalogue_version (
    content_sha256 VARCHAR NOT NULL,         -- hash over the catalogue's CSV files
    written_at TIMESTAMP NOT NULL
);

-- Facts
CREATE TABLE svf_pathway (
    pathway_id VARCHAR PRIMARY KEY,
    patient_id VARCHAR,                      -- pseudonym, never a personnummer
    region_code VARCHAR NOT NULL,            -- the region where the pathway ended (or is now)
    unit VARCHAR,
    svf VARCHAR NOT NULL,
    sex VARCHAR,                             -- K | M
    age SMALLINT,
    workup VARCHAR NOT NULL,                 -- bas | utokad
    vm_date DATE NOT NULL,
    first_visit_date DATE,
    mdk_date DATE,
    diagnosis_info_date DATE,
    decision_date DATE,
    end_date DATE,
    end_type VARCHAR,                        -- NULL = ongoing
    registered_date DATE,
    load_id INTEGER NOT NULL
);

CREATE TABLE cancer_case (
    case_id VARCHAR PRIMARY KEY,
    patient_id VARCHAR,
    region_code VARCHAR NOT NULL,
    diagnosis_date DATE NOT NULL,
    icd10 VARCHAR NOT NULL,                  -- normalised: upper case, no dot (C509)
    svf VARCHAR,                             -- explicit, or mapped from icd10 via svf_icd10
    sex VARCHAR,
    age SMALLINT,
    load_id INTEGER NOT NULL
);

CREATE TABLE register_case (
    register VARCHAR NOT NULL,
    case_id VARCHAR NOT NULL,
    registered_date DATE NOT NULL,
    load_id INTEGER NOT NULL,
    PRIMARY KEY (register, case_id)
);

CREATE TABLE death (
    death_id VARCHAR PRIMARY KEY,
    region_code VARCHAR NOT NULL,
    death_date DATE NOT NULL,
    unit_type VARCHAR,
    registered BOOLEAN NOT NULL,             -- registered in Palliativregistret
    expected_death BOOLEAN,
    spr_mun BOOLEAN,
    spr_smsk BOOLEAN,
    spr_opi BOOLEAN,
    spr_anx BOOLEAN,
    spr_try BOOLEAN,
    spr_bps BOOLEAN,
    spr_symt BOOLEAN,
    spr_ill BOOLEAN,
    spr_ros BOOLEAN,
    spr_efts BOOLEAN,
    spr_onsk BOOLEAN,
    spr_narv BOOLEAN,
    spr_bps_nst BOOLEAN,
    load_id INTEGER NOT NULL
);

-- Bookkeeping: every load, and every row a load refused (kept for review, never dropped)
CREATE TABLE load_log (
    load_id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,                   -- svf | cancer | register | death | reference | demo
    file_name VARCHAR NOT NULL,
    content_sha256 VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_accepted INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    rows_inserted INTEGER NOT NULL,
    rows_replaced INTEGER NOT NULL,
    is_demo BOOLEAN NOT NULL,
    note VARCHAR
);

CREATE TABLE rejected_row (
    load_id INTEGER NOT NULL,
    file_name VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,            -- as a person counts lines in the file (header = 1)
    column_name VARCHAR,
    reason VARCHAR NOT NULL,
    raw VARCHAR                              -- the row as read, personnummer-like values masked
);
