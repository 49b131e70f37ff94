"""A fictional cycle for the demo, written by the team (not taken from any published report).

Organisations, people and places are invented. Inputs are composed from short
hand-written demands and barriers so the archive has a few hundred entries
spread over two years, some of them recurring.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ORGANISATIONS = [
    ("Somalisk kvinneforum Nordby", "innvandrerorganisasjon", "Nordby", "vestland", "913284577"),
    ("Eritreisk foreldrenettverk", "innvandrerorganisasjon", "Sandvik", "rogaland", ""),
    ("Polsk kulturforening Fjellstad", "innvandrerorganisasjon", "Fjellstad", "innlandet", ""),
    ("Innvandrerrådet i Nordby", "innvandrerrad", "Nordby", "vestland", ""),
    ("Innvandrerrådet i Elvedal", "innvandrerrad", "Elvedal", "trondelag", ""),
    ("Nordby kommune", "kommune", "Nordby", "vestland", ""),
    ("Elvedal kommune", "kommune", "Elvedal", "trondelag", ""),
    ("Frivilligsentralen Sandvik", "frivillig_organisasjon", "Sandvik", "rogaland", ""),
    ("Idrettslaget Ørnen", "frivillig_organisasjon", "Fjellstad", "innlandet", ""),
    ("Fjordbygg AS", "naeringsliv", "Sandvik", "rogaland", ""),
    ("Kystforskning", "forskning", "Nordby", "vestland", ""),
]

SESSIONS = [
    (
        1,
        "Hvordan få flere innvandrere i arbeid?",
        "Arbeids- og inkluderingsminister",
        "Kari Fjeld",
        "Sal A",
    ),
    (
        2,
        "Språk og kvalifisering for voksne",
        "Statssekretær, Kunnskapsdepartementet",
        "Ola Strand",
        "Sal B",
    ),
    (
        3,
        "Gode oppvekstvilkår og samarbeid med foreldre",
        "Barne- og familieminister",
        "Aisha Berg",
        "Sal C",
    ),
    (
        4,
        "Trygge bomiljøer og veien til egen bolig",
        "Statssekretær, Kommunal- og distriktsdepartementet",
        "Per Lunde",
        "Rom 1",
    ),
    (5, "Frivillighet og møteplasser", "Kultur- og likestillingsminister", "Nina Holm", "Rom 2"),
    (
        6,
        "Holdninger, rasisme og diskriminering",
        "Statssekretær, Arbeids- og inkluderingsdepartementet",
        "Jonas Vik",
        "Rom 3",
    ),
    (
        7,
        "Informasjon og tilgang til tjenester",
        "Digitaliserings- og forvaltningsminister",
        "Lise Dahl",
        "Rom 4",
    ),
    (
        8,
        "Bosetting og å bli værende i distriktene",
        "Statssekretær, Kommunal- og distriktsdepartementet",
        "Erik Moe",
        "Rom 5",
    ),
]

# (session number, group heading, kind, theme, text)
INPUTS: list[tuple[int, str, str, str, str]] = [
    (
        1,
        "Tiltak",
        "tiltak",
        "arbeid",
        "Arbeidsgivere bør bruke anonyme søknader i første runde av rekrutteringen.",
    ),
    (
        1,
        "Tiltak",
        "tiltak",
        "arbeid",
        "NAV må gi lengre oppfølging etter at personen har fått jobb.",
    ),
    (
        1,
        "Tiltak",
        "tiltak",
        "arbeid",
        "Lag flere praksisplasser i kommunen som kan føre til fast ansettelse.",
    ),
    (
        1,
        "Tiltak",
        "tiltak",
        "arbeid",
        "Mentorordninger med erfarne arbeidstakere gir nettverk og første jobb.",
    ),
    (
        1,
        "Barrierer",
        "barriere",
        "arbeid",
        "Mange får bare korte vikariater og kommer aldri over i fast stilling.",
    ),
    (
        1,
        "Barrierer",
        "barriere",
        "arbeid",
        "Arbeidsgivere kaller sjelden inn søkere med utenlandsk navn til intervju.",
    ),
    (
        1,
        "Barrierer",
        "barriere",
        "velferd",
        "Ytelser som faller bort ved deltid gjør at det ikke lønner seg å jobbe litt.",
    ),
    (
        1,
        "Tiltak",
        "tiltak",
        "entreprenorskap",
        "Gi innvandrere som vil starte egen bedrift veiledning på eget språk.",
    ),
    (
        2,
        "Tiltak",
        "tiltak",
        "kvalifisering",
        "Godkjenning av utenlandsk utdanning må gå raskere og koste mindre.",
    ),
    (
        2,
        "Tiltak",
        "tiltak",
        "kvalifisering",
        "Det må bli enklere å ta fagbrev som voksen mens man er i jobb.",
    ),
    (
        2,
        "Tiltak",
        "tiltak",
        "sprak",
        "Norskopplæring bør kombineres med praksis på en arbeidsplass fra første dag.",
    ),
    (2, "Tiltak", "tiltak", "sprak", "Språkkafeer på biblioteket bør få fast finansiering."),
    (
        2,
        "Barrierer",
        "barriere",
        "kvalifisering",
        "Lang ventetid hos NOKUT gjør at folk gir opp yrket sitt.",
    ),
    (
        2,
        "Barrierer",
        "barriere",
        "sprak",
        "Kravet om B1 før fast ansettelse stenger ute dyktige fagfolk.",
    ),
    (
        2,
        "Tiltak",
        "tiltak",
        "kvalifisering",
        "Kartlegg realkompetanse tidlig i introduksjonsprogrammet.",
    ),
    (
        2,
        "Barrierer",
        "barriere",
        "kvalifisering",
        "Voksne mister livsoppholdet når de tar videregående opplæring.",
    ),
    (
        3,
        "Tiltak",
        "tiltak",
        "oppvekst",
        "Skolen bør bruke tolk i alle foreldremøter der det trengs.",
    ),
    (
        3,
        "Tiltak",
        "tiltak",
        "oppvekst",
        "Gratis kjernetid i barnehagen bør gjelde for alle barn fra tre år.",
    ),
    (
        3,
        "Tiltak",
        "tiltak",
        "oppvekst",
        "Leksehjelp i regi av frivillige bør kobles tettere til skolen.",
    ),
    (
        3,
        "Barrierer",
        "barriere",
        "barnevern",
        "Mange foreldre har lav tillit til barnevernet og vet lite om hva det gjør.",
    ),
    (
        3,
        "Barrierer",
        "barriere",
        "oppvekst",
        "Foreldre forstår ikke alltid hva skolen forventer av dem.",
    ),
    (
        3,
        "Tiltak",
        "tiltak",
        "sosial_kontroll",
        "Skolehelsetjenesten må ha kompetanse om negativ sosial kontroll.",
    ),
    (
        3,
        "Tiltak",
        "tiltak",
        "kultur_idrett",
        "Kommunen bør dekke kontingent slik at alle barn kan delta i idrett.",
    ),
    (
        4,
        "Tiltak",
        "tiltak",
        "bolig",
        "Startlån bør gjøres lettere tilgjengelig slik at flere går fra leie til eie.",
    ),
    (
        4,
        "Tiltak",
        "tiltak",
        "bolig",
        "Husbanken og kommunen må samarbeide om boliger i blandede nabolag.",
    ),
    (
        4,
        "Barrierer",
        "barriere",
        "bolig",
        "Trangboddhet gjør det vanskelig for barn å gjøre lekser hjemme.",
    ),
    (
        4,
        "Barrierer",
        "barriere",
        "diskriminering",
        "Utleiere avviser leietakere med utenlandsk navn.",
    ),
    (
        4,
        "Tiltak",
        "tiltak",
        "trygghet",
        "Flere politikontakter bør være til stede der ungdom samles om kvelden.",
    ),
    (
        4,
        "Tiltak",
        "tiltak",
        "bolig",
        "Områdesatsingen må få langsiktig finansiering og ikke bare prosjektmidler.",
    ),
    (
        5,
        "Tiltak",
        "tiltak",
        "frivillighet",
        "Innvandrerorganisasjoner trenger gratis lokaler for å drive aktivitet.",
    ),
    (
        5,
        "Tiltak",
        "tiltak",
        "frivillighet",
        "Tilskuddsordningene for organisasjoner må bli enklere å søke på.",
    ),
    (
        5,
        "Tiltak",
        "tiltak",
        "frivillighet",
        "Frivilligsentralen bør være en møteplass for nye og gamle innbyggere.",
    ),
    (
        5,
        "Barrierer",
        "barriere",
        "frivillighet",
        "Små foreninger mangler kunnskap om hvordan man søker om tilskudd.",
    ),
    (
        5,
        "Tiltak",
        "tiltak",
        "medvirkning",
        "Innvandrerrådet må høres før kommunen vedtar planer som angår innvandrere.",
    ),
    (
        5,
        "Tiltak",
        "tiltak",
        "kultur_idrett",
        "Friluftsliv er en god inkluderingsarena og bør støttes av kommunen.",
    ),
    (6, "Tiltak", "tiltak", "diskriminering", "Bruk anonyme jobbsøknader i hele staten."),
    (
        6,
        "Tiltak",
        "tiltak",
        "diskriminering",
        "Mediene må la innvandrere selv komme til orde i saker om integrering.",
    ),
    (
        6,
        "Barrierer",
        "barriere",
        "diskriminering",
        "Hatefulle ytringer i sosiale medier gjør at mange trekker seg fra debatten.",
    ),
    (
        6,
        "Tiltak",
        "tiltak",
        "diskriminering",
        "Arbeidsgivere bør få kurs i hvordan de unngår diskriminering i ansettelser.",
    ),
    (
        6,
        "Barrierer",
        "barriere",
        "diskriminering",
        "Ungdom opplever å bli stoppet av vektere på grunn av hudfarge.",
    ),
    (
        6,
        "Erfaringer",
        "erfaring",
        "diskriminering",
        "Vi har gode erfaringer med dialogmøter mellom ungdom og politiet i bydelen.",
    ),
    (
        7,
        "Tiltak",
        "tiltak",
        "informasjon",
        "Offentlig informasjon må finnes på de språkene folk faktisk leser.",
    ),
    (
        7,
        "Tiltak",
        "tiltak",
        "informasjon",
        "Kvalifiserte tolker må brukes i helsetjenesten, ikke barn eller slektninger.",
    ),
    (
        7,
        "Barrierer",
        "barriere",
        "informasjon",
        "Digitale skjemaer hos NAV er vanskelige for dem som ikke leser norsk godt.",
    ),
    (7, "Tiltak", "tiltak", "helse", "Fastlegen bør få bedre tid med pasienter som trenger tolk."),
    (
        7,
        "Barrierer",
        "barriere",
        "helse",
        "Psykiske plager blant flyktninger blir oppdaget for sent.",
    ),
    (
        7,
        "Tiltak",
        "tiltak",
        "samordning",
        "Én dør inn for nyankomne: samle kommunens tjenester på ett sted.",
    ),
    (
        8,
        "Tiltak",
        "tiltak",
        "tilflytting",
        "Kommunen bør ha en fast vertskapsordning for nyankomne familier.",
    ),
    (
        8,
        "Tiltak",
        "tiltak",
        "tilflytting",
        "Arbeidsgivere i distriktet bør tilby jobb til ektefelle ved rekruttering.",
    ),
    (
        8,
        "Barrierer",
        "barriere",
        "tilflytting",
        "Mange flytter fra distriktet fordi de ikke finner relevant arbeid.",
    ),
    (
        8,
        "Erfaringer",
        "erfaring",
        "tilflytting",
        "I vår kommune har en mentorordning gjort at flere familier blir boende.",
    ),
    (
        8,
        "Tiltak",
        "tiltak",
        "samordning",
        "Staten må gi kommunene forutsigbar finansiering av bosetting over flere år.",
    ),
]

# Short framings that turn one demand into how it is raised again another year.
REPHRASE = [
    "{text}",
    "Vi gjentar: {lower}",
    "Flere deltakere tok opp at {lower_clause}",
    "Det ble foreslått igjen at {lower_clause}",
]

# The two past cycles' themes, oldest first; their years and dates follow the clock (see cycles()).
PAST_THEMES = [
    "Arbeid og deltakelse i hele landet",
    "Tillit og deltakelse i lokalsamfunnet",
]
UPCOMING_THEME = "Deltakelse i arbeid og lokalsamfunn"
# The coming conference is at least this many days ahead of today and registration closes 14 days
# before it: the demo has an open registration whatever day it is loaded.
UPCOMING_IN_DAYS = 21
REGISTRATION_CLOSES_DAYS_BEFORE = 14


def conference_title(year: int) -> str:
    return f"Den nasjonale integreringskonferansen {year}"


def upcoming(today: date) -> tuple[int, str, str, date]:
    """(year, title, theme, day) of the coming conference: a Thursday at least three weeks ahead.

    Not in the Christmas holidays (20 December – 6 January), when no such conference is held.
    """
    day = today + timedelta(days=UPCOMING_IN_DAYS)
    day += timedelta(days=(3 - day.weekday()) % 7)
    if (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 6):
        after_holidays = date(day.year + (day.month == 12), 1, 7)
        day = after_holidays + timedelta(days=(3 - after_holidays.weekday()) % 7)
    return day.year, conference_title(day.year), UPCOMING_THEME, day


def _third_thursday_of_october(year: int) -> date:
    first = date(year, 10, 1)
    first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + timedelta(weeks=2)


def cycles(today: date) -> list[tuple[int, str, str, date]]:
    """(year, title, theme, day) of the past cycles: the years before the coming conference's."""
    coming = upcoming(today)[0]
    years = range(coming - len(PAST_THEMES), coming)
    return [
        (year, conference_title(year), theme, _third_thursday_of_october(year))
        for year, theme in zip(years, PAST_THEMES, strict=True)
    ]


