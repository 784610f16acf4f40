from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enforcement', '0017_public_notice_days'),
    ]

    operations = [
        migrations.AlterField(
            model_name='courtenforcement',
            name='demanded_on',
            field=models.DateField(verbose_name='demand issued on'),
        ),
    ]
