"""The AIRS / 211 LA County taxonomy's branches: the needs each means, and the kinds of
indirect listing some name.

The taxonomy is a tree of codes, one level per part: "B" Basic Needs, "BD" Food,
"BD-1800" Emergency Food, "BD-1800.2000" Food Pantries, "BD-1800.2000-250" … A code
belongs to the entry whose prefix matches it most specifically, so "BH-1800.8500
Homeless Shelter" is *shelter* although it sits under "BH Housing/Shelter". An entry
with no needs says that a branch names none of the vocabulary's (material goods, the
courts' own offices), or that it is too broad to say which ("R" is mental health *and*
substance use). What each branch means was checked against CHARMcare's crosswalk of 211
codes to Open Eligibility (taxonomy_mapping.csv) and the terms 211 exports file under.
"""

from __future__ import annotations

#: prefix → the needs its codes mean. Top levels first, then what their branches refine.
BRANCHES: dict[str, tuple[str, ...]] = {
    # B Basic Needs
    "B": (),
    "BD": ("food",),  # Food: emergency food, food pantries, meals, food outlets
    "BH": ("housing",),  # Housing/Shelter: counselling, search, repairs, subsidised housing
    "BH-1800": ("shelter",),  # Emergency Shelter: crisis, DV and homeless shelters, drop-ins
    "BH-8600": ("shelter",),  # Transitional Housing/Shelter
    "BH-3800": ("housing", "financial-aid"),  # Housing Expense Assistance: rent, deposits
    "BM": (),  # Material Goods: clothing, furniture, household and personal goods
    "BM-0500": ("transportation",),  # Automobiles (car donation and purchase programmes)
    "BT": ("transportation",),  # Transportation: rides, paratransit, fares, travellers' aid
    "BV": ("financial-aid",),  # Utilities: bill payment assistance, discounted service
    "BV-9000": (),  # Utility Service Providers: the utility companies themselves
    # D Consumer Services
    "D": (),  # consumer protection, licensing and records offices
    "DM": ("financial-aid",),  # Money Management: budgeting, credit and debt counselling
    "DM-1800.5000": ("housing",),  # Mortgage Delinquency and Default Counseling (foreclosure)
    "DT-8700": ("financial-aid",),  # Tax Information
    "DT-8800": ("financial-aid",),  # Tax Preparation Assistance (VITA)
    # F Criminal Justice and Legal Services
    "F": (),  # correctional system, judicial services, law enforcement
    "FC": ("legal",),  # Courts
    "FP": ("legal",),  # Legal Assistance Modalities: counselling, representation, mediation
    "FP-0500": (),  # Advocacy: speaking for someone to an agency, not legal help as such
    "FT": ("legal",),  # Legal Services: criminal, family, immigration, consumer law …
    "FT-1000": ("legal", "financial-aid"),  # Benefits Assistance: claiming public benefits
    "FT-4500": ("legal", "housing"),  # Landlord/Tenant Assistance: evictions, tenants' rights
    "FT-8000": ("legal", "education"),  # School System Advocacy
    # H Education
    "H": ("education",),  # schools, adult education, GED, ESL, literacy, tutoring
    "HD-1800": ("childcare",),  # Early Childhood Education: preschool, Head Start
    # J Environment and Public Health/Safety
    "J": (),
    "JP-1500": ("health",),  # Communicable Disease Control: testing, treatment
    # L Health Care
    "L": ("health",),
    "LR-3200": (),  # Independent Living Skills Instruction: daily-living training, not care
    "LH-5100": ("health", "financial-aid"),  # Medical Expense Assistance: bills, prescriptions
    # N Income Support and Employment
    "N": (),
    "ND": ("employment",),  # Employment: job search, training, vocational rehabilitation
    "ND-9200": (),  # Volunteer Service Programs: stipended volunteering, not a job
    "NL": ("financial-aid",),  # Public Assistance Programs: TANF, general assistance
    "NL-3000.1500": ("childcare",),  # Child Care Expense Assistance (subsidies)
    "NL-5000": ("health",),  # Medicaid and other medical public assistance
    "NL-6000": ("food", "financial-aid"),  # Nutrition Related Public Assistance: SNAP
    "NL-6000.9500": ("food",),  # WIC: food and nutrition for mothers and young children
    "NS": ("financial-aid",),  # Social Insurance: Social Security, SSDI, unemployment
    "NS-8000": ("health",),  # Social Health Insurance: Medicare
    "NT": ("financial-aid",),  # Temporary Financial Assistance: emergency cash
    # P Individual and Family Life
    "P": (),  # case management, recreation, support groups, volunteering, animals …
    "PB-0900": ("financial-aid",),  # Burial/Cremation Expense Assistance
    "PH-1250": ("childcare",),  # Child Care Providers (day care, after-school care)
    "PH-2400.1500": ("childcare",),  # Child Care Provider Referrals
    "PH-2950.1500-120": ("food",),  # Christmas Baskets
    "PH-2950.1500-200": ("food",),  # Christmas Meals
    "PH-2950.8500-850": ("food",),  # Thanksgiving Baskets
    "PH-2950.8500-870": ("food",),  # Thanksgiving Meals
    "PH-3300.2750": ("housing",),  # Home Maintenance and Minor Repair Services
    "PL-7400.1500": ("education",),  # Computer and Related Technology Classes
    "PN-8100.0500": ("substance-use",),  # Addictions/Substance Use Disorder Support Groups
    "PN-8100.1000": ("mental-health",),  # Bereavement Support Groups
    "PN-8100.5000": ("mental-health",),  # Mental Health Related Support Groups
    # R Mental Health and Substance Use Disorder Services
    "R": (),  # the branch as a whole: it does not say which of the two
    "RD": ("mental-health",),  # Counseling Approaches
    "RF": ("mental-health",),  # Counseling Settings: individual, family, group counselling
    "RM": ("mental-health",),  # Mental Health Facilities: inpatient, outpatient, residential
    "RP": ("mental-health",),  # Mental Health Assessment and Treatment, crisis intervention
    "RR": ("mental-health",),  # Mental Health Support Services
    "RX": ("substance-use",),  # Substance Use Disorder Services: detox, treatment, recovery
    # T Organizational/Community/International Services
    "T": (),  # information services, donor services, community centres, disaster services
    # Y Target Populations: who is served (older adults, veterans, homeless people …)
    "Y": (),
}

