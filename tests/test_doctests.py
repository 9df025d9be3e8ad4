"""The doctests' safety net: every module of the package imports.

``python -m pytest`` runs the doctests of ``src/reportmine`` (``--doctest-modules``) and the
``>>>`` examples of README.md and docs/*.md (``--doctest-glob=*.md``), as configured in
pyproject.toml. With ``--doctest-ignore-import-errors`` a module that cannot be imported has
its doctests skipped, which is what a module needing a missing optional extra must do
(``reportmine.spacy`` without spaCy); this test makes sure no other module is skipped that way.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil

import pytest

import reportmine
from reportmine.errors import MissingExtraError

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(reportmine.__path__, "reportmine.")
    if not m.name.endswith(".__main__")  # running it is the CLI; pytest's doctests skip it too
)


def test_the_package_has_modules() -> None:
    assert "reportmine.extractors.numbers" in MODULES and len(MODULES) > 20


@pytest.mark.parametrize("name", MODULES)
def test_module_imports(name: str) -> None:
    try:
        importlib.import_module(name)
    except MissingExtraError as e:  # the library's own message for a missing extra
        pytest.skip(str(e))
    except ImportError as e:
        missing = (e.name or "").split(".")[0]
        if not missing or importlib.util.find_spec(missing) is not None:
            raise  # not a missing third-party package: a real error
        pytest.skip(f"{name} needs {missing}, which is not installed (an optional extra)")
