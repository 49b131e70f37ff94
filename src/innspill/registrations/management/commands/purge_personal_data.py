"""Apply the retention policy now (the task worker does it daily by itself): docs/privacy.md."""

from django.core.management.base import BaseCommand

from innspill.registrations.privacy import purge_personal_data
from innspill.registrations.tasks import purge_badge_files


class Command(BaseCommand):
    help = (
        "Slett og anonymiser deltakeres personopplysninger etter lagringstiden (docs/privacy.md)."
    )

    def handle(self, *args, **options):
        result = purge_personal_data()
        files = purge_badge_files()
        self.stdout.write(
            f"Slettet {result.needs} opplysninger om behov, anonymiserte {result.anonymised} "
            f"deltakere og slettet {files} filer med navneskilt."
        )
