"""The appraisal's XLSX export at 100,000 rows (issue 31: "XLSX export streams or stays within
100 MB RSS at 100,000 rows"): ``public.appraisal.appraisal_xlsx`` fed 100,000 rows of the
appraisal's width from a generator, its peak memory (the process's maximum RSS, before and
after) and time printed. The appraisal itself has one row per agency; this measures the writer.

    .venv/bin/python bench/xlsx_bench.py [--rows 100000]
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main() -> int:
    import django

    django.setup()
    from public.appraisal import INDICATORS, appraisal_xlsx

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows

    def table():
        yield ["机关", "区", *[str(label) for _name, label in INDICATORS for _ in (0, 1)]]
        for i in range(rows):
            yield [f"第{i}号机关", "110118", *[(i % 1000) / 10, i % 97] * len(INDICATORS)]

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    book = appraisal_xlsx(table(), title="bench")
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"xlsx_bench: {rows:,} rows, {len(book) / 1e6:.1f} MB written in {seconds:.1f} s; "
        f"peak RSS {before:.0f} MB before, {after:.0f} MB after"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
