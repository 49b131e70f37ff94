"""Memory of the archive's JSON export at 100,000 inputs: streamed array against one big list.

Loads synthetic rows (bench_archive.synthetic_rows) into a fresh SQLite database, then reads
`/eksport.json` chunk by chunk through Django's test client and records the peak of Python
allocations (tracemalloc) while it streams (search caches built and view modules imported beforehand), beside the peak of building the same document
the old way (a list of dicts and one json.dumps).
"""

import argparse
import csv
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 rows")
    args = parser.parse_args()
    rows = 10_000 if args.quick else args.rows

    tmp = Path(tempfile.mkdtemp(prefix="innspill-bench-"))
    os.environ.setdefault("INNSPILL_DEV", "1")
    os.environ["INNSPILL_VAR_DIR"] = str(tmp)
    os.environ["INNSPILL_RATE_LIMITS"] = "false"
    os.environ["INNSPILL_WARM_ON_START"] = "false"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "innspill.settings"
    import django

    django.setup()
    from bench_archive import synthetic_rows
    from django.conf import settings
    from django.core.management import call_command
    from django.http import QueryDict
    from django.test import Client

    from innspill.archive import selectors
    from innspill.archive.exports import input_as_dict
    from innspill.inputs.services import inputs_load

    settings.INNSPILL["EXPORT_MAX_ROWS"] = rows
    call_command("migrate", verbosity=0)
    path = tmp / "rows.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(next(synthetic_rows(1)).keys()))
        writer.writeheader()
        writer.writerows(synthetic_rows(rows))
    inputs_load(path=path, classify=False)

    client = Client()
    ids = selectors.archive_search(
        selectors.parse_search_params(QueryDict(), default_page_size=20, max_page_size=20)
    )[0].ids[:rows]  # the search's own caches are built here, outside both measurements
    # The first request imports every view module (WeasyPrint, openpyxl, …): not the export's.
    b"".join(client.get("/eksport.json", {"year": "1900"}).streaming_content)
    tracemalloc.start()
    start = time.perf_counter()
    response = client.get("/eksport.json")
    size = 0
    parts = []
    for chunk in response.streaming_content:
        size += len(chunk)
        parts.append(len(chunk))
    stream_s = time.perf_counter() - start
    _current, stream_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # The same document the old way, to compare (one list, one string).
    tracemalloc.start()
    start = time.perf_counter()
    payload = [input_as_dict(i, base_url="http://testserver") for i in selectors.iter_inputs(ids)]
    body = json.dumps(payload, ensure_ascii=False, indent=1)
    list_s = time.perf_counter() - start
    _current, list_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(
        f"rows: {rows:,}; streamed {size / 1e6:.1f} MB in {len(parts):,} chunks, {stream_s:.1f} s"
    )
    print(f"peak Python allocations while streaming: {stream_peak / 1e6:.1f} MB")
    print(
        f"building it in memory (old way): {len(body) / 1e6:.1f} MB, peak {list_peak / 1e6:.1f} MB, {list_s:.1f} s"
    )


if __name__ == "__main__":
    main()
