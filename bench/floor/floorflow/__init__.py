"""viewflow alone: a start, three human tasks and an end (``stack_floor_bench.py``)."""
