"""Registration pages, one module per area.

`participant`: the invitee's own pages (personal link, no password). Staff areas:
`invitations`, `registrations` (with the waiting list), `placement`, `lists` (participant
lists and name badges) and `checkin`.
"""

from django.http import HttpRequest


def base_url(request: HttpRequest) -> str:
    """The site's address as the visitor reached it, for links in e-mails and badges."""
    return request.build_absolute_uri("/")
