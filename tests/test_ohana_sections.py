"""iCarol description sections: what a service does versus volunteers, donations, bus lines."""

from importers.ohana.sections import SERVICE_ITEM, eligibility_notes, sections, service_text

DESCRIPTION = """BUS: #20

OVERVIEW: Provides emergency shelter for homeless men.

ELIGIBILITY: Men ages 21 years and older.

1) EMERGENCY OVERNIGHT SERVICES: Provides a bed and a meal.

DONATIONS: Canned food and clothing.

VOLUNTEERS: Adult volunteers welcome to work in the kitchen.

Home visits: No"""


def test_sections_split_at_headers_and_numbered_services():
    labels = [label for label, _ in sections(DESCRIPTION)]
    assert labels == [
        "bus", "overview", "eligibility", SERVICE_ITEM, "donations", "volunteers", "home visits",
    ]  # fmt: skip


def test_service_text_leaves_out_the_asides():
    assert service_text(DESCRIPTION) == (
        "Provides emergency shelter for homeless men.\n"
        "1) EMERGENCY OVERNIGHT SERVICES: Provides a bed and a meal."
    )


def test_text_without_headers_is_kept_whole():
    assert service_text("Delivers groceries to the homebound.") == (
        "Delivers groceries to the homebound."
    )
    assert sections(None) == []


def test_see_notes_points_to_the_eligibility_section():
    assert eligibility_notes("See notes.", DESCRIPTION) == "Men ages 21 years and older."
    assert eligibility_notes("Varies. See Notes", DESCRIPTION) == "Men ages 21 years and older."
    # Only a pointer to the notes brings them in; a description without the section adds nothing.
    assert eligibility_notes("Open to anyone.", DESCRIPTION) is None
    assert eligibility_notes("See notes.", "OVERVIEW: A pantry.") is None
