"""Follow-up pages: the ministries' inbox and spreadsheet round trip, assignment, the public pages."""

from __future__ import annotations

import re
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from innspill.accounts.roles import capability_required
from innspill.accounts.second_factor import safe_next
from innspill.archive import selectors as archive_selectors
from innspill.common import clock
from innspill.common.spreadsheet import (
    CSV_TYPE,
    UI_SEPARATOR,
    XLSX_TYPE,
    SeparatorError,
    csv_separator,
)
from innspill.followups import rules, selectors, services
from innspill.followups.forms import AnswerForm, AssignForm, ImportUploadForm, OwnerForm
from innspill.followups.models import ActorOwner, FollowUp, Owner
from innspill.followups.spreadsheets import SpreadsheetError, export_csv, export_xlsx, read_rows
from innspill.inputs.models import Actor, Input, Theme
from innspill.registrations.services import invitation_for_token

PAGE_SIZE = 50
IMPORT_DIR = "followup-imports"


def _page(request: HttpRequest, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _querystring(request: HttpRequest, *drop: str) -> str:
    query = request.GET.copy()
    for name in ("page", *drop):
        query.pop(name, None)
    return query.urlencode()


# --- the inbox --------------------------------------------------------------------------------


def _inbox_owner(request: HttpRequest) -> Owner | None:
    """The ministry user's own owner; staff choose one with ?eier= or see all (None)."""
    if rules.can_assign(request.user):
        slug = request.GET.get("eier", "")
        return selectors.owner_by_slug(slug) if slug else None
    owner = rules.own_owner(request.user)
    if owner is None:
        raise PermissionDenied(_("Brukeren er ikke knyttet til et departement eller en etat."))
    return owner


@capability_required("followup.respond")
def inbox(request: HttpRequest) -> HttpResponse:
    owner = _inbox_owner(request)
    filters = selectors.Filters.from_query(request.GET, owner=owner)
    counts = selectors.status_counts(selectors.followups_filtered(filters))
    page = _page(request, selectors.followup_list(filters))
    for f in page.object_list:
        f.form = AnswerForm(
            initial={"status": f.status, "answer": f.answer, "url": f.url, "date": f.answered_on},
            prefix=f"f{f.pk}",
        )
    context = {
        "owner": owner,
        "title": selectors.inbox_title(owner),
        "filters": filters,
        "counts": counts,
        "page": page,
        "querystring": _querystring(request),
        "export_query": _querystring(request),
        "themes": Theme.objects.filter(active=True),
        "owners": selectors.owners() if rules.can_assign(request.user) else [],
        "can_assign": rules.can_assign(request.user),
    }
    return render(request, "followups/inbox.html", context)


@capability_required("followup.respond")
@require_POST
def followup_answer(request: HttpRequest, pk: int) -> HttpResponse:
    followup = get_object_or_404(FollowUp.objects.select_related("owner", "input"), pk=pk)
    rules.require_answer_for(request.user, followup.owner)
    form = AnswerForm(request.POST, prefix=f"f{pk}")
    error = ""
    if form.is_valid():
        try:
            changed = services.followup_answer(
                followup=followup,
                status=form.cleaned_data["status"],
                answer=form.cleaned_data["answer"],
                url=form.cleaned_data["url"],
                date=form.cleaned_data["date"],
                by=request.user,
            )
        except services.FollowUpError as exc:
            error = str(exc)
        else:
            if not request.htmx:
                messages.success(
                    request, _("Svaret er lagret.") if changed else _("Ingen endringer.")
                )
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if request.htmx:
        followup = selectors.followup_list(selectors.Filters()).get(pk=pk)
        followup.form = (
            form
            if error
            else AnswerForm(
                initial={
                    "status": followup.status,
                    "answer": followup.answer,
                    "url": followup.url,
                    "date": followup.answered_on,
                },
                prefix=f"f{pk}",
            )
        )
        return render(
            request,
            "followups/_inbox_item.html",
            {"f": followup, "error": error, "saved": not error},
            status=422 if error else 200,
        )
    if error:
        messages.error(request, error)
    # a posted «next» off this site goes to the inbox; HttpResponseRedirect, because redirect()
    # would take a bare word such as «abc» for a view name and fail
    return HttpResponseRedirect(safe_next(request, "followups:inbox"))


@capability_required("followup.respond")
def inbox_export(request: HttpRequest, fmt: str) -> HttpResponse:
    owner = _inbox_owner(request)
    filters = selectors.Filters.from_query(request.GET, owner=owner)
    rows = selectors.followup_list(filters)
    name = f"oppfolging-{owner.slug if owner else 'alle'}-{clock.today().isoformat()}"
    if fmt == "csv":
        try:
            sep = csv_separator(request.GET.get("sep"), default=UI_SEPARATOR)
        except SeparatorError:
            return HttpResponseBadRequest(_("Ukjent skilletegn («sep»)."))
        response = HttpResponse(export_csv(rows, sep=sep), content_type=CSV_TYPE)
    else:
        response = HttpResponse(export_xlsx(rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@capability_required("followup.respond")
@require_http_methods(["GET", "POST"])
def inbox_import(request: HttpRequest) -> HttpResponse:
    """Upload → a dry run listing every rejected row → confirm to save the valid rows."""
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        return _import_confirm(request, token)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            rows = read_rows(upload.name, data)
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
        else:
            preview = services.followups_import(rows=rows, by=request.user, dry_run=True)
            suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
            token = f"{uuid.uuid4().hex}{suffix}"
            default_storage.save(f"{IMPORT_DIR}/{token}", ContentFile(data))
            request.session[f"followup-import-{token}"] = upload.name
            return render(
                request,
                "followups/import_preview.html",
                {"preview": preview, "token": token, "filename": upload.name},
            )
    return render(request, "followups/import_upload.html", {"form": form})


def _import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    filename = request.session.pop(f"followup-import-{token}", None)
    if filename is None or not re.fullmatch(r"[0-9a-f]{32}\.(xlsx|csv)", token):
        messages.error(request, _("Forhåndsvisningen er utløpt; last opp filen på nytt."))
        return redirect("followups:import")
    path = f"{IMPORT_DIR}/{token}"
    with default_storage.open(path, "rb") as handle:
        data = handle.read()
    default_storage.delete(path)
    result = services.followups_import(rows=read_rows(token, data), by=request.user)
    messages.success(
        request,
        _("%(created)s nye, %(updated)s endret, %(unchanged)s uendret, %(rejected)s avvist.")
        % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": len(result.rejected),
        },
    )
    return redirect("followups:inbox")


# --- assignment and registry (secretariat) ----------------------------------------------------


def _selection(query: QueryDict) -> tuple[str, list[int], str]:
    """(description, input ids, cluster key) chosen by the query string."""
    key = query.get("gruppe", "").strip()
    if key:
        from innspill.followups.clusters import cluster_input_ids

        ids = cluster_input_ids(key)
        if ids is None:
            raise Http404(_("Fant ingen gruppe med nøkkelen «%(key)s».") % {"key": key})
        return _("Gruppen «går igjen» %(key)s, alle år") % {"key": key}, ids, key
    raw = " ".join(query.getlist("innspill"))
    if raw.strip():
        ids = sorted({int(v) for v in re.findall(r"\d{1,12}", raw)})
        return _("Valgte innspill"), ids, ""
    search = query.copy()
    for name in ("innspill", "gruppe", "page", "page_size"):
        search.pop(name, None)
    if not any(search.getlist(name) for name in ("q", *archive_selectors.FACETS)):
        return "", [], ""
    try:
        params = archive_selectors.parse_search_params(
            search, default_page_size=20, max_page_size=100
        )
    except archive_selectors.ParamError as exc:
        raise Http404(exc.message) from exc
    result, _facets = archive_selectors.archive_search(params)
    return _("Alle treff i søket"), [int(i) for i in result.ids], ""


@capability_required("followup.assign")
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest) -> HttpResponse:
    description, ids, key = _selection(request.GET)
    form = AssignForm(request.POST or None)
    if request.method == "POST" and ids and form.is_valid():
        owner, due = form.cleaned_data["owner"], form.cleaned_data["due_date"]
        if key:
            result = services.followups_assign_cluster(
                key=key, owner=owner, due_date=due, by=request.user
            )
        else:
            result = services.followups_assign(
                input_ids=ids, owner=owner, due_date=due, by=request.user
            )
        messages.success(
            request,
            _(
                "%(created)s innspill tildelt, %(existing)s var tildelt fra før, %(none)s uten ansvarlig."
            )
            % {
                "created": result.created,
                "existing": result.existing,
                "none": len(result.without_owner),
            },
        )
        target = reverse("followups:inbox")
        return redirect(f"{target}?eier={owner.slug}" if owner else target)
    sample = list(Input.objects.filter(pk__in=ids[:10]).select_related("session"))
    defaults = services.default_owners(ids[:500])
    return render(
        request,
        "followups/assign.html",
        {
            "form": form,
            "description": description,
            "count": len(ids),
            "sample": sample,
            "defaults": sorted({o.short_name for o in defaults.values()}),
        },
    )


@capability_required("followup.assign")
@require_http_methods(["GET", "POST"])
def registry(request: HttpRequest) -> HttpResponse:
    """The owners and each actor label's default owner, edited by the secretariat."""
    actors = list(Actor.objects.filter(active=True))
    current = dict(ActorOwner.objects.values_list("actor_id", "owner_id"))
    all_owners = list(selectors.owners())
    form = (
        OwnerForm(request.POST or None, prefix="owner")
        if "add_owner" in request.POST
        else OwnerForm(prefix="owner")
    )
    if request.method == "POST" and "add_owner" in request.POST:
        if form.is_valid():
            services.owner_save(owner=None, by=request.user, **form.cleaned_data)
            messages.success(request, _("Lagt til."))
            return redirect("followups:registry")
    elif request.method == "POST":
        by_pk = {o.pk: o for o in all_owners}
        changed = 0
        for actor in actors:
            value = request.POST.get(f"actor-{actor.pk}", "")
            owner = by_pk.get(int(value)) if value.isdigit() else None
            if (owner.pk if owner else None) != current.get(actor.pk):
                services.actor_owner_set(actor=actor, owner=owner, by=request.user)
                changed += 1
        messages.success(request, _("%(n)s endringer lagret.") % {"n": changed})
        return redirect("followups:registry")
    rows = [(actor, current.get(actor.pk)) for actor in actors]
    return render(
        request,
        "followups/registry.html",
        {"rows": rows, "owners": all_owners, "form": form},
    )


# --- public pages -----------------------------------------------------------------------------


def _public(request: HttpRequest, filters: selectors.Filters, context: dict) -> HttpResponse:
    counts = selectors.status_counts(selectors.followups_filtered(filters, public=True))
    page = _page(request, selectors.followup_list(filters, public=True))
    context |= {
        "filters": filters,
        "counts": counts,
        "total": sum(n for _k, _l, n in counts),
        "chart": selectors.status_chart(
            counts, title=_("Oppfølging etter status"), chart_id="chart-followup-status"
        ),
        "page": page,
        "querystring": _querystring(request),
    }
    return render(request, "followups/public_list.html", context)


def public_index(request: HttpRequest) -> HttpResponse:
    filters = selectors.Filters()
    counts = selectors.status_counts(selectors.followups_filtered(filters, public=True))
    return render(
        request,
        "followups/public_index.html",
        {
            "counts": counts,
            "total": sum(n for _k, _l, n in counts),
            "chart": selectors.status_chart(
                counts, title=_("Oppfølging etter status, alle år"), chart_id="chart-followup-all"
            ),
            "years": selectors.years_with_followups(),
            "owners": selectors.owners_with_counts(),
        },
    )


def public_year(request: HttpRequest, year: int) -> HttpResponse:
    filters = selectors.Filters.from_query(request.GET)
    filters.year = year
    slug = request.GET.get("eier", "")
    if slug:
        filters.owner = selectors.owner_by_slug(slug)
    return _public(
        request,
        filters,
        {"year": year, "heading": _("Oppfølging av innspillene fra %(year)s") % {"year": year}},
    )


def public_owner(request: HttpRequest, slug: str) -> HttpResponse:
    owner = selectors.owner_by_slug(slug)
    if owner is None:
        raise Http404(_("Fant ikke departementet eller etaten."))
    filters = selectors.Filters.from_query(request.GET, owner=owner)
    return _public(
        request,
        filters,
        {"owner": owner, "heading": _("Oppfølging: %(owner)s") % {"owner": owner.name}},
    )


@require_POST
def digest_toggle(request: HttpRequest, token: str) -> HttpResponse:
    """A participant turns the follow-up e-mail on or off from their personal page."""
    invitation = invitation_for_token(token)
    if invitation is None or invitation.revoked_at is not None:
        raise Http404(_("Lenken er ikke gyldig."))
    on = request.POST.get("on") == "1"
    services.digest_subscribe(invitation=invitation, on=on)
    messages.success(
        request,
        _("Du får e-post når status endres (høyst én i døgnet).")
        if on
        else _("Du får ikke lenger e-post om oppfølgingen."),
    )
    return redirect("registrations:participant", token=token)
