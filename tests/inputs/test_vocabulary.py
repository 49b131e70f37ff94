import re

import pytest

from innspill.inputs.models import Actor, Kind, Theme
from tests.corpus import CORPUS_DIR


def _taxonomy():
    text = (CORPUS_DIR.parent / "TAXONOMY.md").read_text(encoding="utf-8")
    themes = re.findall(r"^\| `([a-z_]+)` \|", text.split("## Actors")[0], flags=re.M)
    actors_block = text.split("## Actors")[1].split("## Kinds")[0]
    actors = re.findall(r"`([a-z_]+)`", actors_block)
    kinds = re.findall(r"^\| `([a-z_]+)` \|", text.split("## Kinds")[1], flags=re.M)
    return themes, actors, kinds


@pytest.mark.django_db
def test_default_vocabulary_has_exactly_the_taxonomy_keys():
    themes, actors, kinds = _taxonomy()
    assert len(themes) == 18 and len(actors) == 15 and len(kinds) == 3
    assert sorted(Theme.objects.values_list("key", flat=True)) == sorted(themes)
    assert sorted(Actor.objects.values_list("key", flat=True)) == sorted(actors)
    assert sorted(Kind.objects.values_list("key", flat=True)) == sorted(kinds)
