"""Send participants' follow-up e-mails (run daily from cron; nobody gets more than one a day)."""

from django.core.management.base import BaseCommand

from innspill.followups.services import digests_send


class Command(BaseCommand):
    help = "Send e-post til deltakere som vil vite hva som skjer med innspillene fra sesjonen sin."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{digests_send()} e-poster sendt")
