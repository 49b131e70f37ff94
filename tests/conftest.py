import os

import pytest

# The dev secret key is fine in tests.
os.environ.setdefault("INNSPILL_DEV", "1")


@pytest.fixture(autouse=True, scope="session")
def _eager_tasks():
    """Background tasks run inline in tests (pure-package runs without Django skip this)."""
    try:
        from django.conf import settings
    except ImportError:
        return
    if settings.configured:
        settings.INNSPILL_TASKS_EAGER = True


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
    from innspill.inputs.models import Kind, Origin, Theme
    from innspill.inputs.services import conference_get_or_create, cycle_get_or_create, input_create

    def make(text, *, year=2024, session="Sesjon A", number=None, theme=None, kind=None, **extra):
        cycle = cycle_get_or_create(year=year)
        conference = conference_get_or_create(cycle=cycle, title=f"Konferansen {year}")
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
