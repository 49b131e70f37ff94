from django.db import models


class RateCounter(models.Model):
    """Requests counted for one client (a hashed address or link) in one fixed time window."""

    scope = models.CharField(max_length=60)
    # SHA-256 of the address or token: the table never holds either in clear.
    client = models.CharField(max_length=64)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "client", "window_start"], name="limits_one_counter_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M} {self.count}"
