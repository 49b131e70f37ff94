from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.admin import OTPAdminSite

from innspill.accounts import services
from innspill.accounts.second_factor import second_factor_redirect

User = get_user_model()


class StaffOTPAdminSite(OTPAdminSite):
    """The admin with the staff login: password at /ansatt/logg-inn/, then the same code prompt."""

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        target = request.GET.get("next") or request.get_full_path()
        if request.user.is_authenticated and not request.user.is_verified():
            return second_factor_redirect(request, target)
        return redirect_to_login(target)


@admin.action(description=_("Nullstill tofaktorinnlogging (ny registrering ved neste innlogging)"))
def reset_second_factor(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet):
    for user in queryset:
        services.otp_reset(user=user, by=request.user)
    count = queryset.count()
    modeladmin.message_user(
        request,
        ngettext(
            "Tofaktorinnloggingen er nullstilt for %(count)d bruker.",
            "Tofaktorinnloggingen er nullstilt for %(count)d brukere.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


class StaffUserAdmin(UserAdmin):
    actions = [*UserAdmin.actions, reset_second_factor]


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
