"""Writes on staff accounts: the second factor's devices and their reset."""

from typing import Any

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innspill.common.models import audit

RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "innspill"


def totp_device_start(*, user: Any) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created with a fresh secret the first time.

    Reloading the enrolment page keeps the secret, so a code from an app that already scanned
    it still works.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str, by: Any) -> list[str] | None:
    """Confirm `device` if `token` is its current code; then replace the user's recovery codes.

    Returns the new recovery codes (shown once, stored only as django-otp stores them), or
    None for a wrong code. Audited.
    """
    if device.confirmed or not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    codes = recovery_codes_replace(user=device.user)
    audit(action="otp.enrol", target=device.user.get_username(), by=by)
    return codes


def recovery_codes_replace(*, user: Any) -> list[str]:
    """Delete the user's recovery codes and make RECOVERY_CODE_COUNT new ones (each works once)."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


@transaction.atomic
def otp_reset(*, user: Any, by: Any) -> int:
    """Remove every second-factor device of `user`; their next login enrols again. Audited.

    Returns how many devices were removed.
    """
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get("otp_totp.TOTPDevice", 0)
    removed += StaticDevice.objects.filter(user=user).delete()[1].get("otp_static.StaticDevice", 0)
    audit(
        action="otp.reset",
        target=user.get_username(),
        details={"devices": removed},
        by=by,
    )
    return removed
