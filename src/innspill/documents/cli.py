"""`python -m innspill.documents.cli PATH` prints the parsed structure as JSON (no database)."""

from __future__ import annotations

import argparse
import json
import sys

from innspill.documents.errors import DocumentError
from innspill.documents.readers import MB, Limits
from innspill.documents.structure import parse_document


def main(argv: list[str] | None = None) -> int:
    """Parse one report and print it; a bad file gives one line on stderr and exit status 2."""
    parser = argparse.ArgumentParser(prog="innspill-parse", description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--max-mb", type=int, default=50)
    parser.add_argument("--max-pages", type=int, default=500)
    parser.add_argument("--progress", action="store_true", help="print pages done on stderr")
    args = parser.parse_args(argv)

    def progress(done: int, total: int) -> None:
        print(f"{done}/{total} sider", file=sys.stderr)

    try:
        report = parse_document(
            args.path,
            on_progress=progress if args.progress else None,
            limits=Limits(max_bytes=args.max_mb * MB, max_pages=args.max_pages),
        )
    except DocumentError as exc:
        print(f"feil: {exc}", file=sys.stderr)
        return 2
    json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
