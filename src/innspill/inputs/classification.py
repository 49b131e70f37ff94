"""Adapter between the pure classifier (innspill.analysis.classifier) and the Input table."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from innspill.inputs.models import Actor, Input, Kind, Theme

CHUNK = 5000


def _classifier():
    try:
        from innspill.analysis import classifier
    except ImportError:  # the model is not part of this build yet
        return None
    return classifier


def classify_inputs(*, ids: Iterable[int] | None = None, overwrite: bool = False) -> int:
    """Classify the given inputs (or all unclassified); staff-set labels are left as they are."""
    classifier = _classifier()
    if classifier is None:
        return 0
    model = classifier.load_model()
    qs = Input.objects.exclude(classified_by="staff")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if not overwrite:
        qs = qs.filter(classified_by="")
    themes = dict(Theme.objects.values_list("key", "id"))
    kinds = dict(Kind.objects.values_list("key", "id"))
    actors = dict(Actor.objects.values_list("key", "id"))
    through_theme = Input.themes.through
    through_actor = Input.actors.through
    updated = 0
    rows = list(qs.values_list("pk", "text", "group_heading"))
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        results = classifier.classify([t for _, t, _ in chunk], groups=[g or None for _, _, g in chunk], model=model)
        with transaction.atomic():
            objs = []
            for (pk, _t, _g), res in zip(chunk, results, strict=True):
                objs.append(
                    Input(
                        pk=pk,
                        theme_id=themes.get(res.theme),
                        kind_id=kinds.get(res.kind),
                        theme_confidence=max(0.0, min(1.0, float(res.confidence))),
                        classified_by="model",
                    )
                )
            Input.objects.bulk_update(objs, ["theme", "kind", "theme_confidence", "classified_by"])
            pks = [pk for pk, _t, _g in chunk]
            through_theme.objects.filter(input_id__in=pks).delete()
            through_actor.objects.filter(input_id__in=pks).delete()
            through_theme.objects.bulk_create(
                [
                    through_theme(input_id=pk, theme_id=themes[key])
                    for (pk, _t, _g), res in zip(chunk, results, strict=True)
                    for key in res.themes[1:]
                    if key in themes
                ]
            )
            through_actor.objects.bulk_create(
                [
                    through_actor(input_id=pk, actor_id=actors[key])
                    for (pk, _t, _g), res in zip(chunk, results, strict=True)
                    for key in res.actors
                    if key in actors
                ]
            )
        updated += len(chunk)
    return updated
