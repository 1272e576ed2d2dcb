"""Calibration of the synthetic national demo data (see ingest/SYNTH.md for the reasoning).

Every number here is marked PUBLISHED (a figure in shared/reference/DOMAIN.md or the reference
catalogue) or OURS (an assumption made for synthetic data only). Reference facts (regions,
populations, incidences, ICD-10 maps, lead-time limits, registers, indicators) are NOT repeated here:
the generator reads them from the store's reference tables.
"""

from __future__ import annotations

GENERATOR_VERSION = "1"

# -- Time ----------------------------------------------------------------------------------------------
FIRST_YEAR = 2019               # the demo period starts 2019-01 (end dates, diagnosis dates, deaths)
VM_LEAD_IN_MONTHS = 2           # OURS: VM dates start two months earlier so January 2019 has the
                                # treatment starts of pathways begun in Nov-Dec 2018

# -- SVF volume (pathways by VM year, before the monthly pandemic factors) ----------------------------
# PUBLISHED: 131 538 investigated 2021, 154 340 in 2023. OURS: the other years (smooth growth,
# 2020 chosen so that after the spring-2020 dip it lands near 2019).
PATHWAY_VOLUME = {2018: 106_000, 2019: 110_000, 2020: 121_000, 2021: 131_538, 2022: 143_000,
                  2023: 154_340, 2024: 157_000, 2025: 160_000, 2026: 162_500}
VOLUME_GROWTH_LATER = 0.015     # OURS: yearly growth after the last year above

# OURS: monthly profile of VM decisions (mean 1): summer holiday in July, Christmas in December.
SEASON = (1.02, 1.03, 1.08, 1.00, 1.05, 1.00, 0.62, 0.92, 1.07, 1.08, 1.08, 0.90)
CASE_SEASON_DAMPING = 0.6       # OURS: diagnosis dates follow the same profile at 60 % amplitude
# OURS: pandemic factors by (year, month). Suspicions (closures, ASS) fell more than cancers.
COVID_SUSPICION = {(2020, 3): 0.85, (2020, 4): 0.60, (2020, 5): 0.70, (2020, 6): 0.85,
                   (2020, 11): 0.95, (2020, 12): 0.92, (2021, 1): 0.95}
COVID_CANCER = {(2020, 3): 0.95, (2020, 4): 0.80, (2020, 5): 0.85, (2020, 6): 0.92}

ASS_SHARE_2019 = 0.05           # OURS: ASS share of all pathways in 2019 ...
ASS_SHARE_GROWTH = 0.003        # ... rising 0.3 points a year (ASS was the last pathway introduced)

# -- Incidence -------------------------------------------------------------------------------------------
# svf.annual_incidence (reference) is read as the 2019 level; OURS: +2 % a year (ageing population).
INCIDENCE_ANCHOR_YEAR = 2019
INCIDENCE_GROWTH = 0.02
# DERIVED: cases a year in the diagnoses of the SVF pathways, in 2023. DOMAIN.md §1: "about 70 000
# malignant tumours a year" and the pathways "cover more than 95 % of cancer diagnoses" -> ~66 500;
# the same follows from 2023's 48 807 treatment starts at the published ~73 % inclusion (~67 000). The
# catalogue's per-diagnosis incidences (rounded, several unconfirmed) sum to ~57 000 in 2023: OURS, every
# pathway's incidence is scaled by the same factor (~1,17) to close the gap, so their proportions stay
# the catalogue's.
SVF_CASES_2023 = 66_500
# OURS: cancer-register cases outside every SVF (svf NULL), per year, so the ICD mapping matters.
# Codes of three characters get a random fourth digit that maps to no pathway.
NON_SVF_CASES = {"C44": 6500, "D32": 800, "D33": 600, "D090": 1500, "C45": 130, "C17": 150,
                 "C26": 200, "C37": 60, "C52": 50, "C69": 90, "C70": 30, "C72": 40, "C33": 20,
                 "C76": 100, "C921": 90}
