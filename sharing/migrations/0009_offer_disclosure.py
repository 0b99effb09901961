
import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def confirm_accepted(apps, schema_editor):
    """Offers accepted before this change were shown whole to the requester: their estimate stands as confirmed."""
    Allocation = apps.get_model("sharing", "Allocation")
    Allocation.objects.filter(status__in=["accepted", "fulfilled"]).update(
        confirmed_arrival=models.F("estimated_arrival")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('sharing', '0008_capacity_releasable_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='allocation',
            name='confirmed_arrival',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name='MatchRunRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=20, validators=[django.core.validators.MinValueValidator(0)])),
                ('match_run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='demands', to='sharing.matchrun')),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='sharing.emergencyrequest')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('match_run', 'request'), name='unique_run_request')],
            },
        ),
        migrations.RunPython(confirm_accepted, migrations.RunPython.noop),
    ]
