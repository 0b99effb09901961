"""The demo network: eight allied partners, the products of the five sectors and a network drawn from public figures.

Loaded by ``load_demo`` (sharing/services/demo.py) through the services partners use. Every capacity table below
says where its country split comes from (``SOURCES``); the demo turns an annual national figure into facilities
whose monthly nominal output is that figure divided by 12, so that a concentration answer shows each country's
share of the statistic. Where a statistic names a country but no plant, the facility is an aggregate of that
country's producers ("... producers"), published GREEN by a partner that tracks it, as governments do.

Only the rare-earth figures are checked by the tests (tests/test_demo.py); the other splits are rounded public
figures given for realism, each with its source, and should be checked against the source before being quoted.

Records name facilities by external id; external ids are unique across the whole file (the loader relies on it).
"""

from __future__ import annotations

# --- sources ---------------------------------------------------------------------------------------------------

SOURCES = {
    "usgs-mcs-2025-rare-earths": {
        "title": "U.S. Geological Survey, Mineral Commodity Summaries 2025: Rare Earths (world mine production, "
                 "2024 estimates, t of rare-earth-oxide equivalent)",
        "url": "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf",
        "world_total": 390_000,
        "by_country": {"CN": 270_000, "US": 45_000, "MM": 31_000, "AU": 13_000, "NG": 13_000, "TH": 13_000,
                       "IN": 2_900, "RU": 2_500, "MG": 2_000, "VN": 300, "MY": 130, "BR": 20},
    },
    "iea-gcmo-2024-ree-refining": {
        "title": "IEA, Global Critical Minerals Outlook 2024: share of rare-earth refining (separation into "
                 "oxides) by country, 2023: China about 90%",
        "url": "https://www.iea.org/reports/global-critical-minerals-outlook-2024",
        # The statistic is China's share; the rest is split by the demo among the non-Chinese separation plants
        # named below (Lynas Malaysia, MP Materials, Neo Sillamaee, Vietnam) as a rough apportionment.
        "china_share": 0.90,
        "by_country": {"CN": 90_000, "MY": 6_000, "US": 1_500, "EE": 1_500, "VN": 1_000},
    },
    "usgs-mcs-2025-lithium": {
        "title": "USGS Mineral Commodity Summaries 2025: Lithium (mine production 2024e, t Li content; "
                 "U.S. withheld)",
        "url": "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-lithium.pdf",
        "by_country": {"AU": 88_000, "CL": 49_000, "CN": 41_000, "ZW": 22_000, "AR": 18_000, "BR": 10_000,
                       "CA": 4_300, "PT": 380},
    },
    "usgs-mcs-2025-cobalt": {
        "title": "USGS Mineral Commodity Summaries 2025: Cobalt (mine production 2024e, t Co content)",
        "url": "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-cobalt.pdf",
        "by_country": {"CD": 220_000, "ID": 28_000, "RU": 8_700, "PH": 3_800, "AU": 3_600, "CU": 3_500,
                       "CA": 3_500, "PG": 2_900, "TR": 2_700, "CN": 2_200, "US": 300},
    },
    "usgs-mcs-2025-nickel": {
        "title": "USGS Mineral Commodity Summaries 2025: Nickel (mine production 2024e, t Ni content)",
        "url": "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-nickel.pdf",
        "by_country": {"ID": 2_200_000, "PH": 330_000, "RU": 210_000, "CA": 190_000, "CN": 120_000,
                       "NC": 110_000, "AU": 110_000, "BR": 77_000, "US": 8_000},
    },
    "usgs-mcs-2025-graphite": {
        "title": "USGS Mineral Commodity Summaries 2025: Graphite, natural (mine production 2024e, t)",
        "url": "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-graphite.pdf",
        "by_country": {"CN": 1_270_000, "MG": 89_000, "MZ": 75_000, "BR": 68_000, "IN": 11_000, "CA": 3_000},
    },
    "iea-gevo-2024-cells": {
        "title": "IEA, Global EV Outlook 2024: lithium-ion battery cell manufacturing capacity by region, 2023 "
                 "(China about 85%; rounded shares, GWh a year)",
        "url": "https://www.iea.org/reports/global-ev-outlook-2024",
        "by_country": {"CN": 2_100, "PL": 80, "HU": 50, "DE": 60, "US": 150, "KR": 40, "JP": 40},
    },
    "sia-bcg-2024-fab-capacity": {
        "title": "SIA and BCG, Emerging Resilience in the Semiconductor Supply Chain (May 2024): share of global "
                 "wafer fabrication capacity by location, 2022 (rounded; thousand 300 mm-equivalent wafers a month)",
        "url": "https://www.semiconductors.org/emerging-resilience-in-the-semiconductor-supply-chain/",
        "by_country": {"CN": 24, "TW": 18, "KR": 17, "JP": 13, "US": 10, "DE": 4, "IE": 4, "SG": 10},
    },
    "company-reports-silicon-wafers": {
        "title": "Silicon wafer makers' annual reports (Shin-Etsu, SUMCO, GlobalWafers, Siltronic, SK Siltron), "
                 "approximate shares of 300 mm wafer shipments",
        "url": "https://www.shinetsu.co.jp/en/ir/",
        "by_country": {"JP": 55, "TW": 17, "DE": 13, "KR": 12, "CN": 3},
    },
    "sia-bcg-2024-atp": {
        "title": "SIA and BCG (May 2024): assembly, test and packaging capacity by location (rounded shares)",
        "url": "https://www.semiconductors.org/emerging-resilience-in-the-semiconductor-supply-chain/",
        "by_country": {"TW": 28, "CN": 30, "MY": 13, "KR": 9, "US": 3, "JP": 6, "VN": 5, "PH": 6},
    },
    "usp-api-2023": {
        "title": "U.S. Pharmacopeia, Medicine Supply Map: share of API drug master files by country for "
                 "amoxicillin and heparin (rounded)",
        "url": "https://www.usp.org/supply-chain/medicine-supply-map",
        "by_country": {"CN": 55, "IN": 35, "EU": 7, "US": 3},
    },
    "margma-2023-gloves": {
        "title": "Malaysian Rubber Glove Manufacturers Association: Malaysia about 65% of world rubber gloves "
                 "(rounded shares, million gloves a year)",
        "url": "https://www.margma.com.my/",
        "by_country": {"MY": 65, "TH": 18, "CN": 10, "VN": 3, "US": 2, "MX": 2},
    },
}

# --- partners and groups ---------------------------------------------------------------------------------------

