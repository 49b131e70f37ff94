"""Live capture pages: the phone page, the JSON endpoints, the wall, the rapporteur's board."""

from __future__ import annotations

import json
import uuid
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from innspill.accounts.roles import capability_required
from innspill.capture import rules, selectors, services
from innspill.capture.models import Capture, CaptureGroup, Submission, SubmissionStatus
from innspill.conferences.models import Conference

DEVICE_HEADER = "HTTP_X_INNSPILL_DEVICE"
DEVICE_COOKIE = "innspill_device"


def _capture_or_404(code: str) -> Capture:
    capture = selectors.capture_for_code(code)
    if capture is None:
        raise Http404(_("Ukjent kode."))
    return capture


def _device(request: HttpRequest) -> str:
    value = request.META.get(DEVICE_HEADER) or request.COOKIES.get(DEVICE_COOKIE) or ""
    return "".join(ch for ch in value if ch.isalnum() or ch == "-")[:64]


def receipt(submission: Submission) -> dict[str, Any]:
    """The body answered for a submission, the same for its first receipt and every repeat."""
    return {
        "client_id": str(submission.client_id),
        "text": submission.text,
        "group": submission.group.title if submission.group_id else "",
        "status": submission.status,
        "status_label": SubmissionStatus(submission.status).label,
        "reason": submission.reason,
    }


