"""Imports used to store interface words as data, in the language of the request that imported.

The recurring group and the tips prefix become `Input.section` keys; untitled sessions, unknown
summary leaders and unnamed reports are stored empty (named on display), unnamed conferences
and cycles get the conference's own name. The fingerprints of the imported inputs touched
are recomputed, so importing another copy of the same report still finds them.
"""

import hashlib

from django.db import migrations
from django.db.models import Q

RECURRING = {"Innspill som går igjen", "Innspel som går igjen", "Recurring inputs"}
TIPS_PREFIX = "Oppfordringer og tips"  # never translated, but a word in data all the same
UNKNOWN_LEADER = {"Ukjent leder", "Ukjend leiar", "Unknown chair"}
SESSION_WORDS = ("Sesjon", "Session")
REPORT_WORDS = ("Rapport", "Report")
CONFERENCE_NAME = "Den nasjonale integreringskonferansen {year}"
ENGLISH_NAME = "National Integration Conference {year}"


def _fingerprint(year, conference, session, group, text):
    key = "\x1f".join([str(year), conference.strip(), session.strip(), group.strip(), text, ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def forwards(apps, schema_editor):
    Input = apps.get_model("inputs", "Input")
    Session = apps.get_model("conferences", "Session")
    Summary = apps.get_model("conferences", "Summary")
    Conference = apps.get_model("conferences", "Conference")
    Cycle = apps.get_model("cycles", "Cycle")
    SourceDocument = apps.get_model("inputs", "SourceDocument")

    touched_inputs: set[int] = set()
    recurring = Input.objects.filter(session__isnull=True, group_heading__in=RECURRING)
    touched_inputs |= set(recurring.values_list("pk", flat=True))
    recurring.update(section="recurring", group_heading="")
    for item in Input.objects.filter(
        session__isnull=True, section="", group_heading__startswith=TIPS_PREFIX
    ):
        item.section = "tips"
        item.group_heading = item.group_heading[len(TIPS_PREFIX) :].lstrip(": ").strip()
        item.save(update_fields=["section", "group_heading"])
        touched_inputs.add(item.pk)

    touched_sessions = []
    for session in Session.objects.filter(kind="parallel", number__isnull=False):
        if session.title in {f"{word} {session.number}" for word in SESSION_WORDS}:
            session.title = ""
            session.save(update_fields=["title"])
            touched_sessions.append(session.pk)
    Summary.objects.filter(leader_name__in=UNKNOWN_LEADER).update(leader_name="")

    touched_conferences = []
    for conference in Conference.objects.select_related("cycle"):
        year = conference.cycle.year
        name = CONFERENCE_NAME.format(year=year)
        if conference.title not in {f"{word} {year}" for word in REPORT_WORDS}:
            continue
        if Conference.objects.filter(cycle=conference.cycle, title=name).exists():
            continue
        conference.title = name
        conference.save(update_fields=["title"])
        touched_conferences.append(conference.pk)
    for cycle in Cycle.objects.all():
        words = {f"{word} {cycle.year}" for word in REPORT_WORDS}
        if cycle.title in words | {ENGLISH_NAME.format(year=cycle.year)}:
            cycle.title = CONFERENCE_NAME.format(year=cycle.year)
            cycle.save(update_fields=["title"])
    for document in SourceDocument.objects.exclude(year__isnull=True):
        if document.title in {f"{word} {document.year}" for word in REPORT_WORDS}:
            document.title = ""
            document.save(update_fields=["title"])

    rows = Input.objects.filter(source_document__isnull=False).filter(
        Q(pk__in=touched_inputs)
        | Q(session__in=touched_sessions)
        | Q(conference__in=touched_conferences)
    )
    known = set(Input.objects.values_list("fingerprint", flat=True))
    for item in rows.select_related("conference", "session"):
        session = item.session
        session_key = (session.title or f"#{session.number or ''}") if session else ""
        group = f"{item.section}:{item.group_heading}" if item.section else item.group_heading
        conference = item.conference.title if item.conference else ""
        fingerprint = _fingerprint(item.year, conference, session_key, group, item.text)
        if fingerprint in known:
            continue
        known.add(fingerprint)
        item.fingerprint = fingerprint
        item.save(update_fields=["fingerprint"])


def backwards(apps, schema_editor):
    """Put the bokmål words back (fingerprints stay as they are)."""
    Input = apps.get_model("inputs", "Input")
    Session = apps.get_model("conferences", "Session")
    Summary = apps.get_model("conferences", "Summary")
    Input.objects.filter(section="recurring").update(
        section="", group_heading="Innspill som går igjen"
    )
    for item in Input.objects.filter(section="tips"):
        item.group_heading = f"{TIPS_PREFIX}: {item.group_heading}".rstrip(": ")
        item.section = ""
        item.save(update_fields=["section", "group_heading"])
    for session in Session.objects.filter(title="", number__isnull=False):
        session.title = f"Sesjon {session.number}"
        session.save(update_fields=["title"])
    Summary.objects.filter(leader_name="").update(leader_name="Ukjent leder")


class Migration(migrations.Migration):
    dependencies = [
        ("inputs", "0007_input_section"),
        ("conferences", "0002_conference_placement_published_at_and_more"),
        ("cycles", "0002_alter_cycle_created_at_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
