from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0003_lifecycle_substitutes_placement_changes"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="anonymisert"),
        ),
    ]
