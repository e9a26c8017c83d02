"""A non-editable install works: the migrations and resources ship INSIDE the package.

An editable install (how developers and the other tests run) finds ``db/`` and
``resources/`` in the source tree, so it cannot catch a file left out of the wheel. Here
the project is built into a wheel from a copy of its sources, installed into a fresh
virtual environment, and used from a folder outside the repository: opening a new
database must run the Alembic migrations found in the installed package, and the bundled
plan must load from it.

The fresh environment gets the dependencies from the project's own environment (a ``.pth``
file naming its site-packages): nothing is downloaded but the build back-end, when pip
builds in isolation. ``python -m venv --system-site-packages`` would not do: run from the
project's venv it exposes the *base* interpreter's site-packages, not the venv's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: What the wheel is built from (copied, so that no build/ or egg-info of the working tree
#: — shared with other builds — can leak into it).
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "setup.cfg", "projter_desktop", "resources", "db")


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def,type-arg]
    return subprocess.run(args, capture_output=True, text=True, encoding="utf-8", **kwargs)


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("installed")
    source = base / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        elif path.is_file():
            shutil.copy2(path, source / name)
    wheels = base / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q", "-w", str(wheels)]
    result = _run([*build, str(source)], cwd=base, env=_clean_env(), timeout=150)
    if result.returncode != 0:  # no index reachable for the isolated build: use this environment's setuptools
        isolated_error = result.stderr
        result = _run([*build, "--no-build-isolation", str(source)], cwd=base, env=_clean_env(), timeout=150)
        if result.returncode != 0:
            pytest.fail("cannot build the wheel (no build back-end available):\n"
                        + isolated_error[-1500:] + "\n" + result.stderr[-1500:])
    (wheel,) = wheels.glob("projter_desktop-*.whl")

    venv = base / "venv"
    result = _run([sys.executable, "-m", "venv", str(venv)], timeout=120)
    assert result.returncode == 0, result.stderr
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site_packages = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    # the dependencies: this (project) environment's site-packages, after the venv's own
    own = Path(sysconfig.get_paths()["purelib"])
    (site_packages / "zz_project_dependencies.pth").write_text(f"{own}\n", encoding="utf-8")
    result = _run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--disable-pip-version-check",
                   "-q", str(wheel)], env=_clean_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    outside = base / "elsewhere"  # not the repository, not the source copy
    outside.mkdir()
    scripts = python.parent
    return {"wheel": wheel, "python": python, "scripts": scripts, "site_packages": site_packages, "cwd": outside}


def test_wheel_holds_every_migration_and_resource(installed: dict[str, Path]) -> None:
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        names = set(wheel.namelist())
    migrations = {f"projter_desktop/migrations/{p.relative_to(ROOT / 'db').as_posix()}"
                  for p in (ROOT / "db").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert migrations - names == set(), "migration files missing from the wheel"
    for required in ("projter_desktop/migrations/env.py", "projter_desktop/migrations/script.py.mako",
                     "projter_desktop/resources/plans/ales-2018.json", "projter_desktop/resources/icons/projter.svg"):
        assert required in names


def test_wheel_holds_every_resource_file(installed: dict[str, Path]) -> None:
    """Every file of resources/ is shipped (package-data globs in pyproject.toml)."""
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        names = set(wheel.namelist())
    resources = {f"projter_desktop/resources/{p.relative_to(ROOT / 'resources').as_posix()}"
                 for p in (ROOT / "resources").rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    missing = sorted(resources - names)
    assert not missing, f"resources missing from the wheel (add their pattern to package-data): {missing}"


def test_wheel_holds_every_module(installed: dict[str, Path]) -> None:
    """Every module of projter_desktop/ is shipped: a new sub-package (e.g. ``cli/``) must be
    listed in ``[tool.setuptools] packages`` of pyproject.toml, or it is silently left out."""
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        names = set(wheel.namelist())
    package = ROOT / "projter_desktop"
    modules = {f"projter_desktop/{p.relative_to(package).as_posix()}"
               for p in package.rglob("*.py") if "__pycache__" not in p.parts}
    missing = sorted(modules - names)
    assert not missing, f"modules missing from the wheel (list their package in pyproject.toml): {missing}"
    assert "projter_desktop/cli/__init__.py" in names


def test_installed_package_migrates_and_loads_the_bundled_plan(installed: dict[str, Path], tmp_path: Path) -> None:
    code = textwrap.dedent("""
        import json, sys
        from pathlib import Path
        import projter_desktop
        from projter_desktop.paths import migrations_dir, resources_dir
        from projter_desktop.services import plans
        from projter_desktop.services.database import open_app_database
        from projter_desktop.store.database import SCHEMA_HEAD, read_revision

        db = open_app_database(Path(sys.argv[1]))
        summaries = plans.list_plans(db)
        plan = plans.get_plan(db, summaries[0].uuid)
        print(json.dumps({
            "package": projter_desktop.__file__,
            "migrations": str(migrations_dir()),
            "resources": str(resources_dir()),
            "created": db.created,
            "revision": read_revision(db.path),
            "head": SCHEMA_HEAD,
            "plans": len(summaries),
            "actions": plan.counts()["actions"],
        }))
        db.close()
    """)
    db_path = tmp_path / "fresh.sqlite3"
    env = _clean_env(PROJTER_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    result = _run([str(installed["python"]), "-c", code, str(db_path)], cwd=installed["cwd"], env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    info = json.loads(result.stdout.strip().splitlines()[-1])
    site_packages = installed["site_packages"].resolve()
    for key in ("package", "migrations", "resources"):  # from the installed package, not the source tree
        assert Path(info[key]).resolve().is_relative_to(site_packages), (key, info[key])
    assert info["created"] is True
    assert info["revision"] == info["head"]
    assert info["plans"] == 1 and info["actions"] > 100


def test_installed_command_lists_the_plan(installed: dict[str, Path], tmp_path: Path) -> None:
    projter = installed["scripts"] / ("projter.exe" if os.name == "nt" else "projter")
    assert projter.exists(), "the console script was not installed"
    env = _clean_env(PROJTER_DATA_DIR=str(tmp_path / "data"), PROJTER_DB=str(tmp_path / "cli.sqlite3"))
    result = _run([str(projter), "plan", "list", "--json"], cwd=installed["cwd"], env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = json.loads(result.stdout)
    assert len(listed) == 1 and listed[0]["actions"] > 100
    # and the installed command can check the whole installation
    result = _run([str(projter), "--self-test"], cwd=installed["cwd"], env=env | {"QT_QPA_PLATFORM": "offscreen"},
                  timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ÉCHEC" not in result.stdout