def _error(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


# --- Participants -------------------------------------------------------------------------------


@require_GET
def join(request: HttpRequest) -> HttpResponse:
    """Type the code shown on the screen."""
    code = request.GET.get("kode", "").strip()
    if code:
        if selectors.capture_for_code(code):
            return redirect("capture:capture", code=code.upper())
        messages.error(request, _("Fant ingen sesjon med koden «%(code)s».") % {"code": code[:12]})
    return render(request, "capture/join.html", {})


@never_cache
def capture_page(request: HttpRequest, code: str) -> HttpResponse:
    """The phone page: one text field, the group, and «mine» (kept and sent by capture.js)."""
    capture = _capture_or_404(code)
    if code != capture.code:
        return redirect("capture:capture", code=capture.code)
    return render(
        request,
        "capture/capture_page.html",
        {
            "capture": capture,
            "session": capture.session,
            "groups": capture.groups.order_by("position", "id"),
            "client_id": uuid.uuid4(),
            "is_open": capture.is_open(),
            "submit_url": reverse("capture:submit", args=[capture.code]),
            "mine_url": reverse("capture:mine", args=[capture.code]),
            "withdraw_url": reverse(
                "capture:withdraw", args=[capture.code, "00000000-0000-0000-0000-000000000000"]
            ),
        },
    )


def _parse(request: HttpRequest) -> tuple[dict[str, Any], bool] | JsonResponse:
    """The submission's fields from a JSON body (capture.js) or a plain form (no script)."""
    # JSON also when a client sent it without the header (curl -d): a form body never starts with {.
    # A multipart form is never JSON, and its body was already streamed into request.POST
    # (common.middleware.RejectNulBytesMiddleware), so it is not read again.
    if request.content_type == "application/json" or (
        request.content_type != "multipart/form-data" and request.body.lstrip()[:1] in (b"{", b"[")
    ):
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return _error(_("Innholdet er ikke gyldig JSON."), 400, field="body")
        if not isinstance(data, dict):
            return _error(_("Innholdet må være et JSON-objekt."), 400, field="body")
        return data, True
    return {key: request.POST.get(key) for key in ("client_id", "text", "group")}, False


def _receive(request: HttpRequest, capture: Capture, by: Any = None) -> HttpResponse:
    parsed = _parse(request)
    if isinstance(parsed, JsonResponse):
        return parsed
    data, is_json = parsed
    try:
        received = services.submission_receive(
            capture=capture,
            client_id=data.get("client_id"),
            text=data.get("text"),
            group=data.get("group"),
            device_id=_device(request),
            by=by,
        )
    except services.CaptureInputError as exc:
        if not is_json:
            messages.error(request, exc.message)
            return redirect("capture:capture", code=capture.code)
        return _error(exc.message, 400, field=exc.field)
    except services.CaptureNotOpen as exc:
        return _error(str(exc), 403)
    except services.RateLimited as exc:
        response = _error(str(exc), 429)
        response["Retry-After"] = "30"
        return response
    submission = received.submission
    body = receipt(submission)
    if submission.status == SubmissionStatus.LATE:
        body["error"] = _(
            "Sesjonen er avsluttet. Innspillet er tatt vare på, men kom for sent til å bli med."
        )
        status = 403
    else:
        status = 201 if received.created else 200
    if not is_json:
        messages.info(request, body.get("error") or _("Takk! Innspillet er sendt."))
        return redirect("capture:capture", code=capture.code)
    return JsonResponse(body, status=status)


@csrf_exempt  # guarded by the code and the rate limits; a phone has no session to forge
@require_POST
def submit(request: HttpRequest, code: str) -> HttpResponse:
    return _receive(request, _capture_or_404(code))


@never_cache
@require_GET
def mine(request: HttpRequest, code: str) -> JsonResponse:
    """This device's submissions with their current status."""
    capture = _capture_or_404(code)
    items = services.submissions_of_device(capture=capture, device_id=_device(request))
    return JsonResponse({"items": [receipt(s) for s in items], "open": capture.is_open()})


@csrf_exempt  # only the device that sent a submission can withdraw it (its device id)
@require_POST
def withdraw(request: HttpRequest, code: str, client_id: str) -> JsonResponse:
    capture = _capture_or_404(code)
    try:
        submission = services.submission_withdraw(
            capture=capture, client_id=client_id, device_id=_device(request)
        )
    except services.CaptureInputError as exc:
        return _error(exc.message, 404, field=exc.field)
    return JsonResponse(receipt(submission))


@require_GET
def personal(request: HttpRequest, token: str) -> HttpResponse:
    """From the participant's personal link: the capture of the session they are placed in."""
    from innspill.registrations.models import Registration
    from innspill.registrations.placement import published_assignments
    from innspill.registrations.services import invitation_for_token

    invitation = invitation_for_token(token)
    if invitation is None:
        raise Http404
    registration = Registration.objects.filter(invitation=invitation).first()
    sessions = [a.session for a in published_assignments(registration)] if registration else []
    captures = list(
        Capture.objects.filter(session__in=sessions).select_related("session").order_by("id")
    )
    open_now = [c for c in captures if c.is_open()]
    if len(open_now) == 1:
        return redirect("capture:capture", code=open_now[0].code)
    return render(request, "capture/personal.html", {"captures": captures, "token": token})


# --- The wall -----------------------------------------------------------------------------------


@never_cache
@require_GET
def wall(request: HttpRequest, code: str) -> HttpResponse:
    """The room's screen: accepted inputs by group in large type, the code and a QR code to join."""
    capture = _capture_or_404(code)
    join_url = request.build_absolute_uri(reverse("capture:capture", args=[capture.code]))
    return render(
        request,
        "capture/wall.html",
        {
            "capture": capture,
            "groups": selectors.wall_groups(capture),
            "join_url": join_url,
            "qr": segno.make(join_url, error="m").svg_data_uri(
                scale=8, border=2, dark="#000", light="#fff"
            ),
        },
    )


@never_cache
@require_GET
def wall_part(request: HttpRequest, code: str) -> HttpResponse:
    """The wall's polled content; 204 (no swap, one small query) while nothing changed."""
    row = Capture.objects.filter(code=code.upper()).values_list("pk", "version").first()
    if row is None:
        raise Http404
    if request.GET.get("v") == str(row[1]):
        return HttpResponse(status=204)
    capture = _capture_or_404(code)
    return render(
        request,
        "capture/wall_part.html",
        {"capture": capture, "groups": selectors.wall_groups(capture)},
    )


@never_cache
@require_GET
def wall_json(request: HttpRequest, code: str) -> JsonResponse:
    return JsonResponse(selectors.wall_data(_capture_or_404(code)))


# --- Staff: overview and board ------------------------------------------------------------------


def _require_capture_staff(request: HttpRequest) -> None:
    from innspill.accounts.roles import can

    if not can(request.user, "inputs.capture"):
        raise PermissionDenied


@capability_required("inputs.capture")
def overview(request: HttpRequest) -> HttpResponse:
    """Every session's capture for the secretariat; a rapporteur's own sessions for a rapporteur."""
    _require_capture_staff(request)
    conference_id = request.GET.get("konferanse")
    conference = (
        get_object_or_404(Conference, pk=conference_id)
        if conference_id and conference_id.isdigit()
        else selectors.coming_conference()
    )
    manage = rules.can_manage(request.user)
    if request.method == "POST":
        if not manage or conference is None:
            raise PermissionDenied
        for session in selectors.sessions_without_capture(conference):
            services.capture_setup(session=session, by=request.user)
        return redirect(f"{reverse('capture:overview')}?konferanse={conference.pk}")
    return render(
        request,
        "capture/overview.html",
        {
            "conference": conference,
            "captures": selectors.captures_for(request.user, conference),
            "missing": selectors.sessions_without_capture(conference).count()
            if conference and manage
            else 0,
            "manage": manage,
        },
    )


def _board_capture(request: HttpRequest, code: str) -> Capture:
    capture = _capture_or_404(code)
    rules.require_run(request.user, capture)
    return capture


def _board_context(request: HttpRequest, capture: Capture) -> dict[str, Any]:
    other = (
        Capture.objects.filter(session__conference=capture.session.conference)
        .exclude(pk=capture.pk)
        .select_related("session")
        if rules.can_manage(request.user)
        else Capture.objects.none()
    )
    return {
        "capture": capture,
        "board": selectors.board(capture),
        "manage": rules.can_manage(request.user),
        "other_captures": other,
        "last_action": capture.actions.filter(undone=False).order_by("-at", "-id").first(),
        "summary_text": "\n".join(capture.summary.items) if capture.summary else "",
    }


@capability_required("inputs.capture")
@never_cache
def board(request: HttpRequest, code: str) -> HttpResponse:
    capture = _board_capture(request, code)
    return render(
        request,
        "capture/board.html",
        _board_context(request, capture)
        | {
            "submit_url": reverse("capture:staff-submit", args=[capture.code]),
            "client_id": uuid.uuid4(),
            "groups": capture.groups.order_by("position", "id"),
        },
    )


@capability_required("inputs.capture")
@never_cache
def board_part(request: HttpRequest, code: str) -> HttpResponse:
    capture = _board_capture(request, code)
    if request.GET.get("v") == str(capture.version):
        return HttpResponse(status=204)
    return render(request, "capture/board_part.html", _board_context(request, capture))


@capability_required("inputs.capture")
@require_POST
def staff_submit(request: HttpRequest, code: str) -> HttpResponse:
    """The board's fast entry (kept and resent by capture.js like the phone's); CSRF-checked."""
    capture = _board_capture(request, code)
    return _receive(request, capture, by=request.user)


def _submission(capture: Capture, value: str | None) -> Submission:
    if not value or not value.isdigit():
        raise Http404
    return get_object_or_404(Submission, pk=int(value), capture=capture)


def _group(capture: Capture, value: str | None) -> CaptureGroup | None:
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return get_object_or_404(CaptureGroup, pk=int(value), capture=capture)


@capability_required("inputs.capture")
@require_POST
def board_action(request: HttpRequest, code: str) -> HttpResponse:
    """One board button: each action calls one service; htmx gets the board back, others a redirect."""
    capture = _board_capture(request, code)
    action, post, by = request.POST.get("action", ""), request.POST, request.user
    try:
        if action == "accept":
            services.submission_accept(submission=_submission(capture, post.get("id")), by=by)
        elif action == "edit":
            services.submission_edit(
                submission=_submission(capture, post.get("id")),
                by=by,
                text=post.get("text", ""),
                group=_group(capture, post.get("group")),
            )
        elif action == "reject":
            services.submission_reject(
                submission=_submission(capture, post.get("id")),
                by=by,
                reason=post.get("reason", ""),
            )
        elif action == "merge":
            services.submission_merge(
                submission=_submission(capture, post.get("id")),
                by=by,
                into=_submission(capture, post.get("into")),
            )
        elif action in ("up", "down"):
            services.submission_move(
                submission=_submission(capture, post.get("id")),
                by=by,
                direction=-1 if action == "up" else 1,
            )
        elif action == "transfer":
            target = post.get("to", "")
            to = get_object_or_404(
                Capture,
                pk=int(target) if target.isdigit() else 0,
                session__conference=capture.session.conference,
            )
            services.submission_transfer(
                submission=_submission(capture, post.get("id")), by=by, to=to
            )
        elif action == "undo":
            if services.capture_undo(capture=capture, by=by) is None:
                raise services.BoardError(_("Ingenting å angre."))
        elif action == "group":
            services.group_create(capture=capture, title=post.get("title", ""), by=by)
        elif action == "summary":
            services.capture_summary_save(
                capture=capture,
                text=post.get("text", ""),
                leader_name=post.get("leader_name", ""),
                leader_role=post.get("leader_role", ""),
                by=by,
            )
            messages.success(request, _("Oppsummeringen er lagret."))
        elif action == "open":
            services.capture_open(capture=capture, by=by)
        elif action == "close":
            services.capture_close(capture=capture, by=by)
        elif action == "settings":
            grace = post.get("grace_minutes", "")
            services.capture_settings_update(
                capture=capture,
                moderated=post.get("moderated") == "on",
                grace_minutes=int(grace) if grace.isdigit() else capture.grace_minutes,
                meeting_url=post.get("meeting_url", "").strip()[:200],
                by=by,
            )
        else:
            return HttpResponseBadRequest(_("Ukjent handling."))
    except services.BoardError as exc:
        messages.error(request, str(exc))
    capture.refresh_from_db()
    if request.htmx:
        return render(request, "capture/board_part.html", _board_context(request, capture))
    return redirect("capture:board", code=capture.code)
