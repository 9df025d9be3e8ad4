"""What a duration measures, and money named by a verb: subjects by construction on words.

:mod:`.subjects` gives a duration the words next to it (坚守47天 → 坚守, 生病住院4个多月 → 住院,
24小时轮流值守 → 值守, 通过两年来的扶贫工作 → 扶贫工作). This module runs after it, on the
segmenter's words of the sentence (:meth:`.words.WordSubjects.words`), and states what a
duration measures where the words next to it do not say it:

1. **a frame opening a sentence** (``N年来，`` ``这两年，`` ``近三年来，`` ``十年过去了，``)
   measures the work its main clause — the clause right after the comma — names by one of two
   constructions, and nothing otherwise (``70年来，中国国际地位显著提升``: no subject):

   a. an actor made of an activity and 单位 / 工作队 / 工作组 / 小组 / 队 opening the clause is
      named by its activity (``两年来，帮扶单位既投真金白银`` → 帮扶);
   b. the object of the clause's first verb, after its actor and adverbs, when the object ends
      in an activity noun (jieba ``vn``): ``三年来，西营镇牢牢抓住技能培训这一中心`` → 技能培训
      (not ``五年来，文艺工作者深入学习贯彻讲话精神``: 讲话精神 is no activity);

2. **a place or a person is never a duration's subject**: a place right before the span
   (``来到我们村这两年``) gives way to the verb before it with the place as its object
   (来到我们村), else to nothing (``新中国70年取得的成就``: no 新中国);
3. **words that frame the span itself** are no subject: an adverb before it (``整整10年``,
   ``连续6年``, ``短短``, ``特别是近十年``) leaves none, and a span that passes (``十几年过去了，``)
   is a frame of rule 1;
4. **a modal or adverb after the span** is skipped for the verb after it
   (``3到5分钟就能加满一台公交车`` → 加满, not 能).

Money (rule 5): a verb alone is no subject of money — the noun after the unit names it
(``送去1000元钱`` → 钱), else nothing; only a verb that is also a noun of money stays (its last
character names money or its flow: 投资, 投入, 收入, 分红, 受益 …). A leading adverbial
modifier (jieba ``a`` / ``ad`` / ``d``) before a verb subject of money is dropped
(``每年可获得3000元的稳定分红`` → 分红).

Without a word tagger (:meth:`~.extractor.QuantityExtractor.use_words` not called) the
subject found on characters is kept.
"""

from __future__ import annotations

import re

from .words import WordSubjects

__all__ = ["MeasuredSubjects"]

_SENTENCE_END = frozenset("。；;！？!?\n“「‘『")
_COMMAS = frozenset("，,")
_CLAUSE_END = frozenset("，,。；;！？!?：:\n”」")
# what opens a sentence before a frame (rule 1): 近三年来, 这两年, 过去五年, 短短三年
_FRAME_LEAD = re.compile(r"(?:近|这|最近|过去|短短|整整|特别是|特别是近|这些)?")
# what closes a frame after the span (rule 1): 来, 以来, 里, 间, 中, 过去了
_FRAME_TAIL = re.compile(r"(?:多)?(?:来|以来|里|间|中|之间|过去了|过去)?(?=[，,])")
# actors named by their activity (rule 1a): 帮扶单位, 驻村工作队, 督导组
_ACTOR_ENDS = ("单位", "工作队", "工作组", "小组", "队")
# words framing the span itself (rule 3): 整整10年, 连续6年, 今年前4个月, 成立100年时
_SPAN_WORDS = frozenset({"整整", "短短", "连续", "特别", "过去", "今年前", "时", "近", "前"})
# modals and adverbs between a span and its verb (rule 4): 3到5分钟就能加满
_MODALS = frozenset({"能", "要", "可", "会", "可以", "就能", "才能", "便能", "就", "才", "便", "都", "也"})
_PLACE_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "r"})
_PLACE_CHARS = frozenset("村镇乡县市省区州盟旗屯寨国")
_VERB_TAGS = frozenset({"v", "vd", "vi"})
_ADVERBIAL_TAGS = frozenset({"a", "ad", "d"})
# the last character of a verb that is also a noun of money (rule 5): 投资 投入 分红 受益
_MONEY_VERB_END = frozenset("资入出款金红贴助励益费税贷息利薪股捐")


