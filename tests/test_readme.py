"""The README's Python section runs as written."""
from __future__ import annotations

import re

from analysis import config


def test_the_python_section_of_the_readme_runs(monkeypatch):
    text = (config.ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## From Python", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert blocks, "the README's Python section has no code"
    monkeypatch.chdir(config.ROOT)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - the documented code
    result, again = namespace["result"], namespace["again"]
    assert len(result.statements) == len(again.statements) > 0
    assert (again.vectors == result.vectors).all()
    assert "deadlock" in set(result.tables["verdicts"]["verdict"])
