"""Delete dietary/accessibility needs and badge PDFs older than PERSONAL_DATA_RETENTION_DAYS."""

from django.core.management.base import BaseCommand

from innspill.registrations.services import purge_personal_data
from innspill.registrations.tasks import purge_badge_files


class Command(BaseCommand):
    help = "Slett opplysninger om kosthold og tilrettelegging etter lagringstiden."

    def handle(self, *args, **options):
        deleted = purge_personal_data()
        files = purge_badge_files()
        self.stdout.write(
            f"Slettet {deleted} opplysninger om behov og {files} filer med navneskilt."
        )
