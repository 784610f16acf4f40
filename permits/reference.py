"""Reference data of the permits app: the key invasive species list (004 二4). Idempotent."""

from .models import InvasiveSpecies
from .rules.species import SEED_INVASIVE_SPECIES


def load() -> None:
    for entry in SEED_INVASIVE_SPECIES:
        InvasiveSpecies.objects.get_or_create(
            scientific_name=entry["scientific_name"],
            defaults={
                "chinese_name": entry["chinese_name"],
                "synonyms": list(entry.get("synonyms", ())),
                "taxon_group": entry.get("taxon_group", ""),
                "source": entry.get("source", ""),
            },
        )
