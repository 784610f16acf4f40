from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enforcement', '0018_court_demand_issued_on'),
    ]

    operations = [
        migrations.AddField(
            model_name='caseservice',
            name='ground',
            field=models.CharField(blank=True, choices=[('whereabouts_unknown', "The party's whereabouts are unknown"), ('other_ways_failed', 'The other ways of service failed')], db_default='', default='', max_length=20, verbose_name='ground of the public notice'),
        ),
    ]
