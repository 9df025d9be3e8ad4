"""Subjects given by the construction a figure sits in, and what money is for.

Each rule reads the normalized sentence around one figure, on characters (the words they key
on are closed sets: 分别, 占, 高于, 用于 …):

1. **pairs**: the person figure of a household/person pair takes the persons of the
   households' subject (贫困户42户96人 → 96人: 贫困人口; 1783户4731人退出贫困户 → 退出贫困人口;
   脱贫36户70人 → 脱贫, the same verb; 全村共207户616人 → 全村人口);
2. **lists with 分别**: the i-th figure after 分别 takes the i-th noun of the list before it
   (贫困户、贫困人口分别为1200户、3500人 → 贫困户, 贫困人口; 绿地率、绿化覆盖率分别达到41%和
   44%); a list whose last item names the measure after 的 shares it (稻谷、小麦、玉米的每公顷
   产量分别为… → 每公顷产量);
3. **shares**: 占全省的46% / 相当于全国平均水平的71% is a share of what stands before 占 /
   相当于 (全县贫困人口占全省的46% → 贫困人口), or of the previous figure's subject when the
   clause starts with 占 (谷物产量6.1亿吨，占粮食总产量的90%以上 → 谷物产量);
4. **gaps**: N个百分点 after 高于 / 快于 / 比…提高 is a gap of what stands before the
   comparison (增速高于全省平均水平1.5个百分点 → 增速), or of the previous figure's subject;
5. **compared lists**: figures after 分别 in a clause that names only a baseline (，分别比1996年
   增长944.8%、171.1%; ，较1996年分别增长11.3%、46.8%) are the changes of the figures before it:
   the i-th takes the subject of the i-th of as many figures before the clause (粮食进口总量为
   11555万吨，出口总量366万吨 → 粮食进口总量, 出口总量);
6. **purpose** (money): 用于修路的资金300万元 → 修路; 投入110万元用于建设保护地小区 → 建设保护地小区;
7. **thresholds**: a figure with 以上 / 以下 before 的 and the holders it sorts, with nothing
   naming it, measures what the figure of its kind before it in the sentence measures
   (集体经济收入达到5万元以上，10万元以上的村达到50% → 集体经济收入).
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["Constructions"]

_BOUNDARY = "，,。；;：:！？!?（()）“”\"‘’「」『』《》【】[]\n\r\t 　…—"
# holders a threshold sorts (10万元以上的村, 1万元以上的户; rule 7)
_HOLDERS = frozenset("村户人家县乡镇市")
_SENTENCE_END = "。；;！？!?\n"
# 分别 + a verb, then figures joined by 、 和 与 及
_LIST_VERB = re.compile(r"分别(?:为|是|达到|达|有|占|增长|下降|提高|增加|减少)?")
_LIST_SEP = re.compile("[、和与及]|以及")
_SHARE = re.compile(r"(?:占|相当于)(?:到|了)?[^，,。；;！？!?]{0,16}?的$")
_GAP = re.compile(
    r"(?:高于|低于|快于|慢于|高出|低出|超过|超出|多于|少于|(?:比|较)[^，,。；;！？!?]{0,12}?"
    r"(?:提高|增加|上升|高|下降|减少|降低|低|回落|扩大|缩小|快|慢)(?:了)?)[^，,。；;！？!?]{0,14}$"
)
_PURPOSE_BEFORE = re.compile(r"用于([^，,。；;！？!?的]{2,20})的(?:[^，,。；;！？!?的]{0,10})$")
_PURPOSE_AFTER = re.compile(r"(?:的)?(?:资金|经费)?(?:全部|主要|专门)?用于([^，,。；;！？!?、]{2,24})")
# a clause before the figure that names nothing itself: 其中, 比 / 较 (2012年末的), a change verb
_FOLLOWS = re.compile(
    r"其中(?:有)?|其中[^，,]{0,2}?占|(?:比|较|与)(?:[^，,的]{0,10}的)?"
    r"|(?:累计|共|同比|分别|又|再)?(?:减少|增加|下降|增长|提高|降低|上升|扩大|缩小|新增)(?:了)?"
)
# a date the list's clause opens with (2017年稻谷、小麦、玉米的每公顷产量分别为…)
_HEAD_DATE = re.compile(
    r"^(?:[12][0-9]{3}年(?:[0-9]{1,2}月)?(?:底|末|初)?|[0-9]{1,2}月(?:份|底|末)?)(?:的|，)?"
)
# a clause before 分别 that names only a baseline of comparison (rule 5): 比1996年, 较上年
_BASELINE = re.compile(r"(?:同比|环比|(?:比|较|与)[^，,。；;！？!?、]{0,10}?(?:相比)?)?")
# the persons of a household/person pair after the households: 1783户4731人
_PERSONS_AFTER = re.compile(r"、?[0-9]+(?:\.[0-9]+)?万?[余多]?人")
# a whole place standing alone for the households of a pair (rule 1): 全村共207户616人
_WHOLE_PLACE = re.compile("全[国省市县区乡镇村]|该[省市县区乡镇村]")
# 比 / 较 + a rate + the comparison (rule 4): 比贫困地区增速高
_RATE_AFTER_BI = re.compile(
    r"(?:比|较)([^，,。；;！？!?0-9]{0,10}?(?:率|增速|增幅|比重|比例))(?:提高|增加|上升|高出|高|快|下降|减少|降低|低|慢)"
)
# the rest of a bare clause of figures: 157户 + 462人 + the clause's end
_BARE_FIGURES = re.compile(r"(?:、?[0-9]+(?:\.[0-9]+)?[万]?[余多]?[人名])?(?=[，,。；;]|$)")
# 比 / 较, a baseline and a change verb opening the figures after 分别 (rule 5): 比1996年增长
_BASELINE_CHANGE = re.compile(
    r"(?:比|较)[^，,。；;！？!?、]{0,10}?(?:增长|下降|增加|减少|提高|降低|上升|高|低)(?:了)?"
)
# leading words of a list item that are no part of its noun (其中, 全县 …)
_ITEM_LEAD = re.compile(r"^(?:其中|全[国省市县区乡镇村]|共|有|的|和|与|及)+")


class Constructions:
    """The construction rules of the module docstring, on normalized text."""

    @staticmethod
    def sentence_start(s: str, start: int, lo: int = 0) -> int:
        """Where the sentence part (up to a 。；！？) holding ``start`` begins."""
        lo = max(lo, start - 120)
        return max(lo, *(s.rfind(c, lo, start) + 1 for c in _SENTENCE_END))

    @staticmethod
    def clause_start(s: str, start: int) -> int:
        """Where the clause (up to a comma or stronger) holding ``start`` begins."""
        for i in range(start - 1, max(0, start - 60) - 1, -1):
            if s[i] in _BOUNDARY:
                return i + 1
        return max(0, start - 60)

    def pair(self, s: str, prev_end: int, prev_unit: str | None, start: int, unit: str | None,
             prev_subject: str | None) -> str | None:
        """Rule 1: the subject of the person figure of N户M人 (or N户、M人)."""
        if prev_unit != "户" or unit not in ("人", "名") or not prev_subject:
            return None
        if s[prev_end:start] not in ("", "、"):
            return None
        if prev_subject.endswith("户数") and len(prev_subject) >= 3:
            return prev_subject[:-2] + "人口"  # 全村户籍户数430户、1041人 → 户籍人口
        if self.whole_place(prev_subject):
            return prev_subject + "人口"  # 全村共207户616人 → 全村人口
        if prev_subject.endswith("户") and len(prev_subject) >= 2:
            return prev_subject[:-1] + "人口"  # 贫困户 → 贫困人口, 退出贫困户 → 退出贫困人口
        return prev_subject  # 脱贫36户70人, 培训355户412人: the same verb

    @staticmethod
    def whole_place(subject: str) -> bool:
        """True when ``subject`` is a whole place alone (全村, 全镇, 该县): it names where the
        figure is, not what it counts."""
        return _WHOLE_PLACE.fullmatch(subject) is not None

    def households(
        self, s: str, end: int, subject: str | None, head_after: Callable[[str, int], str | None],
        bare: bool, a: int,
    ) -> str | None:
        """Rule 1 for the households of a pair (a 户 figure ending at ``end``): named after
        the persons' noun when the clause names none or only a whole place (1783户4731人退出贫困户
        → 退出贫困户; 全镇1034户3560人贫困户月收入 → 贫困户, the households, not their income);
        a bare clause of figures takes the whole place opening the clause before (``bare``:
        nothing stands before the figure in its clause at ``a``)."""
        if subject is None or self.whole_place(subject):
            m = _PERSONS_AFTER.match(s, end)
            after = head_after(s, m.end()) if m else None
            if after is not None and 0 < after.find("户") < len(after) - 1:
                after = after[: after.find("户") + 1]  # 贫困户月收入 → 贫困户
            subject = after or subject
        if subject is None and bare:
            subject = self.place_of_clause_before(s, a, end)  # 全村共有耕地170亩,157户462人
        return subject

    def place_of_clause_before(self, s: str, a: int, end: int) -> str | None:
        """A figure that opens a bare clause of figures (全村共有耕地170亩,157户462人) is of the
        whole place that opens the clause before it (全村); ``None`` when a noun follows the
        figures or no whole place opens the clause before."""
        if a < 2 or s[a - 1] not in "，,":
            return None
        rest = _BARE_FIGURES.match(s, end)
        if rest is None:
            return None  # 157户贫困户: a noun follows
        m = _WHOLE_PLACE.match(s, self.clause_start(s, a - 1))
        return m.group() if m is not None else None

    def listed(self, s: str, start: int) -> str | None:
        """Rule 2: the i-th noun of the list before 分别 for the i-th figure after it."""
        at = s.rfind("分别", max(0, start - 120), start)
        if at < 0 or at < self.sentence_start(s, start):
            return None
        m = _LIST_VERB.match(s, at)
        assert m is not None
        between = s[m.end() : start]
        if any(c in between for c in "，,：:"):
            return None  # the figures after 分别 are a list without commas
        index = len(_LIST_SEP.findall(between))
        head = _HEAD_DATE.sub("", s[self.clause_start(s, at) : at])  # 2017年稻谷、小麦…
        if not head or any(c.isdigit() for c in head):
            return None  # 较1996年分别增长: no list of nouns (see compared)
        items = [x for x in _LIST_SEP.split(head) if x]
        last = items[-1]
        if "的" in last:  # 稻谷、小麦、玉米的每公顷产量: the measure they share
            shared = last[last.rfind("的") + 1 :]
            return shared if len(shared) >= 2 else None
        if len(items) == 1:
            return _ITEM_LEAD.sub("", last) or None  # 个人年度自付封顶分别为1000元、3000元
        # as many items as figures, from the end: 水稻、小麦、玉米三大粮食作物的农药、化肥利用率
        # 分别达到38.8%、37.8% → 农药, 化肥利用率
        items = items[-self._figures_after(s, m.end()) :]
        if index >= len(items):
            return None
        item = items[index]
        item = _ITEM_LEAD.sub("", item[item.rfind("的") + 1 :])
        return item if len(item) >= 2 else None

    def compared(self, s: str, start: int, seen: list[tuple[int, str | None]]) -> str | None:
        """Rule 5: the subject of the figure before the clause that the figure after 分别 at
        ``start`` is the change of (，分别比1996年增长944.8%、171.1%). ``seen``: the figures
        of the text so far, ``(start, subject)`` in order."""
        at = s.rfind("分别", max(0, start - 60), start)
        if at < 0:
            return None
        c = self.clause_start(s, at)
        m = _LIST_VERB.match(s, at)
        assert m is not None
        between = s[m.end() : start]
        if c >= at and not s.startswith(("比", "较"), m.end()):
            return None
        head, tail = s[c:at], between
        if s.startswith(("比", "较"), m.end()):  # 分别比1996年增长944.8%
            head, tail = "", s[m.end() : start]
            tail = tail[_comparison_end(tail) :]
        if _BASELINE.fullmatch(head) is None or any(x in tail for x in "，,：:"):
            return None
        index = len(_LIST_SEP.findall(tail))
        k = self._figures_after(s, m.end())
        earlier = [subj for i, subj in seen if self.sentence_start(s, c) <= i < c]
        if len(earlier) < k or index >= k:
            return None
        return earlier[len(earlier) - k + index]

    @staticmethod
    def _figures_after(s: str, i: int) -> int:
        """How many figures the list after 分别 at ``i`` holds (its separators plus one)."""
        j = i
        while j < len(s) and j < i + 60 and s[j] not in _BOUNDARY:
            j += 1
        return len(_LIST_SEP.findall(s, i, j)) + 1

    def follows(self, s: str, a: int, before: int, prev_start: int) -> bool:
        """True when the figure takes the subject of the figure before it in the sentence
        (starting at ``prev_start``): the clause before it is only 其中 (其中一半以上), a
        comparison's baseline (比1996年的15.5%) or a change verb (累计减少8239万人)."""
        if _FOLLOWS.fullmatch(s[a:before].strip()) is None:
            return False
        return prev_start >= self.sentence_start(s, before)

    def threshold(self, s: str, end: int, prev_start: int) -> bool:
        """Rule 7: True when the figure ending at ``end`` is a threshold that sorts holders (
        10万元以上的村达到50%: the villages whose income is above it) and a figure before it in
        the sentence (starting at ``prev_start``) names the measure (集体经济收入达到5万元以上)."""
        if not s.startswith("的", end) or not s.endswith(("以上", "以下"), 0, end):
            return False
        if s[end + 1 : end + 2] not in _HOLDERS:
            return False  # 100元以上的捐款: the noun after 的 names the money
        return prev_start >= self.sentence_start(s, end)

    def share(self, s: str, a: int, start: int, prev_subject: str | None) -> tuple[bool, int]:
        """Rule 3: ``(True, where 占 / 相当于 stands)`` when the figure is a share (占全省的
        46%); the subject is then the noun before that point, or the previous figure's."""
        if s.find("占", max(0, start - 18), start) < 0 and s.find("相当于", max(0, start - 20), start) < 0:
            return False, start
        c = self.clause_start(s, start)
        m = _SHARE.search(s, c, start)
        if m is None or m.end() != start:
            return False, start
        return True, m.start()

    def gap(self, s: str, start: int, end: int) -> tuple[bool, int]:
        """Rule 4: ``(True, where the comparison starts)`` for N个百分点 after 高于 / 比…提高."""
        if not s.endswith("百分点", start, end):
            return False, start
        c = self.clause_start(s, start)
        m = _GAP.search(s, c, start)
        if m is None:
            return False, start
        if m.start() == c + 1 and s[c] in "同环":
            return True, c  # ，同比提高4.5个百分点: nothing before names it (not 同)
        return True, m.start()

    @staticmethod
    def rate_compared(s: str, cut: int) -> str | None:
        """Rule 4, a clause that opens with the comparison: a gap in points lies between two
        rates, so a rate named after 比 / 较 is what it measures (，比贫困地区增速高0.1个百分点
        → 贫困地区增速); ``None`` for a baseline that is no rate (比上年提高2个百分点)."""
        m = _RATE_AFTER_BI.match(s, cut)
        return m.group(1) if m is not None else None

    @staticmethod
    def purpose(s: str, start: int, end: int) -> str | None:
        """Rule 5: what money is for (用于修路的资金 → 修路; 110万元用于… → what follows)."""
        c = Constructions.clause_start(s, start)
        m = _PURPOSE_BEFORE.search(s, c, start)
        if m is not None:
            return m.group(1)
        m = _PURPOSE_AFTER.match(s, end)
        if m is not None:
            return m.group(1)
        return None


def _comparison_end(tail: str) -> int:
    """Where the figures start in ``tail``, the text after 分别 that opens with 比 / 较 (比1996年
    增长944.8%、 → after 增长)."""
    m = _BASELINE_CHANGE.match(tail)
    return m.end() if m is not None else 0
