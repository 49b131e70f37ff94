"""E-mail leaves only after the transaction that decided it commits."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction


def mail_after_commit(*, subject: str, body: str, to: list[str]) -> None:
    """Send the message once the surrounding transaction commits (at once outside one).

    A rolled-back registration, invitation or seed run leaves no e-mail behind that points
    to rows which were never stored.
    """
    message = partial(send_mail, subject, body, settings.DEFAULT_FROM_EMAIL, to)
    transaction.on_commit(message)
