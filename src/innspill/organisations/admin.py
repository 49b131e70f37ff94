from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from innspill.organisations.models import Organisation, Person


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["name", "email", "phone", "role", "consent_given_at"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "type", "municipality", "region", "org_number"]
    list_filter = ["type", "region"]
    search_fields = ["name", "municipality", "org_number"]
    inlines = [PersonInline]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "email", "organisation", "consent_given_at"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["organisation"]
