"""Schedules: opening-hours prose → HSDS 3 ``schedule`` rows; open now / next opening."""

from .open_now import OpenStatus, opening_status
from .parse import HoursParse, ScheduleRule, parse_hours

__all__ = ["HoursParse", "OpenStatus", "ScheduleRule", "opening_status", "parse_hours"]
