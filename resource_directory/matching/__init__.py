"""Matching: rank the services that fit a client, each with reasons (no web, no commits).

The logic layer's ``match_services`` operation validates the request, locates the client
and calls :func:`rank_services` over the process's search index.
"""

from .profile import ClientProfile
from .rank import WEIGHTS, rank_services
from .results import MatchResponse, MatchResult

__all__ = ["WEIGHTS", "ClientProfile", "MatchResponse", "MatchResult", "rank_services"]
