import innspill.common.clock
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0004_task_queue"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScheduledRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("day", models.DateField()),
                (
                    "enqueued_at",
                    models.DateTimeField(default=innspill.common.clock.now, editable=False),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("name", "day"), name="scheduledrun_unique_day")
                ],
            },
        ),
    ]
