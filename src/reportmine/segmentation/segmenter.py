"""The :class:`Segmenter`: domain-aware word segmentation that tiles the original text."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import regex

from ..errors import OptionError
from ..lexicon import Lexicon
from ..records import Fact
from ..text import Text
from .backends import BACKENDS, Backend, make_backend
from .terms import load_terms
from .tiling import Atom, Token, merge_atoms, project, to_tokens

__all__ = ["FACT_TAGS", "Segmenter"]

#: part-of-speech tag of a token that is a whole fact (jieba/ICTCLAS tags)
FACT_TAGS: dict[str, str] = {"date": "t", "program": "nz", "document": "nz", "place": "ns"}
_QUANTITY_TAG = "m"

# digits grouped by thousands separators: one numeral, which jieba would cut at each comma
_LONE_SURROGATE = regex.compile("[\ud800-\udfff]")
_DIGIT_GROUPS = regex.compile(r"(?<![0-9,.])[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9]|,[0-9])")


class Segmenter:
    """Segments normalized text and projects the token boundaries onto the original.

    Args:
        lexicon: tables; the ``domain_terms`` table (jieba's ``word freq tag`` format) is
            added to the backend's own dictionary.
        backend: ``"auto"`` (rjieba when installed, else jieba), ``"jieba"`` or ``"rjieba"``.
        hmm: let the backend's HMM join characters its dictionary does not know.
        cache_dir: where the jieba backend caches its dictionary (``None``: the per-user
            cache folder; ``False``: no cache). See :mod:`reportmine.segmentation.backends`.
        to_simplified: convert what the normalized text still holds in traditional script to
            simplified (OpenCC ``t2s``, character for character) before cutting it. The
            normalizer leaves the script of a short or mostly simplified text as it is; the
            word segmenter's dictionaries are simplified, so this keeps boundaries independent
            of the script.

    The backend is built on the first call of :meth:`segment`, not before.
    """

    def __init__(
        self,
        lexicon: Lexicon,
        backend: str = "auto",
        *,
        hmm: bool = True,
        cache_dir: str | os.PathLike[str] | bool | None = None,
        to_simplified: bool = True,
    ) -> None:
        if backend not in BACKENDS:
            raise OptionError(f"backend must be one of {BACKENDS}, not {backend!r}")
        self.lexicon = lexicon
        self.requested_backend = backend
        self.hmm = hmm
        self.cache_dir = cache_dir
        self.to_simplified = to_simplified
        self._backend: Backend | None = None
        self._t2s: Any = None

    @property
    def backend(self) -> Backend:
        """The word segmenter in use (built on first access)."""
        if self._backend is None:
            terms = load_terms(self.lexicon)
            self._backend = make_backend(
                self.requested_backend, terms, hmm=self.hmm, cache_dir=self.cache_dir
            )
        return self._backend

    def segment(self, text: Text | str, *, pos: bool = False, facts: Iterable[Fact] = ()) -> list[Token]:
        """Tokens of ``text`` that tile ``text.original``.

        ``text`` is a normalized :class:`~reportmine.text.Text` (a plain ``str`` is taken
        as it is, without normalization). Every fact in ``facts`` (original offsets into this
        text) becomes exactly one token, as does every digit group such as ``3,200``.
        With ``pos``, tokens carry a part-of-speech tag (facts: ``m`` for quantities,
        ``t`` for dates, ``nz`` for program and document names).
        """
        t = text if isinstance(text, Text) else Text(text)
        # A long text becomes millions of small tuples that the cyclic garbage collector
        # would walk again and again (tuple subclasses are never untracked), making time per
        # character grow with the text; none of them can form a cycle, so the collector is
        # paused while they are built (and restored as it was).
        with _gc_paused():
            return self._segment(t, pos=pos, facts=facts)

    def _segment(self, t: Text, *, pos: bool, facts: Iterable[Fact]) -> list[Token]:
        words: list[str] = []
        word_tags: list[str] | None = [] if pos else None
        if t.normalized:
            # lone surrogates (from json.loads, surrogateescape) become U+FFFD for the
            # backends, which take UTF-8; one character for one, so the bounds hold
            norm = _LONE_SURROGATE.sub("\ufffd", t.normalized)
            words, word_tags = self.backend.cut(self._simplified(norm), pos=pos)
        bounds, tags = project(t, words, word_tags if pos else None)
        atoms = [*self._digit_groups(t), *_fact_atoms(t, facts)]
        if atoms:
            bounds, tags = merge_atoms(bounds, tags, atoms, pos=pos)
        return to_tokens(t.original, bounds, tags)

    def tag_words(self, s: str) -> list[tuple[str, str]]:
        """The words of a short normalized string with their part-of-speech tags, cut on its
        simplified form (character for character, so the words tile ``s``): what the
        quantity extractor reads around a figure to find its subject (issue 20).
        """
        # lone surrogates become U+FFFD, one character for one (see _segment)
        words, tags = self.backend.cut(self._simplified(_LONE_SURROGATE.sub("\ufffd", s)), pos=True)
        return list(zip(words, tags if tags is not None else [""] * len(words), strict=True))

    def _simplified(self, s: str) -> str:
        """``s`` in simplified script, character for character (``s`` itself if that fails)."""
        if not self.to_simplified or s.isascii():
            return s
        if self._t2s is None:
            import opencc

            try:
                self._t2s = opencc.OpenCC("t2s")
            except Exception:  # some builds want the file name
                self._t2s = opencc.OpenCC("t2s.json")
        c: str = self._t2s.convert(s)
        return c if len(c) == len(s) else s

    @staticmethod
    def _digit_groups(t: Text) -> list[Atom]:
        s = t.normalized
        if "," not in s:
            return []
        out = []
        for m in _DIGIT_GROUPS.finditer(s):
            a, b = t.span_to_original(m.start(), m.end())
            out.append(Atom(a, b, _QUANTITY_TAG))
        return out

    def __repr__(self) -> str:
        built = self._backend.name if self._backend is not None else "not built"
        return f"Segmenter(backend={self.requested_backend!r} ({built}))"


def _fact_atoms(t: Text, facts: Iterable[Fact]) -> list[Atom]:
    out = []
    for f in facts:
        if t.original[f.start : f.end] != f.text:
            raise OptionError(
                f"fact {f.text!r} at {f.start}:{f.end} does not match this text "
                f"(found {t.original[f.start : f.end]!r})"
            )
        out.append(Atom(f.start, f.end, FACT_TAGS.get(f.kind, _QUANTITY_TAG)))
    return out


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (if it was enabled)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
