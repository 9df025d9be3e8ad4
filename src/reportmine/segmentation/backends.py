"""Word segmentation backends: jieba (always available) and rjieba (``reportmine[fast]``).

A backend cuts a normalized (simplified) string into words that tile it, optionally with
part-of-speech tags. Every backend instance owns its own dictionary: domain terms added
to one never reach another, nor jieba's process-wide default tokenizer.

jieba's prefix dictionary takes about a second to build from ``dict.txt``, so the jieba
backend keeps a cache of it, but not in jieba's shared temp file (``/tmp/jieba.cache``,
which any local user can replace): the cache is a file in a per-user directory made with
mode 0700 (see :func:`default_cache_dir`). ``cache_dir=False`` turns caching off.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from ..chars import HAN_BASIC
from ..errors import OptionError
from .terms import Term

__all__ = [
    "BACKENDS",
    "Backend",
    "Cut",
    "JiebaBackend",
    "RjiebaBackend",
    "available_backends",
    "default_cache_dir",
    "make_backend",
]

BACKENDS: tuple[str, ...] = ("auto", "jieba", "rjieba")

_TAGGABLE_HAN = re.compile(f"[{HAN_BASIC}]")  # jieba's POS model knows only this block

#: the words of a text, and their tags (``None`` unless asked for)
Cut = tuple[list[str], list[str] | None]


class Backend(Protocol):
    """What the segmenter needs from a word segmenter."""

    name: str

    def cut(self, s: str, *, pos: bool = False) -> Cut:
        """Words of ``s`` (concatenated they equal ``s``), and their tags when ``pos``."""
        ...


def default_cache_dir() -> Path:
    """Where reportmine keeps caches: ``$REPORTMINE_CACHE_DIR``, else the per-user cache
    folder (``$XDG_CACHE_HOME/reportmine``, ``~/.cache/reportmine``; on Windows
    ``%LOCALAPPDATA%\\reportmine``)."""
    env = os.environ.get("REPORTMINE_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "reportmine"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "reportmine"


def _fallback_tag(word: str) -> str:
    """Tag of a word the dictionaries do not know (jieba-rs's rule for non-Han words)."""
    alnum = sum(1 for c in word if c.isascii() and c.isalnum())
    if alnum == 0:
        return "x"
    digits = sum(1 for c in word if c.isascii() and c.isdigit())
    return "m" if digits == alnum else "eng"


class JiebaBackend:
    """jieba with a private :class:`jieba.Tokenizer` and the domain terms added.

    Args:
        terms: domain terms to add.
        hmm: let jieba's HMM join characters the dictionary does not know.
        cache_dir: folder of the prefix-dictionary cache (``None``: :func:`default_cache_dir`;
            ``False``: no cache, the dictionary is built from ``dict.txt`` each time).
    """

    name = "jieba"

    def __init__(
        self,
        terms: Iterable[Term] = (),
        *,
        hmm: bool = True,
        cache_dir: str | os.PathLike[str] | bool | None = None,
    ) -> None:
        import jieba

        self.hmm = hmm
        self._cache_dir: Path | None
        if cache_dir is False:
            self._cache_dir = None
        elif cache_dir is None or cache_dir is True:
            self._cache_dir = default_cache_dir()
        else:
            self._cache_dir = Path(cache_dir)
        tok = jieba.Tokenizer()
        freq, total = _cached(self._cache_dir, "prefix", _build_prefix_dict, tuple)
        tok.FREQ, tok.total = freq, total
        tok.initialized = True  # we loaded the dictionary ourselves: jieba never touches /tmp
        self._tok: Any = tok
        self._user_tags: dict[str, str] = {}
        for t in terms:
            tok.add_word(t.word, t.freq, None)
            if t.tag:
                self._user_tags[t.word] = t.tag
        self._tags: dict[str, str] | None = None
        self._pos: Any = None

    def cut(self, s: str, *, pos: bool = False) -> Cut:
        """Words of ``s``; tags come from the dictionaries, then jieba's POS HMM for unknown
        Han words, then :func:`_fallback_tag`, so boundaries never depend on ``pos``."""
        words: list[str] = self._tok.lcut(s, HMM=self.hmm)
        return words, [self._tag(w) for w in words] if pos else None

    def _tag(self, word: str) -> str:
        tag = self._user_tags.get(word)
        if tag is not None:
            return tag
        if self._tags is None:
            self._tags = _cached(self._cache_dir, "tags", _build_tag_table, dict)
        tag = self._tags.get(word)
        if tag is not None:
            return tag
        if _TAGGABLE_HAN.search(word):
            if self._pos is None:
                import jieba.posseg

                self._pos = jieba.posseg.POSTokenizer(self._tok)
            pieces = [p.flag for p in self._pos.lcut(word, HMM=True)]
            if pieces:
                return str(pieces[-1])  # the head of a Chinese compound is its last part
        return _fallback_tag(word)


class RjiebaBackend:
    """rjieba (jieba-rs) with its own :class:`rjieba.Jieba` instance and the domain terms."""

    name = "rjieba"

    def __init__(self, terms: Iterable[Term] = (), *, hmm: bool = True) -> None:
        import rjieba

        self.hmm = hmm
        self._jb: Any = rjieba.Jieba()
        # jieba-rs keeps the tag of a word its dictionary already has: ours take precedence
        self._user_tags: dict[str, str] = {}
        for t in terms:
            self._jb.add_word(t.word, t.freq, t.tag)
            if t.tag:
                self._user_tags[t.word] = t.tag

    def cut(self, s: str, *, pos: bool = False) -> Cut:
        """Words of ``s``, tagged by jieba-rs when ``pos`` (same boundaries either way)."""
        if not pos:
            return self._jb.cut(s, self.hmm), None
        pairs = self._jb.tag(s, self.hmm)
        user = self._user_tags
        return [w for w, _ in pairs], [user.get(w, t) for w, t in pairs]


def available_backends() -> tuple[str, ...]:
    """The backends that can be built here (jieba always; rjieba when installed)."""
    import importlib.util

    out = ["jieba"]
    if importlib.util.find_spec("rjieba") is not None:
        out.append("rjieba")
    return tuple(out)


def make_backend(
    name: str,
    terms: Sequence[Term] = (),
    *,
    hmm: bool = True,
    cache_dir: str | os.PathLike[str] | bool | None = None,
) -> Backend:
    """Build backend ``name`` (``auto``: rjieba when installed, else jieba)."""
    if name not in BACKENDS:
        raise OptionError(f"backend must be one of {BACKENDS}, not {name!r}")
    if name == "auto":
        name = "rjieba" if "rjieba" in available_backends() else "jieba"
    if name == "rjieba":
        try:
            return RjiebaBackend(terms, hmm=hmm)
        except ImportError as e:
            from ..errors import MissingExtraError

            raise MissingExtraError("the rjieba segmentation backend", "fast", "rjieba") from e
    return JiebaBackend(terms, hmm=hmm, cache_dir=cache_dir)


# -- jieba's dictionary, built from dict.txt or loaded from the per-user cache ------------------
def _jieba_dict_path() -> Path:
    import jieba

    return Path(jieba.__file__).resolve().parent / "dict.txt"


def _build_prefix_dict() -> tuple[dict[str, int], int]:
    import jieba

    with open(_jieba_dict_path(), "rb") as f:
        freq, total = jieba.Tokenizer.gen_pfdict(f)
    return freq, total


def _build_tag_table() -> dict[str, str]:
    tags: dict[str, str] = {}
    with open(_jieba_dict_path(), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3:
                tags[parts[0]] = parts[2]
    return tags


def _cache_key(kind: str) -> str:
    import jieba

    p = _jieba_dict_path()
    st = p.stat()
    ident = f"{jieba.__version__}|{p}|{st.st_size}|{st.st_mtime_ns}|{sys.version_info[:2]}"
    return f"jieba-{kind}-{hashlib.sha256(ident.encode()).hexdigest()[:16]}.marshal"


def _cached(cache_dir: Path | None, kind: str, build: Any, expect: type) -> Any:
    """``build()``, through a marshal cache file in ``cache_dir`` (``None``: no cache).

    The file is written to a temporary name and renamed into place, so concurrent
    processes never read a half-written cache; any problem with the cache falls back to
    building.
    """
    if cache_dir is None:
        return build()
    try:
        path = cache_dir / _cache_key(kind)
    except OSError:
        return build()
    try:
        with open(path, "rb") as f:
            data = marshal.load(f)
        if isinstance(data, expect):
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass
    data = build()
    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".tmp-", suffix=".marshal")
        try:
            with os.fdopen(fd, "wb") as f:
                marshal.dump(data, f)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        pass  # read-only home, full disk…: work without the cache
    return data
