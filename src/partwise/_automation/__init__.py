"""Schedules, sensors, daemonless ticks and backfills."""
