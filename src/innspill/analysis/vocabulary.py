"""The built-in theme, actor and kind vocabulary (../shared/TAXONOMY.md) as plain data.

The Django data migration imports these lists; keys must never change.
"""

from __future__ import annotations

THEMES: list[tuple[str, str, str]] = [
    (
        "arbeid",
        "Arbeid og rekruttering",
        "Jobber, arbeidsgivere, rekruttering, praksisplass, lønnstilskudd, NAV-tiltak, "
        "arbeidstrening, mentorordninger inn i arbeid, kvinner i arbeid.",
    ),
    (
        "kvalifisering",
        "Utdanning og kvalifisering av voksne",
        "Introduksjonsprogrammet, fagbrev, videregående for voksne, godkjenning av utenlandsk "
        "utdanning (NOKUT), realkompetanse, karriereveiledning, digital kompetanse.",
    ),
    (
        "sprak",
        "Norsk og språkopplæring",
        "Norskopplæring, språkpraksis, språkkafé, morsmål, krav om B1/A2.",
    ),
    (
        "oppvekst",
        "Barnehage, skole og foreldresamarbeid",
        "Barnehage, skole, lærere, foreldresamarbeid, leksehjelp, frafall.",
    ),
    (
        "bolig",
        "Bolig og bomiljø",
        "Bolig, startlån, «fra leie til eie», Husbanken, områdesatsing, utsatte områder, levekår.",
    ),
    (
        "frivillighet",
        "Frivillighet, sivilsamfunn og møteplasser",
        "Frivillige organisasjoner, innvandrerorganisasjoner, frivilligsentraler, møteplasser, "
        "lokaler, tilskudd til organisasjoner.",
    ),
    (
        "diskriminering",
        "Rasisme, diskriminering og holdninger",
        "Rasisme, hatytringer, diskriminering ved ansettelser, anonyme søknader, "
        "mediedekning, retorikk, holdninger.",
    ),
    (
        "sosial_kontroll",
        "Negativ sosial kontroll og tvangsekteskap",
        "Negativ sosial kontroll, tvangsekteskap, kjønnslemlestelse, æresrelatert vold, "
        "religiøse lederes rolle, LHBT i minoritetsmiljøer.",
    ),
    ("barnevern", "Barnevern", "Barnevernet og tilliten til det."),
    (
        "trygghet",
        "Trygghet, kriminalitet og politi",
        "Kriminalitetsforebygging, gjenger, radikalisering, politi, unges trygghet.",
    ),
    (
        "helse",
        "Helse og livskvalitet",
        "Helse, psykisk helse, migrasjonshelse, helsetjenester.",
    ),
    (
        "entreprenorskap",
        "Entreprenørskap og næringsliv",
        "Gründere, oppstartsbedrifter, sosiale entreprenører, næringslivet, Ungt Entreprenørskap.",
    ),
    (
        "kultur_idrett",
        "Kultur, idrett og fritid",
        "Kultur, idrett, friluftsliv, fritidsaktiviteter, bibliotek som arena.",
    ),
    (
        "informasjon",
        "Informasjon, tolk og tilgang til tjenester",
        "Informasjon på språk folk forstår, tolk, klarspråk, tilgang til offentlige tjenester.",
    ),
    (
        "velferd",
        "Velferdsordninger og ytelser",
        "Kontantstøtte, sosiale ytelser, bostøtte, sosialhjelp, når ytelser hindrer arbeid.",
    ),
    (
        "samordning",
        "Samordning, styring og regelverk",
        "Samordning mellom etater og forvaltningsnivå, kommunale strategier og planer, lover, "
        "forskrifter, byråkrati, tilskuddsforvaltning.",
    ),
    (
        "tilflytting",
        "Bosetting og tilflytting",
        "Bosetting av flyktninger, få nyankomne til å bli i distriktskommuner, velkomsttjenester.",
    ),
    (
        "medvirkning",
        "Medvirkning og dialog",
        "Innvandrerråd, ungdomsråd, konsultasjoner, dialogfora, la de berørte bestemme.",
    ),
]

ACTORS: list[tuple[str, str]] = [
    ("staten", "Staten (regjering og departementer)"),
    ("nav", "NAV"),
    ("kommunen", "Kommunen"),
    ("fylkeskommunen", "Fylkeskommunen"),
    ("arbeidsgivere", "Arbeidsgivere"),
    ("skole_barnehage", "Skole og barnehage"),
    ("frivillige_organisasjoner", "Frivillige organisasjoner"),
    ("innvandrerorganisasjoner", "Innvandrerorganisasjoner"),
    ("trossamfunn", "Trossamfunn"),
    ("media", "Media"),
    ("politiet", "Politiet"),
    ("husbanken", "Husbanken"),
    ("nokut", "NOKUT"),
    ("helsetjenesten", "Helsetjenesten"),
    ("innvandrere", "Innvandrerne selv"),
]

KINDS: list[tuple[str, str, str]] = [
    ("tiltak", "Tiltak", "Et forslag eller tiltak."),
    ("barriere", "Barriere", "Et problem eller en barriere som beskrives."),
    ("erfaring", "Erfaring", "En erfaring eller et godt eksempel som deles."),
]

THEME_KEYS: tuple[str, ...] = tuple(key for key, _, _ in THEMES)
ACTOR_KEYS: tuple[str, ...] = tuple(key for key, _ in ACTORS)
KIND_KEYS: tuple[str, ...] = tuple(key for key, _, _ in KINDS)