PARTNERS = [
    {"code": "US-DOC", "name": "U.S. Department of Commerce", "country": "US"},
    {"code": "JP-METI", "name": "Ministry of Economy, Trade and Industry", "country": "JP"},
    {"code": "KR-MOTIE", "name": "Ministry of Trade, Industry and Energy", "country": "KR"},
    {"code": "AU-DISR", "name": "Department of Industry, Science and Resources", "country": "AU"},
    {"code": "TW-MOEA", "name": "Ministry of Economic Affairs", "country": "TW"},
    {"code": "EU-DG-GROW", "name": "European Commission DG GROW", "country": "BE"},
    {"code": "CA-NRCAN", "name": "Natural Resources Canada", "country": "CA"},
    {"code": "MX-SE", "name": "Secretaría de Economía", "country": "MX"},
]

CRITICAL_MINERALS = "Critical minerals working group"
CHIPS = "Semiconductor supply chain working group"
SHARING_GROUPS = [
    {"name": CRITICAL_MINERALS, "description": "Rare earths, magnets, battery minerals.",
     "members": ["US-DOC", "JP-METI", "AU-DISR", "CA-NRCAN", "EU-DG-GROW"]},
    {"name": CHIPS, "description": "Wafers, logic chips, advanced packaging.",
     "members": ["US-DOC", "JP-METI", "KR-MOTIE", "TW-MOEA", "EU-DG-GROW"]},
]

# Who publishes a facility: a partner's own country, the EU's member states, and for the rest the tracking partner.
OWNER_OF_COUNTRY = {
    "US": "US-DOC", "JP": "JP-METI", "KR": "KR-MOTIE", "AU": "AU-DISR", "TW": "TW-MOEA", "CA": "CA-NRCAN",
    "MX": "MX-SE", "BE": "EU-DG-GROW", "DE": "EU-DG-GROW", "PL": "EU-DG-GROW", "HU": "EU-DG-GROW",
    "EE": "EU-DG-GROW", "IE": "EU-DG-GROW", "PT": "EU-DG-GROW", "FR": "EU-DG-GROW", "IT": "EU-DG-GROW",
    "NL": "EU-DG-GROW", "FI": "EU-DG-GROW",
    # Non-partner countries, tracked (GREEN) by the partner closest to them in trade.
    "CN": "US-DOC", "CD": "US-DOC", "RU": "EU-DG-GROW", "ID": "AU-DISR", "PH": "JP-METI", "MY": "AU-DISR",
    "MM": "JP-METI", "NG": "EU-DG-GROW", "TH": "JP-METI", "IN": "US-DOC", "MG": "EU-DG-GROW", "VN": "KR-MOTIE",
    "BR": "US-DOC", "CL": "US-DOC", "AR": "US-DOC", "ZW": "EU-DG-GROW", "CU": "CA-NRCAN", "PG": "AU-DISR",
    "TR": "EU-DG-GROW", "NC": "AU-DISR", "MZ": "EU-DG-GROW", "SG": "TW-MOEA",
}
TRACKED = {c for c, owner in OWNER_OF_COUNTRY.items() if c not in ("US", "JP", "KR", "AU", "TW", "CA", "MX")}

# A representative point per country (a mining or industrial region), for distances.
POINT = {
    "US": (35.48, -115.53), "JP": (35.68, 139.69), "KR": (37.57, 126.98), "AU": (-28.86, 122.55),
    "TW": (24.78, 120.99), "CA": (46.49, -80.99), "MX": (19.43, -99.13), "BE": (50.85, 4.35),
    "DE": (51.05, 13.74), "PL": (51.11, 17.03), "HU": (47.50, 19.04), "EE": (59.39, 27.76), "IE": (53.36, -6.49),
    "PT": (41.15, -8.61), "FR": (45.76, 4.84), "IT": (45.46, 9.19), "NL": (52.37, 4.90), "FI": (63.84, 23.13),
    "CN": (40.65, 109.84), "CD": (-10.72, 25.47), "RU": (69.35, 88.20), "ID": (-2.55, 121.37),
    "PH": (9.78, 118.74), "MY": (3.97, 103.38), "MM": (25.38, 97.40), "NG": (9.93, 8.89), "TH": (13.76, 100.50),
    "IN": (17.38, 78.48), "MG": (-18.88, 47.51), "VN": (21.03, 105.85), "BR": (-19.92, -43.94),
    "CL": (-23.65, -70.40), "AR": (-24.78, -65.41), "ZW": (-17.83, 31.05), "CU": (20.64, -74.95),
    "PG": (-5.15, 145.80), "TR": (39.93, 32.86), "NC": (-22.27, 166.46), "MZ": (-13.30, 40.00),
    "SG": (1.35, 103.82),
}

AS_OF = "2026-06-30"

# --- the catalogue ---------------------------------------------------------------------------------------------


def _p(code, name, sector, unit, hs=(), inputs=(), description=""):
    return {"code": code, "name": name, "sector": sector, "unit": unit, "hs_codes": list(hs),
            "description": description,
            "inputs": [{"input": i, "quantity_per_unit": q} for i, q in inputs]}


