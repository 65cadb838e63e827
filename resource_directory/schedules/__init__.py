"""Schedules: opening-hours prose → HSDS 3 ``schedule`` rows."""

from .parse import HoursParse, ScheduleRule, parse_hours

__all__ = ["HoursParse", "ScheduleRule", "parse_hours"]
