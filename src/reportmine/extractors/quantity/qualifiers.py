"""Qualifier words around a number: where they extend its span and what qualifier they give.

- a word after the number (longest): 80%以上 (over), 100万元左右 (approx); not the 上下 of 上下游;
- a word touching the number before it: 近500人 (approx), 超过3万元 (over); 过 before a bare
  千/万/亿 is "over" (过万元, 收入过亿; not 经过, 通过, 做过, 考察过百余所);
- a clause-level word earlier in the clause: 至少有三个村 … (the last one wins).
"""

from __future__ import annotations

from .found import Found, ReaderBase

__all__ = ["QualifierWords"]

_GUO_BARE = frozenset("千万亿仟萬億")  # 过万, 过千万, 过亿 (过百 is mostly a verb's 过: 考察过百余所)
_GUO_NOT = frozenset("经通不超越跨度穿做有去来见用走听看想吃闯挺熬错")  # 经过, 通过: no "over"


class QualifierWords(ReaderBase):
    """The qualifier words before and after a number (the ``qualifiers`` table)."""

    def _post_word(self, s: str, pos: int) -> str:
        """The qualifier word starting at ``pos`` (longest): 以上, 左右, 多; not the 上下 of 上下游."""
        if s[pos : pos + 1] not in self._post_q_first:
            return ""
        for k in range(self._post_q_max, 0, -1):
            w = s[pos : pos + k]
            if len(w) == k and w in self._post_q:
                if w == "上下" and s[pos + 2 : pos + 3] in ("游", "班", "楼", "级", "文", "功"):
                    continue
                return w
        return ""

    # -- qualifier words ----------------------------------------------------------------------------

    def _touching_pre(self, s: str, ns: int) -> tuple[str, str]:
        """The qualifier word that ends right before ``ns`` (longest), and its qualifier; 过
        before a bare 千/万/亿 is "over" (过万元, 收入过亿; not 经过, 通过, 做过, 考察过百余所)."""
        if ns and s[ns - 1] == "过" and s[ns : ns + 1] in _GUO_BARE and s[ns - 2 : ns - 1] not in _GUO_NOT:
            return "过", "over"
        if not ns or s[ns - 1] not in self._pre_q_last:
            return "", "exact"
        for k in range(min(self._pre_q_max, ns), 0, -1):
            w = s[ns - k : ns]
            q = self._pre_q.get(w)
            if q is not None:
                return w, q
        return "", "exact"

    def _touching_qualifier(self, s: str, ns: int, qualifier: str) -> tuple[int, str]:
        """A qualifier word touching the number starts the span and sets the qualifier (近三分之一,
        约900万); where the span starts and the qualifier."""
        qw, q = self._touching_pre(s, ns)
        if qw and q != "exact":
            return ns - len(qw), q
        return ns, qualifier

    def _clause_qualifier(self, s: str, ns: int, prev: Found | None) -> str | None:
        """The qualifier of the last clause-level word (至少, 超过 …) earlier in the clause of the
        number at ``ns`` (after the previous quantity), if it is not ``exact``."""
        a = self.subjects.clause_start(s, ns, prev.end if prev is not None else 0)
        found = None
        for qm in self._clause_q.finditer(s, a, ns):
            found = self._clause_words[qm.group()]
        return found if found and found != "exact" else None
