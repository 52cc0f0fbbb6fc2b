"""Build leadlink; the hot matching modules are compiled to C with mypyc unless LEADLINK_PURE=1.

mypyc turns the type-annotated Python of the matcher into C extension modules: the same code,
the same results, a third fewer instructions per lead. Everything else stays plain Python. With
LEADLINK_PURE=1 (or `make dev`) nothing is compiled, for an editable install while you edit.
"""

from __future__ import annotations

import os

from setuptools import setup

# The per-lead and per-account hot path. Modules whose objects cross process boundaries
# (fanout.py's blocks are pickled) stay plain Python: a compiled frozen class does not unpickle.
COMPILED = [
    "src/leadlink/normalize/_text.py",
    "src/leadlink/normalize/names.py",
    "src/leadlink/normalize/domains.py",
    "src/leadlink/normalize/geo.py",
    "src/leadlink/normalize/phones.py",
    "src/leadlink/matching/prepare.py",
    "src/leadlink/matching/index.py",
    "src/leadlink/matching/comparisons.py",
    "src/leadlink/matching/name_evidence.py",
    "src/leadlink/matching/explain.py",
    "src/leadlink/matching/hierarchy.py",
    "src/leadlink/matching/engine.py",
]


def _extensions() -> list[object]:
    if os.environ.get("LEADLINK_PURE") == "1":
        return []
    from mypyc.build import mypycify

    # No config file and no installed packages: the project's mypy settings load the pydantic
    # plugin, and whether pip's build sees the libraries varies (a first install has none yet).
    # So the libraries are typed as Any every time, and every build compiles the same code.
    flags = ["--config-file=", "--no-site-packages", "--ignore-missing-imports"]
    return list(mypycify([*flags, *COMPILED]))


setup(ext_modules=_extensions())
