"""subsets"""
