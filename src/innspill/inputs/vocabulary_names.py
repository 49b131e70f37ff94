"""The built-in themes', actors' and kinds' names in the reader's language.

The vocabulary is stored in bokmål (`analysis.vocabulary`, loaded by a data migration) and
the pure analysis package knows no Django, so the names are marked for the catalogues here, at
the display boundary. A name the secretariat has changed is not in the catalogue and is shown
as written. `tests/inputs/test_vocabulary_names.py` holds these lists equal to the vocabulary.
"""

from __future__ import annotations

from django.utils.translation import pgettext, pgettext_lazy

# The message contexts: one word can name a theme and mean something else on a page.
THEME = "tema"
ACTOR = "aktør"
KIND = "type innspill"

# Never read at run time: they put the names in the catalogues (makemessages).
THEME_NAMES = {
    "arbeid": pgettext_lazy("tema", "Arbeid og rekruttering"),
    "kvalifisering": pgettext_lazy("tema", "Utdanning og kvalifisering av voksne"),
    "sprak": pgettext_lazy("tema", "Norsk og språkopplæring"),
    "oppvekst": pgettext_lazy("tema", "Barnehage, skole og foreldresamarbeid"),
    "bolig": pgettext_lazy("tema", "Bolig og bomiljø"),
    "frivillighet": pgettext_lazy("tema", "Frivillighet, sivilsamfunn og møteplasser"),
    "diskriminering": pgettext_lazy("tema", "Rasisme, diskriminering og holdninger"),
    "sosial_kontroll": pgettext_lazy("tema", "Negativ sosial kontroll og tvangsekteskap"),
    "barnevern": pgettext_lazy("tema", "Barnevern"),
    "trygghet": pgettext_lazy("tema", "Trygghet, kriminalitet og politi"),
    "helse": pgettext_lazy("tema", "Helse og livskvalitet"),
    "entreprenorskap": pgettext_lazy("tema", "Entreprenørskap og næringsliv"),
    "kultur_idrett": pgettext_lazy("tema", "Kultur, idrett og fritid"),
    "informasjon": pgettext_lazy("tema", "Informasjon, tolk og tilgang til tjenester"),
    "velferd": pgettext_lazy("tema", "Velferdsordninger og ytelser"),
    "samordning": pgettext_lazy("tema", "Samordning, styring og regelverk"),
    "tilflytting": pgettext_lazy("tema", "Bosetting og tilflytting"),
    "medvirkning": pgettext_lazy("tema", "Medvirkning og dialog"),
}
ACTOR_NAMES = {
    "staten": pgettext_lazy("aktør", "Staten (regjering og departementer)"),
    "nav": pgettext_lazy("aktør", "NAV"),
    "kommunen": pgettext_lazy("aktør", "Kommunen"),
    "fylkeskommunen": pgettext_lazy("aktør", "Fylkeskommunen"),
    "arbeidsgivere": pgettext_lazy("aktør", "Arbeidsgivere"),
    "skole_barnehage": pgettext_lazy("aktør", "Skole og barnehage"),
    "frivillige_organisasjoner": pgettext_lazy("aktør", "Frivillige organisasjoner"),
    "innvandrerorganisasjoner": pgettext_lazy("aktør", "Innvandrerorganisasjoner"),
    "trossamfunn": pgettext_lazy("aktør", "Trossamfunn"),
    "media": pgettext_lazy("aktør", "Media"),
    "politiet": pgettext_lazy("aktør", "Politiet"),
    "husbanken": pgettext_lazy("aktør", "Husbanken"),
    "nokut": pgettext_lazy("aktør", "NOKUT"),
    "helsetjenesten": pgettext_lazy("aktør", "Helsetjenesten"),
    "innvandrere": pgettext_lazy("aktør", "Innvandrerne selv"),
}
KIND_NAMES = {
    "tiltak": pgettext_lazy("type innspill", "Tiltak"),
    "barriere": pgettext_lazy("type innspill", "Barriere"),
    "erfaring": pgettext_lazy("type innspill", "Erfaring"),
}


def term_name(context: str, name: str) -> str:
    """`name` in the active language if it is a built-in name, else as written."""
    return pgettext(context, name) if name else name
