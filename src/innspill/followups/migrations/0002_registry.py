"""The ministries and agencies that answer for inputs, and each actor label's default owner.

Short names are those the conference and input reports use. Staff edit all of this afterwards;
the migration only adds what is missing, so a re-run never undoes their changes.
"""

from django.db import migrations

MINISTRIES = [
    ("AID", "Arbeids- og inkluderingsdepartementet"),
    ("KD", "Kunnskapsdepartementet"),
    ("BFD", "Barne- og familiedepartementet"),
    ("KUD", "Kultur- og likestillingsdepartementet"),
    ("JD", "Justis- og beredskapsdepartementet"),
    ("HOD", "Helse- og omsorgsdepartementet"),
    ("KDD", "Kommunal- og distriktsdepartementet"),
    ("DFD", "Digitaliserings- og forvaltningsdepartementet"),
    ("FIN", "Finansdepartementet"),
    ("UD", "Utenriksdepartementet"),
    ("NFD", "Nærings- og fiskeridepartementet"),
    ("SD", "Samferdselsdepartementet"),
    ("KLD", "Klima- og miljødepartementet"),
    ("LMD", "Landbruks- og matdepartementet"),
    ("ED", "Energidepartementet"),
    ("FD", "Forsvarsdepartementet"),
    ("SMK", "Statsministerens kontor"),
]
# (short name, full name, ministry it answers under)
AGENCIES = [
    ("IMDi", "Integrerings- og mangfoldsdirektoratet", "AID"),
    ("NAV", "Arbeids- og velferdsetaten", "AID"),
    ("Husbanken", "Husbanken", "KDD"),
    ("NOKUT", "Nasjonalt organ for kvalitet i utdanningen", "KD"),
    ("HK-dir", "Direktoratet for høyere utdanning og kompetanse", "KD"),
    ("Udir", "Utdanningsdirektoratet", "KD"),
    ("UDI", "Utlendingsdirektoratet", "JD"),
    ("POD", "Politidirektoratet", "JD"),
    ("Bufdir", "Barne-, ungdoms- og familiedirektoratet", "BFD"),
    ("Helsedirektoratet", "Helsedirektoratet", "HOD"),
    ("Kulturdirektoratet", "Kulturdirektoratet", "KUD"),
    ("Digdir", "Digitaliseringsdirektoratet", "DFD"),
    ("Skatteetaten", "Skatteetaten", "FIN"),
]
# actor key (inputs vocabulary) -> default owner
ACTOR_DEFAULTS = {
    "staten": "AID",
    "nav": "AID",
    "kommunen": "KDD",
    "fylkeskommunen": "KDD",
    "arbeidsgivere": "AID",
    "skole_barnehage": "KD",
    "frivillige_organisasjoner": "KUD",
    "innvandrerorganisasjoner": "AID",
    "trossamfunn": "KUD",
    "media": "KUD",
    "politiet": "JD",
    "husbanken": "KDD",
    "nokut": "KD",
    "helsetjenesten": "HOD",
    "innvandrere": "AID",
}


def create(apps, schema_editor):
    Owner = apps.get_model("followups", "Owner")
    ActorOwner = apps.get_model("followups", "ActorOwner")
    Actor = apps.get_model("inputs", "Actor")
    owners = {}
    for short, name in MINISTRIES:
        owners[short], _ = Owner.objects.get_or_create(
            short_name=short, defaults={"name": name, "kind": "ministry"}
        )
    for short, name, parent in AGENCIES:
        owners[short], _ = Owner.objects.get_or_create(
            short_name=short, defaults={"name": name, "kind": "agency", "parent": owners[parent]}
        )
    for actor in Actor.objects.filter(key__in=ACTOR_DEFAULTS):
        ActorOwner.objects.get_or_create(
            actor=actor, defaults={"owner": owners[ACTOR_DEFAULTS[actor.key]]}
        )


class Migration(migrations.Migration):
    dependencies = [("followups", "0001_initial"), ("inputs", "0002_default_vocabulary")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
