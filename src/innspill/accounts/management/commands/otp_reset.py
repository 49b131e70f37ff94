from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from innspill.accounts.services import otp_reset


class Command(BaseCommand):
    help = "Remove a staff user's second-factor devices; the next login enrols a new one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as error:
            raise CommandError(f"Ingen bruker heter «{username}».") from error
        removed = otp_reset(user=user, by=None)
        self.stdout.write(
            f"Tofaktorinnloggingen til {username} er nullstilt ({removed} enheter fjernet)."
        )
