"""E-mail leaves only after the transaction that decided it commits."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def mail_after_commit(*, subject: str, body: str, to: list[str], html: str | None = None) -> None:
    """Send the message once the surrounding transaction commits (at once outside one).

    A rolled-back registration, invitation or seed run leaves no e-mail behind that points
    to rows which were never stored. `html`, if given, is sent beside the text as an alternative.
    """
    message = partial(send_mail, subject, body, settings.DEFAULT_FROM_EMAIL, to, html_message=html)
    transaction.on_commit(message)


def site_url(path: str = "/") -> str:
    """`path` on the site's configured address (INNSPILL_SITE_URL), for links that leave the site.

    E-mails, badges and exports are read away from the request that made them (a worker, a
    command, a proxy in front of gunicorn), so the address is a setting, not the request's host.
    """
    base = settings.INNSPILL_SITE_URL.rstrip("/")
    if not base:
        raise ImproperlyConfigured("INNSPILL_SITE_URL is not set (see innspill.E002)")
    return base + "/" + path.lstrip("/")


def mail_language(language: str) -> str:
    """`language` if the site speaks it, else the site's default (bokmål)."""
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def send_templated_mail(*, template: str, language: str, to: str, context: dict[str, Any]) -> None:
    """Render emails/<template>.txt in `language` (first line: the subject) and send it after commit.

    One template per message; its words go through the translation catalogues, so a new
    language is a new .po file, not a new copy of every e-mail.
    """
    language = mail_language(language)
    with translation.override(language):
        text = render_to_string(f"emails/{template}.txt", context)
    subject, _sep, body = text.strip().partition("\n")
    subject, body = subject.strip(), body.strip() + "\n"
    mail_after_commit(
        subject=subject, body=body, to=[to], html=html_version(subject, body, language=language)
    )


def html_version(subject: str, body: str, *, language: str) -> str:
    """The text e-mail as HTML that names its language and direction.

    A plain-text part has no direction, so a mail program lays Arabic out left to right,
    punctuation and links at the wrong end; the HTML part says `dir="rtl"`. Paragraphs are
    the text's blank-line-separated blocks; links become links.
    """
    paragraphs = [block.strip() for block in body.split("\n\n") if block.strip()]
    return render_to_string(
        "emails/message.html",
        {
            "subject": subject,
            "paragraphs": paragraphs,
            "language": language,
            "direction": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
        },
    )
