"""The audit trail keeps only the indexes its queries read: 10 per partition become 6 plus a partial one.

Every audit write (one a read of the service) updates every index of the month's partition. What reads the trail:
- the access log and an owner's ``/audit-events/``: the owner's rows newest first, filtered by reader
  (``?partner=``), kind (``?kind=``), dates, action: ``(object_owner, occurred_at)`` and
  ``(object_owner, actor_partner, occurred_at)``; for an owner with a large share of the trail (18% in
  bench/audit.py) the planner reads the time index instead and filters, the same plan before and after. An
  ``(object_owner, object_type, occurred_at)`` index for ``?kind=`` was tried at 50M rows and not kept: the planner
  did not use it for that owner (the time index again), and it was 98 MB a month partition, the largest;
- staff's ``/audit-events/`` and the admin: the whole trail newest first (``occurred_at``), an object's history
  (``object_type, object_id``), by action (``action``); by reader or owner they read the time index in order;
- the unique-id trigger and a detail by id: the primary key ``(id, occurred_at)``;
- the retention export reads a detached month whole; Django's PROTECT checks when a user is deleted: the users'
  rows, which key-authenticated writes (nearly all) never enter: a partial index ``WHERE actor_user_id IS NOT
  NULL``. Partners are never deleted (suspended: the admin refuses deletion), so the reader needs no index of
  its own, and the owner leads the owner's indexes.
Dropped: the foreign-key indexes on ``object_owner`` (covered) and ``actor_partner`` (no query), the full one on
``actor_user`` (now partial), ``action``'s ``varchar_pattern_ops`` twin (for LIKE 'x%': nothing asks that), and
the two owner indexes in ``-occurred_at, -id`` order, rebuilt ascending without the id: PostgreSQL reads them
backwards just as well and orders ties of the same instant by id in an incremental sort, and the page splits of
live inserts leave full pages (the new row is the last of its owner's range, which the B-tree's split recognises)
where descending ones leave half-full pages: 1,000,000 rows of 32 owners inserted in time order make a 30 MB
``(owner, t)`` index, 54 MB ``(owner, t DESC)`` and 69 MB ``(owner, t DESC, id DESC)`` (39 MB once rebuilt).
``action``'s index is kept under a name of its own (renamed, not rebuilt).

On the partitioned table (PostgreSQL) as migration 0024 did: each new index made on the parent alone (``ON ONLY``),
then built on each partition with ``CREATE INDEX CONCURRENTLY`` (audit writes go on) and attached; the old ones
dropped after (a moment's lock). Not atomic: run again after a failure, it resumes. SQLite: plain indexes.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

TABLE = "sharing_auditevent"
OLD_OWNER = "sharing_aud_object__fc90fc_idx"
OLD_READER = "sharing_aud_object__dabb29_idx"
ACTION = "audit_action_idx"

# name, partition index suffix, columns, predicate, the model's index
NEW = [
    ("audit_owner_time_idx", "owner_t", "(object_owner_id, occurred_at)", "",
     models.Index(fields=["object_owner", "occurred_at"], name="audit_owner_time_idx")),
    ("audit_owner_reader_time_idx", "owner_reader_t", "(object_owner_id, actor_partner_id, occurred_at)", "",
     models.Index(fields=["object_owner", "actor_partner", "occurred_at"], name="audit_owner_reader_time_idx")),
    ("audit_actor_user_idx", "actor_user", "(actor_user_id)", " WHERE actor_user_id IS NOT NULL",
     models.Index(fields=["actor_user"], name="audit_actor_user_idx", condition=Q(actor_user__isnull=False))),
]
ACTION_INDEX = models.Index(fields=["action"], name=ACTION)
# Indexes on exactly these columns, made by Django for db_index=True (names with a hash): dropped.
SINGLE_COLUMNS = ("object_owner_id", "actor_partner_id", "actor_user_id")


def _partitioned(cursor) -> bool:
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
    row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def _old_indexes(connection, cursor) -> tuple[list[str], str | None]:
    """The single-column indexes Django made for the foreign keys, and the one for ``action`` (names)."""
    constraints = connection.introspection.get_constraints(cursor, TABLE)
    drop, action = [], None
    for name, info in constraints.items():
        if not info["index"] or info["primary_key"] or info["unique"] or name.startswith("audit_"):
            continue
        if info["columns"] in ([c] for c in SINGLE_COLUMNS) or (info["columns"] == ["action"] and name.endswith("_like")):
            drop.append(name)
        elif info["columns"] == ["action"]:
            action = name
    return sorted(drop), action


def _build_on_partitions(cursor, name: str, suffix: str, columns: str, where: str) -> None:
    cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON ONLY {TABLE} {columns}{where}")
    # Each partition without an index attached to the parent's; its own index, if a failed run left one.
    cursor.execute(
        """SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = to_regclass(%s)
             AND NOT EXISTS (SELECT 1 FROM pg_inherits ii JOIN pg_index x ON x.indexrelid = ii.inhrelid
                             WHERE ii.inhparent = to_regclass(%s) AND x.indrelid = c.oid)
           ORDER BY c.relname""", [TABLE, name])
    for (partition,) in cursor.fetchall():
        child = f"{partition}_{suffix}"
        cursor.execute("SELECT x.indisvalid FROM pg_index x WHERE x.indexrelid = to_regclass(%s)", [child])
        row = cursor.fetchone()
        if row is not None and not row[0]:
            cursor.execute(f'DROP INDEX CONCURRENTLY "{child}"')
            row = None
        if row is None:
            cursor.execute(f'CREATE INDEX CONCURRENTLY "{child}" ON "{partition}" {columns}{where}')
        cursor.execute(f'ALTER INDEX {name} ATTACH PARTITION "{child}"')


def forward(apps, schema_editor):
    model = apps.get_model("sharing", "AuditEvent")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        drop, action = _old_indexes(connection, cursor)
        partitioned = connection.vendor == "postgresql" and _partitioned(cursor)
        existing = set(connection.introspection.get_constraints(cursor, TABLE))
        for name, suffix, columns, where, index in NEW:
            if partitioned:
                _build_on_partitions(cursor, name, suffix, columns, where)
            elif name not in existing:
                schema_editor.add_index(model, index)
        if action is not None:
            if connection.vendor == "postgresql":
                cursor.execute(f'ALTER INDEX "{action}" RENAME TO {ACTION}')  # the parent's name; no rebuild
            else:
                cursor.execute(f'DROP INDEX "{action}"')
                schema_editor.add_index(model, ACTION_INDEX)
        for name in [*drop, OLD_OWNER, OLD_READER]:
            # On the partitioned table dropping the parent's index drops every partition's with it.
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


def backward(apps, schema_editor):
    model = apps.get_model("sharing", "AuditEvent")
    for *_, index in NEW:
        schema_editor.remove_index(model, index)
    schema_editor.remove_index(model, ACTION_INDEX)
    for field in ("action", "actor_partner", "actor_user", "object_owner"):
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[model._meta.get_field(field)]))
        if field == "action" and schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(schema_editor._create_like_index_sql(model, model._meta.get_field(field)))
    schema_editor.add_index(model, models.Index(fields=["object_owner", "-occurred_at", "-id"], name=OLD_OWNER))
    schema_editor.add_index(model, models.Index(fields=["object_owner", "actor_partner", "-occurred_at", "-id"],
                                                name=OLD_READER))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("sharing", "0026_capacity_owner_product_spare"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="auditevent", name=OLD_OWNER),
                migrations.RemoveIndex(model_name="auditevent", name=OLD_READER),
                migrations.AlterField(model_name="auditevent", name="action", field=models.CharField(max_length=64)),
                migrations.AlterField(
                    model_name="auditevent", name="actor_partner",
                    field=models.ForeignKey(blank=True, db_index=False, null=True,
                                            on_delete=models.deletion.PROTECT, related_name="+", to="sharing.partner"),
                ),
                migrations.AlterField(
                    model_name="auditevent", name="actor_user",
                    field=models.ForeignKey(blank=True, db_index=False, null=True,
                                            on_delete=models.deletion.PROTECT, related_name="+",
                                            to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name="auditevent", name="object_owner",
                    field=models.ForeignKey(blank=True, db_index=False, null=True,
                                            on_delete=models.deletion.PROTECT, related_name="+", to="sharing.partner"),
                ),
                *[migrations.AddIndex(model_name="auditevent", index=index) for *_, index in NEW],
                migrations.AddIndex(model_name="auditevent", index=ACTION_INDEX),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
    ]
