"""What a number measures (its ``subject``) and what it is per (its ``per``).

Both are read from the clause around the number, on normalized text, with the words of
the ``subject_words`` and ``per_words`` lexicon tables. The subject heuristic:

1. a noun right after the unit (``1.2万名党员干部`` → 党员干部; ``80平方米的村级卫生室`` →
   村级卫生室) for every kind but money; it stops before a verb or function word;
2. otherwise the noun phrase before the number in its clause: the words after the last
   verb or function word (``全村共有耕地170亩`` → 耕地; ``投入专项帮扶资金1万余元`` →
   专项帮扶资金), trailing verbs and function words dropped (``贫困发生率下降至`` →
   贫困发生率);
3. a money amount prefers (2): the money is what the clause before it names;
4. a time phrase right before the number (2014年的, 去年的) is skipped, and in a change
   (贫困发生率由26.3%降至0.5%) the second figure takes the first one's subject (the
   quantity pass calls :meth:`SubjectFinder.is_change` with the previous figure);
5. the first figure of a change after 由 / 从 is a figure of the noun before 由 / 从 for
   every kind (施工时间由过去的两个工作日缩短到20分钟 → 施工时间; 运行时间从近7个小时缩短为
   2小时以内 → 运行时间), not of the change verb after it;
6. a verb after 新增 is a noun (城镇新增就业1361万人 → 城镇新增就业, not 城镇新增);
7. a term in quotes right after the measure word, or after a short modifier, is what a
   count counts (20名全国“新时代好少年” → 新时代好少年; 三名驻村“第一书记” → 第一书记);
8. a verb alone after the measure word gives way to the noun before the number (贫困户1200户
   脱贫 → 贫困户); a duration after 未来 / 今后 / 过去 takes no verb for subject (预计未来15年:
   no 预计), and one followed by a localizer none (力争三到五年内); a verb and its 的 after a
   duration give way to the noun right before it (新中国70年取得的巨大成就 → 新中国);
9. money after 和 / 与 / 及 is named after it (24.4万个就业岗位和20多亿美元的税收 → 税收);
10. a level word of the noun's own last character ends it (7个行政村村级组织活动场所 →
    行政村);
11. a figure alone in parentheses is of the noun before them (地方分担的部分（50%） → 部分);
    a count before X之间的Y counts X (两个文明古国之间的纽带 → 文明古国);
12. what stands between the measure word and the noun is skipped: a parenthesis (全村10个
    (前期7个,后期新碾压3个)出入口 → 出入口, for the figures inside it too), another figure and
    its 的 (一处80平方米的村级标准化卫生室) or an age limit (5000多万名5岁以下儿童 → 儿童), the
    方面 of 个方面, an adverb before a duration's verb (24小时轮流值守 → 值守);
13. money after a verb of result (完成, 实现, 达) is what the noun before the verb names
   (铁路固定资产投资完成8028亿元 → 铁路固定资产投资); after a verb of spending it stays the
   verb (投资8万元 → 投资; 省教育厅投入110万元 → 投入);
14. a measure (area, length, weight, volume) behind a qualifier or 达 and before 的 and what has
    it is named before it (运营里程超过13万公里的中国铁路 → 运营里程; 面积达500亩的基地 → 面积).
"""

from __future__ import annotations

import re

import regex

from ...chars import alternation
from ...lexicon import Lexicon
from ...lexicon.tables import PER_WORDS, SUBJECT_ROLES, SUBJECT_WORDS
from .constructions import Constructions
from .units import UnitTable

__all__ = ["SubjectFinder"]


def _alternation(words: set[str]) -> re.Pattern[str]:
    # the standard library: see chars.alternation_re (but no words match the empty string here)
    return re.compile(alternation(words))


def _trailing(words: set[str]) -> re.Pattern[str]:
    """``(?:w1|w2|…)+$``: a run of the words that ends the text. A class of the words' first
    characters in front lets a search skip every other position at once (the alternation
    alone is tried word by word at each position)."""
    alt = _alternation(words).pattern
    if not words:
        return re.compile("(?:" + alt + ")+$")
    first = re.escape("".join(sorted({w[0] for w in words})))
    return re.compile("(?=[" + first + "])(?:" + alt + ")+$")


def _cut_tail(pattern: re.Pattern[str], last: frozenset[str], text: str) -> str:
    """``pattern.sub("", text)`` for a :func:`_trailing` pattern whose words end in ``last``."""
    if text and text[-1] not in last and text[-1] != "\n":
        return text  # no word ends the text: nothing to cut
    return pattern.sub("", text)


