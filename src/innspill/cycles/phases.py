"""The phases of a yearly cycle as declared data: what each phase opens, in order."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Phase:
    key: str
    name: str
    opens: tuple[str, ...]  # capabilities that are open while this phase runs


PHASES: tuple[Phase, ...] = (
    Phase("input_gathering", _("Innspillsinnhenting"), ("meetings", "digital_rounds", "inputs")),
    Phase("input_report", _("Innspillsrapport"), ("reports",)),
    Phase("conference", _("Konferanse"), ("registration", "placement", "live_capture", "inputs")),
    Phase("report", _("Konferanserapport"), ("reports",)),
    Phase("evaluation", _("Evaluering"), ("survey",)),
    Phase("follow_up", _("Oppfølging"), ("follow_up",)),
)
PHASE_KEYS = tuple(p.key for p in PHASES)
PHASE_CHOICES = [(p.key, p.name) for p in PHASES]


def phase(key: str) -> Phase:
    for p in PHASES:
        if p.key == key:
            return p
    raise KeyError(key)
