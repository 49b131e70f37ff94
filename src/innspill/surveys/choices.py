"""Answer keys stored in the database and the labels the reports and charts use."""

from django.utils.translation import gettext_lazy as _

from innspill.documents.render.charts import INTENT_LEVELS, SATISFACTION_LEVELS

# stored key -> label; the labels are exactly the report's levels, best first
SATISFACTION_CHOICES: list[tuple[str, str]] = list(
    zip(("5", "4", "3", "2", "1"), SATISFACTION_LEVELS, strict=True)
)
INTENT_CHOICES: list[tuple[str, str]] = list(
    zip(("ja", "kanskje", "nei"), INTENT_LEVELS, strict=True)
)
POSITIVE_KEYS = ("5", "4")

SATISFACTION_LABELS = dict(SATISFACTION_CHOICES)
INTENT_LABELS = dict(INTENT_CHOICES)

# evaluation categories of a comment, in the order of analysis.feedback.CATEGORIES (a test checks)
COMMENT_CATEGORIES: list[tuple[str, object]] = [
    ("program", _("Programmet")),
    ("sessions", _("Parallellsesjonene")),
    ("practical", _("Praktiske forhold")),
    ("venue", _("Lokalet")),
    ("time", _("Tid og tidspunkt")),
    ("language", _("Språk")),
    ("other", _("Annet")),
]
COMMENT_CATEGORY_LABELS = dict(COMMENT_CATEGORIES)