# a clause ends at these characters (the subject never crosses them)
_BOUNDARY = '，,。；;：:、！？!?（()）“”"‘’「」『』《》【】[]\n\r\t 　…—/'
_PRE_CHARS = frozenset(_BOUNDARY + "0123456789%")
_AFTER = regex.compile(r"(?:[^\P{Han}二三四五六七八九两]|[两二三四五]级){1,16}")  # 市区两级帮扶单位
# a quoted term after the measure word, behind at most a short modifier (rule 7)
_QUOTED = regex.compile(r"[^\P{Han}“”的]{0,2}[“「]([^\P{Han}“”「」]{2,12})[”」]")
_QUOTE_OPEN = re.compile("[“「]")
# time words before a duration that leave a verb before them no subject (rule 8)
# rule 12: a parenthesis after the measure word, the rest of one the figure stands in, and
# another figure with its 的 between the measure word and the noun
_ASIDE = re.compile(r"[(（][^()（）。；;]{1,30}[)）]")
_INSIDE = re.compile(r"[^()（）。；;]{0,20}[)）]")
_OPENS = re.compile(r"[0-9]\s?[^\W\d_]{1,2}\s?[(（][^()（）]*$")
_FIGURE_DE = re.compile(r"[0-9]+(?:\.[0-9]+)?\s?(?:[^\W\d_的]{1,4}的|岁(?:及)?(?:以下|以上))")
_NEGATION = frozenset("没不未无")
# the last character of a unit that counts actions: a verb after it names them (开展1次走访)
_ACTION_END = frozenset("次回遍趟场轮批期")
# a localizer after a duration (rule 8): 三到五年内, 十年间, 两年中
_WITHIN = ("内", "以内", "之内", "间", "之间", "中", "里", "前", "以前", "之前", "后", "以后", "之后")
_AHEAD = ("未来", "今后", "过去", "此后")
_MAX_BACK = 24
# a time phrase that dates the figure after it (2014年的26.3%, 去年同期的, 2019年底的)
_TIME_BEFORE = re.compile(
    r"(?:(?:[12][0-9]{3}|[〇零一二三四五六七八九]{4})年(?:[0-9]{1,2}月)?(?:底|初|末|中)?"
    r"|(?:(?:[0-9]{2}|[一二十]{1,3})世纪)?(?:[0-9]{2}|[二三四五六七八九]十)年代(?:初|末|中期)?"
    r"|[今去前上当本]年(?:底|初|末|同期)?|同期|年初|年底|年末|原先|原来|过去|此前|以前|最初|起初|当初|现在|目前|如今|当时)"
    r"(?:的|时)?(?=$)"
)
# the last characters of the time phrases of _TIME_BEFORE (a quick test before the search)
_TIME_LAST = frozenset("年月底初末中代期先来去前在今时的")
# a comma and a comparison between two figures: ，同比增长 ，比上年增长 ，较2017年末减少了
_COMPARE = re.compile(
    r"[，,]\s*(?:(?:同比|环比|比|较)[^，,。；;！？!?\s]{0,10}?)?(?:分别)?"
    r"(?:增长|增加|下降|减少|提高|上升|降低|扩大|缩小|回落|上涨|下跌|增|减|降|涨|跌|多|少|高出|低出|高|低)"
    r"(?:了|达到|达|至|到|为)?"
)
# the end of a date the clause starts in: 年, 年底, 月份, 日 … (2016年识别…)
_DATE_TAIL = re.compile("(?:年(?:底|初|末|度)?|月(?:份|底|初|末)?|日|号)(?:的|以来|来)?")
# "the whole county / village …" in front of a noun: 全县贫困人口
_WHOLE = re.compile("全[国省市县区乡镇村州盟旗](?!性)")
# a change verb ends in 至, 到 or 为 (降至, 增加到, 下降为)
_CHANGE_END = re.compile("[至到为]了?(?=$)")
# rule 14: measures named before a qualifier (超过, 近, 逾, 约 …) and 的
_MEASURES = frozenset({"area", "length", "weight", "volume"})
_QUALIFIER_FIRST = frozenset("超近逾约达")
# the last character of a measure's name (面积, 总重, 海拔, 排气量, 里程, 高度)
_MEASURE_END = frozenset("积拔量程度")
_WEIGHTS = ("总重", "净重", "毛重", "体重", "自重")  # (not 要背着重达17公斤的装备)
_GENERIC_MW = frozenset("个名位家所座项条")
# 由 / 从 right before the first figure of a change (rule 5): 施工时间由过去的两个工作日
_ORIGIN = frozenset("由从")
# 新增 + a verb ending the text before the figure (rule 6): 城镇新增就业
_NEW_VERB = re.compile("新增(?P<verb>[^\\W\\d_]{2})$")
# verbs of result (rule 7): the money is the noun's before them, 投资完成8028亿元
_RESULT_VERBS = frozenset({"完成", "实现", "达", "突破", "超过", "超", "是", "为"})