# OURS: relative frequency of ICD-10 prefixes within a pathway (default 1 for each prefix).
ICD_WEIGHTS = {
    "brost": {"C50": 9, "D05": 1},
    "tjock_andtarm": {"C18": 2, "C20": 1},
    "bukspottkortel": {"C25": 8, "C241": 1, "C170": 1},
    "aggstock": {"C56": 8, "C57": 1.5, "C481": 0.3, "C482": 0.2},
    "testikel": {"C62": 10, "C383": 0.3, "C480": 0.2},
    "lymfom": {"C83": 4, "C82": 2, "C81": 1, "C85": 2, "C88": 1, "C84": 0.5, "C86": 0.3,
               "C914": 0.2, "C915": 0.2},
    "akut_leukemi": {"C920": 6, "C910": 2, "C923": 0.3, "C924": 0.3, "C925": 0.3, "C926": 0.3,
                     "C928": 0.3, "C918": 0.2},
    "huvud_hals": {"C01": 3, "C02": 3, "C09": 2, "C10": 2, "C32": 2, "C13": 1, "C07": 1, "C770": 0.5},
    "urinblasa": {"C67": 10, "C65": 1, "C66": 1, "C68": 0.5},
    "net": {"C254": 1, "C74": 1},
    "mpn": {"D45": 1, "D471": 2, "D473": 1.5, "D474": 0.5},
}

# -- Inclusion (treatment starts / cancer-register cases) -----------------------------------------------
# PUBLISHED: national 74 % 2019 H1; breast near 100 %; NET and buksarkom ≈ 25 %; 11 pathways below 70 %.
# OURS: every other per-pathway value (11 of 30 below 70 %); the set is rescaled to a national 72.5 %.
NATIONAL_INCLUSION = 0.725
INCLUSION = {
    "brost": 0.97, "prostata": 0.58, "tjock_andtarm": 0.80, "lunga": 0.82, "hudmelanom": 0.60,
    "huvud_hals": 0.85, "matstrupe_magsack": 0.82, "bukspottkortel": 0.74, "lever": 0.64, "galla": 0.55,
    "njure": 0.74, "urinblasa": 0.78, "aggstock": 0.86, "livmoderhals": 0.76, "livmoderkropp": 0.84,
    "vulva": 0.74, "testikel": 0.84, "penis": 0.62, "analcancer": 0.80, "hjarntumor": 0.76,
    "lymfom": 0.74, "kll": 0.40, "myelom": 0.76, "akut_leukemi": 0.88, "mpn": 0.30, "cup": 0.52,
    "skoldkortel": 0.76, "sarkom_skelett_mjukdel": 0.58, "buksarkom": 0.25, "net": 0.25,
}
INCLUSION_CAP = 1.02            # OURS: a region x pathway cell never exceeds this expected inclusion
REGION_INCLUSION_FACTORS = (0.84, 1.16)   # OURS: region factors evenly spread (seeded order): ~61-84 %
REGION_SVF_INCLUSION_SD = 0.06  # OURS: log-normal noise per region x pathway

# OURS: share of a pathway's investigated patients who turn out to have that cancer ("yield"). Sets how
# many closures each pathway has per treatment start; PUBLISHED anchor: ~30 % overall, ASS 15-20 %.
CANCER_YIELD = {
    "brost": 0.30, "prostata": 0.42, "tjock_andtarm": 0.16, "lunga": 0.35, "hudmelanom": 0.25,
    "huvud_hals": 0.22, "matstrupe_magsack": 0.25, "bukspottkortel": 0.30, "lever": 0.30, "galla": 0.30,
    "njure": 0.35, "urinblasa": 0.25, "aggstock": 0.30, "livmoderhals": 0.25, "livmoderkropp": 0.20,
    "vulva": 0.35, "testikel": 0.60, "penis": 0.40, "analcancer": 0.30, "hjarntumor": 0.50,
    "lymfom": 0.35, "kll": 0.60, "myelom": 0.45, "akut_leukemi": 0.75, "mpn": 0.50, "cup": 0.40,
    "skoldkortel": 0.35, "sarkom_skelett_mjukdel": 0.30, "buksarkom": 0.30, "net": 0.30,
}

# -- End types --------------------------------------------------------------------------------------------
# OURS: mix of first treatments. Only end types with a limit row for the pathway (and work-up) are drawn
# from these weights; NO_LIMIT_SHARE of treatment starts get an end type without a limit.
END_TYPE_DEFAULT = {"kirurgi": 1.0, "lakemedel": 0.6, "stralning": 0.4, "palliativ": 0.25, "annan": 0.1,
                    "exspektans": 0.2, "ingen_behandling": 0.1, "ingen_ytterligare_atgard": 0.2}
