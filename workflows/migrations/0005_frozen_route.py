from django.db import migrations, models


def freeze_existing_routes(apps, schema_editor):
    """Give every existing review pass its route snapshot: the agencies the application was
    given at submission, the consulted agencies its countersign tasks went to (only those carry
    an agency in their data; before the split, the route table's as today), and the route's
    number prefixes."""
    PermitProcess = apps.get_model("workflows", "PermitProcess")
    Route = apps.get_model("workflows", "Route")
    RouteConsultation = apps.get_model("workflows", "RouteConsultation")
    Task = apps.get_model("viewflow", "Task")
    Introduction = apps.get_model("permits", "IntroductionApplication")
    for process in PermitProcess.objects.select_related("application").iterator():
        application = process.application
        route = Route.objects.filter(
            jurisdiction_id=application.jurisdiction_id, kind=application.kind
        ).first()
        if route is None or application.district_agency_id is None:
            continue
        sent = [
            t.data["agency_id"]
            for t in Task.objects.filter(process_id=process.pk, flow_task_type="HUMAN").order_by(
                "pk"
            )
            if isinstance(t.data, dict) and "agency_id" in t.data
        ]
        if not sent:
            domain = (
                Introduction.objects.filter(pk=application.pk)
                .values_list("habitat_domain", flat=True)
                .first()
                or ""
            )
            sent = [
                c.agency_id
                for c in RouteConsultation.objects.filter(route=route).order_by("pk")
                if not c.habitat_domain or c.habitat_domain == domain
            ]
        process.route = {
            "route_id": route.pk,
            "district_agency": application.district_agency_id,
            "final_agency": application.lead_agency_id,
            "consulted_agencies": sent,
            "certificate_prefix": route.certificate_prefix,
            "refusal_prefix": route.refusal_prefix,
        }
        process.save(update_fields=["route"])


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0004_calendar_day"),
    ]

    operations = [
        migrations.AddField(
            model_name="permitprocess",
            name="route",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                verbose_name="route as resolved at submission",
            ),
        ),
        migrations.RunPython(freeze_existing_routes, migrations.RunPython.noop),
    ]
