"""The apply marks its rows applied per chunk, on the batch (the last row of each pass), not
row by row: the rows of a batch applied before keep their own mark, read as before."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0011_imported_people_owed_notice'),
    ]

    operations = [
        migrations.AddField(
            model_name='importbatch',
            name='applied_through',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='importbatch',
            name='units_applied_through',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