END_TYPE_WEIGHTS = {
    "brost": {"kirurgi": 0.78, "lakemedel": 0.15, "stralning": 0.02, "palliativ": 0.05},
    "prostata": {"kirurgi": 0.22, "stralning": 0.22, "lakemedel": 0.18, "exspektans": 0.38},
    "tjock_andtarm": {"kirurgi": 0.55, "stralning": 0.15, "lakemedel": 0.12, "palliativ": 0.10,
                      "annan": 0.03, "ingen_ytterligare_atgard": 0.05},
    "lunga": {"kirurgi": 0.22, "stralning": 0.18, "lakemedel": 0.38, "palliativ": 0.22},
    "hudmelanom": {"ingen_ytterligare_atgard": 0.45, "kirurgi": 0.45, "annan": 0.04, "stralning": 0.01,
                   "lakemedel": 0.03, "exspektans": 0.02},
    "urinblasa": {"ingen_ytterligare_atgard": 0.50, "kirurgi": 0.30, "lakemedel": 0.10, "stralning": 0.10},
    "mpn": {"lakemedel": 0.6, "exspektans": 0.3, "annan": 0.1},
}
NO_LIMIT_SHARE = 0.04
NO_LIMIT_TYPES = ("palliativ", "annan", "ingen_behandling")
# OURS: closures. PUBLISHED anchor: ASS finds cancer in 15-20 % (closed as 'annan cancer').
CLOSURE_MIX = {"avslut_misstanke_avskriven": 0.62, "avslut_ej_kriterier": 0.20,
               "avslut_medicinska_skal": 0.08, "avslut_annan_cancer": 0.06, "avslut_patientens_val": 0.04}
ASS_CLOSURE_MIX = {"avslut_misstanke_avskriven": 0.58, "avslut_annan_cancer": 0.17,
                   "avslut_medicinska_skal": 0.13, "avslut_ej_kriterier": 0.09, "avslut_patientens_val": 0.03}
UTOKAD_SHARE = 0.15             # OURS: utökad utredning, only where the pathway has its own utökad limits

# -- Lead times -------------------------------------------------------------------------------------------
# PUBLISHED: 2022 42 % within (prostate 30 %); 2023 40 % (prostate 31 %, regions 11-69 %), late patients
# 32 days over on average; AML 78 % within 2016-17; breast 41 % within 28 days 2016-17.
# OURS: the other pathways; all but prostate are shifted together so the national share is 40 %.
NATIONAL_WITHIN = 0.40
WITHIN = {
    "brost": 0.45, "prostata": 0.30, "tjock_andtarm": 0.38, "lunga": 0.40, "hudmelanom": 0.55,
    "huvud_hals": 0.30, "matstrupe_magsack": 0.35, "bukspottkortel": 0.35, "lever": 0.40, "galla": 0.35,
    "njure": 0.40, "urinblasa": 0.32, "aggstock": 0.45, "livmoderhals": 0.40, "livmoderkropp": 0.45,
    "vulva": 0.45, "testikel": 0.55, "penis": 0.45, "analcancer": 0.45, "hjarntumor": 0.50,
    "lymfom": 0.40, "kll": 0.45, "myelom": 0.45, "akut_leukemi": 0.75, "mpn": 0.40, "cup": 0.40,
    "skoldkortel": 0.45, "sarkom_skelett_mjukdel": 0.35, "buksarkom": 0.35, "net": 0.35,
}
FIXED_WITHIN = ("prostata",)    # pathways whose within share is not shifted by the national calibration
REGION_LEAD_LOGIT = (-0.8, 2.0)    # OURS: region effects (log-odds), seeded order, spaced so that ...
REGION_LEAD_SKEW = 2.0          # ... most regions sit low and a few high (PUBLISHED prostate 11-69 %)
REGION_SVF_LEAD_SD = 0.20       # OURS: region x pathway noise (log-odds)
# OURS: log-odds shift per year, chosen so 2022 ≈ 42 % and 2023 ≈ 40 % as published
YEAR_LEAD_LOGIT = {2018: 0.05, 2019: 0.05, 2020: 0.15, 2021: 0.0, 2022: 0.08, 2023: 0.0, 2024: -0.03,
                   2025: -0.05, 2026: -0.05}