PRODUCTS = [
    # Rare earths and magnets (t; a motor in units). NdFeB magnets are about 30% NdPr by mass.
    _p("REE-CONCENTRATE", "Rare-earth mineral concentrate (REO equivalent)", "critical_minerals", "t", ["253090"]),
    _p("NDPR-OXIDE", "Neodymium-praseodymium oxide", "critical_minerals", "t", ["284690"],
       [("REE-CONCENTRATE", "1.6")]),
    _p("NDFEB-MAGNET", "Sintered NdFeB permanent magnets", "critical_minerals", "t", ["850511"],
       [("NDPR-OXIDE", "0.32")]),
    _p("EV-MOTOR", "EV traction motor", "batteries", "units", ["850152"], [("NDFEB-MAGNET", "0.0015")]),
    # Battery minerals (t of contained metal or graphite).
    _p("LITHIUM", "Lithium (contained Li)", "critical_minerals", "t", ["283691", "282520"]),
    _p("NICKEL", "Nickel (contained Ni)", "critical_minerals", "t", ["750110"]),
    _p("COBALT", "Cobalt (contained Co)", "critical_minerals", "t", ["810520", "282200"]),
    _p("GRAPHITE", "Natural graphite", "critical_minerals", "t", ["250410"]),
    _p("CATHODE-NMC", "NMC cathode active material", "batteries", "t", ["284190"],
       [("LITHIUM", "0.075"), ("NICKEL", "0.48"), ("COBALT", "0.06")]),
    _p("ANODE-GRAPHITE", "Graphite anode active material", "batteries", "t", ["380110"], [("GRAPHITE", "1.1")]),
    _p("LI-ION-CELL", "Lithium-ion cells", "batteries", "kWh", ["850760"],
       [("CATHODE-NMC", "0.0014"), ("ANODE-GRAPHITE", "0.001")]),
    _p("GRID-STORAGE-PACK", "Grid storage battery packs", "batteries", "kWh", ["850760"],
       [("LI-ION-CELL", "1.05")]),
    # Semiconductors (wafers; packages in units).
    _p("POLYSILICON", "Semiconductor-grade polysilicon", "semiconductors", "t", ["280461"]),
    _p("SILICON-WAFER", "300 mm prime silicon wafers", "semiconductors", "wafers", ["381800"],
       [("POLYSILICON", "0.00013")]),
    _p("LOGIC-CHIP", "Advanced logic wafers (processed)", "semiconductors", "wafers", ["854231"],
       [("SILICON-WAFER", "1")]),
    _p("ABF-SUBSTRATE", "ABF package substrates", "semiconductors", "units", ["854290"]),
    _p("ADV-PACKAGE", "Advanced packages (2.5D/3D)", "semiconductors", "units", ["854231"],
       [("LOGIC-CHIP", "0.0025"), ("ABF-SUBSTRATE", "1")]),
    # Pharmaceuticals (kg of API; finished doses).
    _p("6-APA", "6-aminopenicillanic acid (key starting material)", "pharmaceuticals", "kg", ["294110"]),
    _p("AMOXICILLIN-API", "Amoxicillin trihydrate (API)", "pharmaceuticals", "kg", ["294110"],
       [("6-APA", "0.6")]),
    _p("AMOXICILLIN-500", "Amoxicillin 500 mg capsules", "pharmaceuticals", "doses", ["300410"],
       [("AMOXICILLIN-API", "0.0005")]),
    _p("CRUDE-HEPARIN", "Crude heparin (porcine mucosa)", "pharmaceuticals", "kg", ["300190"]),
    _p("HEPARIN-API", "Heparin sodium (API)", "pharmaceuticals", "kg", ["300190"], [("CRUDE-HEPARIN", "1.3")]),
    _p("HEPARIN-5000IU", "Heparin 5,000 IU injection", "pharmaceuticals", "doses", ["300490"],
       [("HEPARIN-API", "0.00003")]),
    # Medical supplies.
    _p("NITRILE-GLOVES", "Nitrile examination gloves", "medical_supplies", "units", ["401519"]),
    _p("N95-RESPIRATOR", "N95 / FFP2 respirators", "medical_supplies", "units", ["630790"]),
]

# The industrial bases of the review's second phase, and the demo products each draws on (the catalogue's entries
# themselves come with the service; supply chains take their products from the catalogue sector).
INDUSTRIAL_BASE_PRODUCTS = {
    "defence": ["NDFEB-MAGNET", "LOGIC-CHIP", "ADV-PACKAGE", "COBALT", "LI-ION-CELL"],
    "transportation": ["EV-MOTOR", "LI-ION-CELL", "NDFEB-MAGNET"],
    "energy": ["GRID-STORAGE-PACK", "LI-ION-CELL", "NICKEL", "LITHIUM"],
    "ict": ["LOGIC-CHIP", "ADV-PACKAGE", "SILICON-WAFER", "ABF-SUBSTRATE"],
    "public-health": ["N95-RESPIRATOR", "NITRILE-GLOVES", "HEPARIN-5000IU", "AMOXICILLIN-500"],
}

# --- facilities and capacity from the statistics -----------------------------------------------------------------

FACILITIES: list[dict] = []
CAPACITIES: list[dict] = []
STOCKPILES: list[dict] = []
SUPPLY_LINKS: list[dict] = []

# Named plants where the public record names them: (product, country) -> (external id, name, operator).
NAMED = {
    ("REE-CONCENTRATE", "US"): ("MTN-PASS", "Mountain Pass mine", "MP Materials"),
    ("REE-CONCENTRATE", "AU"): ("MT-WELD", "Mount Weld mine", "Lynas Rare Earths"),
    ("REE-CONCENTRATE", "CN"): ("BAYAN-OBO", "Bayan Obo mine", "China Northern Rare Earth"),
    ("NDPR-OXIDE", "CN"): ("BAOTOU-SEP", "Baotou separation plants", "China Northern Rare Earth"),
    ("NDPR-OXIDE", "MY"): ("LYNAS-KUANTAN", "Lynas Advanced Materials Plant", "Lynas Rare Earths"),
    ("NDPR-OXIDE", "US"): ("MTN-PASS-SEP", "Mountain Pass separation", "MP Materials"),
    ("NDPR-OXIDE", "EE"): ("SILLAMAE", "Sillamäe separation plant", "Neo Performance Materials"),
    ("LITHIUM", "AU"): ("GREENBUSHES", "Greenbushes mine", "Talison Lithium"),
    ("LITHIUM", "CL"): ("SALAR-ATACAMA", "Salar de Atacama operations", "SQM / Albemarle"),
    ("COBALT", "CD"): ("KOLWEZI", "Kolwezi copper-cobalt mines", ""),
    ("NICKEL", "ID"): ("MOROWALI", "Morowali industrial park", "IMIP"),
    ("NICKEL", "CA"): ("SUDBURY", "Sudbury basin operations", "Vale / Glencore"),
    ("GRAPHITE", "CN"): ("HEILONGJIANG-GR", "Heilongjiang graphite mines", ""),
    ("SILICON-WAFER", "JP"): ("SHIN-ETSU-SHIRAKAWA", "Shirakawa wafer plant", "Shin-Etsu Handotai"),
    ("LOGIC-CHIP", "TW"): ("HSINCHU-FAB", "Hsinchu Science Park fabs", ""),
    ("LOGIC-CHIP", "US"): ("ARIZONA-FAB", "Arizona fab", ""),
    ("NITRILE-GLOVES", "MY"): ("KLANG-GLOVES", "Klang valley glove plants", ""),
}

KIND_OF = {
    "REE-CONCENTRATE": "mine", "NDPR-OXIDE": "refinery", "NDFEB-MAGNET": "processing", "EV-MOTOR": "processing",
    "LITHIUM": "mine", "NICKEL": "mine", "COBALT": "mine", "GRAPHITE": "mine", "CATHODE-NMC": "processing",
    "ANODE-GRAPHITE": "processing", "LI-ION-CELL": "cell_plant", "GRID-STORAGE-PACK": "cell_plant",
    "POLYSILICON": "refinery", "SILICON-WAFER": "processing", "LOGIC-CHIP": "fab", "ABF-SUBSTRATE": "processing",
    "ADV-PACKAGE": "packaging", "6-APA": "api_plant", "AMOXICILLIN-API": "api_plant",
    "AMOXICILLIN-500": "pharma_plant", "CRUDE-HEPARIN": "api_plant", "HEPARIN-API": "api_plant",
    "HEPARIN-5000IU": "pharma_plant", "NITRILE-GLOVES": "device_plant", "N95-RESPIRATOR": "device_plant",
}

