"""xlwings Lite (Excel on Mac and the web): the pasted files and a Pyodide-installable wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata

import pytest
from addin_support import REPO, child_env
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from typer.testing import CliRunner

from creditbook import __version__
from creditbook.addin.functions import cb_functions
from creditbook.addin.lite import MAIN_PY, WheelUrlError, check_wheel_url, lite_files
from creditbook.cli import app

LITE = REPO / "addin" / "lite"
# Markers as Pyodide evaluates them (micropip runs in the browser).
PYODIDE = {"sys_platform": "emscripten", "platform_system": "Emscripten", "extra": ""}


def pyodide_packages() -> set[str]:
    lines = (LITE / "pyodide_packages.txt").read_text(encoding="utf-8").splitlines()
    return {canonicalize_name(line.split()[0]) for line in lines if line and line[0] != "#"}


def test_repository_copies_are_what_the_cli_prints():
    for name, text in lite_files().items():
        assert (LITE / name).read_text(encoding="utf-8") == text, f"regenerate addin/lite/{name}"
    result = CliRunner().invoke(app, ["addin", "lite"])
    assert result.exit_code == 0
    assert MAIN_PY in result.output and f"creditbook=={__version__}" in result.output


def test_requirements_pin_the_version_being_built():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pinned = [line for line in lite_files()["requirements.txt"].splitlines() if line[:1] != "#"]
    assert pinned == [f"creditbook=={project['version']}"]


def test_main_py_registers_every_cb_function(officejs_meta):
    listed = [f["id"] for f in officejs_meta["lite_main"]["functions"]]
    assert listed == sorted(cb_functions("creditbook.udfs"))


def base_requirements(requires: list[str]) -> list[Requirement]:
    found = [Requirement(r) for r in requires]
    return [r for r in found if r.marker is None or r.marker.evaluate(PYODIDE)]


def test_base_dependency_tree_installs_in_pyodide():
    """Walk the installed dependency tree with Pyodide's markers: every node is listed."""
    available = pyodide_packages()
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pending = base_requirements(project["dependencies"])
    seen: set[str] = set()
    while pending:
        name = canonicalize_name(pending.pop().name)
        if name in seen:
            continue
        seen.add(name)
        assert name in available, f"{name} is not known to install in Pyodide"
        pending += base_requirements(metadata.requires(name) or [])
    assert {"pydantic", "xlwings"} <= seen


def test_nothing_pyodide_lacks_is_a_base_dependency():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    assert "python-calamine" not in names
    dev = [Requirement(r) for r in project["optional-dependencies"]["dev"]]
    assert any(r.name == "creditbook" and "all" in r.extras for r in dev)


@pytest.mark.slow
def test_wheel_is_pure_python_and_requires_only_pyodide_packages(tmp_path):
    source = tmp_path / "src-copy"
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("*.whl")
    assert wheel.name == f"creditbook-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta = z.read(f"creditbook-{__version__}.dist-info/METADATA").decode()
        tags = z.read(f"creditbook-{__version__}.dist-info/WHEEL").decode()
    assert "Tag: py3-none-any" in tags and "Root-Is-Purelib: true" in tags
    assert not [n for n in names if n.endswith((".so", ".pyd", ".dylib"))]
    # the CJK font is the documents extra's data package (creditbook-fonts), not in this wheel
    assert not [n for n in names if n.endswith((".otf", ".ttf")) or "creditbook_fonts" in n]
    assert wheel.stat().st_size < 1_000_000
    assert "creditbook/presets/abc.toml" in names and "creditbook/udfs/__init__.py" in names
    requires = [line[len("Requires-Dist: ") :] for line in meta.splitlines()
                if line.startswith("Requires-Dist: ")]  # fmt: skip
    base = base_requirements(requires)
    assert base, "the wheel declares no dependencies"
    missing = {canonicalize_name(r.name) for r in base} - pyodide_packages()
    assert not missing, f"not installable in Pyodide: {missing}"