#: Counselling settings and approaches: on a service filed under substance use they are that
#: treatment's counselling, unless the service also serves people with a mental illness.
COUNSELING: tuple[str, ...] = ("RD", "RF")
SERVES_MENTAL_ILLNESS: tuple[str, ...] = ("YF-5000", "YZ-5000")

#: Kinds of listing that are not the service a client goes to (or calls) for help itself.
INFORMATION = "information-referral"  # finds the service for you elsewhere
HOTLINE = "hotline"  # help by telephone: direct for its own topic (a crisis), not a place
VOLUNTEER = "volunteer"  # asks for volunteers
DONATION = "donation"  # takes donations
FUNDING = "funding"  # funds or raises money for other agencies
ADMINISTRATIVE = "administrative"  # a government or regulatory office
ORGANIZATIONAL = "organizational"  # serves agencies and businesses, not people

#: prefix → the kind of indirect listing its codes mark.
INDIRECT: dict[str, str] = {
    "TJ-3000": INFORMATION,  # Information and Referral (comprehensive, specialised)
    "TJ-3200": INFORMATION,  # Information Lines
    "TJ-1800": INFORMATION,  # Electronic Information Resources (web sites)
    "LH-2600": INFORMATION,  # Health Care Referrals
    "FT-4800": INFORMATION,  # Lawyer Referral Services
    "PH-2400.1500": INFORMATION,  # Child Care Provider Referrals
    "RP-1500.1400": HOTLINE,  # Crisis Intervention Hotlines/Helplines (suicide, DV …)
    "RF-3000": HOTLINE,  # Helplines/Warmlines (the taxonomy's earlier code)
    "RF-8380": HOTLINE,  # Talklines/Warmlines
    "JR-6000": HOTLINE,  # 911 Services
    "LH-2700.6500": HOTLINE,  # Poison Control
    "PX": VOLUNTEER,  # Volunteer Opportunities
    "PW": VOLUNTEER,  # Volunteer Development: recruitment, training, recognition
    "ND-9200": VOLUNTEER,  # Volunteer Service Programs
    "TI": DONATION,  # Donor Services: donation programmes, drop-off points, pickups
    "TD-1200": FUNDING,  # Charities/Grantmaking Organizations
    "TD-1100": ADMINISTRATIVE,  # Administrative Entities: government offices
    "DF": ADMINISTRATIVE,  # Consumer Regulation: licensing, records, permits offices
    "TE": ADMINISTRATIVE,  # Community Planning and Public Works
    "TP": ORGANIZATIONAL,  # Organizational Development and Management Services
    "TN": ORGANIZATIONAL,  # Occupational/Professional Associations
}
