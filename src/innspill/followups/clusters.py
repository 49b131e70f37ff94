"""«Går igjen» cluster keys, resolved to input ids at the moment they are used.

A key names a cluster by its earliest input ("g" + the smallest member id). Clusters are
recomputed as inputs arrive, so the key is not a stored row: it means "the cluster that input
belongs to now". Follow-ups store one row per input plus the key, so an assignment keeps its
inputs even if a later clustering splits or merges the cluster.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from innspill.archive import recurrence

KEY_PATTERN = re.compile(r"^g(\d{1,12})$")


class HasMembers(Protocol):
    @property
    def member_ids(self) -> Iterable[int]: ...


def cluster_key(cluster: HasMembers) -> str:
    return f"g{min(int(pk) for pk in cluster.member_ids)}"


def cluster_input_ids(key: str) -> list[int] | None:
    """The ids of the inputs in the cluster `key` names, every year; None if it names none."""
    match = KEY_PATTERN.match(key.strip())
    if not match:
        return None
    cluster = cluster_of(int(match.group(1)))
    if cluster is None:
        return None
    return sorted(int(pk) for pk in cluster.member_ids)


def cluster_of(pk: int) -> recurrence.StoredCluster | None:
    """The cluster input `pk` belongs to in the stored analysis the pages show, if any."""
    return recurrence.for_input(recurrence.stored(), pk, year=0).cluster
