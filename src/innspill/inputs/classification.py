"""Adapter between the pure classifier (innspill.analysis.classifier) and the Input table.

Labels have three origins: the source document (a heading or column said so), the
model, and staff. Staff corrections are never overwritten; source labels are kept
and only completed (actors, secondary themes, a missing theme or kind).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction

from innspill.inputs.models import Actor, DataVersion, Input, Kind, Theme

CHUNK = 5000
log = logging.getLogger(__name__)


def _model():
    from innspill.analysis import classifier

    try:
        return classifier, classifier.load_model()
    except FileNotFoundError:
        log.warning("No trained classifier model found; inputs stay unclassified.")
        return classifier, None


def classify_inputs(*, ids: Iterable[int] | None = None, overwrite: bool = False) -> int:
    """Classify the given inputs (or all that need it); returns how many were updated."""
    classifier, model = _model()
    if model is None:
        return 0
    qs = Input.objects.exclude(classified_by="staff")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if not overwrite:
        qs = qs.filter(classified_by__in=["", "source"])
    themes = dict(Theme.objects.values_list("key", "id"))
    kinds = dict(Kind.objects.values_list("key", "id"))
    actors = dict(Actor.objects.values_list("key", "id"))
    through_theme, through_actor = Input.themes.through, Input.actors.through
    rows = list(qs.order_by("pk").values_list("pk", "text", "group_heading", "theme_id", "kind_id", "classified_by"))
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        results = classifier.classify_with(model, [r[1] for r in chunk], groups=[r[2] or None for r in chunk])
        objs, theme_links, actor_links = [], [], []
        for (pk, _text, _group, theme_id, kind_id, origin), res in zip(chunk, results, strict=True):
            keep = origin == "source"
            primary = theme_id if keep and theme_id else themes.get(res.theme)
            objs.append(
                Input(
                    pk=pk,
                    theme_id=primary,
                    kind_id=kind_id if keep and kind_id else kinds.get(res.kind),
                    theme_confidence=None if keep and theme_id else max(0.0, min(1.0, float(res.confidence))),
                    classified_by="source" if keep else "model",
                )
            )
            theme_links += [
                through_theme(input_id=pk, theme_id=themes[k]) for k in res.themes if k in themes and themes[k] != primary
            ]
            actor_links += [through_actor(input_id=pk, actor_id=actors[k]) for k in res.actors if k in actors]
        pks = [r[0] for r in chunk]
        with transaction.atomic():
            Input.objects.bulk_update(objs, ["theme", "kind", "theme_confidence", "classified_by"])
            through_theme.objects.filter(input_id__in=pks).delete()
            through_actor.objects.filter(input_id__in=pks).delete()
            through_theme.objects.bulk_create(theme_links)
            through_actor.objects.bulk_create(actor_links)
    if rows:
        DataVersion.bump()
    return len(rows)
