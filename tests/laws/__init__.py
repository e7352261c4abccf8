"""Property tests ("laws") over random partitions definitions."""
