"""`python -m benchmarks`: the one benchmark table (see benchmarks/flow.py)."""

from benchmarks.flow import main

main()
