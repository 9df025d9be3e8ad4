"""Entities: places (with division codes), organizations and persons, and the links that
tie quantity facts to them (``place``, ``actor``). Everything runs on the normalized text."""

from __future__ import annotations
