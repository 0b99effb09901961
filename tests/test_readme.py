"""Every command README.md shows works as written, from a shell that has nothing set (a fresh clone's).

manage.py commands run for real, in order, on a fresh SQLite database under a temporary VAR_DIR, with no
DJANGO_DEBUG, SECRET_KEY, DATABASE_URL or REDIS_URL in the environment; createsuperuser answers its prompts on a
terminal, as a person would. `make` targets must exist (`make -n`); .ci/run must parse; the benchmarks, which
need PostgreSQL and minutes, must name modules that exist. `make run` itself is run by .ci/run's smoke test.
"""

import importlib.util
import os
import pty
import re
import select
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
STARTS = ("make ", ".venv/bin/", "bash ", "python ")


def readme_commands() -> list[str]:
    """Code spans and code-block lines that are commands (an env assignment may come first), in order."""
    found = []
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    for line in "\n".join(blocks).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            found.append(line)
    for span in re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", README, flags=re.S)):
        words = span.split()
        while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
            words = words[1:]
        # "`make`" alone is a word in a sentence, "`manage.py …`" a pattern: neither is a command.
        if len(words) > 1 and (" ".join(words) + " ").startswith(STARTS) and not span.endswith("…"):
            found.append(span)
    return found


COMMANDS = readme_commands()


def shell_env(var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "PYTEST_", "CELERY_"))
           and k not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "VAR_DIR", "PYTHONPATH"}}
    env.update(VAR_DIR=str(var_dir), PYTHONDONTWRITEBYTECODE="1")
    return env


def as_written(command: str) -> list[str]:
    argv = shlex.split(command)
    while "=" in argv[0] and argv[0].split("=")[0].isupper():
        argv = argv[1:]
    if argv[0] == ".venv/bin/python" and not (ROOT / ".venv/bin/python").exists():
        argv[0] = sys.executable  # a suite run outside make; the command is otherwise unchanged
    return argv


def test_readme_shows_the_commands_this_test_runs():
    manage = [c for c in COMMANDS if "manage.py" in c]
    assert any("createsuperuser" in c for c in manage)
    assert any("create_partner" in c for c in manage) and any("issue_key" in c for c in manage)
    assert {"make run", "make test"} <= {c.strip() for c in COMMANDS}


def run_on_a_terminal(argv, env, answers: list[tuple[str, str]], timeout=120) -> str:
    """Runs argv on a pseudo-terminal of its own (no controlling terminal of ours), answering prompts."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=follower, stdout=follower, stderr=follower,
                               start_new_session=True)
    os.close(follower)
    seen, pending = "", list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(leader, 4096).decode(errors="replace")
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
                while pending and pending[0][0] in seen.rsplit("\n", 1)[-1]:
                    os.write(leader, (pending.pop(0)[1] + "\n").encode())
            elif process.poll() is not None:
                break
        process.wait(timeout=max(1, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    assert process.returncode == 0, seen
    return seen


@pytest.mark.skipif("postgres" in os.environ.get("DATABASE_URL", ""), reason="a fresh shell has no DATABASE_URL: its "
                    "commands are the same whatever the suite's database, so they run once, in the SQLite suite")
def test_manage_py_commands_work_as_written_in_a_fresh_shell(tmp_path):
    env = shell_env(tmp_path)
    migrate = subprocess.run([*as_written(".venv/bin/python manage.py migrate --no-input -v0")], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300)
    assert migrate.returncode == 0, migrate.stderr  # what `make run` does first
    ran = []
    for command in COMMANDS:
        if "manage.py" not in command or not command.startswith(".venv/bin/python"):
            continue
        argv = as_written(command)
        if argv[2:] == ["createsuperuser"]:
            out = run_on_a_terminal(argv, env, [
                ("Username", "secretariat"), ("Email address", "ops@example.org"),
                ("Password:", "a long enough passphrase 42"), ("Password (again)", "a long enough passphrase 42"),
            ])
            assert "Superuser created successfully" in out
        else:
            done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
            if argv[2] == "issue_key":
                assert re.fullmatch(r"\S+\.\S+", done.stdout.strip().splitlines()[-1])
        ran.append(argv[2])
    assert {"createsuperuser", "create_partner", "issue_key"} <= set(ran)


@pytest.mark.parametrize("command", sorted({c for c in COMMANDS if c.startswith("make ")}))
def test_make_targets_exist(command, tmp_path):
    done = subprocess.run(["make", "-n", *shlex.split(command)[1:]], cwd=ROOT, env=shell_env(tmp_path),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("command", [c for c in COMMANDS if not c.startswith(("make ", ".venv/bin/python manage"))])
def test_other_commands_name_what_exists(command):
    argv = as_written(command)
    if argv[0] == "bash":
        assert subprocess.run(["bash", "-n", argv[1]], cwd=ROOT).returncode == 0
    else:
        assert argv[1] == "-m", command
        assert importlib.util.find_spec(argv[2]) is not None, command
