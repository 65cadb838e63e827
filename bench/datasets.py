"""The directories the quality evaluation runs on, and how each is imported.

Each dataset is imported into a fresh SQLite database through the project's own importers
(``import_listings``), exactly as an administrator would load it. ``sf-openreferral-data/
211/211.csv`` (the DC 211 export) is deliberately absent: it is kept for an independent
evaluation and must be neither judged nor tuned on. The Illinois legal-aid datapackage
is absent too: none of its locations has a point or an address (the coordinates are only
in the raw export's prose), so no search can reach it.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "bench" / "quality"
REAL_DATA = ROOT.parent / "shared" / "data" / "real"
MAPPINGS = ROOT / "importers" / "mappings"


@dataclass(frozen=True)
class Dataset:
    name: str
    #: A file or folder the importers read.
    source: Path
    #: Options for import_listings (format, mapping …).
    options: dict[str, Any] = field(default_factory=dict)
    #: What it is, in a few words (for the reports).
    about: str = ""

    @property
    def scenarios(self) -> Path:
        return SCENARIOS / f"{self.name}.json"

    @property
    def real(self) -> bool:
        return self.name != "demo"


PANTRIES = REAL_DATA / "haarrrvest-food-pantries" / "raw_inputs"
DATASETS = {
    d.name: d
    for d in (
        Dataset("demo", ROOT / "data" / "resources.csv", {"format": "flat"}, "bundled demo data"),
        Dataset(
            "charmcare",
            REAL_DATA / "bchd-charmcare-baltimore" / "icarol-csv",
            {"format": "ohana"},
            "Baltimore CHARMcare (Ohana CSV, 2019)",
        ),
        Dataset(
            "sf_211",
            REAL_DATA / "sf-openreferral-data" / "211" / "sf_only.csv",
            {"mapping": MAPPINGS / "sf_211.yaml"},
            "San Francisco 211 export (iCarol CSV, 2013)",
        ),
        Dataset(
            "orservices_dc",
            REAL_DATA / "orservices-dc-hsds" / "datapackage",
            {},
            "ORServices Washington DC (HSDS CSV datapackage)",
        ),
        Dataset(
            "capital_food",
            PANTRIES / "capital_area_food_bank_dc.json",
            {"mapping": MAPPINGS / "capital_area_food_bank_dc.yaml"},
            "Capital Area Food Bank pantries, DC area (mapped JSON feed, 2025)",
        ),
        Dataset(
            "hud",
            REAL_DATA / "hud-hic-2019-shelterapp" / "HUD_scrapper" / "HUD_clean.csv",
            {"mapping": MAPPINGS / "hud_hic_2019.yaml"},
            "HUD Housing Inventory Count 2019 (mapped CSV, ZIP points only)",
        ),
    )
}


@contextmanager
def imported(dataset: Dataset, folder: str | Path) -> Iterator[tuple[Any, Any, Any]]:
    """(app, actor, operations context) with the dataset imported into ``folder``/q.db."""
    from resource_directory.actor import cli_actor
    from resource_directory.app import create_app, operation_context
    from resource_directory.db import db
    from resource_directory.operations import import_listings
    from resource_directory.schema import upgrade_database

    app = create_app(
        {"DATABASE_URL": f"sqlite:///{folder}/q.db", "SECRET_KEY": "q"}, instance_path=str(folder)
    )
    with app.app_context():
        upgrade_database(db.engine)
        actor, context = cli_actor("bench"), operation_context(app)
        import_listings(
            actor, context, dataset.source, source=dataset.name, skip_invalid=True,
            **dataset.options,
        )  # fmt: skip
        db.session.commit()
        try:
            yield app, actor, context
        finally:
            db.session.close()
            db.engine.dispose()


def service_sites(session) -> Iterator[tuple[Any, str, float, float, str | None]]:
    """(service, organization name, latitude, longitude, site name) of each active service
    at each of its sites with a point: what baselines and judges read, without the ranker."""
    from sqlalchemy import select

    from resource_directory.models import Location, Organization, Service, ServiceAtLocation

    yield from session.execute(
        select(Service, Organization.name, Location.latitude, Location.longitude, Location.name)
        .join(Organization, Organization.id == Service.organization_id)
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(Service.active, Location.latitude.is_not(None))
    )