HOLIDAY_LOGIT = -0.6            # OURS: VM 10 June - 31 July: fewer within ...
HOLIDAY_EXTRA_DAYS = 8          # ... and late ones later still
LATE_MEAN_OVER = 32             # PUBLISHED: late patients 32 days over on average (2023)
WITHIN_BETA = (3.0, 1.4)        # OURS: within lead time = limit x Beta(3, 1.4) (mean 68 % of the limit)
NO_LIMIT_GAMMA = (2.2, 16.0)    # OURS: lead time (days) where no limit is known: 3 + Gamma(2.2, 16)
CLOSURE_GAMMA = (1.5, 12.0)     # OURS: days from VM to a closure: 1 + Gamma(1.5, 12)
ASS_GAMMA = (2.5, 8.5)          # OURS: ASS ~ 22 days to the concluding visit (PUBLISHED limit 22 d)

# -- Intermediate measurement points ----------------------------------------------------------------------
REGION_POINT_RATE = (0.40, 0.70)    # OURS: share of pathways with a point recorded, by region
# OURS: per point (first visit, MDK, diagnosis information, treatment decision): rate multiplier for
# treatment starts and for closures. (The fourth field, a Beta position, is no longer used: phases are
# drawn as their own durations below.)
POINTS = (
    ("first_visit_date", 1.15, 1.0, (2.0, 6.0)),
    ("mdk_date", 0.95, 0.10, (6.0, 4.0)),
    ("diagnosis_info_date", 1.05, 0.30, (7.0, 3.0)),
    ("decision_date", 0.90, 0.0, (8.0, 2.0)),
)

# -- Phases and planted bottlenecks (ingest/SYNTH.md "Phases") --------------------------------------------
# Five phases: VM->first visit, first visit->MDK, MDK->diagnosis information, ->treatment decision,
# ->treatment start. The drawn lead time (within / late, calibrated above) is split into them, so the
# national lead-time figures do not move; what the phases change is WHERE the days sit.
PHASE_COMPONENT = 50                # random stream of its own (seed, 50, year): the split never shifts others
PHASE_BASE_SHARES = (0.22, 0.25, 0.12, 0.13, 0.28)   # OURS: split of an on-time lead time
PHASE_BASE_SHARES_SVF = {            # OURS: pathways whose work-up sits elsewhere
    "prostata": (0.18, 0.38, 0.12, 0.10, 0.22),     # MR + biopsy before the MDK
    "lunga": (0.20, 0.32, 0.10, 0.13, 0.25),        # PET-CT and bronchoscopy before the MDK
    "brost": (0.18, 0.22, 0.15, 0.15, 0.30),        # fast first visit (planning 7 d)
}
PHASE_EXCESS_SHARES = (0.12, 0.18, 0.10, 0.15, 0.45)  # OURS: nationally, late patients' extra days wait
                                                      # mostly for the treatment itself (capacity)
PHASE_CONCENTRATION = 12.0          # OURS: Dirichlet concentration of the per-patient split
# Planted bottlenecks: (region code, unit name suffix or None) -> phase index (0..4). In such a place
# the phase takes BOTTLENECK_EXCESS_WEIGHT times its share of late patients' extra days, and
# BOTTLENECK_BASE_WEIGHT times its share of on-time lead times.
PHASE_BOTTLENECKS = {
    ("18", None): 1,                # Region Örebro län: MDK queue (first visit -> MDK)
    ("20", None): 2,                # Region Dalarna: slow diagnosis information (MDK -> diagnosbesked)
    ("01", "Kirurgklinik B"): 0,    # Region Stockholm, Kirurgklinik B: slow first visit (VM -> first visit)
}
BOTTLENECK_EXCESS_WEIGHT = 10.0     # OURS
BOTTLENECK_BASE_WEIGHT = 1.8        # OURS
HOLIDAY_PHASE = 4                   # OURS: July dip: late patients with VM 10 June-31 July wait for the
HOLIDAY_PHASE_WEIGHT = 3.0          # treatment start (summer operating lists), 3x its share of extra days

# -- Registration lag of pathways (monthly reporting to the national waiting-time database) ---------------
REGION_CONTINUOUS = (0.20, 0.70)    # OURS: share reported continuously (lag ~ Exp(6 d)), by region
LATE_REPORT_SHARE = 0.12            # OURS: share reported late (next month + 20 d + Exp(70 d))
                                    # the rest: next month + 3-20 days

