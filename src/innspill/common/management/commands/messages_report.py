"""How complete each language's catalogue is, overall and for the participant pages."""

from django.core.management.base import BaseCommand

from innspill.common.catalogues import completeness


class Command(BaseCommand):
    help = (
        "Report translation completeness per language "
        "(all strings, the participant pages, the e-mails)."
    )

    def handle(self, *args, **options):
        self.stdout.write(
            f"{'språk':<6} {'alle strenger':>20} {'deltakersidene':>20} {'e-postene':>20}"
        )
        for code, done, total, p_done, p_total, m_done, m_total in completeness():
            self.stdout.write(
                f"{code:<6} {done:>5}/{total:<5} {100 * done / (total or 1):5.1f} %"
                f"   {p_done:>5}/{p_total:<5} {100 * p_done / (p_total or 1):5.1f} %"
                f"   {m_done:>5}/{m_total:<5} {100 * m_done / (m_total or 1):5.1f} %"
            )
