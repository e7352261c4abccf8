"""Definitions: assets, ops, jobs, selections, resources and the Definitions object."""
