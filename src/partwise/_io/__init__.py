"""I/O managers: how step outputs are stored and loaded (filesystem pickles, memory, pandas)."""
