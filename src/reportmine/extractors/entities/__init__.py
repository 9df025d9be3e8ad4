"""Entities: organizations and persons (and, from issue 14's other half, places) with the
links that tie quantity facts to them. Everything runs on the normalized text."""

from __future__ import annotations