PRODUCT_NAMES = {p["code"]: p["name"] for p in PRODUCTS}
_EU_SPREAD = ("DE", "FR", "IT")  # where "EU" in a statistic is placed


def facility_id(product: str, country: str) -> str:
    return NAMED.get((product, country), (f"{product}-{country}",))[0]


def _offset(seed: str) -> tuple[float, float]:
    # Spreads facilities of one country a little apart, the same on every load.
    h = sum(ord(c) * (i + 1) for i, c in enumerate(seed))
    return ((h % 97) / 97 - 0.5, ((h // 97) % 89) / 89 - 0.5)


def add_facility(external_id, country, kind, name, *, operator="", marking="GREEN", groups=(), status="operating",
                 owner=None) -> str:
    lat, lon = POINT[country]
    dlat, dlon = _offset(external_id)
    FACILITIES.append({
        "external_id": external_id, "owner": owner or OWNER_OF_COUNTRY[country], "name": name, "country": country,
        "latitude": round(lat + dlat, 4), "longitude": round(lon + dlon, 4), "kind": kind, "status": status,
        "operator": operator, "marking": marking, "groups": list(groups),
    })
    return external_id


def capacity(facility, product, annual, *, marking="GREEN", groups=(), spare_share="0.1", releasable_share="0",
             lead_time_days=30, as_of=AS_OF, suffix="") -> None:
    from decimal import Decimal

    nominal = (Decimal(str(annual)) / 12).quantize(Decimal("0.001"))
    spare = (nominal * Decimal(spare_share)).quantize(Decimal("0.001"))
    CAPACITIES.append({
        "external_id": f"{facility}-{product}{suffix}", "facility": facility, "product": product,
        "nominal": str(nominal), "in_use": str(nominal - spare), "spare": str(spare),
        "releasable": str((spare * Decimal(releasable_share)).quantize(Decimal("0.001"))),
        "lead_time_days": lead_time_days, "as_of": as_of, "marking": marking, "groups": list(groups),
    })


def from_statistic(product: str, source: str, scale: float = 1, *, markings: dict | None = None) -> None:
    """One facility per country of the statistic (EU split over three member states), capacity = figure x scale."""
    markings = markings or {}
    for country, figure in SOURCES[source]["by_country"].items():
        places = [(c, figure / len(_EU_SPREAD)) for c in _EU_SPREAD] if country == "EU" else [(country, figure)]
        for place, value in places:
            ext = facility_id(product, place)
            named = NAMED.get((product, place))
            name = named[1] if named else f"{PRODUCT_NAMES[product]} producers, {place}"
            if ext not in {f["external_id"] for f in FACILITIES}:
                add_facility(ext, place, KIND_OF[product], name, operator=named[2] if named else "")
            marking, groups = markings.get(place, ("GREEN", ()))
            capacity(ext, product, value * scale, marking=marking, groups=groups)


# Rare earths: NdPr oxide and concentrate stay GREEN, so every partner's concentration answer is the statistic's.
from_statistic("REE-CONCENTRATE", "usgs-mcs-2025-rare-earths")
from_statistic("NDPR-OXIDE", "iea-gcmo-2024-ree-refining")
# Battery minerals. Canada's cobalt is shared with the critical-minerals group only (AMBER): a partner outside the
# group (KR, TW, MX) sees that cell suppressed, since fewer than K partners stand behind it.
from_statistic("LITHIUM", "usgs-mcs-2025-lithium")
from_statistic("COBALT", "usgs-mcs-2025-cobalt", markings={"CA": ("AMBER", [CRITICAL_MINERALS])})
from_statistic("NICKEL", "usgs-mcs-2025-nickel")
from_statistic("GRAPHITE", "usgs-mcs-2025-graphite")
# Cells (GWh a year -> kWh a month), wafers and fabs (thousand wafers a month -> wafers a year), packages.
from_statistic("LI-ION-CELL", "iea-gevo-2024-cells", 1_000_000)
from_statistic("SILICON-WAFER", "company-reports-silicon-wafers", 12 * 10_000)
# US advanced-logic output is shared with the chips group only: suppressed for partners outside it.
from_statistic("LOGIC-CHIP", "sia-bcg-2024-fab-capacity", 12 * 1_000, markings={"US": ("AMBER", [CHIPS])})
from_statistic("ADV-PACKAGE", "sia-bcg-2024-atp", 12 * 1_000_000)
from_statistic("AMOXICILLIN-API", "usp-api-2023", 12 * 1_000)
from_statistic("HEPARIN-API", "usp-api-2023", 12 * 10)
from_statistic("NITRILE-GLOVES", "margma-2023-gloves", 12 * 40_000_000)

# The stages between the statistics, a plant or two each, with the partners' own markings.
for ext, country, product, annual, marking, groups in [
    ("SHIN-ETSU-TAKEFU", "JP", "NDFEB-MAGNET", 12_000, "GREEN", ()),
    ("NINGBO-MAGNETS", "CN", "NDFEB-MAGNET", 200_000, "GREEN", ()),
    ("EV-MOTOR-AICHI", "JP", "EV-MOTOR", 2_400_000, "AMBER", [CRITICAL_MINERALS]),
    ("EV-MOTOR-MICHIGAN", "US", "EV-MOTOR", 1_200_000, "GREEN", ()),
    ("CATHODE-GWANGYANG", "KR", "CATHODE-NMC", 120_000, "GREEN", ()),
    ("CATHODE-HUNAN", "CN", "CATHODE-NMC", 900_000, "GREEN", ()),
    ("ANODE-SEJONG", "KR", "ANODE-GRAPHITE", 40_000, "GREEN", ()),
    ("ANODE-SHANDONG", "CN", "ANODE-GRAPHITE", 1_500_000, "GREEN", ()),
    ("GRID-PACKS-TEXAS", "US", "GRID-STORAGE-PACK", 30_000_000, "CLEAR", ()),
    ("GRID-PACKS-OSAN", "KR", "GRID-STORAGE-PACK", 12_000_000, "GREEN", ()),
    ("HEMLOCK", "US", "POLYSILICON", 30_000, "CLEAR", ()),
    ("WACKER-BURGHAUSEN", "DE", "POLYSILICON", 60_000, "GREEN", ()),
    ("TOKUYAMA", "JP", "POLYSILICON", 10_000, "AMBER+STRICT", ()),
    ("ABF-TAOYUAN", "TW", "ABF-SUBSTRATE", 600_000_000, "AMBER", [CHIPS]),
    ("ABF-OGAKI", "JP", "ABF-SUBSTRATE", 500_000_000, "GREEN", ()),
    ("6APA-SHIJIAZHUANG", "CN", "6-APA", 12_000_000, "GREEN", ()),
    ("6APA-KUNDL", "DE", "6-APA", 1_200_000, "GREEN", ()),
    ("AMOX-CAPS-TOLUCA", "MX", "AMOXICILLIN-500", 240_000_000, "GREEN", ()),
    ("AMOX-CAPS-KUNDL", "DE", "AMOXICILLIN-500", 600_000_000, "GREEN", ()),
    ("CRUDE-HEPARIN-CN", "CN", "CRUDE-HEPARIN", 120_000, "GREEN", ()),
    ("CRUDE-HEPARIN-IOWA", "US", "CRUDE-HEPARIN", 20_000, "GREEN", ()),
    ("HEPARIN-INJ-OHIO", "US", "HEPARIN-5000IU", 240_000_000, "GREEN", ()),
    ("N95-MINNESOTA", "US", "N95-RESPIRATOR", 1_200_000_000, "GREEN", ()),
    ("N95-HUBEI", "CN", "N95-RESPIRATOR", 2_400_000_000, "GREEN", ()),
    ("N95-ONTARIO", "CA", "N95-RESPIRATOR", 240_000_000, "GREEN", ()),
    ("N95-NUEVO-LEON", "MX", "N95-RESPIRATOR", 120_000_000, "GREEN", ()),
]:
    add_facility(ext, country, KIND_OF[product], f"{PRODUCT_NAMES[product]}, {ext.title().replace('-', ' ')}",
                 marking=marking if marking in ("CLEAR", "GREEN") else "GREEN")
    capacity(ext, product, annual, marking=marking, groups=groups)

# Releasable emergency output of the partners' own plants: the matcher's capacity sources.
_COUNTRY_OF = {f["external_id"]: f["country"] for f in FACILITIES}
for row in CAPACITIES:
    if row["product"] in ("N95-RESPIRATOR", "NITRILE-GLOVES") and _COUNTRY_OF[row["facility"]] not in TRACKED:
        row["releasable"] = row["spare"]
        row["lead_time_days"] = 14

# --- stockpiles: warehouses, with expiry; every marking in use ---------------------------------------------------

for ext, country, name in [
    ("SNS-EAST", "US", "Strategic National Stockpile, eastern site"),
    ("JOGMEC-STORE", "JP", "JOGMEC rare-metal stockpile"),
    ("KR-PPS-STORE", "KR", "Public Procurement Service stockpile"),
    ("AU-NMS-STORE", "AU", "National Medical Stockpile, Western Australia"),
    ("CA-NESS-STORE", "CA", "National Emergency Strategic Stockpile"),
    ("RESCEU-STORE", "BE", "rescEU medical reserve"),
    ("MX-INSABI-STORE", "MX", "Reserva nacional de insumos médicos"),
    ("TW-CDC-STORE", "TW", "Taiwan CDC strategic reserve"),
]:
    add_facility(ext, country, "warehouse", name)

for ext, facility, product, quantity, releasable, expiry, marking, groups in [
    ("SNS-N95", "SNS-EAST", "N95-RESPIRATOR", 60_000_000, 12_000_000, "2029-03-31", "AMBER+STRICT", ()),
    ("SNS-GLOVES", "SNS-EAST", "NITRILE-GLOVES", 200_000_000, 20_000_000, "2030-06-30", "GREEN", ()),
    ("SNS-HEPARIN", "SNS-EAST", "HEPARIN-5000IU", 3_000_000, 300_000, "2027-09-30", "RED", ()),
    ("JOGMEC-NDPR", "JOGMEC-STORE", "NDPR-OXIDE", 1_800, 0, None, "RED", ()),
    ("JOGMEC-N95", "JOGMEC-STORE", "N95-RESPIRATOR", 20_000_000, 6_000_000, "2028-12-31", "GREEN", ()),
    ("KR-PPS-GLOVES", "KR-PPS-STORE", "NITRILE-GLOVES", 50_000_000, 5_000_000, "2029-01-31", "GREEN", ()),
    ("AU-NMS-N95", "AU-NMS-STORE", "N95-RESPIRATOR", 15_000_000, 4_000_000, "2028-06-30", "CLEAR", ()),
    ("AU-NMS-GLOVES", "AU-NMS-STORE", "NITRILE-GLOVES", 40_000_000, 10_000_000, "2029-06-30", "GREEN", ()),
    ("CA-NESS-N95", "CA-NESS-STORE", "N95-RESPIRATOR", 25_000_000, 5_000_000, "2028-09-30", "AMBER",
     [CRITICAL_MINERALS]),
    ("CA-NESS-COBALT", "CA-NESS-STORE", "COBALT", 500, 100, None, "AMBER", [CRITICAL_MINERALS]),
    ("RESCEU-N95", "RESCEU-STORE", "N95-RESPIRATOR", 30_000_000, 8_000_000, "2028-03-31", "GREEN", ()),
    ("RESCEU-AMOX", "RESCEU-STORE", "AMOXICILLIN-500", 40_000_000, 10_000_000, "2027-12-31", "GREEN", ()),
    ("MX-GLOVES", "MX-INSABI-STORE", "NITRILE-GLOVES", 30_000_000, 3_000_000, "2028-12-31", "GREEN", ()),
    ("TW-CDC-N95", "TW-CDC-STORE", "N95-RESPIRATOR", 10_000_000, 2_000_000, "2027-06-30", "AMBER", [CHIPS]),
]:
    STOCKPILES.append({
        "external_id": ext, "facility": facility, "product": product, "quantity": quantity,
        "releasable": releasable, "expiry": expiry, "as_of": AS_OF, "marking": marking, "groups": list(groups),
    })

# --- demand: each partner's monthly requirement, and its critical part (defence, health) ---------------------------
#
# ILLUSTRATIVE figures, not statistics: orders of magnitude chosen so that coverage answers (months of demand that
# stockpiles cover) look like the real questions, e.g. Japan's NdPr stockpile against its magnet makers' needs, or
# the allies' respirator reserves against a month of hospital use. No source is cited because none is claimed; do
# not quote them. (owner, product, total a month, defence part, health part, marking, groups)

DEMANDS: list[dict] = []
for owner, product, total, defence, health, marking, groups in [
    ("JP-METI", "NDPR-OXIDE", 450, 25, 0, "GREEN", ()),
    ("US-DOC", "NDPR-OXIDE", 350, 45, 0, "AMBER", [CRITICAL_MINERALS]),
    ("KR-MOTIE", "NDPR-OXIDE", 300, 10, 0, "GREEN", ()),
    ("EU-DG-GROW", "NDPR-OXIDE", 400, 15, 0, "GREEN", ()),
    ("US-DOC", "COBALT", 900, 80, 5, "GREEN", ()),
    ("JP-METI", "COBALT", 1_000, 20, 0, "GREEN", ()),
    ("KR-MOTIE", "COBALT", 1_500, 15, 0, "GREEN", ()),
    ("CA-NRCAN", "COBALT", 150, 10, 0, "AMBER", [CRITICAL_MINERALS]),
    ("US-DOC", "N95-RESPIRATOR", 30_000_000, 3_000_000, 24_000_000, "GREEN", ()),
    ("JP-METI", "N95-RESPIRATOR", 8_000_000, 500_000, 6_500_000, "GREEN", ()),
    ("KR-MOTIE", "N95-RESPIRATOR", 6_000_000, 500_000, 5_000_000, "GREEN", ()),
    ("AU-DISR", "N95-RESPIRATOR", 2_500_000, 200_000, 2_000_000, "CLEAR", ()),
    ("CA-NRCAN", "N95-RESPIRATOR", 3_500_000, 300_000, 3_000_000, "GREEN", ()),
    ("EU-DG-GROW", "N95-RESPIRATOR", 30_000_000, 2_000_000, 25_000_000, "GREEN", ()),
    ("TW-MOEA", "N95-RESPIRATOR", 2_500_000, 300_000, 2_000_000, "GREEN", ()),
    ("MX-SE", "N95-RESPIRATOR", 5_000_000, 200_000, 4_000_000, "GREEN", ()),
    ("US-DOC", "NITRILE-GLOVES", 600_000_000, 10_000_000, 550_000_000, "GREEN", ()),
    ("JP-METI", "NITRILE-GLOVES", 150_000_000, 2_000_000, 130_000_000, "GREEN", ()),
    ("KR-MOTIE", "NITRILE-GLOVES", 90_000_000, 2_000_000, 80_000_000, "GREEN", ()),
    ("AU-DISR", "NITRILE-GLOVES", 70_000_000, 1_000_000, 60_000_000, "GREEN", ()),
    ("MX-SE", "NITRILE-GLOVES", 60_000_000, 1_000_000, 50_000_000, "GREEN", ()),
    ("US-DOC", "HEPARIN-5000IU", 2_500_000, 100_000, 2_400_000, "RED", ()),
    ("EU-DG-GROW", "AMOXICILLIN-500", 60_000_000, 1_000_000, 59_000_000, "GREEN", ()),
    ("MX-SE", "AMOXICILLIN-500", 15_000_000, 0, 15_000_000, "GREEN", ()),
]:
    DEMANDS.append({
        "external_id": f"DEMAND-{owner}-{product}-{AS_OF}", "owner": owner, "product": product,
        "total_per_month": total, "defence_per_month": defence, "health_per_month": health, "as_of": AS_OF,
        "marking": marking, "groups": list(groups),
    })

# --- supply links: magnets to motors (four tiers), minerals to grid packs, wafers to packages, API to doses ------


def link(supplier, buyer, product, volume, *, owner=None, marking="GREEN", groups=()) -> None:
    buyer_owner = next(f["owner"] for f in FACILITIES if f["external_id"] == buyer)
    SUPPLY_LINKS.append({
        "external_id": f"{supplier}>{buyer}:{product}", "owner": owner or buyer_owner, "supplier": supplier,
        "buyer": buyer, "product": product, "volume_per_month": volume, "marking": marking, "groups": list(groups),
    })


# Rare earths: concentrate -> oxide -> magnets -> motors.
link("BAYAN-OBO", "BAOTOU-SEP", "REE-CONCENTRATE", 9_000)
link("MTN-PASS", "BAOTOU-SEP", "REE-CONCENTRATE", 2_500)
link("MTN-PASS", "MTN-PASS-SEP", "REE-CONCENTRATE", 1_200, owner="US-DOC")
link("MT-WELD", "LYNAS-KUANTAN", "REE-CONCENTRATE", 900, owner="AU-DISR")
link("REE-CONCENTRATE-MM", "BAOTOU-SEP", "REE-CONCENTRATE", 2_000)
link("BAOTOU-SEP", "NINGBO-MAGNETS", "NDPR-OXIDE", 5_000)
link("BAOTOU-SEP", "SHIN-ETSU-TAKEFU", "NDPR-OXIDE", 180)
link("LYNAS-KUANTAN", "SHIN-ETSU-TAKEFU", "NDPR-OXIDE", 150)
link("NINGBO-MAGNETS", "EV-MOTOR-AICHI", "NDFEB-MAGNET", 2.5)
link("SHIN-ETSU-TAKEFU", "EV-MOTOR-AICHI", "NDFEB-MAGNET", 2.5)
link("NINGBO-MAGNETS", "EV-MOTOR-MICHIGAN", "NDFEB-MAGNET", 2.0)
link("SHIN-ETSU-TAKEFU", "EV-MOTOR-MICHIGAN", "NDFEB-MAGNET", 0.5, owner="US-DOC")
# Batteries: minerals -> cathode and anode -> cells -> grid packs.
link("GREENBUSHES", "CATHODE-HUNAN", "LITHIUM", 3_000)
link("GREENBUSHES", "CATHODE-GWANGYANG", "LITHIUM", 600)
link("SALAR-ATACAMA", "CATHODE-GWANGYANG", "LITHIUM", 300)
link("MOROWALI", "CATHODE-GWANGYANG", "NICKEL", 4_000)
link("SUDBURY", "CATHODE-GWANGYANG", "NICKEL", 800, marking="AMBER", groups=[CRITICAL_MINERALS], owner="CA-NRCAN")
link("KOLWEZI", "CATHODE-HUNAN", "COBALT", 4_000)
link("KOLWEZI", "CATHODE-GWANGYANG", "COBALT", 500)
link("HEILONGJIANG-GR", "ANODE-SHANDONG", "GRAPHITE", 90_000)
link("HEILONGJIANG-GR", "ANODE-SEJONG", "GRAPHITE", 2_500)
link("CATHODE-GWANGYANG", "LI-ION-CELL-KR", "CATHODE-NMC", 4_000)
link("CATHODE-HUNAN", "LI-ION-CELL-CN", "CATHODE-NMC", 60_000)
link("ANODE-SEJONG", "LI-ION-CELL-KR", "ANODE-GRAPHITE", 3_000)
link("ANODE-SHANDONG", "LI-ION-CELL-CN", "ANODE-GRAPHITE", 100_000)
link("LI-ION-CELL-CN", "GRID-PACKS-TEXAS", "LI-ION-CELL", 1_800_000)
link("LI-ION-CELL-KR", "GRID-PACKS-TEXAS", "LI-ION-CELL", 500_000)
link("LI-ION-CELL-US", "GRID-PACKS-TEXAS", "LI-ION-CELL", 300_000)
link("LI-ION-CELL-KR", "GRID-PACKS-OSAN", "LI-ION-CELL", 1_000_000)
# Chips: polysilicon -> wafers -> logic -> packages (with substrates).
link("HEMLOCK", "SHIN-ETSU-SHIRAKAWA", "POLYSILICON", 900)
link("WACKER-BURGHAUSEN", "SHIN-ETSU-SHIRAKAWA", "POLYSILICON", 600)
link("SHIN-ETSU-SHIRAKAWA", "HSINCHU-FAB", "SILICON-WAFER", 400_000, marking="AMBER", groups=[CHIPS])
link("SILICON-WAFER-TW", "HSINCHU-FAB", "SILICON-WAFER", 200_000)
link("SHIN-ETSU-SHIRAKAWA", "ARIZONA-FAB", "SILICON-WAFER", 60_000)
link("HSINCHU-FAB", "ADV-PACKAGE-TW", "LOGIC-CHIP", 100_000)
link("HSINCHU-FAB", "ADV-PACKAGE-US", "LOGIC-CHIP", 5_000, marking="AMBER", groups=[CHIPS])
link("ABF-TAOYUAN", "ADV-PACKAGE-TW", "ABF-SUBSTRATE", 30_000_000)
link("ABF-OGAKI", "ADV-PACKAGE-TW", "ABF-SUBSTRATE", 20_000_000)
link("ABF-OGAKI", "ADV-PACKAGE-US", "ABF-SUBSTRATE", 2_000_000)
# Pharmaceuticals: key starting material -> API -> finished doses.
link("6APA-SHIJIAZHUANG", "AMOXICILLIN-API-CN", "6-APA", 700_000)
link("6APA-SHIJIAZHUANG", "AMOXICILLIN-API-IN", "6-APA", 500_000)
link("6APA-KUNDL", "AMOXICILLIN-API-DE", "6-APA", 60_000)
link("AMOXICILLIN-API-IN", "AMOX-CAPS-TOLUCA", "AMOXICILLIN-API", 8_000)
link("AMOXICILLIN-API-CN", "AMOX-CAPS-TOLUCA", "AMOXICILLIN-API", 2_000)
link("AMOXICILLIN-API-DE", "AMOX-CAPS-KUNDL", "AMOXICILLIN-API", 25_000)
link("CRUDE-HEPARIN-CN", "HEPARIN-API-CN", "CRUDE-HEPARIN", 8_000)
link("CRUDE-HEPARIN-IOWA", "HEPARIN-API-US", "CRUDE-HEPARIN", 1_500)
link("HEPARIN-API-CN", "HEPARIN-INJ-OHIO", "HEPARIN-API", 500, marking="RED")
link("HEPARIN-API-US", "HEPARIN-INJ-OHIO", "HEPARIN-API", 100)
# Medical supplies into the stockpiles.
link("KLANG-GLOVES", "SNS-EAST", "NITRILE-GLOVES", 8_000_000)
link("NITRILE-GLOVES-TH", "MX-INSABI-STORE", "NITRILE-GLOVES", 1_000_000)
link("N95-HUBEI", "RESCEU-STORE", "N95-RESPIRATOR", 2_000_000)
link("N95-MINNESOTA", "SNS-EAST", "N95-RESPIRATOR", 5_000_000)

# --- illustrative unit costs (issue 15: the content share) --------------------------------------------------------
# Illustrative figures in the reporting currency (USD), of the order of published prices, not partners' data:
# rare-earth concentrate a few thousand dollars a tonne, NdPr oxide some tens of thousands, magnets more, a motor
# about a thousand. Myanmar's concentrate has no unit cost: it counts at the catalogue's reference unit cost.

REFERENCE_UNIT_COSTS = {"REE-CONCENTRATE": "5000", "NDPR-OXIDE": "60000", "NDFEB-MAGNET": "80000",
                        "EV-MOTOR": "1200", "LITHIUM": "12000", "COBALT": "33000", "NICKEL": "16000"}
UNIT_COSTS = {
    "BAYAN-OBO-REE-CONCENTRATE": "4000", "MTN-PASS-REE-CONCENTRATE": "5500", "MT-WELD-REE-CONCENTRATE": "6000",
    "BAOTOU-SEP-NDPR-OXIDE": "55000", "LYNAS-KUANTAN-NDPR-OXIDE": "65000", "MTN-PASS-SEP-NDPR-OXIDE": "62000",
    "SHIN-ETSU-TAKEFU-NDFEB-MAGNET": "90000", "NINGBO-MAGNETS-NDFEB-MAGNET": "70000",
    "EV-MOTOR-AICHI-EV-MOTOR": "1200", "EV-MOTOR-MICHIGAN-EV-MOTOR": "1300",
}
for _spec in PRODUCTS:
    if _spec["code"] in REFERENCE_UNIT_COSTS:
        _spec["reference_unit_cost"] = REFERENCE_UNIT_COSTS[_spec["code"]]
_costed = [spec for spec in CAPACITIES if spec["external_id"] in UNIT_COSTS]
assert len(_costed) == len(UNIT_COSTS), "every illustrative unit cost names a demo capacity record"
for _spec in _costed:
    _spec["unit_cost"] = UNIT_COSTS[_spec["external_id"]]

# --- one open emergency request, matched, with offers in every state ---------------------------------------------

EMERGENCY_REQUEST = {
    "idempotency_key": "demo-respirators",
    "requesting_partner": "KR-MOTIE",
    "product": "N95-RESPIRATOR",
    "quantity": "45000000",
    "destination_country": "KR",
    "destination_latitude": "37.5665",
    "destination_longitude": "126.9780",
    "needed_in_days": 45,
    "priority": 1,
    "justification": "Respiratory outbreak: hospitals in Seoul short of respirators (demo).",
}

# --- people who sign in to the console (DEMO ONLY: known passwords and second-factor secrets) ---------------------
# Created by load_demo only when DEMO_PEOPLE is on (it follows DJANGO_DEBUG), each with the password
# DEMO_PASSWORD and an authenticator (TOTP) secret that load_demo prints, so that a developer can sign in at once.

PEOPLE = [
    {"username": "demo-coordinator", "partner": "KR-MOTIE", "roles": ["coordinator", "reader"],
     "name": "Coordinator (demo)", "does": "opens the demo request's partner's requests, runs matching"},
    {"username": "demo-responder", "partner": "US-DOC", "roles": ["responder"],
     "name": "Responder (demo)", "does": "answers the offers made to US-DOC"},
    {"username": "demo-analyst", "partner": "JP-METI", "roles": ["reader"],
     "name": "Analyst (demo)", "does": "reads what JP-METI may see"},
    {"username": "demo-publisher", "partner": "AU-DISR", "roles": ["publisher", "reader"],
     "name": "Publisher (demo)", "does": "publishes AU-DISR's records"},
]
DEMO_PASSWORD = "demo-only-password"  # demo only; never in a deployment: DEMO_PEOPLE is off there

# --- waivers (issue 15) -----------------------------------------------------------------------------------------
#
# ILLUSTRATIVE, NOT REAL WAIVERS: the agencies are real, the products and origins follow the supply picture above,
# but no quantity, value, vendor or date below is taken from an actual waiver. They show the registry in every
# status and for each FAR 25.103 reason. Dates are days before the day the demo is first loaded (``*_days_ago``),
# so that the posted ones are in their review period then; a reload keeps the dates first stored.

WAIVERS = [
    {"external_id": "DEMO-DOE-2026-014", "owner": "US-DOC", "agency": "Department of Energy",
     "product": "NDFEB-MAGNET", "quantity": "12", "value": "1450000.00", "currency": "USD", "origin_country": "CN",
     "vendor": "Illustrative magnet importer", "reason": "non_availability", "status": "posted",
     "proposed_days_ago": 6, "posted_days_ago": 3, "delivery": (40.4406, -79.9959), "marking": "CLEAR",
     "description": "Sintered NdFeB magnets, grade N52, for grid-scale flywheel storage at a national laboratory.",
     "justification": "Market research found no domestic maker able to deliver N52 grade in this quantity within "
                      "the project schedule (illustrative)."},
    {"external_id": "DEMO-DOD-2026-102", "owner": "US-DOC", "agency": "Department of Defense",
     "product": "LI-ION-CELL", "quantity": "40000", "value": "5200000.00", "currency": "USD", "origin_country": "KR",
     "vendor": "Illustrative cell maker", "reason": "unreasonable_cost", "status": "granted",
     "proposed_days_ago": 60, "posted_days_ago": 58, "decided_days_ago": 40, "marking": "CLEAR",
     "description": "Lithium-ion cells for base microgrid storage.",
     "justification": "The lowest domestic offer exceeded the foreign offer by more than the price preference "
                      "(illustrative)."},
    {"external_id": "DEMO-VA-2026-007", "owner": "US-DOC", "agency": "Department of Veterans Affairs",
     "product": "NITRILE-GLOVES", "quantity": "20000000", "value": "1100000.00", "currency": "USD",
     "origin_country": "MY", "vendor": "Illustrative glove distributor", "reason": "non_availability",
     "status": "denied", "proposed_days_ago": 90, "posted_days_ago": 88, "decided_days_ago": 70, "marking": "CLEAR",
     "description": "Nitrile examination gloves for medical centres.",
     "justification": "Domestic makers answered during review with enough capacity; waiver denied (illustrative)."},
    {"external_id": "DEMO-HHS-2026-031", "owner": "US-DOC", "agency": "Department of Health and Human Services",
     "product": "HEPARIN-API", "quantity": "800", "value": "2400000.00", "currency": "USD", "origin_country": "CN",
     "vendor": "", "reason": "public_interest", "status": "proposed", "proposed_days_ago": 2, "marking": "CLEAR",
     "description": "Heparin sodium API to keep a federal stockpile at its target level.",
     "justification": "Interrupting supply of a life-saving anticoagulant is inconsistent with the public interest "
                      "(illustrative)."},
    {"external_id": "DEMO-GSA-2026-055", "owner": "US-DOC", "agency": "General Services Administration",
     "product": "", "product_text": "Laptop computers", "hs_code": "847130", "unit": "units", "quantity": "5000",
     "value": "4750000.00", "currency": "USD", "origin_country": "TW", "vendor": "Illustrative IT reseller",
     "reason": "commercial_it", "status": "granted", "proposed_days_ago": 45, "posted_days_ago": 44,
     "decided_days_ago": 20, "marking": "CLEAR",
     "description": "Commercial laptop computers under a government-wide acquisition contract.",
     "justification": "Information technology that is a commercial product (illustrative)."},
    {"external_id": "DEMO-DLA-2026-019", "owner": "US-DOC", "agency": "Defense Logistics Agency",
     "product": "AMOXICILLIN-500", "quantity": "3000000", "value": "390000.00", "currency": "USD",
     "origin_country": "IN", "vendor": "", "reason": "resale", "status": "withdrawn", "proposed_days_ago": 30,
     "posted_days_ago": 28, "withdrawn_days_ago": 21, "marking": "CLEAR",
     "description": "Amoxicillin capsules for resale through commissaries.",
     "justification": "Withdrawn: a domestic source was found before the review ended (illustrative)."},
    {"external_id": "DEMO-DOD-2026-131", "owner": "US-DOC", "agency": "Department of Defense",
     "product": "ABF-SUBSTRATE", "quantity": "200000", "value": "3100000.00", "currency": "USD",
     "origin_country": "JP", "vendor": "Illustrative substrate supplier", "reason": "non_availability",
     "status": "posted", "proposed_days_ago": 4, "posted_days_ago": 1, "marking": "GREEN",
     "description": "ABF substrates for a trusted advanced-packaging line; shared with partners, not the public.",
     "justification": "No domestic ABF substrate production at volume (illustrative)."},
]

# --- purchase totals (issue 15: agency progress) ---------------------------------------------------------------
#
# ILLUSTRATIVE, NOT REAL FIGURES: real agencies and marketplaces, invented values (USD, the reporting currency), to
# show the progress report's shares and channel concentration. Each row: what one agency bought in one quarter
# through one channel, by origin.


def _purchase(agency, code, year, quarter, channel, domestic, allied, other, marking="GREEN"):
    return {"external_id": f"DEMO-{code}-{year}Q{quarter}-{channel.upper().replace(' ', '-')}", "owner": "US-DOC",
            "agency": agency, "year": year, "quarter": quarter, "channel": channel, "domestic_value": domestic,
            "allied_value": allied, "other_value": other, "marking": marking}


PURCHASE_TOTALS = [
    _purchase("Department of Defense", "DOD", 2026, 3, "DLA direct", "41000000.00", "9000000.00", "2500000.00"),
    _purchase("Department of Defense", "DOD", 2026, 3, "GSA Advantage", "6200000.00", "1300000.00", "900000.00"),
    _purchase("Department of Defense", "DOD", 2026, 4, "DLA direct", "39500000.00", "10200000.00", "2100000.00"),
    _purchase("Department of Defense", "DOD", 2026, 4, "GSA Advantage", "5800000.00", "1500000.00", "700000.00"),
    _purchase("General Services Administration", "GSA", 2026, 4, "GSA Advantage", "12000000.00", "3000000.00",
              "4500000.00"),
    _purchase("General Services Administration", "GSA", 2026, 4, "Commercial platform", "2500000.00", "400000.00",
              "1600000.00"),
]
