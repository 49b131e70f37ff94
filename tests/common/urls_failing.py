"""The site's URLs plus one view that fails, to see the 500 page (tests/common/test_errors.py)."""

from django.urls import path

from innspill.urls import handler403, handler404, handler500, urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


class Failure(Exception):
    pass


def fails(request):
    raise Failure("a bug")


urlpatterns = [path("feiler/", fails), *urlpatterns]