DEMO_USERS = [
    ("admin", "admin", True),
    ("sekretariat", "secretariat", False),
    ("referent", "rapporteur", False),
    ("departement", "ministry", False),
    ("forsker", "researcher", False),
]
DEMO_PASSWORD = "demo-innspill-2026"  # noqa: S105 - printed by `make demo`; a name, not an expiry


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# Sent in on the web after the last conference: they wait in the secretariat's moderation queue.
WEB_INPUTS = [
    (
        "kommune",
        "vestland",
        "Tolketjenesten bør kunne bestilles på kvelden, når frivillige lag møtes.",
    ),
    (
        "innvandrerorganisasjon",
        "oslo",
        "Gi leksehjelpen i biblioteket faste åpningstider hele året.",
    ),
    (
        "frivillig_organisasjon",
        "nordland",
        "Flere kurs i norsk for eldre innvandrere i distriktet.",
    ),
    ("innvandrerrad", "agder", "Informasjon om fastlege og helsetjenester på flere språk."),
]


def demo_inputs(today: date) -> list[dict]:
    """About three hundred fictional inputs over two cycles; later years restate some earlier demands."""
    rows: list[dict] = []
    orgs = itertools.cycle(ORGANISATIONS)
    for cycle_index, (year, _title, _theme, _day) in enumerate(cycles(today)):
        for repeat in range(3):
            for i, (number, group, kind, theme, text) in enumerate(INPUTS):
                if (i + repeat + cycle_index) % 3 == 2 and repeat:
                    continue
                frame = REPHRASE[(repeat + cycle_index * 2) % len(REPHRASE)]
                phrased = frame.format(
                    text=text,
                    lower=_lower_first(text),
                    lower_clause=_lower_first(text).rstrip("."),
                )
                if not phrased.endswith("."):
                    phrased += "."
                org = next(orgs)
                rows.append(
                    {
                        "year": year,
                        "session": number,
                        "group": group,
                        "kind": kind,
                        "theme": theme,
                        "text": phrased,
                        "organisation_type": org[1],
                        "region": org[3],
                    }
                )
    return rows


