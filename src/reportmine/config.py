"""One value for every choice a :class:`~reportmine.pipeline.Pipeline` is built with.

A :class:`PipelineConfig` is a recipe, not a pipeline: a frozen, hashable, picklable
dataclass of plain strings and tuples that checks itself when it is made. The same
config builds the same pipeline wherever it goes, so

- :class:`~reportmine.pipeline.Pipeline` takes one (``Pipeline(config=...)``,
  :meth:`Pipeline.from_config <reportmine.pipeline.Pipeline.from_config>`);
- the batch runner hands it to every worker process, which builds its own pipeline
  from it (OpenCC and jieba objects never cross a process boundary);
- the spaCy component and tokenizer read their config keys into it
  (:meth:`PipelineConfig.from_dict`, :meth:`PipelineConfig.to_dict`);
- the command line's ``--script``, ``--converter``, ``--kinds``, ``--steps``,
  ``--backend`` and ``--lexicon`` fill it in.

>>> from reportmine.config import PipelineConfig
>>> config = PipelineConfig(script="traditional", kinds={"money", "count"})
>>> config.kinds  # kept sorted, so equal choices make equal configs
('count', 'money')
>>> config == PipelineConfig("traditional", kinds=["count", "money", "count"])
True
>>> PipelineConfig(script="latin")
Traceback (most recent call last):
    ...
reportmine.errors.OptionError: script must be one of ('auto', 'simplified', 'traditional'), not 'latin'

Importing this module loads no OpenCC, jieba or lexicon: it only reads the names of
the choices from the modules that implement them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from .errors import OptionError
from .normalization.normalizer import CONVERTERS, REPAIR_STEPS, SCRIPTS
from .records import KINDS
from .segmentation.backends import BACKENDS

if TYPE_CHECKING:
    from .lexicon import Lexicon
    from .pipeline import Pipeline

__all__ = ["BACKENDS", "CONVERTERS", "KINDS", "REPAIR_STEPS", "SCRIPTS", "PipelineConfig"]


@dataclass(frozen=True, init=False)
class PipelineConfig:
    """How to build a :class:`~reportmine.pipeline.Pipeline`; checked when made.

    Args:
        script: ``"auto"``, ``"simplified"`` or ``"traditional"`` (:data:`SCRIPTS`; see
            :class:`~reportmine.normalization.Normalizer`).
        converter: OpenCC config for traditional text (:data:`CONVERTERS`: ``t2s``,
            ``tw2s``, ``hk2s``, ``tw2sp``).
        kinds: fact kinds to extract (default ``None``: :data:`~reportmine.records.DEFAULT_KINDS`,
            every kind but the opt-in ``number``).
        segmenter: word segmentation backend (:data:`BACKENDS`: ``auto``, ``jieba``,
            ``rjieba``).
        lexicon_dirs: folders of extra lexicon tables loaded on top of the shipped ones
            (:meth:`Lexicon.load <reportmine.lexicon.Lexicon.load>`, ``extra_dirs``).
        repairs: repair steps to run (default ``None``: all of :data:`REPAIR_STEPS`;
            ``()``: none).
        relevance: score each document's relevance (``Report.relevance``, the probability
            that it reports assistance work; ``reportmine[learn]`` models, no extra package
            needed to apply them).
        topics: give each quantity fact its ``topic`` and ``topic_prob``.
        min_relevance: documents scoring below are skipped by the batch (recorded as
            ``skipped``); implies ``relevance``.
        relevance_model, topic_model: model files (``reportmine train``) instead of the
            shipped ones.

    ``script``, ``converter`` and ``kinds`` may be given by position (the order of the
    batch runner's former ``PipelineOptions``); the others by name only. Any iterable
    is accepted for ``kinds``, ``repairs`` and ``lexicon_dirs``; they are stored as
    tuples (``kinds`` and ``repairs`` sorted and without repeats). A bad value raises
    :class:`~reportmine.errors.OptionError` naming the choices; the folders are checked
    when the lexicon is loaded.
    """

    script: str = "auto"
    converter: str = "t2s"
    kinds: tuple[str, ...] | None = None
    segmenter: str = "auto"
    lexicon_dirs: tuple[str, ...] = ()
    repairs: tuple[str, ...] | None = None
    # -- reportmine.learn (issue 16) --
    relevance: bool = False
    topics: bool = False
    min_relevance: float | None = None
    relevance_model: str | None = None
    topic_model: str | None = None

    def __init__(
        self,
        script: str = "auto",
        converter: str = "t2s",
        kinds: Iterable[str] | None = None,
        *,
        segmenter: str = "auto",
        lexicon_dirs: Iterable[str | os.PathLike[str]] = (),
        repairs: Iterable[str] | None = None,
        relevance: bool = False,
        topics: bool = False,
        min_relevance: float | None = None,
        relevance_model: str | os.PathLike[str] | None = None,
        topic_model: str | os.PathLike[str] | None = None,
    ) -> None:
        _check_choice("script", script, SCRIPTS)
        _check_choice("converter", converter, CONVERTERS)
        checked_repairs = _checked_names("repair steps", repairs, REPAIR_STEPS)
        checked_kinds = _checked_names("fact kinds", kinds, KINDS)
        _check_choice("backend", segmenter, BACKENDS)
        values = {
            "script": script,
            "converter": converter,
            "kinds": checked_kinds,
            "segmenter": segmenter,
            "lexicon_dirs": _folders(lexicon_dirs),
            "repairs": checked_repairs,
            **_learn_settings(relevance, topics, min_relevance, relevance_model, topic_model),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)  # frozen: set once, here

    # -- as plain data (spaCy config, JSON) ------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PipelineConfig:
        """A config from a mapping of its field names (missing ones keep their default).

        >>> PipelineConfig.from_dict({"kinds": ["date"], "lexicon_dirs": []})
        ... # doctest: +NORMALIZE_WHITESPACE
        PipelineConfig(script='auto', converter='t2s', kinds=('date',), segmenter='auto',
                       lexicon_dirs=(), repairs=None, relevance=False, topics=False,
                       min_relevance=None, relevance_model=None, topic_model=None)
        """
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise OptionError(f"unknown pipeline settings {unknown}; known: {', '.join(sorted(names))}")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """The fields as JSON-ready values (lists for tuples, ``None`` kept).

        >>> PipelineConfig(kinds=["date"]).to_dict()["kinds"]
        ['date']
        """
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled by recipe, as its fields (checked again when unpickled;
        ``tests/test_pickling.py``)."""
        return (PipelineConfig.from_dict, (self.to_dict(),))

    # -- what it builds ----------------------------------------------------------------------
    def lexicon(self) -> Lexicon:
        """The shipped lexicon tables plus those of :attr:`lexicon_dirs` (a new :class:`Lexicon`)."""
        from .lexicon import Lexicon

        return Lexicon.load(self.lexicon_dirs)

    def build(self) -> Pipeline:
        """A new :class:`~reportmine.pipeline.Pipeline` made from this config."""
        from .pipeline import Pipeline

        return Pipeline.from_config(self)


def _check_choice(what: str, value: object, known: tuple[str, ...]) -> None:
    """``script="latin"`` is an error that lists the scripts there are."""
    if value not in known:
        raise OptionError(f"{what} must be one of {known}, not {value!r}")


def _checked_names(what: str, value: Iterable[str] | None, known: tuple[str, ...]) -> tuple[str, ...] | None:
    """``kinds={"money", "count"}`` → ``("count", "money")``; ``None`` (all) stays ``None``.

    A lone string is refused: ``kinds="money"`` would otherwise read as five letters.
    """
    if value is None:
        return None
    if isinstance(value, str):
        raise OptionError(f"{what} must be a collection of names, not the string {value!r}")
    if not isinstance(value, Iterable):  # kinds=5 (issue 12.9: was a bare TypeError)
        raise OptionError(f"{what} must be a collection of names, not {type(value).__name__}")
    names = tuple(sorted(set(value)))
    unknown = [n for n in names if n not in known]
    if unknown:
        raise OptionError(f"unknown {what} {unknown}; known: {', '.join(known)}")
    return names


def _folders(value: Iterable[str | os.PathLike[str]]) -> tuple[str, ...]:
    """``lexicon_dirs=[Path("my_lexicons")]`` → ``("my_lexicons",)``, in the order given."""
    if isinstance(value, (str, os.PathLike)):
        raise OptionError(f"lexicon_dirs must be a collection of folders, not the single path {value!r}")
    return tuple(os.fspath(d) for d in value)


def _learn_settings(
    relevance: bool,
    topics: bool,
    min_relevance: float | None,
    relevance_model: str | os.PathLike[str] | None,
    topic_model: str | os.PathLike[str] | None,
) -> dict[str, Any]:
    """The ``reportmine.learn`` fields, checked: ``min_relevance=0.5`` turns relevance on;
    a threshold outside 0..1 is an error."""
    if min_relevance is not None:
        if isinstance(min_relevance, bool) or not 0.0 <= float(min_relevance) <= 1.0:
            raise OptionError(f"min_relevance must be a probability between 0 and 1, not {min_relevance!r}")
        min_relevance = float(min_relevance)
    return {
        "relevance": bool(relevance) or min_relevance is not None or relevance_model is not None,
        "topics": bool(topics) or topic_model is not None,
        "min_relevance": min_relevance,
        "relevance_model": None if relevance_model is None else os.fspath(relevance_model),
        "topic_model": None if topic_model is None else os.fspath(topic_model),
    }


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value
