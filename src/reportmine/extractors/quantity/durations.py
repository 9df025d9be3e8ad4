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
   (来到我们村), else to nothing; a country is no place here — its years are its own
   (``新中国70年取得的成就`` → 新中国, as ``两国70年的传统友谊`` → 两国);
3. **words that frame the span itself** are no subject: an adverb before it (``整整10年``,
   ``连续6年``, ``短短``, ``特别是近十年``) leaves the verb before the adverb
   (``工作了整整30年`` → 工作) or none, and a span that passes (``十几年过去了，``)
   is a frame of rule 1;
4. **a modal or adverb after the span** is skipped for the verb after it
   (``3到5分钟就能加满一台公交车`` → 加满, not 能; ``24小时连续生产`` → 生产), and none when
   no verb of two characters follows (``一两个小时会有一趟``).

Money (rule 5): a verb alone is no subject of money — the noun after the unit names it
(``送去1000元钱`` → 钱), else nothing (``每月能挣1000多元``: no 能挣); only a verb that is also a
noun of money stays (its last character names money or its flow: 投资, 投入, 收入, 分红, 受益,
增收 …, or its first a change: 增加, 减少, 节约 …). A leading adverbial modifier (jieba ``a`` /
``ad`` / ``d``) before a verb subject of money is dropped with it
(``每年可获得3000元的稳定分红`` → 分红; ``最高可处200万元以下罚款`` → 罚款).

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
_PLACE_CHARS = frozenset("村镇乡县市省区州盟旗屯寨")
_VERB_TAGS = frozenset({"v", "vd", "vi"})
_COPULAS = frozenset({"是", "有", "为", "在"})  # 已是中国数十年的追求: no 是中国
_ADVERBIAL_TAGS = frozenset({"a", "ad", "d"})
# the last character of a verb that is also a noun of money (rule 5): 投资 投入 分红 受益
_MONEY_VERB_END = frozenset("资入款金红贴助励益费税贷息利薪股捐收赠献付销补偿罚保")
# the last character of a noun of money (旅游收入, 项目资金, 奖补资金, 保费)
_MONEY_NOUN_END = frozenset("资入款金红贴助励费税贷息利薪")
# the first character of a verb of saving or gift (节约, 节省, 捐出), and characters
# of a verb of change (贷款增加4605万元 → 增加; 新增, 净增, 缩减, 下降)
_CHANGE_FIRST = frozenset("节省捐")
_CHANGE_CHARS = frozenset("增减降")


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

    def _duration(
        self, s: str, span: tuple[int, int, int], found: str | None, words: WordSubjects
    ) -> str | None:
        """Rules 1–4 for the duration at ``span``."""
        _a, start, end = span
        frame = _frame_end(s, start, end)
        if frame is not None:
            return self._framed(s, frame, words)  # 两年来，帮扶单位既投… → 帮扶
        if found is None:
            return None
        if found in _SPAN_WORDS and _found_before(s, span, found) >= 0:
            # 整整10年, 连续6年: the span's own adverb names nothing, but a verb before it does
            return _verb_before_adverb(s, span, found, words)  # 工作了整整30年 → 工作
        if found in _MODALS or found in _SPAN_WORDS:
            return _verb_after_modal(s, end, words)  # 3到5分钟就能加满 → 加满
        return self._not_place(s, span, found, words)

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

    def _not_place(self, s: str, span: tuple[int, int, int], found: str, words: WordSubjects) -> str | None:
        """Rule 2: a place or person before the span gives way to the verb before it and the
        place (来到我们村这两年 → 来到我们村), else to nothing (新中国70年: none)."""
        a = span[0]
        i = _found_before(s, span, found)
        if i < 0:
            return found  # a subject after the span: a verb (坚守47天)
        ws = words.words(s, a, i + len(found))
        own = [w for w in ws if w[0] >= i]
        if not own or not _is_place(s, own):
            return found
        before = [w for w in ws if w[1] <= own[0][0]]
        verb = s[before[-1][0] : before[-1][1]] if before else ""
        if before and before[-1][2] in _VERB_TAGS and before[-1][1] == own[0][0] and verb not in _COPULAS:
            return s[before[-1][0] : i + len(found)]  # 来到我们村
        return None

    # -- money -------------------------------------------------------------------------------------

    def _money(
        self, s: str, span: tuple[int, int, int], found: str | None, words: WordSubjects
    ) -> str | None:
        """Rule 5: money named by a verb alone (behind its adverbs: 稳定分红, 最高可处) keeps a
        verb of money (分红), else takes the noun after the unit, or none (送去1000元钱 → 钱)."""
        if not found:
            return found
        end = span[2]
        tags = words.tagger(found)
        if any(tag not in _VERB_TAGS and tag not in _ADVERBIAL_TAGS for _w, tag in tags):
            return found  # a noun (专项帮扶资金, 投资 is tagged vn)
        n = 0
        while n < len(tags) and tags[n][1] in _ADVERBIAL_TAGS and tags[n][1] not in _VERB_TAGS:
            n += 1  # 稳定, 最高: adverbials before the verb
        verb = "".join(w for w, _tag in tags[n:])
        if n == len(tags) or any(tag not in _VERB_TAGS for _w, tag in tags[n:]) or len(verb) < 2:
            return found  # 最高: no verb; 可获得稳定: an adverbial after the verb
        if _names_money(verb):
            return verb  # 稳定分红 → 分红; 投入, 受益 stay
        if _found_before(s, span, found) < 0:
            return found  # a subject after the figure (its verb opens a noun phrase)
        # 送去1000元钱 → 钱; 能挣1000多元: none; 我拿出两百块钱 (钱 inside the span) → 钱
        return _noun_after_unit(s, end, words) or ("钱" if s[span[1] : end].endswith("钱") else None)


