from core.masking import holder_as_kept
from django.db import migrations

# A screening copied each 小班's holder out of the registry (issue 49): a holder named without
# a credit code, who may be a natural person, is masked in the screenings stored before, as
# ``permits.screening`` now copies it. Not reversible: the clear names are not kept here (the
# registry's encrypted column has them; a screening refreshed copies them again, masked).


def holders_mask(apps, schema_editor):
    SiteScreening = apps.get_model("permits", "SiteScreening")
    for screening in SiteScreening.objects.only("pk", "parcels").iterator():
        parcels = [
            {
                **p,
                "agreement_holder": holder_as_kept(
                    p["agreement_holder"], p.get("agreement_holder_code") or ""
                ),
            }
            if p.get("agreement_holder")
            else p
            for p in screening.parcels
        ]
        if parcels != screening.parcels:
            SiteScreening.objects.filter(pk=screening.pk).update(parcels=parcels)


class Migration(migrations.Migration):
    dependencies = [
        ("permits", "0005_pii_encrypted"),
    ]

    operations = [
        migrations.RunPython(holders_mask, migrations.RunPython.noop, elidable=False),
    ]