class SubjectFinder:
    """Finds the subject and the ``per`` of a quantity in its clause."""

    def __init__(self, lexicon: Lexicon, units: UnitTable) -> None:
        roles: dict[str, set[str]] = {role: set() for role in SUBJECT_ROLES}
        for w in lexicon.table(SUBJECT_WORDS):  # (a `word` row holds a motion word: checked)
            roles[w.role].add(w.word)
        self.motions = frozenset(roles["motion"])
        # a motion word, or a longer word holding one (leftmost, longest first)
        self._motion = _alternation(roles["motion"] | roles["word"]) if roles["motion"] else None
        self.verbs = frozenset(roles["verb"])
        self.funcs = frozenset(roles["func"])
        self.preps = frozenset(roles["prep"])
        after_words = roles["verb"] | roles["func"] | roles["prep"]
        before_words = after_words | roles["pre"]
        self._stop = _alternation(after_words)
        self._stop_before = _alternation(before_words)
        self._trail = _trailing(before_words)
        self._trail_last = frozenset(w[-1] for w in before_words)
        self._tail_func = _trailing(roles["func"] | roles["pre"])
        self._tail_func_last = frozenset(w[-1] for w in roles["func"] | roles["pre"])
        lead = roles["func"] | roles["pre"] | roles["prep"]
        self._lead = re.compile("^(?:" + _alternation(lead).pattern + ")+")
        self._lead_at = re.compile("(?:" + _alternation(lead).pattern + ")+")  # for match(s, pos)
        per = {p.word: p.per for p in lexicon.table(PER_WORDS)}
        self.per_words = per
        self._per_chars = frozenset("每" + "".join(per))
        # 每 + a unit or measure word: 每亩, 每户, 每年, 每名 …
        self.units = units
        unit_alt = units.pattern(arabic=False)
        per_alt = alternation(per)
        self._per = regex.compile(
            rf"(?P<word>{per_alt})|每(?P<unit>{unit_alt}|天|日|周|月)(?P<noun>[^\P{{Han}}每]{{0,6}})"
        )

    # -- clause ------------------------------------------------------------------------------------

    @staticmethod
    def clause_start(s: str, start: int, floor: int = 0) -> int:
        """Where the clause holding ``start`` begins (never before ``floor``)."""
        lo = max(floor, start - _MAX_BACK)
        for i in range(start - 1, lo - 1, -1):  # a plain loop: cheaper than a reverse search here
            if s[i] in _PRE_CHARS:
                return i + 1
        return lo

    # -- subject -----------------------------------------------------------------------------------

    def time_before(self, s: str, start: int, floor: int = 0) -> int:
        """Where a time phrase that ends right at ``start`` begins (``start`` when there is
        none): 2014年的, 2013年底的, 去年的, 同期的 — it dates the figure, it does not name it."""
        if start < 2 or s[start - 1] not in _TIME_LAST:
            return start  # no time phrase ends there (checked against the search in the tests)
        lo = max(floor, start - 14)
        m = _TIME_BEFORE.search(s, lo, start)
        return m.start() if m is not None else start

    def is_change(self, s: str, end: int, start: int) -> bool:
        """True when ``s[end:start]``, between two figures, is a change verb alone (降至,
        增加到, 提高到, 减少至 …), as in 贫困发生率由26.3%降至0.5%."""
        gap = s[end:start]
        if not gap or len(gap) > 6 or not _CHANGE_END.search(gap):
            return False
        return _cut_tail(self._trail, self._trail_last, gap) == ""

    def is_comparison(self, s: str, end: int, start: int) -> bool:
        """True when ``s[end:start]``, between two figures of one sentence, is a comma and a
        comparison alone (，同比增长 / ，比上年增长 / ，比2017年末减少 / ，增长): the second
        figure is the change of what the first measures."""
        if not 0 < start - end <= 18 or _COMPARE.fullmatch(s, end, start) is None:
            return False
        bi = s.find("比", end, start)
        # ，比贫困地区增速高0.1个百分点: a gap to another rate, which names the subject
        return bi < 0 or Constructions.rate_compared(s, bi) is None

    def subject(
        self, s: str, kind: str, start: int, end: int, a: int, before: int | None = None
    ) -> str | None:
        """The subject of the quantity at normalized ``[start, end)`` whose clause starts at ``a``.

        Take ``a`` from :meth:`clause_start` with the end of the previous quantity in the same
        clause as its floor, so enumerations (35户、73人) do not share subjects. ``before``:
        where the text before the figure ends for the subject's purposes (before a time
        phrase, see :meth:`time_before`; default ``start``).
        """
        start = start if before is None else before
        if start > 0 and s[start - 1] in "(（" and s[end : end + 1] in ")）":
            # 地方分担的部分（50%）: a figure alone in parentheses is of the noun before them,
            # unless that is another figure's unit (35亿比索（约合4.53亿元人民币）: no 亿比索)
            c = self.clause_start(s, start - 1)
            return self._before(s, start - 1, c) if c == 0 or not s[c - 1].isdigit() else None
        origin = self._origin(s, start, a)
        if origin is not None:
            return origin  # 施工时间由过去的两个工作日缩短到20分钟 → 施工时间
        if kind == "money":
            return self._money_subject(s, start, end, a)
        quoted = _QUOTED.match(s, end) if kind == "count" and _QUOTE_OPEN.search(s, end, end + 4) else None
        if quoted is not None:
            return str(quoted.group(1))  # 20名全国“新时代好少年” → 新时代好少年
        end = self._past_aside(s, start, end, kind)
        if kind == "duration":
            return self._span_subject(s, start, end, a)
        measured = self._measured(s, kind, start, end, a)
        if measured is not None:
            return measured  # 运营里程超过13万公里的中国铁路 → 运营里程
        after = self._after(s, end, "的")
        if after and after in self.verbs and s[end - 1] not in _ACTION_END:
            return self._verb_after(s, start, end, a, after)
        return after or self._before(s, start, a)

    def _measured(self, s: str, kind: str, start: int, end: int, a: int) -> str | None:
        """Rule 14: a measure (area, length, weight, volume) behind a qualifier or 达 and before
        的 + what has it is named by the noun before it when that names a measure (运营里程超过
        13万公里的中国铁路 → 运营里程; 面积达500亩的基地 → 面积; 海拔超过4000米的高寒地区 →
        海拔); ``None`` otherwise (500亩的基地, 一大片深约1米的土层: the noun after 的)."""
        if kind not in _MEASURES or not s.startswith("的", end) or start - a < 3:
            return None
        if not (s[start] in _QUALIFIER_FIRST or s[start - 1] == "达" or s.endswith("达到", a, start)):
            return None
        noun = self._before(s, start, a)
        if noun is None or len(noun) < 2 or not (noun[-1] in _MEASURE_END or noun.endswith(_WEIGHTS)):
            return None  # 一大片深约1米的土层, 形成一个约36亿立方米的水库: no measure before
        return noun

    def _span_subject(self, s: str, start: int, end: int, a: int) -> str | None:
        """A duration's subject: the words after it (生病住院4个多月 … 24小时轮流值守 → 值守), none
        before a localizer (三到五年内, 两年前的两倍), the noun before it when a verb and its 的
        follow (新中国70年取得的成就 → 新中国), no verb before 未来 (预计未来15年), else the verb
        before it (生病住院4个多月 → 住院) or the noun (最近三年: no 最)."""
        if s.startswith(_WITHIN, end):
            return None  # 三到五年内, 两年前的两倍: a localizer after a span names nothing
        after = self._after(s, end, "来的")
        if after and len(after) == 1:
            after = None  # 中国改革开放的40年也是…: one character after the span names nothing
        if after in self.verbs and s.startswith("的", end + len(after)):
            noun = self._before(s, start, a)  # 新中国70年取得的成就 → 新中国, not 取得
            if noun is not None and len(noun) >= 2 and noun not in self.verbs:
                return noun
        if after:
            return after
        if s.endswith(_AHEAD, a, start):
            noun = self._before(s, start - 2, a)  # 预计未来15年: no verb names a span ahead
            return noun if noun is not None and len(noun) >= 2 and noun not in self.verbs else None
        verb = self._trailing_verb(s, start, a)
        if verb is not None:  # 生病住院4个多月 → 住院; 作业时间减到3小时 → 作业时间
            return self._changed(s, start, a) or verb
        noun = self._before(s, start, a)
        return noun if noun is not None and len(noun) >= 2 else None  # 最近三年: no 最

    def _past_aside(self, s: str, start: int, end: int, kind: str) -> int:
        """Where the noun of the figure ending at ``end`` may start, past what stands between
        (rule 12): a parenthesis (全村10个(前期7个,后期3个)出入口 → after the parenthesis; the
        figures inside it look past its end too), another figure and its 的 (一处80平方米的村级
        卫生室), the 方面 of 个方面 (3个方面整改意见), an adverb before a duration's verb
        (24小时轮流值守)."""
        lo = max(0, start - 24)
        opened = s.find("(", lo, start) >= 0 or s.find("（", lo, start) >= 0  # quick test first
        inside = _INSIDE.match(s, end) if opened else None
        if inside is not None and _OPENS.search(s, lo, start):
            end = inside.end()  # 前期7个,后期3个)出入口: the figures inside the parenthesis
        elif s[end : end + 1] in "(（":
            aside = _ASIDE.match(s, end)
            end = aside.end() if aside is not None else end  # 10个(前期7个…)出入口
        figure = _FIGURE_DE.match(s, end) if s[end : end + 1].isdigit() else None
        if figure is not None:
            return figure.end()  # 一处80平方米的村级标准化卫生室
        if s.startswith("方面", end):
            de = end + 2 + s.startswith("的", end + 2)  # 四个方面的指示要求
            if self._plain_noun_after(s, de):
                return de  # 3个方面整改意见 → 整改意见 (not 五个方面进行研究, 6个方面的需求出发)
        if kind == "duration":
            lead = self._lead_at.match(s, end)
            if lead is not None and not _NEGATION.intersection(lead.group()):
                return lead.end()  # 24小时轮流值守 → 值守 (坚守47天没有回家: no 回家)
        return end

    def _plain_noun_after(self, s: str, i: int) -> bool:
        """True when the rest of the clause from ``i`` is a plain noun: no 的, 了, verb or
        function word (3个方面整改意见。), so a word before it (方面) may be skipped."""
        m = _AFTER.match(s, i)
        if m is None or m.end() - i < 2 or (m.end() < len(s) and s[m.end()] not in _PRE_CHARS):
            return False
        piece = m.group()
        return "的" not in piece and "了" not in piece and self._stop.search(piece) is None

    def _verb_after(self, s: str, start: int, end: int, a: int, verb: str) -> str | None:
        """Rule 8: a verb alone after the figure names nothing: the noun after its 的 (可容纳
        20人居住的养老院 → 养老院), else the noun before the figure (贫困户1200户脱贫 → 贫困户),
        else the verb."""
        at = end + len(verb)
        if s.startswith("的", at):
            noun = self._after(s, at + 1, "", verb_first=False)
            if noun is not None and len(noun) >= 2:
                return noun
        if self._trailing_verb(s, start, a) is not None:
            return verb  # 中国已实现数亿人脱贫: the noun before the verb 实现 is its actor
        noun = self._before(s, start, a)
        if noun is not None and len(noun) >= 2 and noun not in self.verbs and s.endswith(noun, a, start):
            return noun  # right before the figure (我们镇有4位获得: 有 stands between)
        return verb

    def _origin(self, s: str, start: int, a: int) -> str | None:
        """Rule 5: the noun before 由 / 从 right before the figure (运行时间从近7个小时 →
        运行时间; 贫困人口由9899万人 → 贫困人口); ``None`` when no 由 / 从 stands there."""
        if start - a < 3 or s[start - 1] not in _ORIGIN:
            return None
        noun = self._before(s, start - 1, a)
        return noun if noun is not None and len(noun) >= 2 and noun not in self.verbs else None

    def noun_before(self, s: str, start: int, a: int) -> str | None:
        """The noun phrase before ``start`` in the clause starting at ``a`` (全县贫困人口占 →
        贫困人口, with the 占 cut off by the caller)."""
        return self._before(s, start, a)

    def _changed(self, s: str, start: int, a: int) -> str | None:
        """After a change verb (人均收入增加到8000元): what changes, the noun before the verb;
        ``None`` when the verb before the figure is no change verb or no noun precedes it."""
        if not _CHANGE_END.search(s, a, start):
            return None
        noun = self._before(s, start, a)
        return noun if noun is not None and len(noun) >= 2 and noun not in self.verbs else None

    def _trailing_verb(self, s: str, start: int, a: int) -> str | None:
        if a < start and s[start - 1] not in self._trail_last and s[start - 1] != "\n":
            return None  # no word ends there: the search could not match
        tail = self._trail.search(s, a, start)
        return self._last_verb(tail.group()) if tail is not None else None

    def _money_subject(self, s: str, start: int, end: int, a: int) -> str | None:
        """Money is what the clause before it names; after a bare verb (投资8万元), the verb,
        unless a noun follows the amount (获得7万元利润分成)."""
        if a < start and s[start - 1] in "和与及":
            after = self._after(s, end, "的", verb_first=False)
            if after and len(after) >= 2:
                return after  # 24.4万个就业岗位和20多亿美元的税收 → 税收
        verb = self._trailing_verb(s, start, a)
        if verb is not None:
            after = self._after(s, end, "的", verb_first=False)
            if after and len(after) >= 2:
                return after
            return self._changed(s, start, a) or self._resulting(s, start, a, verb) or verb
        before = self._before(s, start, a)
        if before:
            return before
        after = self._after(s, end, "的", verb_first=False)
        return after if after and len(after) >= 2 else None

    def _resulting(self, s: str, start: int, a: int, verb: str) -> str | None:
        """Rule 7: after a verb of result, the noun before it (铁路固定资产投资完成8028亿元 →
        铁路固定资产投资); ``None`` after other verbs (投入110万元) or with no noun before."""
        if verb not in _RESULT_VERBS:
            return None
        at = s.rfind(verb, a, start)
        noun = self._before(s, at, a) if at > a else None
        return noun if noun is not None and len(noun) >= 2 and noun not in self.verbs else None

    def _last_verb(self, text: str) -> str | None:
        last = None
        for m in self._stop_before.finditer(text):
            if m.group() in self.verbs:
                last = m.group()
        return last

    def noun_after(self, s: str, end: int) -> str | None:
        """The noun right after ``end`` (after a 的), if one starts there: 1100多万困难残疾人 →
        困难残疾人; none before a verb (900万建设道路) or punctuation."""
        return self._after(s, end, "的", verb_first=False)

    def head_after(self, s: str, end: int) -> str | None:
        """The noun phrase right after ``end``, which may open with a verb that modifies it
        (4731人退出贫困户 → 退出贫困户; 增收项目)."""
        return self._after(s, end, "的")

    def _after(self, s: str, end: int, skip: str, *, verb_first: bool = True) -> str | None:
        """The noun right after the unit: 1.2万名党员干部 → 党员干部; 18名身体较好的党员 → 党员."""
        while end < len(s) and s[end] in skip:
            end += 1
        m = _AFTER.match(s, end)
        if not m:
            return None
        text = m.group()
        among = text.find("之间")
        if among >= 2:
            return self._head(text[:among], verb_first)  # 两个文明古国之间的纽带 → 文明古国
        de = text.find("的", 0, 10)
        before_de = self._head(text[:de], verb_first, motion=False) if de >= 0 else None
        if (de >= 3 and before_de == text[:de]) or (de >= 0 and before_de is None):
            # N名身体条件较好的党员: the head noun follows 的; 7个村的…: 村 is counted
            head = self._head(text[de + 1 :], verb_first)
            if head is not None:
                return head
        return self._head(text, verb_first)

    def _head(self, text: str, verb_first: bool, *, motion: bool = True) -> str | None:
        """The noun that opens ``text`` (the text after a unit): 党员干部 of 党员干部到杜尔伯特县,
        机构 of 机构参与; ``None`` when a change verb (扩大到…) or another stop word opens it.
        ``verb_first``: a verb may open the noun (增收项目); ``motion``: a motion word ends it."""
        if self._starts_with_change(text):
            return None  # a change verb follows (500平方米扩大到…): it names no subject
        cut = self._noun_end(text, verb_first)
        if cut < 0:
            return None
        if motion and self._motion is not None and cut > 2:
            cut = self._motion_cut(self._motion, text, cut)
        cut = _own_level(text, cut)
        if _CHANGE_END.search(text, 0, cut) and not _cut_tail(self._trail, self._trail_last, text[:cut]):
            return None  # a change verb (5.6万人减少到…) names no subject; 1次走访 does
        head = _cut_tail(self._tail_func, self._tail_func_last, text[:cut]) or text[:cut]
        if len(head) >= 2:
            return head
        # one character stands alone only before a verb, a function word or punctuation
        # (7个村的…, 949个村全部实现…)
        return head if head and (cut < len(text) or len(text) == 1) else None

    def _noun_end(self, text: str, verb_first: bool) -> int:
        """Where the noun opening ``text`` ends: at a function word, or at a verb two or more
        characters in (近450家机构参与 → 机构; 实现脱贫 stays whole after an opening verb); -1
        when a stop word opens ``text`` (a verb may, with ``verb_first``: 增收项目)."""
        verb_first_seen = False
        for m in self._stop.finditer(text):
            w = m.group()
            if m.start() == 0:
                if w not in self.verbs or not verb_first:
                    return -1
                verb_first_seen = True
                continue  # a verb first is often a modifier: 增收项目, 就业扶持政策
            if w in self.preps:
                continue  # 为 in 行为, 对 in 帮扶对子
            # a verb ends the noun (近450家机构参与 → 机构), but not one right after a verb
            # that opened it (实现脱贫 stays whole)
            if w in self.funcs or m.start() >= 3 or (m.start() == 2 and not verb_first_seen):
                return m.start()
        return len(text)

    def _motion_cut(self, motion: re.Pattern[str], text: str, cut: int) -> int:
        """Where a motion word after the noun's first two characters ends it: 3名党员干部到杜尔伯特县
        → 党员干部 (not the 为 of 行为 or the 来 of 以来: longer words holding one)."""
        for m in motion.finditer(text, 2, cut):
            if m.group() in self.motions and text[: m.start()] not in self.verbs:
                return m.start()  # 3名党员干部到杜尔伯特县 → 党员干部 (not 行为, 以来)
        return cut

    def _starts_with_change(self, text: str) -> bool:
        """True when ``text`` opens with a change verb: 降至, 增加到, 扩大到现在的, 下降为 (a
        verb ending in 至/到, or a verb then 至, 到 or 为)."""
        pos = 0
        prev_verb = False
        for m in self._stop_before.finditer(text):
            w = m.group()
            if m.start() != pos:
                return False  # something else comes first
            if len(w) > 1 and w[-1] in "至到" and w in self.verbs:
                return True
            if prev_verb and w in ("到", "至", "为"):
                return True
            prev_verb = w in self.verbs
            if not prev_verb:
                return False
            pos = m.end()
        return False

    def _before(self, s: str, start: int, a: int) -> str | None:
        """The noun phrase before the number: after the last verb or function word (全村共有耕地
        170亩 → 耕地), past a date the clause starts in (2016年识别建档立卡贫困户46户) and
        without a per phrase (每名党员联系 → 党员联系)."""
        if 0 < a < start and s[a - 1].isdigit():
            a = _after_date(s, a, start)
        seg = s[a:start]
        if not seg:
            return None
        new = _NEW_VERB.search(seg)
        if new is not None and new.group("verb") in self.verbs:
            # 城镇新增就业1361万人: the verb after 新增 is a noun (rule 6)
            head = self._before_core(seg[: new.start()], whole=False) if new.start() else ""
            return (head or "") + new.group()
        if not self._per_chars.isdisjoint(seg):
            rest, word = self._drop_per(seg)  # 每名党员联系 → 党员联系, 实现年人均 → 实现年 + 人均
            if word or len(rest) < len(seg):
                return self._before_per(rest, word)
        return self._before_core(seg)

    def _before_per(self, rest: str, word: str) -> str | None:
        """The noun phrase of ``rest``, the text before the number without its per phrase;
        ``word`` the per word that ended it, which stays (实现年人均 → 年人均, 户均)."""
        if word:
            head = self._before_core(rest, whole=False) if rest else ""
            return (head or "") + word  # 年人均 (the per word stays: 年人均收入, 户均)
        subj = self._before_core(rest, whole=False) if len(rest) >= 2 else None
        return subj if subj is not None and len(subj) >= 2 else None  # 每亩产800斤: no 产

    def _before_core(self, seg: str, whole: bool = True) -> str | None:
        """The noun phrase ending ``seg``: trailing verbs and function words and leading ones
        dropped, then what follows the last stop word (投入专项帮扶资金 → 专项帮扶资金); only
        verbs stand for themselves (投资). ``whole``: a one-character noun gives way to the whole
        phrase (羊2080只, 全村共207户)."""
        trimmed = _cut_tail(self._trail, self._trail_last, seg)
        core = str(self._lead.sub("", trimmed))
        if not core:
            return _verbs_only(str(self._lead.sub("", seg)))  # only verbs: 投资, 送去
        cut = 0
        for m in self._stop_before.finditer(core):
            cut = m.end()
        core, cut = _whole_place(trimmed, core, cut)
        subj = core[cut:]
        if len(subj) >= 2 or not whole:
            return subj
        return core  # 羊2080只, 全村共207户: a short noun that is the whole clause

    def _drop_per(self, seg: str) -> tuple[str, str]:
        """``seg`` without its ``per`` phrase, and the per word that ended it: what follows
        the last 每 + unit (每名党员联系 → 党员联系) or, when nothing does, what precedes it
        (养老金每年 → 养老金), or what precedes a per word that ends ``seg`` (实现年人均 →
        实现年, 人均)."""
        last = None
        for m in self._per.finditer(seg):
            last = m
        if last is None:
            return seg, ""
        if last.group("unit"):
            if last.end("unit") == len(seg):
                return seg[: last.start()], ""  # 养老金每年1548元 → 养老金
            return seg[last.end("unit") :], ""
        if last.end() == len(seg):
            return seg[: last.start()], last.group()
        return seg, ""

    # -- per ---------------------------------------------------------------------------------------

    def per(self, s: str, start: int, a: int, slash: str | None = None) -> str | None:
        """What the figure starting at ``start`` is per: 人均 → 人, 每户每亩 → 户·亩.

        ``slash`` is the canonical unit written after a slash (600元/亩 → 亩), if any.
        """
        out: list[str] = []
        if a < start and not self._per_chars.isdisjoint(s[a:start]):
            out = [self._per_of(m) for m in self._per.finditer(s, a, start)]
        if slash is not None:
            out.append(slash)
        return "·".join(dict.fromkeys(out)) if out else None

    def _per_of(self, m: regex.Match[str]) -> str:
        """What one per phrase says the figure is per: a per word's own (人均 → 人), the
        canonical unit after 每 (每亩 → 亩, 每日 → 天) or, after a generic measure word, the
        noun (每个村 → 村, 每名党员 → 党员)."""
        if m.group("word"):
            return self.per_words[m.group("word")]
        written = m.group("unit")
        u = self.units.lookup(written)
        canon = u.canonical if u is not None else {"日": "天"}.get(written, written)
        noun = m.group("noun")
        if u is not None and u.canonical in _GENERIC_MW and noun:
            stop = self._stop_before.search(noun)
            noun = noun[: stop.start()] if stop else noun[:4]
            if len(noun) >= 1:
                canon = noun
        return canon


