"""Adapter between the pure classifier (innspill.analysis.classifier) and the Input table.

Labels have three origins: the source document (a heading or column said so), the
model, and staff. Staff corrections are never overwritten; source labels are kept
and only completed (actors, secondary themes, a missing theme or kind).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from innspill.inputs.models import Actor, DataVersion, Input, Kind, LabelCorrection, Theme

CHUNK = 5000
log = logging.getLogger(__name__)


def model_path() -> Path | None:
    """The locally trained model when there is one; None means the model shipped with the package."""
    path = Path(settings.INNSPILL["CLASSIFIER_MODEL"])
    return path if path.exists() else None


def model_load():
    """(model, stale): the model to classify with.

    The locally trained model when there is one and it was trained with this code's lexicon and
    word features; after an upgrade that changed them it is stale (`stale` True, logged) and the
    shipped model is used until staff train again. Raises FileNotFoundError without any model.
    """
    from innspill.analysis import classifier

    path = model_path()
    if path is not None:
        try:
            return classifier.load_model(path), False
        except classifier.ModelMismatch as exc:
            log.warning("Local classifier model is stale (%s); using the shipped model.", exc)
            return classifier.load_model(None), True
    return classifier.load_model(None), False


def _model():
    from innspill.analysis import classifier

    try:
        return classifier, model_load()[0]
    except FileNotFoundError:
        log.warning("No trained classifier model found; inputs stay unclassified.")
        return classifier, None


def classifier_train(*, by=None, task_id: int | None = None, evaluate: bool = True) -> dict:
    """Train on the shipped labelled inputs plus staff corrections; save next to the data; reclassify.

    Returns the model's metadata (training data hash, example counts, held-out scores).
    """
    from innspill.analysis import classifier, retrain, training
    from innspill.common.models import audit
    from innspill.common.tasks import task_progress

    if task_id:
        task_progress(task_id, done=0, total=3, message="trener modellen")
    corrections = [
        training.LabelledInput(
            text=c.text,
            source="correction",
            theme=c.theme,
            themes=tuple(c.themes or [c.theme]),
            actors=tuple(c.actors),
            kind=c.kind or None,
            label_origin="correction",
        )
        for c in LabelCorrection.objects.exclude(theme="").order_by("at")
    ]
    model = retrain.train(training.load_labelled(), corrections=corrections, evaluate=evaluate)
    path = Path(settings.INNSPILL["CLASSIFIER_MODEL"])
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp.npz")
    classifier.save_model(model, temp)
    temp.replace(path)  # atomic: a reader never sees half a model
    classifier._LOADED.clear()
    if task_id:
        task_progress(task_id, done=2, total=3, message="klassifiserer innspillene på nytt")
    updated = classify_inputs(overwrite=True)
    audit(
        action="classifier.train",
        target=str(path.name),
        details={**model.meta, "reclassified": updated},
        by=by,
    )
    if task_id:
        task_progress(task_id, done=3, total=3, message="ferdig")
    return {"meta": model.meta, "reclassified": updated}


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
    rows = list(
        qs.order_by("pk").values_list(
            "pk", "text", "group_heading", "theme_id", "kind_id", "classified_by", "session__title"
        )
    )
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        # The headings an input stood under, outermost first: «session title / group heading».
        headings = [" / ".join(h for h in (r[6], r[2]) if h) or None for r in chunk]
        results = classifier.classify_with(model, [r[1] for r in chunk], groups=headings)
        objs, theme_links, actor_links = [], [], []
        for (pk, _text, _group, theme_id, kind_id, origin, _session), res in zip(
            chunk, results, strict=True
        ):
            keep = origin == "source"
            primary = theme_id if keep and theme_id else themes.get(res.theme)
            objs.append(
                Input(
                    pk=pk,
                    theme_id=primary,
                    kind_id=kind_id if keep and kind_id else kinds.get(res.kind),
                    theme_confidence=None
                    if keep and theme_id
                    else max(0.0, min(1.0, float(res.confidence))),
                    classified_by="source" if keep else "model",
                )
            )
            theme_links += [
                through_theme(input_id=pk, theme_id=themes[k])
                for k in res.themes
                if k in themes and themes[k] != primary
            ]
            actor_links += [
                through_actor(input_id=pk, actor_id=actors[k]) for k in res.actors if k in actors
            ]
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
