"""Federal poverty guidelines (HHS), for income limits stated as a percent of them.

Source: U.S. Department of Health and Human Services, "2025 Poverty Guidelines"
(Federal Register, January 2025). Annual income for a household of 1, plus each
additional person; Alaska and Hawaii have their own figures.
"""

from __future__ import annotations

YEAR = 2025
#: state → (household of one, each additional person), in US dollars per year.
GUIDELINES = {
    "contiguous": (15_650, 5_500),
    "AK": (19_550, 6_880),
    "HI": (17_990, 6_325),
}


def poverty_line(household_size: int, state: str | None = None) -> int:
    """The guideline for a household of ``household_size`` people (at least one)."""
    first, each = GUIDELINES.get((state or "").upper(), GUIDELINES["contiguous"])
    return first + each * (max(household_size, 1) - 1)
