import json

from django.core.management.base import BaseCommand

from innspill.inputs.classification import classifier_train


class Command(BaseCommand):
    help = "Train the theme/kind classifier on the shipped labels plus staff corrections, then reclassify."

    def handle(self, *args, **options):
        result = classifier_train()
        scores = result["meta"].get("scores", {})
        self.stdout.write(
            json.dumps(
                {"reclassified": result["reclassified"], "meta": result["meta"]},
                ensure_ascii=False,
                default=str,
            )
        )
        if scores:
            self.stderr.write(
                f"held-out scores: {json.dumps(scores, ensure_ascii=False, default=str)[:400]}"
            )
