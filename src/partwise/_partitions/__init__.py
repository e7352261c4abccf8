"""The partitions model: definitions, keys, ranges, windows, subsets and mappings."""