def _after_date(s: str, a: int, start: int) -> int:
    """Where the noun may start when the clause at ``a`` starts inside a date (2016年识别建档立卡
    贫困户46户): after its 年 / 月 / 日, which is no part of the noun."""
    m = _DATE_TAIL.match(s, a, start)
    return m.end() if m is not None and start - m.end() >= 2 else a


def _verbs_only(subj: str) -> str | None:
    """A clause of verbs only names itself (投资8万元 → 投资), but a change verb names nothing
    (已上升至1000万吨)."""
    if _CHANGE_END.search(subj):
        return None  # 已上升至1000万吨: a change verb names nothing
    return subj if len(subj) >= 2 else None


def _whole_place(trimmed: str, core: str, cut: int) -> tuple[str, int]:
    """全 + a place before the noun (全县贫困人口, 占全国比重): the 全 of 全县 / 全国 is a listed
    word, and its 县 / 国 is no part of the noun after it. ``core`` is ``trimmed`` without its
    leading words and ``cut`` the end of its last stop word; returns both, adjusted."""
    if _WHOLE.match(core, cut - 1 if cut else 0) and len(core) - cut >= 3:
        return core, cut + 1
    lead = len(trimmed) - len(core)
    if cut == 0 and len(core) >= 3 and trimmed[lead - 1 : lead] == "全":
        if _WHOLE.match(trimmed, lead - 1):
            return core, 1  # the 全 went with the leading words
        if core[1:2] == "性":
            return "全" + core, cut  # 全国性体育大赛: an adjective, whole
    return core, cut


def _own_level(text: str, cut: int) -> int:
    """Where a level word of the noun's own last character starts (行政村村级组织活动场所 →
    行政村: the 村级 places belong to the villages counted), or ``cut`` when none does."""
    for i in range(2, cut - 1):
        if text[i + 1] == "级" and text[i] == text[i - 1]:
            return i
    return cut
