
import django.db.models.deletion
import django_countries.fields
import sharing.models.ids
from django.db import migrations, models


def seal_given_secrets(apps, schema_editor):
    """The secrets partners gave (kept in clear until now) are sealed, keyed as before (their UTF-8 bytes), so the
    receivers' checks keep working; these endpoints keep the old header for the deprecation period. In the
    standard form their secret is ``whsec_`` + base64 of what they gave (the guide says so), or they rotate."""
    from sharing import sealing

    endpoints = apps.get_model("sharing", "WebhookEndpoint")
    for endpoint in endpoints.objects.all().only("pk", "secret"):
        endpoints.objects.filter(pk=endpoint.pk).update(
            secret_sealed=sealing.seal(endpoint.secret.encode(), "webhook-secret"), legacy_signature=True,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('sharing', '0012_random_public_ids'),
    ]

    operations = [
        migrations.AddField(
            model_name='webhookendpoint',
            name='legacy_signature',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='webhookendpoint',
            name='legacy_signature_ends_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='webhookendpoint',
            name='previous_secret_expires_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='webhookendpoint',
            name='previous_secret_sealed',
            field=models.TextField(blank=True, default=''),
        ),
        migrations.AddField(
            model_name='webhookendpoint',
            name='secret_sealed',
            field=models.TextField(default='', help_text='The signing key, sealed (AES-GCM under SECRET_KEY).'),
            preserve_default=False,
        ),
        migrations.RunPython(seal_given_secrets, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='webhookendpoint',
            name='secret',
        ),
        migrations.CreateModel(
            name='Subscription',
            fields=[
                ('id', models.BigIntegerField(default=sharing.models.ids.random_id, editable=False, primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('facility', 'facility'), ('capacity', 'capacity'), ('stockpile', 'stockpile'), ('supply_link', 'supply_link')], max_length=20)),
                ('country', django_countries.fields.CountryField(blank=True, default='', max_length=2)),
                ('active', models.BooleanField(default=True)),
                ('position', models.BigIntegerField(default=0)),
                ('lease_until', models.DateTimeField(blank=True, null=True)),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('failures', models.PositiveIntegerField(default=0, help_text='Failed attempts since the last acknowledged one.')),
                ('last_status_code', models.PositiveIntegerField(blank=True, null=True)),
                ('last_error', models.CharField(blank=True, default='', max_length=100)),
                ('last_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('last_acknowledged_at', models.DateTimeField(blank=True, null=True)),
                ('batches_acknowledged', models.PositiveIntegerField(default=0)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('endpoint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='sharing.webhookendpoint')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='sharing.partner')),
                ('product', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='sharing.product')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['active', 'next_attempt_at'], name='sharing_sub_active_81d872_idx')],
            },
        ),
    ]
