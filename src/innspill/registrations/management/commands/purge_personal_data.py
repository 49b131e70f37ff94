"""Delete dietary and accessibility needs older than PERSONAL_DATA_RETENTION_DAYS."""

from django.core.management.base import BaseCommand

from innspill.registrations.services import purge_personal_data


class Command(BaseCommand):
    help = "Slett opplysninger om kosthold og tilrettelegging etter lagringstiden."

    def handle(self, *args, **options):
        deleted = purge_personal_data()
        self.stdout.write(f"Slettet {deleted} opplysninger om behov.")
