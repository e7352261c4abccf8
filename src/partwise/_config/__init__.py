"""Run configuration: Pythonic ``Config`` classes, run-config schemas and validation, and
partitioned configs (one run config per partition key)."""