# -- Patients --------------------------------------------------------------------------------------------
# OURS: (share women, mean age, sd, minimum age); DOMAIN: adults only except thyroid (and 16-18 leukaemia)
SEX_AGE_DEFAULT = (0.45, 70, 11, 18)
SEX_AGE = {
    "brost": (0.99, 63, 13, 18), "prostata": (0.0, 70, 8, 40), "tjock_andtarm": (0.47, 72, 11, 18),
    "lunga": (0.52, 71, 9, 18), "hudmelanom": (0.48, 65, 15, 18), "huvud_hals": (0.32, 65, 12, 18),
    "aggstock": (1.0, 64, 12, 18), "livmoderhals": (1.0, 50, 15, 18), "livmoderkropp": (1.0, 68, 10, 18),
    "vulva": (1.0, 72, 13, 18), "testikel": (0.0, 37, 11, 16), "penis": (0.0, 68, 12, 18),
    "skoldkortel": (0.72, 50, 17, 12), "akut_leukemi": (0.45, 63, 18, 16), "kll": (0.38, 72, 10, 18),
    "myelom": (0.42, 71, 10, 18), "lymfom": (0.44, 66, 15, 18), "hjarntumor": (0.40, 60, 14, 18),
    "sarkom_skelett_mjukdel": (0.45, 58, 18, 18), "ass": (0.52, 68, 13, 18),
}
NON_SVF_SEX_AGE = (0.45, 74, 12, 18)

# -- Care units (generic names; no real hospital names) ----------------------------------------------------
# OURS: the clinic type that runs each pathway; the number of units per region grows with population.
UNIT_FAMILY = {
    "brost": "Kirurgklinik", "tjock_andtarm": "Kirurgklinik", "matstrupe_magsack": "Kirurgklinik",
    "bukspottkortel": "Kirurgklinik", "lever": "Kirurgklinik", "galla": "Kirurgklinik",
    "analcancer": "Kirurgklinik", "buksarkom": "Kirurgklinik", "net": "Kirurgklinik",
    "skoldkortel": "Kirurgklinik",
    "prostata": "Urologklinik", "urinblasa": "Urologklinik", "njure": "Urologklinik",
    "testikel": "Urologklinik", "penis": "Urologklinik",
    "aggstock": "Kvinnoklinik", "livmoderhals": "Kvinnoklinik", "livmoderkropp": "Kvinnoklinik",
    "vulva": "Kvinnoklinik",
    "lunga": "Lungklinik", "huvud_hals": "Öron-näsa-halsklinik", "hudmelanom": "Hudklinik",
    "lymfom": "Hematologisk klinik", "kll": "Hematologisk klinik", "myelom": "Hematologisk klinik",
    "akut_leukemi": "Hematologisk klinik", "mpn": "Hematologisk klinik",
    "hjarntumor": "Neurologklinik", "sarkom_skelett_mjukdel": "Ortopedklinik",
    "cup": "Medicinklinik", "ass": "Diagnostiskt centrum",
}
SMALL_FAMILIES = ("Hudklinik", "Neurologklinik", "Ortopedklinik", "Diagnostiskt centrum")
UNIT_POP_PER_UNIT = 350_000     # OURS: one unit per started 350 000 inhabitants, 1-4 per family
UNIT_WEIGHTS = (1.0, 0.6, 0.35, 0.05)   # OURS: the last unit of a region with >= 2 is small

# -- Quality registers -------------------------------------------------------------------------------------
# (final coverage, median registration lag in days). Coverage PUBLISHED where quality_registers.csv gives
# a typical coverage (npcr 98, scrcr >99, anal >95, nlcr 93, swehncr >98, nrev 91, melanom 98, nkbc 97-100,
# lymfom >=95); OURS (~90 %) where it is unconfirmed. Lags are OURS (log-normal, sigma REGISTER_LAG_SIGMA).
# Lags (issue 8) are register-specific: fast registers (NKBC, melanoma: weeks), the lymphoma register
# near its 3-month target, slow ones (gynaecology, sarcoma, kidney: about a year), all OURS.
REGISTER_COVERAGE = {
    "nkbc": (0.985, 40), "npcr": (0.98, 75), "scrcr": (0.99, 120), "anal": (0.96, 200),
    "nlcr": (0.93, 150), "swehncr": (0.985, 100), "nrev": (0.91, 180), "melanom": (0.98, 60),
    "lymfom": (0.95, 70), "blodcancer": (0.92, 150), "cns": (0.88, 300), "sqrgc": (0.90, 420),
    "snrubc": (0.92, 200), "njure": (0.91, 360), "swepanc": (0.90, 300), "tyreoidea": (0.90, 330),
    "sarkom": (0.88, 400), "sweliv": (0.90, 280),
}
REGISTER_DEFAULT = (0.90, 220)
REGISTER_LAG_SIGMA = 1.0
# OURS: reporting gets faster, the median lag shrinking 6 % a year from 2019, so the ramp of a newer
# diagnosis year lies above the older ones at the same lag
REGISTER_LAG_SPEEDUP = 0.06
REGION_REGISTER_SD = 0.4        # OURS: region effect on coverage (log-odds)

