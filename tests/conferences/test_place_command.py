import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

PROBLEM = {
    "sessions": [{"id": "a", "capacity": 1}, {"id": "b", "capacity": 1}],
    "participants": [{"id": 1, "wishes": ["a", "b"]}, {"id": 2, "wishes": ["a"]}],
}


def test_place_prints_the_solution_as_json(tmp_path, capsys):
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(PROBLEM), encoding="utf-8")
    call_command("place", str(path))
    answer = json.loads(capsys.readouterr().out)
    assert answer["assignment"] == {"1": "b", "2": "a"}
    assert answer["stats"]["total_cost"] == 5
    assert answer["fcfs"]["total_cost"] == 10


@pytest.mark.parametrize(
    ("content", "message"),
    [("{bad", "ugyldig JSON"), ('{"sessions": []}', "ugyldig problem"), ("[1]", "JSON-objekt")],
)
def test_place_refuses_bad_input_with_one_line(tmp_path, content, message):
    path = tmp_path / "problem.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("place", str(path))


@pytest.mark.slow
def test_python_m_innspill_place_exit_code(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text("{bad", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "innspill", "place", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
