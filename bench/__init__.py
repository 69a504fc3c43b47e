"""Benchmarks: synthetic logs of any size, and the timings taken on them."""
