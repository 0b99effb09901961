"""The guide as a test: every curl example in api_docs/README.md runs, in order, against the loaded demo.

Each example's expected answer comes from the guide itself: the status it shows (``# 202, with Location: ...`` or
``# 200 {...}``; a 2xx when it shows none) and the shape of the JSON it shows (``...`` elides), so an edit of the
guide keeps this test in step and a guide that drifts from the service fails here.

Shape: every key the guide shows is in the answer, with a value of the same JSON type (numbers are numbers, an
object an object; null stands for any value, and an answer may hold null where the guide shows a value); a list's
items each have the keys that all the guide's items share. Values are not compared: the guide's ids and figures
are examples.

What the guide marks "yours will differ" is taken from earlier answers: the emergency request the walkthrough
opened, the run its ``Location`` named, the waiver it published, and offers of that run (``$RESPONDER_KEY`` is the
key of the offer's supplier). ``$KEY`` is the JP-METI demo key; ``$MX_KEY`` (any ``$<country>_KEY``) that partner's
demo key.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from rest_framework.test import APIClient

from sharing.models import Allocation, EmergencyRequest, Facility

GUIDE = Path(__file__).resolve().parent.parent / "api_docs" / "README.md"
ELIDED = object()


@dataclass
class Example:
    line: int
    argv: list[str]
    shown: str  # the answer the guide shows: inline or in the comment lines that follow
    method: str = "GET"
    url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    form: list[tuple[str, str]] = field(default_factory=list)  # -F name=value (a file as @path from the root)


def _logical_commands(block: str, first_line: int):
    """(line number, command text, shown answer) for each curl command of a sh block."""
    lines = block.split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].lstrip().startswith("curl "):
            i += 1
            continue
        start, text = i, lines[i]
        while text.rstrip().endswith("\\") or text.count("'") % 2:
            i += 1
            text = text.rstrip().removesuffix("\\") + "\n" + lines[i]
        shown = []
        i += 1
        while i < len(lines) and lines[i].lstrip().startswith("#"):
            shown.append(lines[i].lstrip()[1:].strip())
            i += 1
        yield first_line + start, text, " ".join(shown)


def guide_examples() -> list[Example]:
    text = GUIDE.read_text()
    examples = []
    for match in re.finditer(r"```sh\n(.*?)```", text, re.S):
        first_line = text[: match.start(1)].count("\n") + 1
        for line, command, shown in _logical_commands(match.group(1), first_line):
            argv = shlex.split(command)
            if "#" in argv:  # an inline comment: the answer shown on the same line
                at = argv.index("#")
                argv, shown = argv[:at], " ".join(argv[at + 1:]) + (" " + shown if shown else "")
            example = Example(line, argv, shown.strip())
            tokens = iter(argv[1:])
            for token in tokens:
                if token == "-X":
                    example.method = next(tokens)
                elif token == "-H":
                    name, _, value = next(tokens).partition(":")
                    example.headers[name.strip()] = value.strip()
                elif token == "-d":
                    example.body = next(tokens)
                    example.method = "POST" if example.method == "GET" else example.method
                elif token == "-F":
                    name, _, value = next(tokens).partition("=")
                    example.form.append((name, value))
                    example.method = "POST" if example.method == "GET" else example.method
                elif token.startswith("http"):
                    example.url = token
            examples.append(example)
    return examples


def parse_shown(shown: str) -> tuple[int | None, str | None, object]:
    """(status, Location, JSON body with ``...`` elided) of what the guide shows for an example."""
    status = re.match(r"^(\d{3})\b", shown)
    location = re.search(r"Location: (\S+)", shown)
    start = shown.find("{")
    body = _loads_elided(shown[start:]) if start >= 0 else ELIDED
    return (int(status.group(1)) if status else None, location.group(1) if location else None, body)


def _loads_elided(text: str):
    """JSON in which ``...`` (outside strings) stands for whatever else the answer holds."""
    out, in_string, escaped, i = [], False, False, 0
    while i < len(text):
        char = text[i]
        if in_string:
            escaped = char == "\\" and not escaped
            in_string = not (char == '"' and not escaped)
            out.append(char)
        elif text.startswith("...", i):
            i += 3
            continue
        else:
            in_string = char == '"'
            out.append(char)
        i += 1
    cleaned = "".join(out)
    for _ in range(3):
        cleaned = re.sub(r",\s*(?=[}\]])", "", cleaned)
        cleaned = re.sub(r"(?<=[{\[])\s*,", "", cleaned)
        cleaned = re.sub(r",\s*,", ",", cleaned)
    return json.loads(cleaned)


def _kind(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object", type(None): "null"}[type(value)]


def shape_errors(shown, actual, path: str = "$") -> list[str]:
    if shown is None or actual is None:  # the guide shows nothing here, or the answer has nothing here (nullable)
        return []
    if _kind(shown) != _kind(actual):
        return [f"{path}: the guide shows {_kind(shown)}, the service answered {_kind(actual)} ({actual!r:.80})"]
    errors = []
    if isinstance(shown, dict):
        for key, value in shown.items():
            if key not in actual:
                errors.append(f"{path}.{key}: shown in the guide, missing from the answer")
            else:
                errors += shape_errors(value, actual[key], f"{path}.{key}")
    elif isinstance(shown, list) and shown and actual:
        common = set.intersection(*(set(item) for item in shown)) if all(isinstance(s, dict) for s in shown) else None
        for n, item in enumerate(actual):
            if common is None:
                errors += shape_errors(shown[0], item, f"{path}[{n}]")
                continue
            for key in sorted(common):
                if key not in item:
                    errors.append(f"{path}[{n}].{key}: shown in every item of the guide's list, missing here")
            for key in set(item) & set().union(*shown):
                kinds = {_kind(s[key]) for s in shown if key in s}
                values = [s[key] for s in shown if key in s and _kind(s[key]) == _kind(item[key])]
                if "null" in kinds or item[key] is None:
                    continue
                if not values:
                    errors.append(f"{path}[{n}].{key}: the guide shows {kinds}, the answer {_kind(item[key])}")
                else:
                    errors += shape_errors(values[0], item[key], f"{path}[{n}].{key}")
    return errors


@pytest.fixture
def demo_keys(db, tmp_path, settings) -> dict[str, str]:
    from celery import current_app

    before = current_app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    current_app.conf.task_always_eager = True
    keys_file = tmp_path / "keys.txt"
    call_command("load_demo", keys_file=str(keys_file), stdout=StringIO())
    yield dict(line.split() for line in keys_file.read_text().splitlines())
    current_app.conf.task_always_eager = before


def test_the_guide_has_examples_to_run():
    examples = guide_examples()
    assert len(examples) >= 15
    assert all(e.url.startswith("http://127.0.0.1:8000/api/") for e in examples), [e.line for e in examples]


def test_every_guide_example_answers_as_the_guide_shows(demo_keys, django_capture_on_commit_callbacks, monkeypatch):
    from sharing.services import webhooks

    # The guide's endpoints are public addresses: the test calls no one (deliveries are tested with receivers).
    sent = []
    monkeypatch.setattr(webhooks, "post", lambda target, body, headers: sent.append(target) or 204)
    state: dict = {"offers": []}
    failures = []
    for example in guide_examples():
        path = example.url.removeprefix("http://127.0.0.1:8000")
        key = demo_keys["JP-METI"]
        path = re.sub(r"/emergency-requests/\d+/", lambda m: f"/emergency-requests/{state['request']}/", path)
        path = re.sub(r"^/api/v1/match-runs/\d+/$", lambda m: state["location"], path)
        path = re.sub(r"^/api/v1/reports/\d+/((report\.(html|pdf))?)$", lambda m: state["report_location"] + m[1], path)
        path = re.sub(r"^/api/v1/imports/\d+/", lambda m: f"/api/v1/imports/{state['import']}/", path)
        path = re.sub(r"^/api/v1/waivers/\d+/", lambda m: f"/api/v1/waivers/{state['waiver']}/", path)
        if path.startswith("/api/v1/procurement/content/"):  # the guide's facility id is the demo's Aichi plant
            aichi = Facility.objects.get(external_id="EV-MOTOR-AICHI").pk
            path = re.sub(r"facility=\d+", f"facility={aichi}", path)
        offer = re.search(r"/allocations/(\d+)/", path)
        if offer:
            # Each offer the guide answers is a further offer of the run the walkthrough started.
            if not state["offers"]:
                state["offers"] = list(
                    Allocation.objects.filter(request_id=state["request"], status="proposed").order_by("pk")
                )
            chosen = state["offers"].pop(0)
            path = path.replace(f"/allocations/{offer.group(1)}/", f"/allocations/{chosen.pk}/")
            responder = demo_keys[chosen.supplying_partner.code]
        headers = {}
        for name, value in example.headers.items():
            value = value.replace("$RESPONDER_KEY", responder if offer else "").replace("$KEY", key)
            value = re.sub(r"\$([A-Z]{2})_KEY", lambda m: next(
                secret for code, secret in demo_keys.items() if code.startswith(m.group(1) + "-")), value)
            headers["HTTP_" + name.upper().replace("-", "_")] = value
        body = example.body
        if body and "webhook" in state:  # the endpoint the guide registered (ids are the service's)
            body = re.sub(r'"endpoint": \d+', f'"endpoint": {state["webhook"]}', body)
        if body and '"compare_to"' in body:  # the report the walkthrough asked for
            body = re.sub(r'"compare_to": \d+', f'"compare_to": {state["report"]}', body)
        if body and '"needed_by"' in body:
            # The guide's date is an example; once it has passed, a date as far ahead as the guide's first was.
            needed = re.search(r'"needed_by": "([\d-]+)"', body).group(1)
            if date.fromisoformat(needed) <= date.today():
                body = body.replace(needed, str(date.today() + timedelta(days=46)))
        client = APIClient()
        if example.form:
            root = GUIDE.parent.parent
            fields = {name: SimpleUploadedFile(Path(value[1:]).name, (root / value[1:]).read_bytes())
                      if value.startswith("@") else value for name, value in example.form}
            body = encode_multipart(BOUNDARY, fields)
            headers["HTTP_CONTENT_TYPE"] = MULTIPART_CONTENT
        with django_capture_on_commit_callbacks(execute=True):
            response = client.generic(example.method, path, body or "", content_type=headers.pop(
                "HTTP_CONTENT_TYPE", "application/json"), **headers)
        status, location, shown = parse_shown(example.shown)
        where = f"README.md line {example.line}: {example.method} {path}"
        if status is not None and response.status_code != status:
            failures.append(f"{where}: the guide shows {status}, the service answered {response.status_code}: "
                            f"{response.content[:300]!r}")
            continue
        if status is None and not 200 <= response.status_code < 300:
            failures.append(f"{where}: answered {response.status_code}: {response.content[:300]!r}")
            continue
        if location:
            pattern = re.sub(r"\d+", r"\\d+", re.escape(location))
            if not re.fullmatch(pattern, response.get("Location", "")):
                failures.append(f"{where}: Location {response.get('Location')!r}, the guide shows {location!r}")
            state["location"] = response["Location"]
        shown_type = re.match(r"^\d{3},? ([a-z]+/[a-z0-9.+-]+)", example.shown)  # "200 application/pdf, ..."
        if shown_type and not response["Content-Type"].startswith(shown_type.group(1)):
            failures.append(f"{where}: Content-Type {response['Content-Type']!r}, the guide shows {shown_type[1]!r}")
        for header in ("Content-Disposition",):  # shown as "with Content-Disposition: attachment; ..."
            if f"{header}: attachment" in example.shown and not response.get(header, "").startswith("attachment"):
                failures.append(f"{where}: no {header} attachment header, the guide shows one")
        for header in ("Deprecation", "Sunset"):  # shown as "with Deprecation: ..."; the value is an example
            if f"{header}: " in example.shown and header not in response:
                failures.append(f"{where}: no {header} header, the guide shows one")
        for rel in re.findall(r'Link: <[^>]*>; rel="(\w+)"', example.shown):
            if f'rel="{rel}"' not in response.get("Link", ""):
                failures.append(f"{where}: no Link rel={rel} ({response.get('Link')!r}), the guide shows one")
        if shown is not ELIDED:
            body = json.loads(b"".join(response.streaming_content)) if response.streaming else response.json()
            failures += [f"{where}: {e}" for e in shape_errors(shown, body)]
        elif re.match(r"^[a-z_]+(,[a-z_]+)+( |$)", example.shown) and response["Content-Type"].startswith("text/csv"):
            # A CSV answer whose header row the guide shows: that row, exactly.
            content = b"".join(response.streaming_content) if response.streaming else response.content
            if content.decode().splitlines()[0] != example.shown.split(" ")[0]:
                failures.append(f"{where}: the CSV header is {content.decode().splitlines()[0]!r}")
        if example.method == "POST" and path == "/api/v1/imports/" and response.status_code == 202:
            state["import"] = response.json()["id"]
        if example.method == "POST" and path == "/api/v1/webhooks/" and response.status_code == 201:
            state["webhook"] = response.json()["id"]
        if example.method == "POST" and path == "/api/v1/emergency-requests/":
            state["request"] = response.json()["id"]
        if example.method == "POST" and path == "/api/v1/reports/" and "report" not in state:
            state["report"], state["report_location"] = response.json()["id"], response["Location"]
        if example.method == "POST" and path == "/api/v1/waivers/":
            state["waiver"] = response.json()["id"]  # the waiver the walkthrough published
    assert not failures, "\n".join(failures)
    assert EmergencyRequest.objects.count() == 2  # the demo's and the walkthrough's


def test_an_invalid_choice_names_the_valid_ones(db, client_for, partner):
    client = client_for(partner, ["publisher"])
    record = {"external_id": "X-1", "name": "Test", "country": "JP", "latitude": "35", "longitude": "139",
              "kind": "reactor", "marking": "PURPLE"}
    single = client.post("/api/v1/facilities/", record, format="json").json()["errors"]
    bulk = client.post("/api/v1/facilities/bulk/", {"records": [record]}, format="json").json()
    row = bulk["results"][0]["errors"]
    for errors in (single, row):
        assert errors["kind"] == [
            '"reactor" is not a valid choice; valid choices: mine, refinery, processing, fab, packaging, '
            "cell_plant, api_plant, pharma_plant, device_plant, warehouse, other."
        ]
        assert errors["marking"] == [
            '"PURPLE" is not a valid choice; valid choices: CLEAR, GREEN, AMBER, AMBER+STRICT, RED.'
        ]
    country = client.post("/api/v1/facilities/", {**record, "kind": "mine", "marking": "GREEN", "country": "ZZ"},
                          format="json").json()["errors"]
    assert country == {"country": ['"ZZ" is not a valid choice; use an ISO 3166-1 alpha-2 country code, e.g. "JP".']}


def test_the_shape_check_finds_what_the_guide_promises_and_the_answer_lacks():
    shown = parse_shown('200 {"a": {"b": 1, ...}, "items": [{"id": 1, "x": "s"}, {"id": 2}], ...}')
    assert shown[0] == 200
    assert shape_errors(shown[2], {"a": {"b": 2, "c": 3}, "items": [{"id": 5}], "more": 1}) == []
    assert shape_errors(shown[2], {"a": {"b": "2"}, "items": [{"x": 1}]}) == [
        "$.a.b: the guide shows number, the service answered string ('2')",
        "$.items[0].id: shown in every item of the guide's list, missing here",
        "$.items[0].x: the guide shows {'string'}, the answer number",
    ]
    assert parse_shown('202, with Location: /api/v1/match-runs/5/')[:2] == (202, "/api/v1/match-runs/5/")
