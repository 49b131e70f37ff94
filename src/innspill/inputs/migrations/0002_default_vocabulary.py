"""The default vocabulary of ../shared/TAXONOMY.md, with exactly its keys (tests compare the two)."""

from django.db import migrations

THEMES = [
    ("arbeid", "Arbeid og rekruttering", "jobs, employers, recruitment, praksisplass, lønnstilskudd, NAV measures, arbeidstrening, mentoring into work, women in work"),
    ("kvalifisering", "Utdanning og kvalifisering av voksne", "introduksjonsprogrammet, fagbrev, videregående for voksne, godkjenning av utenlandsk utdanning (NOKUT), realkompetanse, karriereveiledning, digital competence"),
    ("sprak", "Norsk og språkopplæring", "Norwegian language training, språkpraksis, språkkafé, morsmål, B1/A2 requirements"),
    ("oppvekst", "Barnehage, skole og foreldresamarbeid", "kindergarten, school, teachers, parents' cooperation, leksehjelp, dropout"),
    ("bolig", "Bolig og bomiljø", "housing, startlån, «fra leie til eie», Husbanken, områdesatsing, utsatte områder, levekår"),
    ("frivillighet", "Frivillighet, sivilsamfunn og møteplasser", "NGOs, immigrant organisations, volunteering, frivilligsentral, meeting places, premises, grants to organisations"),
    ("diskriminering", "Rasisme, diskriminering og holdninger", "racism, hate speech, discrimination in hiring, anonymous applications, media coverage, rhetoric, attitudes"),
    ("sosial_kontroll", "Negativ sosial kontroll og tvangsekteskap", "negative social control, forced marriage, FGM, honour violence, religious leaders' role, LGBT in minority communities"),
    ("barnevern", "Barnevern", "child welfare services and trust in them"),
    ("trygghet", "Trygghet, kriminalitet og politi", "crime prevention, gangs, radicalisation, police, safety of young people"),
    ("helse", "Helse og livskvalitet", "health, mental health, migration health, health services"),
    ("entreprenorskap", "Entreprenørskap og næringsliv", "founders, start-ups, social entrepreneurs, business support, Ungt Entreprenørskap"),
    ("kultur_idrett", "Kultur, idrett og fritid", "culture, sports, outdoor life, leisure activities, libraries as arenas"),
    ("informasjon", "Informasjon, tolk og tilgang til tjenester", "information in languages people understand, interpreters, plain language, access to public services"),
    ("velferd", "Velferdsordninger og ytelser", "kontantstøtte, social benefits, bostøtte, sosialhjelp, when benefits hinder work"),
    ("samordning", "Samordning, styring og regelverk", "coordination across agencies and levels, municipal strategies and plans, laws, regulations, bureaucracy, grant administration"),
    ("tilflytting", "Bosetting og tilflytting", "settlement of refugees, making newcomers stay in rural municipalities, welcome services"),
    ("medvirkning", "Medvirkning og dialog", "immigrant councils, youth councils, consultation, dialogue forums, letting those affected decide"),
]
ACTORS = [
    ("staten", "Staten (regjering og departementer)"),
    ("nav", "NAV"),
    ("kommunen", "Kommunen"),
    ("fylkeskommunen", "Fylkeskommunen"),
    ("arbeidsgivere", "Arbeidsgivere"),
    ("skole_barnehage", "Skole og barnehage"),
    ("frivillige_organisasjoner", "Frivillige organisasjoner"),
    ("innvandrerorganisasjoner", "Innvandrerorganisasjoner"),
    ("trossamfunn", "Tros- og livssynssamfunn"),
    ("media", "Media"),
    ("politiet", "Politiet"),
    ("husbanken", "Husbanken"),
    ("nokut", "NOKUT"),
    ("helsetjenesten", "Helsetjenesten"),
    ("innvandrere", "Innvandrerne selv"),
]
KINDS = [
    ("tiltak", "Tiltak", "a proposal or measure"),
    ("barriere", "Barriere", "a problem or barrier described"),
    ("erfaring", "Erfaring", "an experience or good example shared"),
]


def create(apps, schema_editor):
    Theme, Actor, Kind = (apps.get_model("inputs", n) for n in ("Theme", "Actor", "Kind"))
    for i, (key, name, desc) in enumerate(THEMES):
        Theme.objects.update_or_create(key=key, defaults={"name": name, "description": desc, "position": i})
    for i, (key, name) in enumerate(ACTORS):
        Actor.objects.update_or_create(key=key, defaults={"name": name, "position": i})
    for i, (key, name, desc) in enumerate(KINDS):
        Kind.objects.update_or_create(key=key, defaults={"name": name, "description": desc, "position": i})


class Migration(migrations.Migration):
    dependencies = [("inputs", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
