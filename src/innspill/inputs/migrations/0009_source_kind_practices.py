from django.db import migrations


def forward(apps, schema_editor):
    # the importer's document kinds now follow `import_report --type`
    apps.get_model("inputs", "SourceDocument").objects.filter(kind="theme_booklet").update(
        kind="practices"
    )


def backward(apps, schema_editor):
    apps.get_model("inputs", "SourceDocument").objects.filter(kind="practices").update(
        kind="theme_booklet"
    )


class Migration(migrations.Migration):
    dependencies = [("inputs", "0008_stored_words_to_keys")]
    operations = [migrations.RunPython(forward, backward)]
