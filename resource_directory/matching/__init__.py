"""Matching: rank the services that fit a client, each with reasons."""

from .profile import ClientProfile
from .rank import WEIGHTS, match_services
from .results import MatchResponse, MatchResult

__all__ = ["WEIGHTS", "ClientProfile", "MatchResponse", "MatchResult", "match_services"]
