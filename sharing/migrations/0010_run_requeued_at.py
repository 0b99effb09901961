from django.db import migrations, models

NEW_CATEGORIES = {"timeout", "refused", "unreachable", "tls", "dns", "address_not_allowed", "redirect_refused",
                  "protocol_error", "connection_lost", "endpoint_removed", "invalid_url", "scheme_not_allowed",
                  "error"}


def category(text: str) -> str:
    """What a delivery error recorded before categories (a socket's message) becomes: the same words as now."""
    if not text or text in NEW_CATEGORIES or text.startswith("http_status "):
        return text
    if text.startswith("HTTP "):
        return "http_status " + text[5:].strip()
    low = text.lower()
    for needle, name in (("timed out", "timeout"), ("timeout", "timeout"), ("refused", "refused"),
                         ("certificate", "tls"), ("ssl", "tls"), ("name or service", "dns"),
                         ("nodename", "dns"), ("name resolution", "dns"), ("unreachable", "unreachable")):
        if needle in low:
            return name
    return "error"


def socket_messages_to_categories(apps, schema_editor):
    """Deliveries logged before this release kept socket messages ("[Errno 111] Connection refused"), which told
    a partner which internal ports answer: they are rewritten as the categories recorded from now on."""
    WebhookDelivery = apps.get_model("sharing", "WebhookDelivery")
    batch = []
    for delivery in WebhookDelivery.objects.filter(attempts__gt=0).only("pk", "last_error", "log").iterator(2000):
        log = [{**entry, "error": category(entry.get("error") or "")} if isinstance(entry, dict) else entry
               for entry in delivery.log or []]
        last = category(delivery.last_error)
        if log != delivery.log or last != delivery.last_error:
            delivery.log, delivery.last_error = log, last
            batch.append(delivery)
        if len(batch) >= 2000:
            WebhookDelivery.objects.bulk_update(batch, ["log", "last_error"])
            batch = []
    if batch:
        WebhookDelivery.objects.bulk_update(batch, ["log", "last_error"])


class Migration(migrations.Migration):

    dependencies = [
        ('sharing', '0009_offer_disclosure'),
    ]

    operations = [
        migrations.AddField(
            model_name='matchrun',
            name='requeued_at',
            field=models.DateTimeField(blank=True, help_text='When a stalled run was last sent again.', null=True),
        ),
        migrations.AddField(
            model_name='scenariorun',
            name='requeued_at',
            field=models.DateTimeField(blank=True, help_text='When a stalled run was last sent again.', null=True),
        ),
        migrations.RunPython(socket_messages_to_categories, migrations.RunPython.noop),
    ]