# -- Deaths and Palliativregistret ---------------------------------------------------------------------------
# OURS (within PUBLISHED 91-98 thousand a year): deaths per year.
DEATHS = {2019: 89_000, 2020: 98_000, 2021: 92_000, 2022: 94_500, 2023: 94_000, 2024: 92_000,
          2025: 92_000, 2026: 92_500}
DEATH_SEASON = (1.12, 1.05, 1.05, 0.98, 0.95, 0.92, 0.90, 0.90, 0.92, 0.98, 1.03, 1.15)   # OURS
DEATH_EXCESS = {(2020, 4): 1.35, (2020, 5): 1.20, (2020, 11): 1.15, (2020, 12): 1.30, (2021, 1): 1.25}
# PUBLISHED: 53 % nationally 2011, counties 61-76 % 2015. OURS: 64 % 2019 rising 1.2 points a year
# (cap 72 %), regions spread -6..+5 points.
SPR_COVERAGE_2019 = 0.64
SPR_COVERAGE_GROWTH = 0.012
SPR_COVERAGE_CAP = 0.72
REGION_SPR_RANGE = (-0.06, 0.05)
EXPECTED_SHARE = 0.80           # OURS: expected deaths among registered
UNIT_TYPES = ("sjukhus", "särskilt boende", "kommunal hemsjukvård", "specialiserad palliativ vård")
UNIT_TYPE_MIX_EXPECTED = (0.30, 0.42, 0.10, 0.18)      # OURS
UNIT_TYPE_MIX_UNEXPECTED = (0.55, 0.35, 0.10, 0.0)     # OURS
# OURS: place of death of deaths NOT registered in Palliativregistret (from the death certificate;
# issue 8: every death has a place of care), so coverage per place of care can be computed
UNIT_TYPE_MIX_UNREGISTERED = (0.50, 0.28, 0.18, 0.04)
# Indicator levels among registered expected deaths, 2019 -> 2025 (linear, flat after).
# PUBLISHED anchors (around 2016): smärtskattning ≈ 40 %, brytpunktssamtal ≈ 58 %. The brief's ranges
# (munhälsa 70-80, opioid ~95, ångestdämpande ~93, utan trycksår 88-92) and everything else are OURS.
INDICATOR_LEVEL = {
    "spr_mun": (0.72, 0.80), "spr_smsk": (0.42, 0.54), "spr_opi": (0.95, 0.96), "spr_anx": (0.92, 0.94),
    "spr_try": (0.89, 0.91), "spr_bps": (0.60, 0.69), "spr_symt": (0.35, 0.48), "spr_ill": (0.80, 0.86),
    "spr_ros": (0.90, 0.93), "spr_efts": (0.70, 0.78), "spr_onsk": (0.82, 0.85), "spr_narv": (0.83, 0.86),
    "spr_bps_nst": (0.78, 0.84),
}
INDICATOR_DEFAULT = (0.70, 0.75)
INDICATOR_LEVEL_YEARS = (2019, 2025)
# OURS: share of the population with an answer, for indicators whose population is '*_answered'
ANSWERED_SHARE = {"spr_onsk": 0.55, "spr_efts": 0.88}
ANSWERED_DEFAULT = 0.85
# OURS: log-odds effect of the place of death (order of UNIT_TYPES) on every indicator, with exceptions
UNIT_TYPE_LOGIT = (-0.3, 0.0, 0.2, 0.9)
UNIT_TYPE_LOGIT_BY_INDICATOR = {"spr_onsk": (-0.6, 0.1, 0.8, 0.5), "spr_try": (-0.2, -0.1, 0.0, 0.3)}
REGION_INDICATOR_SD = 0.35      # OURS: region effect (log-odds), shared by all indicators
REGION_INDICATOR_EXTRA_SD = 0.2  # OURS: region x indicator noise
