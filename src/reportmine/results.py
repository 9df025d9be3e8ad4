"""What a batch produces per document: :class:`DocumentResult` (facts, or why it failed).

Batch workers make them, the store and the export writers consume them. Facts are
kept in their FACTS.md JSON form (:meth:`reportmine.records.Fact.to_dict`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["DocumentResult"]


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """The outcome of one document.

    ``ord`` is the document's position in the input stream (outputs are in this order);
    ``status`` is ``done`` or ``failed`` (then ``error`` says why and ``facts`` is empty).
    ``script`` is the detected script (``simplified``, ``traditional`` …), ``chars`` the
    length of the original text.
    """

    id: str
    source: str
    sha256: str
    ord: int
    status: str
    format: str = "text"
    encoding: str | None = None
    script: str | None = None
    chars: int = 0
    error: str | None = None
    facts: tuple[dict[str, Any], ...] = ()

    @property
    def ok(self) -> bool:
        """True when the document was extracted."""
        return self.status == "done"
