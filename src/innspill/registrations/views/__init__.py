"""Registration pages, one module per area.

`participant`: the invitee's own pages (personal link, no password). Staff areas:
`invitations`, `registrations` (with the waiting list), `placement`, `lists` (participant
lists and name badges) and `checkin`.
"""
