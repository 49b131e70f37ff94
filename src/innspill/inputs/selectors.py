"""Reads about inputs for staff pages."""

from django.db.models import Count

from innspill.inputs.models import Input, SourceDocument, Status


def staff_overview() -> dict:
    counts = dict(Input.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "input_counts": {str(label): counts.get(value, 0) for value, label in Status.choices},
        "unclassified": Input.objects.filter(classified_by="").count(),
        "documents": SourceDocument.objects.order_by("-imported_at")[:10],
    }
