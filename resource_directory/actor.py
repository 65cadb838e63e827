"""Who is acting: passed explicitly, first, to every operation.

Until accounts exist the CLI acts as an administrator (the person at the terminal owns the
database) and the web and the JSON API as an anonymous coordinator; :mod:`.policy` decides
what each may do.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN, COORDINATOR, AGENCY_EDITOR, ANONYMOUS = "admin", "coordinator", "agency_editor", "anonymous"
ROLES = (ADMIN, COORDINATOR, AGENCY_EDITOR, ANONYMOUS)
#: Where the call came from; a kiosk is ``kiosk:<site>``.
CHANNELS = ("web", "api", "cli")
KIOSK_PREFIX = "kiosk:"


@dataclass(frozen=True)
class Actor:
    role: str
    channel: str
    #: The signed-in user's id; None before accounts exist, and for anonymous visitors.
    user_id: str | None = None
    #: The organizations an agency editor speaks for.
    organization_ids: frozenset[str] = frozenset()
    #: How the audit trail names the actor when there is no user ("cli:alice").
    name: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {self.role!r}")
        if self.channel not in CHANNELS and not (
            self.channel.startswith(KIOSK_PREFIX) and len(self.channel) > len(KIOSK_PREFIX)
        ):
            raise ValueError(f"channel must be web, api, cli or kiosk:<site>, not {self.channel!r}")

    @property
    def label(self) -> str:
        """The actor as the audit trail and import runs record it."""
        return self.name or (
            f"user:{self.user_id}" if self.user_id else f"{self.channel}:{self.role}"
        )


def cli_actor(login: str) -> Actor:
    """The person at the terminal: an administrator."""
    return Actor(role=ADMIN, channel="cli", name=f"cli:{login}")


def web_actor(channel: str = "web") -> Actor:
    """A web or API caller before accounts exist: an anonymous coordinator."""
    return Actor(role=COORDINATOR, channel=channel)


def kiosk_actor(site: str) -> Actor:
    """A visitor at a community-centre kiosk: anonymous, nothing about them kept."""
    return Actor(role=ANONYMOUS, channel=f"{KIOSK_PREFIX}{site}")
