from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0002_alter_invitation_created_at_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="anonymisert"),
        ),
    ]
