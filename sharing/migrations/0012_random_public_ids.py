"""Random public ids (sharing/models/ids.py): the tables whose ids the API shows stop taking them from a sequence.

Existing rows keep their ids (clients hold them); new rows get random ones. On PostgreSQL the identity is dropped
(the column stays bigint, so no table is rewritten and foreign keys are untouched); SQLite remakes the tables.
"""

import sharing.models.ids
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sharing', '0011_matchrun_ask_again'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='webhookdelivery',
            options={'ordering': ['-created_at', '-id']},
        ),
        migrations.AlterField(
            model_name='allocation',
            name='id',
            field=models.BigIntegerField(default=sharing.models.ids.random_id, editable=False, primary_key=True, serialize=False),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='id',
            field=models.BigIntegerField(default=sharing.models.ids.random_id, editable=False, primary_key=True, serialize=False),
        ),
        migrations.AlterField(
            model_name='capacity',
            name='id',
            field=models.BigIntegerField(default=sharing.models.ids.random_id, editable=False, primary_key=True, serialize=False),
        ),
        migrations.AlterField(
            model_name='emergencyrequest',
            name='id',
            field=models.BigIntegerField(default=sharing.models.ids.random_id, editable=False, primary_key=True, serialize=False),
        ),
        migrations.AlterField(
            model_name='facility',
            name='id',
            field=models.BigIntegerField(default=sharing.models.ids.random_id, editable=False, primary_key=True, serialize=False),
        ),
        migrations.AlterField(
            model_name='matchrun',
            name='id',
            field=models.BigIntegerField(default=sharing.models.ids.random_id, editable=False, primary_key=True, serialize=False),
        ),
        migrations.AlterField(
            model_name='scenariorun',
            name='id',
            field=models.BigIntegerField(default=sharing.models.ids.random_id, editable=False, primary_key=True, serialize=False),
        ),
        migrations.AlterField(
            model_name='sharinggroup',
            name='id',
            field=models.BigIntegerField(default=sharing.models.ids.random_id, editable=False, primary_key=True, serialize=False),
        ),
        migrations.AlterField(
            model_name='stockpile',
            name='id',
            field=models.BigIntegerField(default=sharing.models.ids.random_id, editable=False, primary_key=True, serialize=False),
        ),
        migrations.AlterField(
            model_name='supplylink',
            name='id',
            field=models.BigIntegerField(default=sharing.models.ids.random_id, editable=False, primary_key=True, serialize=False),
        ),
        migrations.AlterField(
            model_name='webhookdelivery',
            name='id',
            field=models.BigIntegerField(default=sharing.models.ids.random_id, editable=False, primary_key=True, serialize=False),
        ),
        migrations.AlterField(
            model_name='webhookendpoint',
            name='id',
            field=models.BigIntegerField(default=sharing.models.ids.random_id, editable=False, primary_key=True, serialize=False),
        ),
    ]
