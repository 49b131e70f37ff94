import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innspill.settings")
application = get_wsgi_application()

if settings.INNSPILL_WARM_ON_START:
    # Imported only now: the archive modules need the app registry get_wsgi_application set up.
    from innspill.archive.warmup import warm_caches_in_background

    warm_caches_in_background()
