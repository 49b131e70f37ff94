"""Where the tests find the real reports: ../shared/corpus beside the repository (never committed)."""

import os
from pathlib import Path

CORPUS_DIR = Path(
    os.environ.get(
        "INNSPILL_CORPUS", Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    )
)


def corpus_file(name: str) -> Path:
    """Path of a corpus document; a missing corpus is a failure, not a skip."""
    path = CORPUS_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"corpus file missing: {path} (set INNSPILL_CORPUS)")
    return path
