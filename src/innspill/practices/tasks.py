"""Background work of the practice library: the inputs related to each practice."""

from __future__ import annotations

from django_tasks import task

from innspill.practices import services


@task()
def practice_matches_task() -> dict[str, int]:
    """Match the practices not yet matched at the current data version."""
    return {"matched": services.practice_matches_compute()}
