import json

from django.core.management.base import BaseCommand

from innspill.archive import recurrence
from innspill.archive.services import analysis_compute
from innspill.followups.clusters import cluster_key


class Command(BaseCommand):
    help = "Demands raised in several years, from the archive: most years first, then most inputs."

    def add_arguments(self, parser):
        parser.add_argument("--min-years", type=int, default=2)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--limit", type=int, default=50)

    def handle(self, *args, min_years: int, json: bool, limit: int, **options):
        shared = recurrence.stored()
        if shared.updating:
            # Someone at a terminal would rather wait than read an old result; the run's claim
            # still keeps the computation to one process if a worker has started it too.
            analysis_compute()
            shared = recurrence.stored()
        if shared.updating:
            self.stderr.write("Oppdateres: viser resultatet fra før den siste endringen.")
        clusters = recurrence.recurring_clusters(shared, min_years=min_years, limit=limit)
        for cluster in clusters:
            record = {
                "key": cluster_key(cluster),
                "label": cluster.label,
                "years": list(cluster.years),
                "count": cluster.count,
                "terms": list(cluster.terms),
                "themes": list(cluster.themes),
                "inputs": {str(year): list(ids) for year, ids in sorted(cluster.by_year.items())},
            }
            if json:
                self.stdout.write(_dumps(record))
            else:
                years = ", ".join(str(y) for y in cluster.years)
                self.stdout.write(f"{years} ({cluster.count}×): {cluster.label[:90]}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