def _found_before(s: str, span: tuple[int, int, int], found: str) -> int:
    """Where ``found`` starts when it stands before the figure at ``span`` (ending at most a
    few characters before it), or -1 when it is read after the figure (这条生产线24小时连续生产
    → 生产: after, though 生产线 holds it before)."""
    a, start, end = span
    if s.find(found, end, end + 6) >= 0:
        return -1
    i = s.rfind(found, a, start)
    return i if i >= 0 and i + len(found) >= start - 6 else -1


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
    """True when the words ``own`` are a place or a person: a pronoun (我们, 他), a pronoun or
    place and a one-character place noun (我们村, 该县), a name ending in a place character
    (四美村, 岳麓区, 西营镇). A country is not one: its years are its own (新中国70年, 两国70年的
    传统友谊). Not a verb the segmenter tags as a place (回国, 治沙, 中断)."""
    if any(tag in _VERB_TAGS or tag == "vn" for _x, _y, tag in own):
        return False  # 离开伦敦, 山丹马场管护祁连山水源涵养林: an activity
    text = s[own[0][0] : own[-1][1]]
    last = s[own[-1][0] : own[-1][1]]
    if all(tag == "r" for _x, _y, tag in own):
        return True  # 我们每天22小时 (not 难倒咱们: a verb the segmenter tags otherwise)
    if len(last) == 1 and last in _PLACE_CHARS:
        return len(own) >= 2 and own[-2][2] in ("r", "ns")  # 我们村, 该县
    if text.endswith("国"):
        # a country's years are its own (新中国70年, 两国70年的传统友谊): a subject, not a place
        return False
    # 四美村, 岳麓区: one word (not 落户滨海新区: a verb the segmenter tags otherwise)
    return len(own) == 1 and len(last) >= 3 and last[-1] in _PLACE_CHARS


def _verb_before_adverb(s: str, span: tuple[int, int, int], adverb: str, words: WordSubjects) -> str | None:
    """Rule 3: the verb right before the span's adverb, over 了 / 已 / 已经 (工作了整整30年 →
    工作; 提前了整整一年 → 提前), or ``None`` (到今年已整整10年; 增幅已连续9年: no verb)."""
    a = span[0]
    i = _found_before(s, span, adverb)
    ws = [w for w in words.words(s, a, i) if w[1] <= i] if i > a else []
    while ws and s[ws[-1][0] : ws[-1][1]] in ("了", "已", "已经", "过"):
        ws.pop()
    if not ws or (ws[-1][2] not in _VERB_TAGS and ws[-1][2] != "vn"):
        return None  # (jieba tags 工作 vn)
    verb = s[ws[-1][0] : ws[-1][1]]
    return verb if len(verb) >= 2 and verb not in _COPULAS else None


def _verb_after_modal(s: str, end: int, words: WordSubjects) -> str | None:
    """Rule 4: the verb after the modals and adverbs after a span (就能加满 → 加满; 24小时连续
    生产 → 生产)."""
    e = end
    while e < len(s) and e < end + 12 and s[e] not in _CLAUSE_END:
        e += 1
    for x, y, tag in words.words(s, end, e):
        w = s[x:y]
        if w in _MODALS or w in _SPAN_WORDS or tag in ("d", "ad"):
            continue
        return w if (tag in _VERB_TAGS or tag == "vn") and len(w) >= 2 else None
    return None


def _names_money(verb: str) -> bool:
    """True for a verb that names money or its change (投资 投入 分红 受益 增收 赔偿 低保; 增加
    新增 减少 节约 支付): the money is what it spends, earns, pays or changes by (not 拿出, 能挣)."""
    return verb[-1] in _MONEY_VERB_END or verb[0] in _CHANGE_FIRST or not _CHANGE_CHARS.isdisjoint(verb)


def _noun_after_unit(s: str, end: int, words: WordSubjects) -> str | None:
    """Rule 5: the noun right after the unit (1000元钱 → 钱), over a 的; ``None`` when a verb
    or punctuation follows."""
    i = end + (s[end : end + 1] == "的")
    e = i
    while e < len(s) and e < i + 8 and s[e] not in _CLAUSE_END:
        e += 1
    out, first, last = "", "", ""
    for x, y, tag in words.words(s, i, e):
        w = s[x:y]
        # 70万元政府项目投资, 千余万元旅游收入: nouns and activity nouns; 1亿元PPP奖补资金;
        # 60余万元补助 (a verb of money the segmenter tags as a verb)
        if not (tag.startswith("n") or tag in ("eng", "vn") or _names_money(w)):
            break
        out, first, last = out + w, first or tag, w
    if first in ("v", "vn") and last[-1] not in _MONEY_NOUN_END:
        return None  # 3亿美元支持澜湄六国, 上千万元奖励贡献突出人员: a verb phrase, its purpose
    return out or None
