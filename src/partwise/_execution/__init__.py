"""Execution: plans, the one context class, in-process runs and their results."""
