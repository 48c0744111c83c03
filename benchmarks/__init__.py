"""Benchmarks for `make bench`: every `bench_*.py` here adds rows to one table."""
