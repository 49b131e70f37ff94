"""Date and time formats, and month names, for the languages Django has none for (se, so, ti).

Django names months through its own catalogues, which these languages lack, so a named
format would print Norwegian month names in a Somali e-mail; these formats are numeric.
"""

from django.utils.translation import gettext_noop

# Django's own month names (django.utils.dates.MONTHS), marked again so that our catalogues
# can name them in se, so and ti (Django has them for every other language we speak): a page's «j. F Y» then reads «20. Nofembar 2018», not a
# Norwegian month in a Somali sentence. Never read here; Django looks the words up itself.
MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
