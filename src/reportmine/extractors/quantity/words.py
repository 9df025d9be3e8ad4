"""Subjects on word boundaries: the words around a figure, cut by the project's segmenter.

:mod:`.subjects` finds a subject on characters. When the pipeline gives the quantity extractor
a word tagger (:meth:`~.extractor.QuantityExtractor.use_words`: the segmenter's jieba/rjieba
words with part-of-speech tags, cut on the simplified form of the clause around the figure
only, so the cost grows with the facts, not the text), the subject is put on word boundaries:

1. a subject before the figure that starts inside a word grows to the word's start (and over
   在 / 到 before a place of one character: 在沪员工, 在岗, 到村调研指导), and takes
   a per word right before it (人均可支配收入10371元: 支配收入 → 人均可支配收入; 就业困难人员实现
   就业181万人: 业困难人员 → 就业困难人员), but not over a 的 (宣传党的政策方针 → 政策方针:
   the segmenter's word 党的政策);
2. a subject after the measure word stops before the first verb, adverb, preposition or
   pronoun after its nouns (392户贫困户免费送去 → 贫困户; 3名工作队员始终站在 → 工作队员;
   4000多名各族干部群众齐聚 → 各族干部群众);
3. a subject that is only a verb (凑齐, 扩种, 编, 有, 属, 验收, 能挣) gives way to the noun
   after the measure word (扩种了20亩辣椒 → 辣椒), or to none; money keeps a verb that names
   a spending (投资8万元 → 投资), counts of actions keep theirs (走访1次);
4. jieba tags a verb as a noun often, so the words around it decide: a word before an aspect
   particle (着, 了, 过) or 在 / 于 is a verb (9架直升机护卫着党旗 → 直升机; 100多名志愿者活跃在
   社区 → 志愿者), a whole place (全国, 全省 …) opens the next words (99家民营企业全国“…” →
   民营企业), after a noun for persons a verb or a word tagged as a name is what they did
   (100位外国专家荣获… → 外国专家; 2434名干部结对帮扶关系 → 干部), and a modifier of 有 and a
   noun before them goes (20余名有劳力村民 → 村民);
5. a subject before the figure drops an actor and its verb inside it (上海局增开旅客列车250列
   → 旅客列车: a place, an organization or a person before the verb; not 动车组发送旅客), a
   verb ending it behind 了 or a modal (居委会牌子挂了二三十块 → 居委会牌子; 工资可以加10% →
   工资), and a time or place frame before a verb alone (村里去年减贫550人 → 减贫);
6. N人的 + a place counts its population (一个不到500人的小村庄 → 人口; 300人的队伍 stays);
7. batches of a causative verb count what the persons it sets to work did (2轮组织帮扶责任人
   入户排查 → 入户排查);
8. a duration's noun after it that runs on into the next words gives way to the words framing
   the span when they hold a noun (新中国成立70年党的对外工作 → 新中国成立; 改革开放40年来中国法学
   和… → 改革开放; 新中国70年取得的 → 新中国), none when it opens with a numeral or adverb and
   nothing frames it (用短短70年将一个积贫积弱 → none); the span's own noun stays (7个月时间就,
   100多年历史的, 30多年的陡峭山路变成了); before the span, adjectives alone name nothing (壮丽
   70年, 连续25个月) and an actor or verb before nouns goes (贯穿新中国70年 → 新中国);
9. a verb after a count of persons is what they did: the persons before the figure (来自各界的代表
   600余人参加颁奖典礼 → 代表; 师生二人骑着自行车 → 师生), and a verb opening the persons before it
   goes (共邀请国内外业界嘉宾约1200人 → 国内外业界嘉宾); 在…下 after persons frames what they do
   (在213名仪仗官兵护卫下 → 仪仗官兵); a localizer of two characters may open a noun (中外嘉宾);
10. a particle of one character, or the 地 / 国 of 等地 / 等国, opens no subject (就地入市地块 cut
    by jieba as 就/地 → 入市地块; 吉林等地演出62场 → 演出; 等国彩灯 → 彩灯; not 等级公路);
11. money after an actor and a spending verb: the nouns after the verb, else the verb (我拿出两百
    块钱 → 拿出; 上海交通大学先期准备勤工助学报酬 → 勤工助学报酬);
12. a verb alone before place units names nothing (覆盖34市54县 → none); a dimension word
    names a measure (宽约2.3米 → 宽); an idiom of four characters after the measure word is what
    the one does (只凭一家单打独斗 → none); a subject ending inside a verb or adverb after the
    measure word is none (减少到1名仍达不到: jieba's word 仍达);
13. characters cut inside a noun word go on over the plain nouns after it (421名中国维和人员在:
    the character rules cut at the 和 of 维和 → 中国维和人员);
14. plain nouns between the measure word and 的 are what is counted, unless the measure word is
    for persons (26个大赛项目的比赛 → 大赛项目; 500名贫困户的子女 → 子女).

15. a dimension word and 达 / 约 before a measure names it (一座车站，深达100米 → 深);
16. after a preposition of one character right before the figure the noun after the measure word
    is counted, not the actor before (工作组从5个县级医院抽调 → 县级医院; not 骑行队从30人发展到);
17. a person's name alone before a duration is its actor (李明已有200天未能登台 → none);
18. one verb ending the clause after person-times names nothing (2000多人次参加， → none; not
    事故造成6人受伤: the state counted);
19. a verb before a duration with 的 and persons after it is what lasted (外逃12年的犯罪嫌疑人 →
    外逃; not 坚持30年的老党员: a verb of spanning);
20. verbs or a complement after a duration framed by a time word name nothing (未来3年加快建设 →
    none; 三年下来， → none; not 国庆7天假期);
21. a preposition character and a noun (依法, 随案) before a verb open the next words (对三个古村落
    依法实施 → 古村落);
22. 均 / 都 / 皆 before 为 / 是 … is an adverb (这5个村均为 → 村);
23. a level alone before 、 shares the next item's noun (25个省级、120个县级服务中心 → 服务中心).

Rules 8–14 are docs/quantities.md's rules 36–42 (issue 20, session 7), rules 15–23 its
rules 43–51 (session 7b).

The tagger is a plain function (``str`` → ``(word, tag)`` pairs), so this module imports no
segmenter: extractors import only core types (``tests/test_layout.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .word_runs import (
    _ACTION_UNITS,
    _ACTOR_TAGS,
    _ADVERBIAL_PREPOSITIONS,
    _AFTER_MAX,
    _ALL_ADVERBS,
    _ASPECT,
    _BATCH_UNITS,
    _BOUNDARY,
    _CAUSATIVES,
    _COMPLEMENT_CHARS,
    _COPULAS,
    _DIMENSIONS,
    _FRAME_LEAD,
    _FRAME_VERB_TAGS,
    _LOCALIZER_CHARS,
    _MEASURE_KINDS,
    _MODALS,
    _NO_GROW,
    _OBJECT_PREPOSITIONS,
    _OPEN_QUOTES,
    _PERSON_UNITS,
    _PERSONS_LAST,
    _PLACE_UNITS,
    _SPAN_VERBS,
    _VERB_TAGS,
    _action_of_persons,
    _clause_end,
    _cut_inside,
    _dimension_verb,
    _ends_clause,
    _ends_nouns,
    _frames,
    _modifiers_only,
    _modifies,
    _not_opening,
    _nounish,
    _nouns_after_last_verb,
    _nouns_after_opening,
    _nouns_after_opening_verb,
    _nouns_after_verb,
    _nouns_before_verb,
    _one_char_place,
    _opens_no_noun,
    _passable,
    _past_having,
    _place_ends_clause,
    _stops,
    _trim_words,
    _verb_after_frame,
)

__all__ = ["WordSubjects", "WordTagger"]

_CACHE_MAX = 20_000  # strings whose tags are kept (short clause pieces: about 2 MB)

#: a word tagger: the words of a short normalized string (tiling it) with jieba POS tags
WordTagger = Callable[[str], Sequence[tuple[str, str]]]


class WordSubjects:
    """Puts a subject found on characters on the word boundaries of its clause."""

    def __init__(
        self, tagger: WordTagger, per_words: frozenset[str], verbs: frozenset[str] = frozenset()
    ) -> None:
        self.tagger = tagger
        self.per_words = per_words
        self.verbs = verbs  # the lexicon's verbs
        self._tags: dict[str, tuple[tuple[int, int, str], ...]] = {}  # content → words' spans, tags
        # the last call's words: the steps of one subject ask for the same clause in turn
        self._last: tuple[str, int, int, list[tuple[int, int, str]]] = ("", 0, 0, [])

    def words(self, s: str, a: int, b: int) -> list[tuple[int, int, str]]:
        """``(start, end, tag)`` of the words of ``s[a:b]`` (offsets in ``s``), cut once: the
        tags of a string are kept by its content (bounded), so a clause met again in the text
        or in a later one (其中, 贫困人口, 前) is not cut again."""
        if a >= b:
            return []
        ls, la, lb, lw = self._last
        if la == a and lb == b and ls is s:
            return lw
        piece = s[a:b]
        tagged = self._tags.get(piece)
        if tagged is None:
            spans, i = [], 0
            for w, tag in self.tagger(piece):
                spans.append((i, i + len(w), tag))
                i += len(w)
            tagged = tuple(spans)
            if len(self._tags) >= _CACHE_MAX:
                self._tags.clear()
            self._tags[piece] = tagged
        out = list(tagged) if a == 0 else [(a + x, a + y, tag) for x, y, tag in tagged]
        self._last = (s, a, b, out)
        return out

    def _words_at(self, s: str, j: int) -> list[tuple[int, int, str]]:
        """The words from ``j`` on in its clause: the last words cut, when they start there
        (the subject after the figure was just put on them), so no clause is cut twice."""
        ls, la, _lb, lw = self._last
        if ls is s and la == j and lw:
            return lw
        return self.words(s, j, _clause_end(s, j))

    def refine(
        self, s: str, kind: str, unit: str | None, span: tuple[int, int, int], subject: str | None
    ) -> str | None:
        """``subject`` of the figure at normalized ``span`` = ``(clause start, start, end)``
        on word boundaries (rules 1–23 of the module docstring)."""
        if not subject:
            return subject
        a, start, end = span
        i = s.rfind(subject, a, start)
        if i < 0 or i + len(subject) < start - 8:
            after = self._refine_after(s, unit, end, subject)  # a subject after the figure
            return self._after_checked(s, kind, unit, span, after)
        subject = self._snap_before(s, a, start, i, i + len(subject))
        subject = self._past_particle(s, a, start, subject)  # 就地入市地块: no 地 opens it
        verdict = self._before_verdict(s, kind, span, subject)
        if verdict != subject:
            return verdict
        if kind not in ("money", "duration"):
            # (a duration's verb is what lasts: 王启民和团队坚持了10年 keeps 坚持)
            subject = self._past_verb(s, a, start, subject)
            if unit in _PERSON_UNITS:
                subject = self._persons_of_verb(s, a, start, subject)  # 邀请…嘉宾约1200人
        elif kind == "money":
            subject = self._past_modal(s, a, start, subject)  # 年利润能达到一二百万元
            return self._past_actor(s, a, start, subject)  # 我拿出两百块钱 → 拿出
        else:
            return self._span_before(s, span, subject)  # 贯穿新中国70年 → 新中国
        if kind in _MEASURE_KINDS and subject in _DIMENSIONS:
            return subject  # 长约4米、宽约2.3米: the dimension word names the measure
        if unit in _ACTION_UNITS or not self._verb_only(s, a, start, subject):
            return subject
        # 扩种了20亩辣椒 → 辣椒; 有28户: no subject; 帮助脱贫解困1900户 keeps its verb
        after = self.noun_after(s, end)
        if after is not None or len(subject) == 1 or unit in _PLACE_UNITS:
            return after  # (覆盖34市54县: the verb of a scope names no place counted)
        return subject

    # -- session 7 (issue 20): the error classes of the archive samples ---------------------------

    def _after_checked(
        self, s: str, kind: str, unit: str | None, span: tuple[int, int, int], after: str | None
    ) -> str | None:
        """Rules 8–9 on a subject after the figure: a duration's that runs on into the next
        words gives way to the words before the figure (新中国成立70年党的对外工作 → 新中国成立;
        用短短70年将一个积贫积弱 → none), a verb after persons to the persons before the figure
        (代表及各界嘉宾近500人出席 → 嘉宾; 师生二人骑着自行车 → 师生)."""
        if not after:
            return after
        a, start, end = span
        j = s.find(after, end, end + _AFTER_MAX + 4)
        if j < 0:
            return after
        if kind == "duration":
            return self._duration_after(s, span, j, after)
        if unit in _PERSON_UNITS and self._opens_with_verb(s, j):
            # 3万多人次参加， (rule 18): one verb ending the clause after person-times names
            # nothing counted (not 7人死亡, 1000万人实现脱贫: the persons in that state)
            lone = unit == "人次" and self._no_noun(s, j, after) and _ends_clause(s, j + len(after))
            return self._persons_before(s, a, start) or (None if lone else after)
        first = self._words_at(s, j)[:1]
        if first and first[0][0] == j and first[0][2] == "i" and first[0][1] - j == len(after) >= 4:
            # 只凭一家单打独斗: an idiom after the measure word is what the one does (not
            # 三个明察暗访组: a noun after it)
            return None
        return after

    # -- session 7b (issue 20): the error classes of the 2029 sample ------------------------------

    def _before_verdict(self, s: str, kind: str, span: tuple[int, int, int], subject: str) -> str | None:
        """Rules 15–17 on a subject before the figure: a dimension word and its verb (深达100米 →
        深; 水井深达80米 → 水井深), the noun after a preposition before the figure (厅还从10个
        省级检察院抽调 → 省级检察院), none for a person's name before a duration (樊振东已有343天
        未能… : the actor); ``subject`` unchanged otherwise."""
        a, start, end = span
        if kind in _MEASURE_KINDS and _dimension_verb(subject[-2:]):
            return subject[:-1]
        if kind not in ("money", "duration") and self._object_of_preposition(s, a, start):
            return self._noun_proper_after(s, end) or subject  # (骑队从30人发展到: no noun)
        if kind == "duration" and self._person_only(s, a, start, subject):
            return None
        return subject

    def _noun_proper_after(self, s: str, end: int) -> str | None:
        """:meth:`noun_after` when its first word is a noun or a modifier (省级检察院), not a
        verbal noun (从30人发展到100人: 发展 is a change, no noun)."""
        after = self.noun_after(s, end)
        if after is None:
            return None
        i = s.find(after, end)
        words = [w for w in self._words_at(s, i) if w[1] <= i + len(after)]
        return after if words and all(t[:1] in ("n", "b", "j") for _a, _b, t in words) else None

    def _duration_after(self, s: str, span: tuple[int, int, int], j: int, after: str) -> str | None:
        """A duration's subject after it (rules 19–20): the verb right before the span when a
        的 and persons follow it (外逃17年的职务犯罪嫌疑人戴跃兵 → 外逃: the persons are the
        actor, what lasted is the flight); none when the words after it hold no noun and a time
        word frames the span or opens them (今后5年加快推进 → none; 两年下来， → none); else rule 8."""
        a, start, end = span
        before = self.words(s, a, start)
        last = before[-1] if before and before[-1][1] == start else None
        if last is not None and s[end:j] == "的" and after[-1] in _PERSONS_LAST:
            ls, le, tag = last
            if tag == "v" and le - ls == 2 and s[ls:le] not in _SPAN_VERBS:
                return s[ls:le]
        words = [w for w in self._words_at(s, j) if w[1] <= j + len(after)]
        # (走过30多年的春晚: jieba tags 春晚 as a time word; a complement is 下来, 过去 … only)
        framed = (last is not None and last[2] == "t") or set(after) <= _COMPLEMENT_CHARS
        # (国庆7天假期: a time word alone after the span is its noun)
        verbal = set(after) <= _COMPLEMENT_CHARS or any(t == "v" for _a, _b, t in words)
        if framed and verbal and words and all(t in _FRAME_VERB_TAGS for _a, _b, t in words):
            return None
        return self._span_after(s, span, j, after)

    def _no_noun(self, s: str, j: int, after: str) -> bool:
        """True when ``after`` (at ``j``) is one verb (参加)."""
        words = [w for w in self._words_at(s, j) if w[1] <= j + len(after)]
        return len(words) == 1 and words[0][2] == "v"

    def _object_of_preposition(self, s: str, a: int, start: int) -> bool:
        """True when a preposition of one character stands right before the figure: what the
        measure word counts follows it (最高检第十检察厅还从10个省级检察院抽调 → 省级检察院, not the
        actor before 从; 向3个村捐赠 → 村)."""
        words = self.words(s, a, start)
        if not words or words[-1][1] != start:
            return False
        ws, we, tag = words[-1]
        return we - ws == 1 and tag == "p" and s[ws] in _OBJECT_PREPOSITIONS

    def _person_only(self, s: str, a: int, start: int, subject: str) -> bool:
        """True when ``subject`` before a duration is one person's name (tag nr): the actor,
        not what lasted (樊振东已有343天未能… → none)."""
        i = s.rfind(subject, a, start)
        clause = self.words(s, a, start)
        words = [w for w in clause if w[0] >= i and w[1] <= i + len(subject)]
        # a verb between the name and the span (已有): 黄金周7天, 黄金周前6天 are no actor
        # (jieba tags 黄金周 nr)
        verb = any(t.startswith("v") for ws, _we, t in clause if ws >= i + len(subject))
        return len(words) == 1 and words[0][2] == "nr" and verb

    def _past_run_on(self, s: str, j: int, subject: str) -> str | None:
        """A subject after the measure word without the words that open the next clause (rules
        21–23): an adverbial of a preposition character and a noun before a verb (两个传统村落依法
        履行 → 传统村落: jieba tags 依法 as a noun), an adverb of all (4个村均为 → 村), and a
        modifier alone before 、 gives way to the head of the next item (32个省级、316个地市级
        反诈骗中心 → 反诈骗中心)."""
        k = j + len(subject)
        if len(subject) >= 2 and subject[-1] in _ALL_ADVERBS and s[k : k + 1] in _COPULAS:
            return subject[:-1]  # 4个村均为
        words = self.words(s, j, _clause_end(s, k))
        inside = [w for w in words if w[1] <= k]
        if len(inside) >= 2 and inside[-1][1] == k:
            ls, le, _tag = inside[-1]
            nxt = next((t for ws, _we, t in words if ws == k), "")
            if le - ls == 2 and s[ls] in _ADVERBIAL_PREPOSITIONS and nxt == "v":
                return s[j:ls]  # 传统村落依法履行, 案件随案生成
        if len(inside) == 1 and inside[0][2] == "b" and s[k : k + 1] == "、":
            return self._shared_head(s, k + 1)
        return subject

    def _shared_head(self, s: str, i: int) -> str | None:
        """The noun of the next list item after its figure, measure word and modifiers (316个
        地市级反诈骗中心 → 反诈骗中心); ``None`` when none follows."""
        words = self.words(s, i, _clause_end(s, i))
        n = 0
        while n < len(words) and (words[n][2] in ("m", "q", "b") or s[words[n][1] - 1] == "级"):
            n += 1  # 316/m 个/q 地市级/n: a level is a modifier
        if n == 0 or n >= len(words):
            return None
        cut = words[n][0]
        for ws, we, tag in words[n:]:
            if ws != cut or _stops(tag) or tag in ("m", "q", "x"):
                break
            cut = we
        text = s[words[n][0] : cut]
        return text if len(text) >= 2 else None

    def _span_after(self, s: str, span: tuple[int, int, int], j: int, after: str) -> str | None:
        """A duration's subject ``after`` at ``j`` after it: the words framing it when ``after``
        runs on into the next words and they hold a noun (新中国成立70年党的 → 新中国成立); none
        when ``after`` opens with a numeral, adverb … and nothing frames it (用短短70年将一个积贫
        积弱); else ``after`` (还有3年退休的达尔玛 keeps 退休: no noun before it)."""
        a, start, end = span
        if not self._runs_on(s, end, j, j + len(after)):
            return after
        frame = self._frame_before(s, a, start)
        if frame is not None:
            return frame
        return None if _not_opening(self._words_at(s, j), j + len(after)) else after

    def _runs_on(self, s: str, end: int, j: int, k: int) -> bool:
        """True when the words ``s[j:k]`` after a duration ending at ``end`` are no noun of it
        but open the next words: a numeral, adverb, pronoun … first (70年将一个积贫积弱, 70年
        特别是, 一年的自己); a verb, or a noun of one character, and a 的 (70年取得的伟大成就,
        70年党的对外工作); after 来, a 的, adverb or conjunction after them (40年来中国法学和…,
        40多年来经历的那样). Not after a 的 (几千年的绝对贫困问题即将), before a localizer or the
        clause's end (两年多的时间里, 50年创业发展，), nor a noun of the span itself before a
        的 or an adverb (100多年历史的, 7个月时间就, 30多年的陡峭山路变成了)."""
        words = self._words_at(s, j)
        if not words or words[0][0] != j or "的" in s[end:j]:
            return False
        if _not_opening(words, k):
            return True  # 一个积贫积弱, 特别是, 自己
        if k >= len(s) or s[k] in _BOUNDARY or s[k] in _LOCALIZER_CHARS:
            return False
        frame = s.startswith("来", end)  # 40年来: a time frame, what follows is a clause
        if s[k] == "的":
            return frame or k - j == 1 or words[0][2] == "v"  # 党的, 取得的
        nxt = next((tag for ws, _we, tag in words if ws == k), "")
        return frame and nxt.startswith(("d", "c", "p"))  # 40年来中国法学和中国法治

    def _frame_before(self, s: str, a: int, start: int) -> str | None:
        """The words that frame a duration before it, when its words after it run on (rule 8):
        nouns and the verb that ends them (新中国成立70年 → 新中国成立), the nouns after a verb
        inside them (总结梳理改革开放40年来 → 改革开放); ``None`` when no such words touch
        the figure (中国人民用短短70年 → none: 短短 is no noun)."""
        words = self.words(s, a, start)
        n = len(words)
        # at most two words of noun, and the verb after them (习近平总书记深情礼赞新中国70年
        # → 新中国: jieba tags 礼赞 as a noun)
        floor = max(0, n - (3 if words and words[-1][2] == "v" else 2))
        while n > floor and _frames(words, n - 1):
            n -= 1
        while n < len(words) - 1 and words[n][1] - words[n][0] == 1 and words[n][2] != "a":
            n += 1  # (中法建交55年来: no 法 cut from 中法; 新 of 新中国 stays)
        run = words[n:]
        if not any(t.startswith(("n", "j")) for _a, _b, t in run):
            return None  # (还有3年退休的: a verb alone frames nothing)
        nouns = _nouns_after_last_verb(s, run)
        text = nouns or s[run[0][0] : run[-1][1]]
        return text if len(text) >= 2 else None

    def _span_before(self, s: str, span: tuple[int, int, int], subject: str) -> str | None:
        """A duration's subject before it (rule 8): adjectives and adverbs alone name nothing
        (壮丽70年, 连续25个月), the nouns after a verb inside it are what the span is of (贯穿
        新中国70年 → 新中国; 德方赞赏中国改革开放40年 → 中国改革开放), a verb alone gives way to
        the noun after the span unless that runs on (新中国成立70年党的 keeps 成立)."""
        a, start, end = span
        i = s.rfind(subject, a, start)
        words = [w for w in self.words(s, a, start) if w[0] >= i and w[1] <= i + len(subject)]
        if _modifiers_only(words) and not s.startswith(_ASPECT, i + len(subject)):
            return None  # 壮丽70年, 短短70年, 连续25个月 (忙碌了一年: what lasts)
        nouns = _nouns_after_opening(s, words)
        if nouns is not None:
            return nouns
        if not self._verb_only(s, a, start, subject):
            return subject
        after = self.noun_after(s, end)  # 生病住院4个多月 keeps 住院
        j = s.find(after, end) if after is not None else -1
        if after is not None and not self._runs_on(s, end, j, j + len(after)):
            return after
        return None if len(subject) == 1 else subject

    def _opens_with_verb(self, s: str, j: int) -> bool:
        """True when the words from ``j`` (after a count of persons) open with a verb: what the
        persons did (近500人出席, 600余人参加颁奖典礼, 二人骑着自行车)."""
        words = self._words_at(s, j)
        if not words or words[0][0] != j:
            return False
        ws, we, tag = words[0]
        if we - ws == 2 and s[we - 1] in _ASPECT and tag.startswith(("u", "v")):
            return True  # 二人骑着自行车 (jieba's word 骑着)
        return tag == "v" or (tag.startswith("v") and s[we : we + 1] in _ASPECT)

    def _persons_before(self, s: str, a: int, start: int) -> str | None:
        """The noun for persons right before a count of them (来自各界的代表600余人 → 代表; 各界
        嘉宾近500人 → 嘉宾; 师生二人 → 师生); ``None`` when none stands there."""
        words = self.words(s, a, start)
        n = len(words)
        while n > 0 and words[n - 1][2].startswith(("n", "j")) and words[n - 1][2] not in ("ns", "nt"):
            n -= 1
        if n < len(words) and n > 0 and words[n - 1][2] == "ns" and s[words[n - 1][1] - 1] in _PERSONS_LAST:
            n -= 1  # (jieba tags 嘉宾 as a place)
        if n == len(words) and words and words[-1][2] == "ns":
            n -= 1  # 各界/r 嘉宾/ns
        if n == len(words):
            return None
        text = s[words[n][0] : words[-1][1]]
        return text if len(text) >= 2 and text[-1] in _PERSONS_LAST else None

    def _persons_of_verb(self, s: str, a: int, start: int, subject: str) -> str:
        """A subject before a count of persons that opens with a verb and ends with persons: the
        persons (共邀请国内外业界嘉宾约1200人 → 国内外业界嘉宾; 培训农民工3000人 → 农民工)."""
        i = s.rfind(subject, a, start)
        words = [w for w in self.words(s, a, start) if w[0] >= i and w[1] <= i + len(subject)]
        if len(words) < 2 or words[0][2] != "v" or words[0][1] - words[0][0] < 2:
            return subject
        rest = words[1:]
        if not all(t.startswith(("n", "s", "j")) for _a, _b, t in rest):
            return subject
        text = s[rest[0][0] : rest[-1][1]]
        return text if len(text) >= 2 and text[-1] in _PERSONS_LAST else subject

    def _past_actor(self, s: str, a: int, start: int, subject: str) -> str:
        """Money before which an actor and a spending verb stand: the nouns after the verb, else
        the verb (我拿出两百块钱 → 拿出; 上海交通大学先期准备勤工助学报酬 → 勤工助学报酬)."""
        i = s.rfind(subject, a, start)
        words = [w for w in self.words(s, a, start) if w[0] >= i and w[1] <= i + len(subject)]
        verb = next((n for n, w in enumerate(words) if w[2] == "v" and w[1] - w[0] >= 2), -1)
        if verb < 1 or not all(t in _ACTOR_TAGS for _a, _b, t in words[:verb]):
            return subject
        if not any(t in ("r", "nt", "ns") for _a, _b, t in words[:verb]):
            return subject  # 动车组发送: no actor before the verb (春耕/nr 备耕: jieba's name tags err)
        rest = words[verb + 1 :]
        if not rest:
            return s[words[verb][0] : words[verb][1]]
        if all(t.startswith(("n", "l", "j")) or t == "vn" for _a, _b, t in rest):
            return s[rest[0][0] : rest[-1][1]]
        return subject

    def _past_particle(self, s: str, a: int, start: int, subject: str) -> str:
        """A subject without a particle of one character that opens it, or the one character
        after 等 closing a list (就地入市地块 → 入市地块 where jieba cuts 就/地; 吉林等地演出 → 演出;
        日本、新加坡等国彩灯 → 彩灯)."""
        i = s.rfind(subject, a, start)
        words = [w for w in self.words(s, a, start) if w[0] >= i and w[1] <= i + len(subject)]
        n = 0
        while n < len(words) - 1:
            ws, we, tag = words[n]
            # (等地, 等国: one character after 等, or the word 等国 of jieba)
            after_deng = (s[ws - 1 : ws] == "等" and we - ws == 1) or (
                s[ws] == "等" and we - ws == 2 and s[ws + 1] in _PLACE_UNITS  # not 等级公路
            )
            if not ((we - ws == 1 and tag.startswith("u")) or after_deng):
                break
            n += 1
        if n == 0 or words[n][1] - words[n][0] + (words[-1][1] - words[n][1]) < 2:
            return subject
        return s[words[n][0] : i + len(subject)]

    def _refine_after(self, s: str, unit: str | None, end: int, subject: str) -> str | None:
        """A subject after the figure ending at ``end`` on word boundaries (rules 2 and 5–7)."""
        j = s.find(subject, end, end + _AFTER_MAX + 4)
        nouns_de = j > end + 3 and s[j - 1] == "的" and unit not in _PERSON_UNITS
        if nouns_de and self._plain_nouns(s, end, j - 1):
            # 26个大赛项目的比赛 → 大赛项目: the figure counts the nouns before 的 (not after a
            # measure word for persons: 500名贫困户的子女 counts the children)
            return s[end : j - 1]
        if j < 0 or (j - end > 3 and not _passable(s, j, unit)):
            # 24小时轮流值守: a duration's verb is its subject; persons after a clause and its
            # 的 are trimmed (100多名来自中国的汉语教师志愿者活跃在 → 汉语教师志愿者)
            return subject
        if s[j - 1 : j] in _OPEN_QUOTES:
            return subject  # 20名全国“新时代好少年”: a quoted term stays whole
        if unit == "人" and s[end:j] == "的" and _place_ends_clause(s, j + len(subject)):
            return "人口"  # 一个不到500人的小村庄: the people of a place, its population
        if unit in _BATCH_UNITS and subject[:2] in _CAUSATIVES:
            done = _action_of_persons(s, self.words(s, j, _clause_end(s, j)))
            if done is not None:
                return done  # 2轮组织帮扶责任人入户排查 → 入户排查: what the persons did
        if unit in _ACTION_UNITS:
            verb = self._opening_verb(s, j, j + len(subject), unit in _BATCH_UNITS)
            if verb is not None:
                return verb  # 分4批救助大病特病困难家庭 → 救助: the batches are of an action
        trimmed = self._trim_after(s, j, j + len(subject), unit in _PERSON_UNITS)
        return self._past_run_on(s, j, trimmed) if trimmed else trimmed

    def _plain_nouns(self, s: str, i: int, k: int) -> bool:
        """True when ``s[i:k]`` (between the measure word and a 的) is two or more plain nouns
        (大赛项目), not a clause (来自中国, 身体条件较好), a figure, or 方面 (4个方面的要求)."""
        words = self.words(s, i, k)
        return (
            len(words) >= 2
            and words[0][0] == i
            and words[-1][1] == k
            and all(t in ("n", "nz", "j") for _a, _b, t in words)
            and "方面" not in s[i:k]
        )

    def _snap_before(self, s: str, a: int, start: int, i: int, k: int) -> str:
        """Rule 1: 支配收入 → 人均可支配收入, 业困难人员 → 就业困难人员, 率平 → (the word)."""
        words = self.words(s, a, start)
        lo, hi = i, k
        for ws, we, tag in words:
            if ws < i < we and not _NO_GROW.intersection(s[ws:i]):
                lo = ws  # the subject starts inside this word (not past a 的: 党的政策方针)
            if ws < k < we and _nounish(tag) and s[k] not in _NO_GROW:
                hi = we  # it ends inside a noun: the whole noun (not 困难村共: 共 is no part)
        if lo == i and i > a and s[i - 1] in "在到" and _one_char_place(words, i):
            lo = i - 1  # 在沪员工, 在岗, 到村调研指导: 在 / 到 and a place of one character
        inside = [(ws, we, tag) for ws, we, tag in words if ws >= lo and we <= hi]
        for n, (ws, _we, _tag) in enumerate(words):
            if ws == lo and n > 0:
                ps, pe, _ = words[n - 1]
                if s[ps:pe] in self.per_words:
                    lo = ps  # 人均 + 可支配收入 → 人均可支配收入
                break
        lo, hi = _trim_words(inside, lo, hi)
        return s[lo:hi]

    def _past_verb(self, s: str, a: int, start: int, subject: str) -> str:
        """Rule 4, a subject before the figure that holds a verb the lexicon does not list:
        the nouns after a verb inside it (上海局增开旅客列车250列 → 旅客列车), or the nouns
        before a verb that ends it behind an aspect particle or a modal (居委会牌子挂了二三十块
        → 居委会牌子; 工资可以加10% → 工资), the verb after a time or place frame (村里去年
        减贫550人 → 减贫); the subject unchanged otherwise (城镇新增就业, 减贫550人: no noun
        before or after the verb), the nouns after a verb the lexicon does not list opening it
        (而放眼运营里程超过13万公里 → 运营里程)."""
        i = s.rfind(subject, a, start)
        k = i + len(subject)
        clause = self.words(s, a, start)
        words = [w for w in clause if w[0] >= i and w[1] <= k]
        # (a conjunction, adverb … trimmed off before the subject: 而 of 而放眼运营里程)
        behind = any(we == i and tag[:1] in _FRAME_LEAD for _ws, we, tag in clause)
        if len(words) < 2:
            return subject
        after = _nouns_after_verb(s, words)
        if after is not None:
            return after
        return (
            _nouns_before_verb(s, words, k)
            or _verb_after_frame(s, words)
            or _nouns_after_opening_verb(s, words, behind)
            or subject
        )

    def _past_modal(self, s: str, a: int, start: int, subject: str) -> str:
        """A subject before the figure without a modal that ends it after nouns (年利润能达到
        一二百万元 → 年利润; the verb after the modal was cut already)."""
        if len(subject) < 3 or not subject.endswith(tuple(_MODALS)):
            return subject
        i = s.rfind(subject, a, start)
        words = [w for w in self.words(s, a, start) if w[0] >= i and w[1] <= i + len(subject)]
        if len(words) < 2 or s[words[-1][0] : words[-1][1]] not in _MODALS:
            return subject
        head = words[:-1]  # 年/m 利润/n: a numeral may open the noun, a noun must be there
        if not all(_nounish(t) for _a, _b, t in head) or not any(t[:1] == "n" for _a, _b, t in head):
            return subject
        return s[head[0][0] : head[-1][1]]

    def _opening_verb(self, s: str, j: int, k: int, batch: bool) -> str | None:
        """The verb that opens the subject ``s[j:k]`` after an action's measure word, when nouns
        follow it (分4批救助大病特病困难家庭 → 救助); ``None`` otherwise (开展1次走访). After a
        batch (批, 轮, 期: 分4批救助) a verbal noun counts as the verb (救助 is tagged vn)."""
        words = self.words(s, j, k)
        if len(words) < 2 or not words[0][2].startswith("v") or (words[0][2] == "vn" and not batch):
            return None
        ws, we, _tag = words[0]
        return s[ws:we] if ws == j and we - ws >= 2 and _nounish(words[-1][2]) else None

    def _trim_after(self, s: str, j: int, k: int, persons: bool = False) -> str | None:
        """Rule 2: the nouns after the measure word, up to a verb, adverb … after them
        (贫困户免费送 → 贫困户); after persons, without a modifier of 有 and a noun before
        their noun (20余名有劳力村民入社 → 村民)."""
        b = _clause_end(s, k)  # the word that ends the subject may reach past it
        seen_noun = real_noun = False
        cut = k
        words = self.words(s, j, b)
        if words and _opens_no_noun(s, j, k, words):
            return None  # 十年前的情景, 30分钟后, 1名仍达不到
        for n, (ws, we, tag) in enumerate(words):
            if ws >= k:
                break
            if ws < k < we:
                # the subject ends inside a word: the whole noun (伟大成 → 伟大成就), else
                # without the word (八个字落到实处 → 字)
                # (315个困难村共增加: 共 is no part of the noun, though the word is 村共)
                cut = _cut_inside(s, (j, k), words, n)
                break
            last = n + 1 == len(words)
            # a verb ends the nouns when more words follow it (贫困户免费送去); a last word tagged
            # as a verb is often a noun's head (自贸协定)
            # (自贸协定), but not after persons, whose last verb is what they did (1名平民丧生),
            # and an idiom is a predicate (1名法警壮烈牺牲, 5000余种进口商品琳琅满目)
            head_verb = last and tag.startswith("v") and not (persons and real_noun)
            stop = tag == "i" or (_stops(tag) and not head_verb)
            if seen_noun and stop and not (persons and _modifies(s, words, n, b)):
                cut = ws
                break
            if real_noun and _ends_nouns(s, words, n, persons):
                cut = ws  # 9架直升机护卫着, 100位外国专家荣获…, 99家民营企业全国“…”
                break
            real_noun = real_noun or _nounish(tag)  # (53.7万人实现脱贫: no noun, the verbs stay)
            seen_noun = True  # the first word is the noun's start (村 of 315个村纳入…, tagged zg)
            cut = min(we, k)
        if cut > j and persons:
            return _past_having(s, words, j, cut)  # 20余名有劳力村民 → 村民
        return s[j:cut] if cut > j else s[j:k]

    def _verb_only(self, s: str, a: int, start: int, subject: str) -> bool:
        """True when ``subject`` (before the figure) is made of verbs, adverbs and adjectives
        only: 凑齐, 扩种, 编, 有, 属, 验收, 能挣."""
        i = s.rfind(subject, a, start)
        k = i + len(subject)
        tags = [tag for ws, we, tag in self.words(s, a, start) if ws >= i and we <= k]
        return bool(tags) and all(t in _VERB_TAGS for t in tags)

    def noun_after(self, s: str, end: int) -> str | None:
        """The nouns right after the measure word (after a 的 or 了): 扩种了20亩辣椒 → 辣椒."""
        while end < len(s) and s[end] in "的了":
            end += 1
        b = end
        while b < len(s) and b < end + _AFTER_MAX and s[b] not in _BOUNDARY:
            b += 1
        cut = end
        for _ws, we, tag in self.words(s, end, b):
            if not _nounish(tag) or tag in ("m", "q", "x"):
                break
            cut = we
        return s[end:cut] if cut - end >= 1 else None
