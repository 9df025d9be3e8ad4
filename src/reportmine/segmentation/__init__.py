"""Word segmentation with a domain lexicon, aligned to the original text.

:class:`Segmenter` cuts the NORMALIZED text (simplified script, repairs applied) with a
backend that owns its own dictionary (jieba, or rjieba from ``reportmine[fast]``) plus the
``domain_terms`` lexicon table, then projects the words back onto the original input:
the resulting :class:`Token` s tile the original exactly (``"".join(t.text for t in
tokens) == original``), so traditional input is segmented through its simplified form.
Facts (``100余万元``, dates, program names…) are made single tokens.

``Pipeline.segment()`` (and :func:`reportmine.segment`) put it all together; see
``docs/segmentation.md``.
"""

from __future__ import annotations

from .backends import BACKENDS, available_backends, default_cache_dir
from .segmenter import FACT_TAGS, Segmenter
from .terms import Term, load_terms
from .tiling import Token

__all__ = [
    "BACKENDS",
    "FACT_TAGS",
    "Segmenter",
    "Term",
    "Token",
    "available_backends",
    "default_cache_dir",
    "load_terms",
]
