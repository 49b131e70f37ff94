import os

import pytest

# The dev secret key is fine in tests.
os.environ.setdefault("INNSPILL_DEV", "1")


@pytest.fixture(autouse=True, scope="session")
def _eager_tasks():
    """Background tasks run in-line in tests (pure-package runs without Django skip this).

    tests/common/test_task_queue.py runs the database queue and the worker for real.
    """
    try:
        from django.conf import settings
        from django.test.signals import setting_changed
    except ImportError:
        return
    if settings.configured:
        settings.INNSPILL_TASKS_EAGER = True
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }
        setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)


@pytest.fixture(autouse=True)
def _commit_hooks_as_in_production(monkeypatch):
    """`transaction.on_commit` callbacks run when the code's own outermost atomic block commits.

    A test's data lives in a transaction that is rolled back at the end, so Django would hold
    every on-commit callback (the e-mails) for ever. Here the test's wrapping blocks count as
    autocommit: a callback runs when the code's transaction ends without error and is dropped
    when it rolls back — what happens on a real database.
    """
    try:
        from django.conf import settings
        from django.db import transaction
        from django.db.backends.base.base import BaseDatabaseWrapper
    except ImportError:
        yield
        return
    if not settings.configured:
        yield
        return

    def only_test_blocks(connection) -> bool:
        return all(block._from_testcase for block in connection.atomic_blocks)

    original_on_commit = BaseDatabaseWrapper.on_commit
    original_exit = transaction.Atomic.__exit__

    def on_commit(self, func, robust=False):
        if self.in_atomic_block and only_test_blocks(self):
            func()
            return
        original_on_commit(self, func, robust)

    def exit_(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if exc_type is None and connection.run_on_commit and only_test_blocks(connection):
            pending, connection.run_on_commit = connection.run_on_commit, []
            for _sids, func, _robust in pending:
                func()
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_)
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (bokmål). A request through the test client
    leaves the language it chose active in the thread, so without this a test that renders a
    translated string (a session's «Parallellsesjon 2: …») depends on which test ran before."""
    try:
        from django.conf import settings
        from django.utils import translation
    except ImportError:
        yield
        return
    if not settings.configured:
        yield
        return
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def vocabulary(db):
    """The TAXONOMY vocabulary (re-created for transactional tests, whose flush removes migration data)."""
    import importlib

    from django.apps import apps

    from innspill.inputs.models import Theme

    if not Theme.objects.exists():
        migration = importlib.import_module("innspill.inputs.migrations.0002_default_vocabulary")
        migration.create(apps, None)


@pytest.fixture
def make_input(vocabulary):
    """Create a published input in a session; keyword arguments override the defaults."""
    from innspill.conferences.models import Session, SessionKind
    from innspill.conferences.services import conference_get_or_create
    from innspill.cycles.services import cycle_get_or_create
    from innspill.inputs.models import Kind, Origin, Theme
    from innspill.inputs.services import input_create

    def make(text, *, year=2024, session="Sesjon A", number=None, theme=None, kind=None, **extra):
        cycle = cycle_get_or_create(year=year)
        conference, _ = conference_get_or_create(cycle=cycle, title=f"Konferansen {year}")
        sess = Session.objects.filter(
            conference=conference, title=session
        ).first() or Session.objects.create(
            conference=conference,
            title=session,
            number=number,
            kind=SessionKind.PARALLEL,
            leader_name="Ola Nordmann",
            leader_role="Statssekretær",
        )
        item, _ = input_create(
            text=text,
            cycle=cycle,
            origin=Origin.SESSION,
            session=sess,
            theme=Theme.objects.get(key=theme) if theme else None,
            kind=Kind.objects.get(key=kind) if kind else None,
            **extra,
        )
        return item

    return make


@pytest.fixture(autouse=True)
def _staff_logins_give_the_second_factor(monkeypatch):
    """`client.force_login(user)` logs in as a user who also gave the TOTP code, as a staff
    member does before any staff page (accounts/second_factor.py); the requirement stays on.
    `tests/accounts/test_second_factor.py` logs in without the code and through the forms."""
    try:
        from django.conf import settings
        from django.test import Client
    except ImportError:
        yield
        return
    if not settings.configured:
        yield
        return
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    yield


def verify_second_factor(client, user):
    """Mark the client's session as verified with a (new or existing) TOTP device of `user`."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _site_url(settings):
    # Links in e-mails are built on the configured address; the test client's host keeps
    # them followable with `client.get`.
    settings.INNSPILL_SITE_URL = "http://testserver"