class MeasuredSubjects:
    """Rules 1–5 of the module docstring: a duration's activity, money's noun."""

    def __init__(self, verbs: frozenset[str]) -> None:
        self.verbs = verbs  # the lexicon's verbs (subject_words.txt)

    def subject(
        self, s: str, kind: str, span: tuple[int, int, int], found: str | None, words: WordSubjects | None
    ) -> str | None:
        """The subject of the ``kind`` figure at normalized ``span`` = ``(clause start, start,
        end)``, given ``found``, the subject :mod:`.subjects` and :mod:`.words` gave it."""
        if words is None or kind not in ("duration", "money"):
            return found
        if kind == "money":
            return self._money(s, span, found, words)
        return self._duration(s, span, found, words)

    # -- durations ---------------------------------------------------------------------------------

    def _duration(self, s: str, span: tuple[int, int, int], found: str | None, words: WordSubjects) -> str | None:
        """Rules 1–4 for the duration at ``span``."""
        a, start, end = span
        frame = _frame_end(s, start, end)
        if frame is not None:
            return self._framed(s, frame, words)  # 两年来，帮扶单位既投… → 帮扶
        if found is None:
            return None
        if found in _SPAN_WORDS:
            return None  # 整整10年, 连续6年: the span's own adverb names nothing
        if found in _MODALS:
            return _verb_after_modal(s, end, words)  # 3到5分钟就能加满 → 加满
        return self._not_place(s, a, start, found, words)

    def _framed(self, s: str, c: int, words: WordSubjects) -> str | None:
        """Rule 1: what the main clause starting at ``c`` names (1a, 1b), else ``None``."""
        e = c
        while e < len(s) and e < c + 40 and s[e] not in _CLAUSE_END:
            e += 1
        ws = words.words(s, c, e)
        if not ws:
            return None
        first = s[ws[0][0] : ws[0][1]]
        actor = self._actor_activity(first, words)
        if actor is not None:
            return actor  # 帮扶单位 → 帮扶
        return _object_activity(s, ws)

    def _actor_activity(self, word: str, words: WordSubjects) -> str | None:
        """Rule 1a: the activity of an actor 帮扶单位 / 驻村工作队 (``None`` for 村民, 学员)."""
        for tail in _ACTOR_ENDS:
            if word.endswith(tail) and len(word) - len(tail) >= 2:
                act = word[: -len(tail)]
                tags = words.tagger(act)
                if act in self.verbs or (len(tags) == 1 and tags[0][1] in ("v", "vn")):
                    return act
        return None

    def _not_place(self, s: str, a: int, start: int, found: str, words: WordSubjects) -> str | None:
        """Rule 2: a place or person before the span gives way to the verb before it and the
        place (来到我们村这两年 → 来到我们村), else to nothing (新中国70年: none)."""
        i = s.rfind(found, a, start)
        if i < 0:
            return found  # a subject after the span: a verb (坚守47天)
        ws = words.words(s, a, i + len(found))
        own = [w for w in ws if w[0] >= i]
        if not own or not _is_place(s, own):
            return found
        before = [w for w in ws if w[1] <= own[0][0]]
        if before and before[-1][2] in _VERB_TAGS and before[-1][1] == own[0][0]:
            return s[before[-1][0] : i + len(found)]  # 来到我们村
        return None

    # -- money -------------------------------------------------------------------------------------

    def _money(self, s: str, span: tuple[int, int, int], found: str | None, words: WordSubjects) -> str | None:
        """Rule 5: money named by a verb alone takes the noun after the unit, or none; a leading
        adverbial modifier before a verb subject goes (稳定分红 → 分红)."""
        if not found:
            return found
        a, start, end = span
        tags = words.tagger(found)
        if len(tags) == 2 and tags[0][1] in _ADVERBIAL_TAGS and tags[1][1] in _VERB_TAGS | {"vn"}:
            return tags[1][0] if len(tags[1][0]) >= 2 else found  # 稳定分红 → 分红
        if any(tag not in _VERB_TAGS for _w, tag in tags) or found[-1] in _MONEY_VERB_END:
            return found  # a noun, or a verb of money (投资, 投入, 受益)
        if s.rfind(found, a, start) < 0:
            return found  # a subject after the figure (its verb opens a noun phrase)
        return _noun_after_unit(s, end, words)  # 送去1000元钱 → 钱


