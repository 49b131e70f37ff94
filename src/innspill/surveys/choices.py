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

# The same scales as the participant reads them, in the page's language (the report keeps the
# bokmål levels above, which the charts and the imported evaluations share).
SATISFACTION_ANSWER_CHOICES: list[tuple[str, object]] = [
    ("5", _("Svært fornøyd")),
    ("4", _("Fornøyd")),
    ("3", _("Verken eller")),
    ("2", _("Misfornøyd")),
    ("1", _("Svært misfornøyd")),
]
INTENT_ANSWER_CHOICES: list[tuple[str, object]] = [
    ("ja", _("Ja")),
    ("kanskje", _("Kanskje")),
    ("nei", _("Nei")),
]

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
