"""The directory itself, named after Open Referral HSDS 3 tables and fields."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Float, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, fk, pk, text, utcnow
from .provenance import Provenance, Source


class Organization(Provenance, Base):
    __tablename__ = "organization"

    id: Mapped[str] = pk()
    name: Mapped[str] = mapped_column(String(500))
    alternate_name: Mapped[str | None] = text()
    description: Mapped[str | None] = text()
    email: Mapped[str | None] = mapped_column(String(320))
    website: Mapped[str | None] = mapped_column(String(1000))

    source: Mapped[Source | None] = relationship()
    services: Mapped[list[Service]] = relationship(back_populates="organization")
    locations: Mapped[list[Location]] = relationship(back_populates="organization")
    phones: Mapped[list[Phone]] = relationship(cascade="all, delete-orphan")


class Service(Provenance, Base):
    __tablename__ = "service"

    id: Mapped[str] = pk()
    organization_id: Mapped[str] = fk("organization.id")
    name: Mapped[str] = mapped_column(String(500))
    alternate_name: Mapped[str | None] = text()
    description: Mapped[str | None] = text()
    url: Mapped[str | None] = mapped_column(String(1000))
    email: Mapped[str | None] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(20), default="active")
    interpretation_services: Mapped[str | None] = text()
    application_process: Mapped[str | None] = text()
    fees_description: Mapped[str | None] = text()
    eligibility_description: Mapped[str | None] = text()
    minimum_age: Mapped[int | None] = mapped_column(Integer)
    maximum_age: Mapped[int | None] = mapped_column(Integer)
    #: HSDS 3 ``assured_date``: when the information was last checked ("last verified").
    assured_date: Mapped[date | None] = mapped_column(Date)
    #: Whether the agency takes referrals now: "open", "waitlist" or "closed" (do not refer).
    accepting_referrals: Mapped[str] = mapped_column(
        String(20), default="open", server_default="open"
    )
    #: Places available (beds, slots) and when that was last said.
    capacity_available: Mapped[int | None] = mapped_column(Integer)
    capacity_updated: Mapped[date | None] = mapped_column(Date)

    organization: Mapped[Organization] = relationship(back_populates="services")
    source: Mapped[Source | None] = relationship()
    locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    terms: Mapped[list[ServiceTaxonomy]] = relationship(cascade="all, delete-orphan")
    phones: Mapped[list[Phone]] = relationship(cascade="all, delete-orphan")
    schedules: Mapped[list[Schedule]] = relationship(cascade="all, delete-orphan")
    eligibility_rules: Mapped[list[EligibilityRule]] = relationship(
        cascade="all, delete-orphan", order_by="EligibilityRule.position"
    )
    languages: Mapped[list[Language]] = relationship(cascade="all, delete-orphan")
    service_areas: Mapped[list[ServiceArea]] = relationship(cascade="all, delete-orphan")


class Location(Provenance, Base):
    __tablename__ = "location"

    id: Mapped[str] = pk()
    organization_id: Mapped[str | None] = fk("organization.id", nullable=True)
    location_type: Mapped[str] = mapped_column(String(20), default="physical")
    name: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = text()
    transportation: Mapped[str | None] = text()
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    #: How exact the point is: "point" (given by the source), "street" or "zip".
    geocode_precision: Mapped[str | None] = mapped_column(String(10))
    #: IANA time zone of the location, for opening hours.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    accessibility: Mapped[str | None] = text()
    #: Domestic-violence shelters and safe houses: never show the street address or point.
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)

    organization: Mapped[Organization | None] = relationship(back_populates="locations")
    source: Mapped[Source | None] = relationship()
    addresses: Mapped[list[Address]] = relationship(cascade="all, delete-orphan")
    services: Mapped[list[ServiceAtLocation]] = relationship(back_populates="location")
    phones: Mapped[list[Phone]] = relationship(cascade="all, delete-orphan")
    schedules: Mapped[list[Schedule]] = relationship(cascade="all, delete-orphan")

    @property
    def physical_address(self) -> Address | None:
        return next((a for a in self.addresses if a.address_type == "physical"), None)


class ServiceAtLocation(Provenance, Base):
    __tablename__ = "service_at_location"

    id: Mapped[str] = pk()
    service_id: Mapped[str] = fk("service.id")
    location_id: Mapped[str] = fk("location.id")
    description: Mapped[str | None] = text()

    service: Mapped[Service] = relationship(back_populates="locations")
    location: Mapped[Location] = relationship(back_populates="services")
    phones: Mapped[list[Phone]] = relationship(cascade="all, delete-orphan")
    schedules: Mapped[list[Schedule]] = relationship(cascade="all, delete-orphan")


class Address(Base):
    __tablename__ = "address"

    id: Mapped[str] = pk()
    location_id: Mapped[str] = fk("location.id")
    attention: Mapped[str | None] = text()
    address_1: Mapped[str | None] = text()
    address_2: Mapped[str | None] = text()
    city: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(200))  # county
    state_province: Mapped[str | None] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(20), index=True)
    country: Mapped[str] = mapped_column(String(2), default="US")
    address_type: Mapped[str] = mapped_column(String(20), default="physical")


class Phone(Base):
    """HSDS 3 phone: belongs to one of an organization, service, location or listing."""

    __tablename__ = "phone"

    id: Mapped[str] = pk()
    organization_id: Mapped[str | None] = fk("organization.id", nullable=True)
    service_id: Mapped[str | None] = fk("service.id", nullable=True)
    location_id: Mapped[str | None] = fk("location.id", nullable=True)
    service_at_location_id: Mapped[str | None] = fk("service_at_location.id", nullable=True)
    number: Mapped[str] = mapped_column(String(50))
    extension: Mapped[str | None] = mapped_column(String(20))
    type: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str | None] = text()


class Schedule(Base):
    """HSDS 3 schedule: either structured (RFC 5545-style fields) or only ``description``."""

    __tablename__ = "schedule"

    id: Mapped[str] = pk()
    service_id: Mapped[str | None] = fk("service.id", nullable=True)
    location_id: Mapped[str | None] = fk("location.id", nullable=True)
    service_at_location_id: Mapped[str | None] = fk("service_at_location.id", nullable=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    dtstart: Mapped[date | None] = mapped_column(Date)
    timezone: Mapped[str | None] = mapped_column(String(64))
    until: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int | None] = mapped_column(Integer)
    wkst: Mapped[str | None] = mapped_column(String(2))
    freq: Mapped[str | None] = mapped_column(String(10))
    interval: Mapped[int | None] = mapped_column(Integer)
    byday: Mapped[str | None] = mapped_column(String(100))
    byweekno: Mapped[str | None] = mapped_column(String(100))
    bymonthday: Mapped[str | None] = mapped_column(String(100))
    byyearday: Mapped[str | None] = mapped_column(String(100))
    # Not HSDS: the yearly season the row holds in, "MM-DD" or "~MM-DD" when the text gives
    # the bound only roughly ("late January"); see resource_directory.schedules.seasons.
    season_from: Mapped[str | None] = mapped_column(String(6))
    season_to: Mapped[str | None] = mapped_column(String(6))
    description: Mapped[str | None] = text()
    opens_at: Mapped[str | None] = mapped_column(String(8))  # "HH:MM" local time
    closes_at: Mapped[str | None] = mapped_column(String(8))
    attending_type: Mapped[str | None] = mapped_column(String(50))
    notes: Mapped[str | None] = text()


class TaxonomyTerm(Base):
    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("taxonomy", "code"),)

    id: Mapped[str] = pk()
    code: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = text()
    parent_id: Mapped[str | None] = fk("taxonomy_term.id", nullable=True, ondelete="SET NULL")
    taxonomy: Mapped[str] = mapped_column(String(100))
    language: Mapped[str | None] = mapped_column(String(10))
    term_uri: Mapped[str | None] = mapped_column(String(1000))


class ServiceTaxonomy(Base):
    """A service ↔ taxonomy term link (exported as an HSDS 3 ``attribute`` row)."""

    __tablename__ = "service_taxonomy"
    __table_args__ = (UniqueConstraint("service_id", "taxonomy_term_id"),)

    id: Mapped[str] = pk()
    service_id: Mapped[str] = fk("service.id")
    taxonomy_term_id: Mapped[str] = fk("taxonomy_term.id")
    #: True when the link was inferred from the listing's text rather than given by the source.
    inferred: Mapped[bool] = mapped_column(Boolean, default=False)

    term: Mapped[TaxonomyTerm] = relationship()


class EligibilityRule(Base):
    """One structured reading of a service's eligibility text, beside the original words."""

    __tablename__ = "eligibility_rule"

    id: Mapped[str] = pk()
    service_id: Mapped[str] = fk("service.id")
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(30))
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source_text: Mapped[str | None] = text()
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)


class Language(Base):
    __tablename__ = "language"

    id: Mapped[str] = pk()
    service_id: Mapped[str | None] = fk("service.id", nullable=True)
    location_id: Mapped[str | None] = fk("location.id", nullable=True)
    name: Mapped[str | None] = mapped_column(String(100))
    code: Mapped[str | None] = mapped_column(String(10))  # ISO 639-1 where one exists
    note: Mapped[str | None] = text()


class ServiceArea(Base):
    __tablename__ = "service_area"

    id: Mapped[str] = pk()
    service_id: Mapped[str | None] = fk("service.id", nullable=True)
    name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = text()
    extent: Mapped[str | None] = text()
    extent_type: Mapped[str | None] = mapped_column(String(20))
    uri: Mapped[str | None] = mapped_column(String(1000))


Index("ix_location_lat_lon", Location.latitude, Location.longitude)


class DuplicateCandidate(Base):
    """Two services from different sources that look like the same thing; never auto-merged."""

    __tablename__ = "duplicate_candidate"
    __table_args__ = (UniqueConstraint("service_id", "other_service_id"),)

    id: Mapped[str] = pk()
    service_id: Mapped[str] = fk("service.id")
    other_service_id: Mapped[str] = fk("service.id")
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | dismissed | merged
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