def session_times(day: date, number: int) -> tuple[datetime, datetime]:
    tz = ZoneInfo("Europe/Oslo")
    start = datetime.combine(day, time(13, 0), tz)
    end = datetime.combine(day, time(14, 30), tz)
    return start, end


# The coming conference's program: a 2018-style day with 8 parallel sessions of 30 seats.
PLENARY = [
    (time(9, 0), time(9, 30), "Åpning", "Statsminister (fiktiv)"),
    (
        time(9, 30),
        time(10, 30),
        "Panel: Hva virker for å få flere i jobb?",
        "Fire innledere fra kommune, NAV og frivilligheten",
    ),
]
DEMO_INVITED = 60
DEMO_REGISTERED = 40


# --- the question round before the coming conference (issue 15) ----------------------------------

ROUND_TITLE = "Innspill før konferansen: samarbeid i lokalsamfunnet"
ROUND_QUESTIONS = [
    "Hvordan samarbeider kommunen og frivilligheten om integrering hos dere?",
    "Hvordan samarbeider dere med næringslivet?",
    "Har dere et godt lokalt eksempel dere vil dele?",
]
# by organisation name: one answer per question ("" leaves it empty); the rest do not answer
ROUND_ANSWERS = {
    "Nordby kommune": [
        "Vi har en samarbeidsavtale med frivilligsentralen og møtes hvert kvartal.\n\n"
        "Vi trenger faste møteplasser der kommune og frivillighet kan planlegge sammen.",
        "Praksisplasser i lokale bedrifter for deltakere i introduksjonsprogrammet.",
        "Språkkafé på biblioteket to kvelder i uka, drevet av frivillige.",
    ],
    "Elvedal kommune": [
        "Samarbeidet er godt, men tilskuddsordningene tar mye tid for de små foreningene.",
        "Vi ønsker bransjetreff mellom nyankomne og lokale arbeidsgivere.",
        "",
    ],
    "Frivilligsentralen Sandvik": [
        "Vi trenger faste møteplasser med kommunen, ikke bare enkeltmøter.",
        "Lite samarbeid med næringslivet; vi mangler kontaktpunkter.",
        "Leksehjelp for barn og foreldre sammen, med tolk ved behov.",
    ],
    "Innvandrerrådet i Nordby": [
        "Vi ønsker egne lokaler som vi kan disponere hele året.",
        "",
        "",
    ],
    "Innvandrerrådet i Elvedal": [
        "Søknadsprosessene for tilskudd må bli enklere og raskere.",
        "Flere med innvandrerbakgrunn i lederstillinger i næringslivet.",
        "",
    ],
    "Somalisk kvinneforum Nordby": [
        "Kommunen bør ta oss med når integreringstilbudet planlegges.",
        "Mentorordning med lokale bedrifter for kvinner som vil i jobb.",
        "Kvinnegruppe med svømmeopplæring og helseinformasjon.",
    ],
}
# opened the link and saved a draft, but did not submit
ROUND_DRAFTS = {"Idrettslaget Ørnen": ["Vi har gratis treninger for nyankomne barn."]}


def round_email(name: str) -> str:
    slug = "".join(c for c in name.lower().replace(" ", "-") if c.isalnum() or c == "-")
    return f"post@{slug}.example.org"
