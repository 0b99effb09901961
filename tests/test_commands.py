"""Management commands that scripts and `make run` use."""

import pytest
from django.core.management import CommandError, call_command

from sharing.models import AuditEvent, Partner, PartnerAPIKey

pytestmark = pytest.mark.django_db


def run(*args, **kwargs) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO(), **kwargs)
    return out.getvalue()


def test_issue_key_prints_the_key_alone_on_its_last_line(api):
    run("create_partner", "TW-MOEA", name="Ministry of Economic Affairs", country="TW")
    secret = run("issue_key", "TW-MOEA", roles="reader", name="script").strip().splitlines()[-1]
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    assert api.get("/api/v1/me/").json()["partner"]["code"] == "TW-MOEA"


def test_commands_refuse_bad_input():
    with pytest.raises(CommandError, match="country"):
        run("create_partner", "XX-BAD", name="Bad", country="ZZ")
    with pytest.raises(CommandError, match="No partner"):
        run("issue_key", "NO-SUCH", roles="reader", name="x")
    run("create_partner", "AU-DISR", name="DISR", country="AU")
    with pytest.raises(CommandError, match="Unknown role"):
        run("issue_key", "AU-DISR", roles="reader,emperor", name="x")
    assert not PartnerAPIKey.objects.exists()


def test_load_demo_is_idempotent_and_prints_working_keys(api, tmp_path):
    keys_file = tmp_path / "demo-keys.txt"
    first = run("load_demo", keys_file=str(keys_file))
    partners, keys, events = Partner.objects.count(), PartnerAPIKey.objects.count(), AuditEvent.objects.count()
    assert partners >= 8
    second = run("load_demo", keys_file=str(keys_file))
    assert (Partner.objects.count(), PartnerAPIKey.objects.count(), AuditEvent.objects.count()) == (
        partners, keys, events,
    )
    key_lines = [line.split() for line in second.splitlines() if line.startswith("  ")]
    assert key_lines == [line.split() for line in first.splitlines() if line.startswith("  ")]
    code, secret = key_lines[0]
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    assert api.get("/api/v1/me/").json()["partner"]["code"] == code
    assert oct(keys_file.stat().st_mode & 0o777) == "0o600"


def test_load_demo_reissues_lost_keys(tmp_path):
    keys_file = tmp_path / "demo-keys.txt"
    run("load_demo", keys_file=str(keys_file))
    keys_file.unlink()
    run("load_demo", keys_file=str(keys_file))
    per_partner = PartnerAPIKey.objects.filter(name="demo", revoked=False).values_list("partner", flat=True)
    assert len(per_partner) == len(set(per_partner)) == Partner.objects.count()
