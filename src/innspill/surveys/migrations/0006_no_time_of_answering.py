"""A survey invitation records only that its link was used, a response only its week.

Existing data is coarsened the same way: `spent_on` becomes `spent`, and every response's
date is moved back to the Monday of its week.
"""

import datetime

from django.db import migrations, models


def coarsen(apps, schema_editor):
    SurveyInvitation = apps.get_model("surveys", "SurveyInvitation")
    Response = apps.get_model("surveys", "Response")
    SurveyInvitation.objects.filter(spent_on__isnull=False).update(spent=True)
    days = Response.objects.values_list("submitted_on", flat=True).distinct()
    for day in list(days):
        monday = day - datetime.timedelta(days=day.weekday())
        if monday != day:
            Response.objects.filter(submitted_on=day).update(submitted_on=monday)


def uncoarsen(apps, schema_editor):
    # The days are gone for good; a spent link gets its response's week back as a date.
    SurveyInvitation = apps.get_model("surveys", "SurveyInvitation")
    for invitation in SurveyInvitation.objects.filter(spent=True):
        invitation.spent_on = invitation.sent_at.date() if invitation.sent_at else None
        invitation.save(update_fields=["spent_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_evaluation_realism"),
    ]

    operations = [
        migrations.AddField(
            model_name="surveyinvitation",
            name="spent",
            field=models.BooleanField(default=False, verbose_name="besvart"),
        ),
        migrations.RunPython(coarsen, uncoarsen),
        migrations.RemoveField(model_name="surveyinvitation", name="spent_on"),
    ]
