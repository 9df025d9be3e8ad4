"""Fuzzing kit: hypothesis strategies, invariant checks and an optional atheris harness.

``strategies`` is shared by the property suites (``tests/test_properties*.py``,
``tests/test_hostile*.py``) and by the atheris harness ``fuzz_targets.py``; see
``docs/reliability.md``.
"""
