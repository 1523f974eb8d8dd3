"""Calendars: the iCalendar (RFC 5545) writer and each person's secret feed address."""
