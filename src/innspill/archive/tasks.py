"""Background work of the archive: the shared analysis, computed once per data change."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from innspill.archive import services


@task()
def analysis_compute_task() -> dict[str, Any]:
    """Compute and store the analysis for whatever the data version is when this runs."""
    result = services.analysis_compute()
    return {
        "version": result.version,
        "computed": result.computed,
        "seconds": round(result.seconds, 3),
        "store_seconds": round(result.store_seconds, 3),
        "cpu_seconds": round(result.cpu_seconds, 3),
    }
