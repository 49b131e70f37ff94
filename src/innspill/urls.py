from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

admin.site.site_header = "innspill – administrasjon"
admin.site.site_title = "innspill"
if settings.INNSPILL_ADMIN_REQUIRE_OTP:
    from innspill.accounts.admin import StaffOTPAdminSite

    admin.site.__class__ = StaffOTPAdminSite

handler403 = "innspill.common.errors.forbidden"
handler404 = "innspill.common.errors.not_found"
handler500 = "innspill.common.errors.server_error"

urlpatterns = [
    path("", include("innspill.archive.urls")),
    path("ansatt/", include("innspill.accounts.urls")),
    path("ansatt/", include("innspill.inputs.urls")),
    path("ansatt/", include("innspill.organisations.urls")),
    path("ansatt/", include("innspill.cycles.urls")),
    path("ansatt/", include("innspill.meetings.urls")),
    path("api/v1/", include("innspill.api.urls")),
    path("", include("innspill.capture.urls")),
    path("konferanse/", include("innspill.conferences.urls")),
    path("deltaker/", include("innspill.registrations.urls")),
    path("rapporter/", include("innspill.reports.urls")),
    path("evaluering/", include("innspill.surveys.urls")),
    path("sporsmal/", include("innspill.rounds.urls")),
    path("", include("innspill.followups.urls")),
    path("", include("innspill.practices.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
]