def _frame_end(s: str, start: int, end: int) -> int | None:
    """Rule 1: where the main clause starts when the span at ``[start, end)`` is a frame
    opening its sentence (两年来，… / 这两年，… / 十年过去了，…), else ``None``."""
    lo = start
    while lo > 0 and lo > start - 6 and s[lo - 1] not in _SENTENCE_END:
        lo -= 1
    if lo > 0 and s[lo - 1] not in _SENTENCE_END:
        return None  # the sentence started further back
    if _FRAME_LEAD.fullmatch(s, lo, start) is None:
        return None  # 新中国成立70年来，: a clause before the span names it
    m = _FRAME_TAIL.match(s, end)
    if m is None:
        return None
    return m.end() + 1


def _object_activity(s: str, ws: list[tuple[int, int, str]]) -> str | None:
    """Rule 1b: the object of the first verb when it ends in an activity noun (西营镇牢牢抓住
    技能培训这一中心 → 技能培训); ``None`` when the clause has no such object."""
    n = 0
    while n < len(ws) and (ws[n][2].startswith(("n", "r", "t")) or ws[n][2] in ("zg", "j", "a", "b")):
        n += 1  # the actor: 西营镇, 我们, 广大文艺工作者
    while n < len(ws) and ws[n][2] in ("d", "ad", "c"):
        n += 1  # its adverbs: 牢牢, 既, 始终
    if n == 0 or n >= len(ws) or ws[n][2] not in _VERB_TAGS:
        return None
    k = n + 1
    while k < len(ws) and (ws[k][2].startswith("n") or ws[k][2] == "vn"):
        k += 1
    if k == n + 1 or ws[k - 1][2] != "vn":
        return None  # no object, or an object that is no activity (讲话精神)
    return s[ws[n + 1][0] : ws[k - 1][1]]


def _is_place(s: str, own: list[tuple[int, int, str]]) -> bool:
    """True when the words ``own`` are a place or a person (我们村, 新中国, 大庆, 他们)."""
    last = own[-1]
    if last[2] in _PLACE_TAGS:
        return True
    text = s[last[0] : last[1]]
    # 我们村: a pronoun or place and a one-character place noun
    return len(text) == 1 and text in _PLACE_CHARS and len(own) >= 2 and own[-2][2] in _PLACE_TAGS


def _verb_after_modal(s: str, end: int, words: WordSubjects) -> str | None:
    """Rule 4: the verb after the modals and adverbs after a span (就能加满 → 加满)."""
    e = end
    while e < len(s) and e < end + 12 and s[e] not in _CLAUSE_END:
        e += 1
    for x, y, tag in words.words(s, end, e):
        w = s[x:y]
        if w in _MODALS or tag in ("d", "ad"):
            continue
        return w if tag in _VERB_TAGS and len(w) >= 2 else None
    return None


def _noun_after_unit(s: str, end: int, words: WordSubjects) -> str | None:
    """Rule 5: the noun right after the unit (1000元钱 → 钱), over a 的; ``None`` when a verb
    or punctuation follows."""
    i = end + (s[end : end + 1] == "的")
    e = i
    while e < len(s) and e < i + 8 and s[e] not in _CLAUSE_END:
        e += 1
    out = ""
    for x, y, tag in words.words(s, i, e):
        if not tag.startswith("n"):
            break
        out += s[x:y]
    return out or None
