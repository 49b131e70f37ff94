"""Signals for the apps above: conferences does not know about registrations, they listen."""

from django.dispatch import Signal

# Sent inside the transaction that changed a conference's or a session's seat count, with
# `conference` and `by`; registrations gives new seats to its waiting list.
capacity_changed = Signal()