EXTRAS_ONLY = ["openpyxl", "python_calamine", "formulas", "docxtpl", "docx", "matplotlib",
               "msoffcrypto", "jinja2", "creditbook_fonts"]  # fmt: skip
IMPORT_WITHOUT_EXTRAS = """
import importlib.abc, sys
class Missing(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ImportError(f"{{name}} is an extra, not installed in xlwings Lite")
sys.meta_path.insert(0, Missing())
import creditbook.udfs
from creditbook.addin.functions import cb_functions
from creditbook.addin.officejs import metadata
print(len(metadata(creditbook.udfs)["functions"]), len(cb_functions()))
"""


def test_udfs_import_with_the_base_install_only():
    """What xlwings Lite installs (no extras) is enough to load every CB_ function."""
    code = IMPORT_WITHOUT_EXTRAS.format(blocked=set(EXTRAS_ONLY))
    env = dict(child_env(), XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    listed, defined = done.stdout.split()
    assert listed == defined


def test_cli_writes_the_lite_files_and_keeps_existing_ones(tmp_path):
    result = CliRunner().invoke(app, ["addin", "lite", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "main.py").read_text(encoding="utf-8") == MAIN_PY
    again = CliRunner().invoke(app, ["addin", "lite", "--out", str(tmp_path)])
    assert again.exit_code == 1 and "--force" in again.output


WHEEL = f"https://pypi.intranet.example.cn/files/creditbook-{__version__}-py3-none-any.whl"


def test_wheel_url_replaces_the_package_line(tmp_path):
    result = CliRunner().invoke(
        app, ["addin", "lite", "--out", str(tmp_path), "--wheel-url", WHEEL]
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "requirements.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line[:1] != "#"]
    assert lines == [WHEEL]
    assert "Access-Control-Allow-Origin: https://addin.xlwings.org" in text
    assert (tmp_path / "main.py").read_text(encoding="utf-8") == MAIN_PY


def test_the_wheel_line_is_a_requirement_micropip_reads_as_a_url():
    (line,) = [r for r in lite_files(WHEEL)["requirements.txt"].splitlines() if r[:1] != "#"]
    assert line.startswith("https://") and line.endswith(".whl")
    assert check_wheel_url(line) == __version__


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (f"http://files.example.cn/creditbook-{__version__}-py3-none-any.whl", "https"),
        (f"C:\\wheels\\creditbook-{__version__}-py3-none-any.whl", "https"),
        ("https://files.example.cn/creditbook-0.1.0.tar.gz", "py3-none-any"),
        ("https://files.example.cn/creditbook-0.1.0-cp311-cp311-win_amd64.whl", "py3-none-any"),
        ("https://files.example.cn/xlwings-0.37.8-py3-none-any.whl", "py3-none-any"),
    ],
)
def test_urls_lite_cannot_install_are_refused_with_the_reason(url, reason, tmp_path):
    with pytest.raises(WheelUrlError, match=reason):
        check_wheel_url(url)
    result = CliRunner().invoke(app, ["addin", "lite", "--out", str(tmp_path), "--wheel-url", url])
    assert result.exit_code == 1
    assert not (tmp_path / "requirements.txt").exists()


def test_a_wheel_name_with_an_escaped_character_is_read_as_the_file_name():
    url = f"https://files.example.cn/%E8%BD%AF%E4%BB%B6/creditbook-{__version__}-py3-none-any.whl"
    assert check_wheel_url(url) == __version__


def test_the_pinned_package_list_and_the_install_notes_name_the_same_pyodide():
    import re

    header = (LITE / "pyodide_packages.txt").read_text(encoding="utf-8").splitlines()[:6]
    (listed,) = set(re.findall(r"Pyodide (\d+\.\d+)", " ".join(header)))
    readme = (REPO / "addin" / "README.md").read_text(encoding="utf-8")
    assert set(re.findall(r"Pyodide (\d+\.\d+)", readme)) == {listed}
