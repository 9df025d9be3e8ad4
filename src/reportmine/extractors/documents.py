"""Document facts: titles written in 《…》, with the issuing body when the text names it.

Every outermost 《…》 title is a document (〈〉 and inner 《》 stay inside its value). The
value is the title as written without the outer marks: simplified, pinyin artifacts
removed, spaces kept. ``issuer`` is the body named right before an issuing verb in front
of the title (省政府印发《…》 → 省政府; table ``document_issuers.txt``). A title ending in
a policy-document word (``document_types.txt``: 办法, 方案, 意见 …) is flagged ``policy``.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..chars import CN_ONE_TO_NINE, HAN_SCRIPT
from ..lexicon import Lexicon
from ..lexicon.tables import DOCUMENT_ISSUERS, DOCUMENT_TYPES, grouped
from ..records import DocumentFact, Fact
from .base import Context
from .quotes import find_titles, written_value

__all__ = ["DocumentExtractor"]

_NAME_CHAR = regex.compile(rf"[{HAN_SCRIPT}0-9、]")
_TIME = regex.compile(rf"[0-9{CN_ONE_TO_NINE}十]+[年月日号]")  # 5月, 十日, 2019年
_MAX_ISSUER = 24


class DocumentExtractor:
    """Finds document facts (see the module docstring)."""

    kinds: frozenset[str] = frozenset({"document"})

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        words = grouped(lexicon, DOCUMENT_ISSUERS)
        by_len = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in words.items()}
        self._verbs = by_len["verb"]
        lead = (*by_len["verb"], *by_len["adverb"], "了", "并", "和")
        self._lead = tuple(sorted(lead, key=len, reverse=True))
        self._orgs = by_len["org"]
        self._names = frozenset(words["name"])
        self._stops = by_len["stop"] + by_len["adverb"]
        types = [t.word for t in lexicon.table(DOCUMENT_TYPES)]
        self._types = tuple(sorted(types, key=len, reverse=True))

    def find(self, ctx: Context) -> Iterator[Fact]:
        """Yield the document facts of ``ctx``."""
        s = ctx.s
        for a, b in ctx.derived(find_titles):
            if ctx.text.is_damaged(a, b):
                continue
            value = written_value(ctx.text, a + 1, b - 1).strip()
            if not value:
                continue
            os_, oe, otext = ctx.span(a, b)
            policy = value.endswith(self._types)
            yield DocumentFact(
                text=otext,
                start=os_,
                end=oe,
                value=value,
                sentence=ctx.sentence(a),
                doc_id=ctx.doc_id,
                issuer=self.issuer(s, a),
                flags=("policy",) if policy else (),
            )

    def issuer(self, s: str, title_start: int) -> str | None:
        """The issuing body named before the title starting at ``s[title_start]``, if any."""
        end = title_start
        verbs = 0
        while True:  # strip 了, verbs and adverbs back from the title: 日前联合印发了《
            if not s.endswith(self._lead, 0, end):  # (a tuple: any of the words)
                break
            w = next(w for w in self._lead if s.endswith(w, 0, end))
            verbs += w in self._verbs
            end -= len(w)
        if not verbs:
            return None
        start = end
        while start > 0 and _NAME_CHAR.match(s[start - 1]):
            if s.endswith(self._stops, 0, start):  # (a tuple: any of the words)
                break
            if end - start >= _MAX_ISSUER:
                return None  # too long to be one name: the text before is not a body
            start -= 1
        name = s[start:end]
        times = list(_TIME.finditer(name))
        if times:  # 从9月国家发展改革委: the name starts after the last time word
            name = name[times[-1].end() :]
        name = name.lstrip("、")
        if name in self._names:
            return name
        for org in self._orgs:
            if name.endswith(org) and len(name) > max(len(org), 2):
                return name
        return None
