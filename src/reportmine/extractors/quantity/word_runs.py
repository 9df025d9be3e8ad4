"""What a run of tagged words is: the tag sets and small tests :mod:`.words`' rules are made of.

Each helper takes the normalized clause ``s`` and its words as ``(start, end, tag)`` triples
(jieba / ICTCLAS tags, cut by :meth:`.words.WordSubjects.words`) and answers one question about
them — does a clause end here (``_ends_clause``), are these words frames of time or place only
(``_frames``), which nouns follow the last verb (``_nouns_after_last_verb``) … — with the case
that forced it in its docstring. :mod:`.words` holds the rules that call them, in order.
"""

from __future__ import annotations

# tags of words that may be part of a noun phrase (jieba / ICTCLAS)
_NOUN_TAGS = frozenset({"vn", "an", "b", "j", "l", "nz", "ng", "eng", "m", "q", "x"})
# tags of words that end a noun phrase after the measure word: verbs, adverbs, prepositions,
# conjunctions, particles, pronouns, localizers
_STOP_TAGS = ("v", "d", "p", "c", "u", "r", "f", "ad", "a", "t")
# tags of a verb-only subject
_VERB_TAGS = frozenset({"v", "vd", "a", "ad", "d", "vg"})
_BOUNDARY = frozenset('，,。；;：:、！？!?（()）“”"‘’「」『』《》【】[]\n\r\t 　…—/')
_AFTER_MAX = 16
# characters a subject does not grow across when it snaps to a word's edge: 党的政策方针 →
# 政策方针, 困难村共增加 → 困难村 (the segmenter's words 党的政策, 村共)
_NO_GROW = frozenset("的共")
_OPEN_QUOTES = frozenset("“「‘『")
# units that count persons (a verb that ends their noun is what they did)
_PERSON_UNITS = frozenset({"名", "位", "人", "人次", "员"})
# units that count batches of an action: 分4批救助…, 分两期投入
_BATCH_UNITS = frozenset({"批", "轮", "期"})
# the last character of a place whose people a figure in 人 + 的 counts (不到500人的小村庄)
_PLACE_END = frozenset("村庄镇乡县市城区寨屯")
# units that count actions: a verb names what was done (走访1次, 开展活动3次)
_ACTION_UNITS = frozenset({"次", "人次", "户次", "回", "遍", "趟", "场", "轮", "批", "期"})


# words trimmed from the ends of a subject before the figure: a time word or pronoun first
# (去年我国城镇新增 → 城镇新增), adverbs, particles, conjunctions, adjectives last (村民凑齐 →
# 村民, 农民工比上年 → 农民工)
_LEAD_TRIM = ("t", "r", "c")
_TAIL_TRIM = ("d", "c", "p", "u", "r", "f", "t", "m", "a", "ad")


def _trim_words(words: list[tuple[int, int, str]], lo: int, hi: int) -> tuple[int, int]:
    """``[lo, hi)`` without leading time words and pronouns and trailing adverbs … when a
    noun remains (rule 1)."""
    if not any(_nounish(t) and not t.startswith(("m", "q", "x")) for _a, _b, t in words):
        return lo, hi
    n = 0
    while n < len(words) - 1 and words[n][2].startswith(_LEAD_TRIM) and not _nounish(words[n][2]):
        lo = words[n][1]
        n += 1
    k = len(words) - 1
    while k > n and words[k][2].startswith(_TAIL_TRIM) and words[k][2] not in _NOUN_TAGS - {"m", "q"}:
        hi = words[k][0]
        k -= 1
    return lo, hi


def _nounish(tag: str) -> bool:
    return tag.startswith("n") or tag in _NOUN_TAGS


def _stops(tag: str) -> bool:
    return not _nounish(tag) and tag.startswith(_STOP_TAGS)


# session 7b (issue 20)
_SPAN_VERBS = frozenset({"长达", "历经", "经过", "用了", "花了", "持续", "坚持", "连续", "为期"})
_FRAME_VERB_TAGS = frozenset({"t", "v", "vd", "d", "ad", "f", "tg"})
_OBJECT_PREPOSITIONS = frozenset("从向给对为与")
_ADVERBIAL_PREPOSITIONS = frozenset("依随按")
_ALL_ADVERBS = frozenset("均都皆")
_COPULAS = frozenset("为是已有在")
_COMPLEMENT_CHARS = frozenset("下上来去过起")


def _ends_clause(s: str, k: int) -> bool:
    """True when a clause ends at ``k`` (参加，取得…)."""
    return k >= len(s) or s[k] in _BOUNDARY


def _dimension_verb(subject: str) -> bool:
    """True for a dimension word and a verb of reaching before a measure (深达, 高约, 长近)."""
    return len(subject) == 2 and subject[0] in _DIMENSIONS and subject[1] in "达约近超逾"


def _cut_inside(s: str, span: tuple[int, int], words: list[tuple[int, int, str]], n: int) -> int:
    """Where a subject ``s[j:k]`` (``span``) after the measure word ends when ``k`` falls inside
    the ``n``-th word ``s[ws:we]``: at ``k`` before a 的 or 共 (困难村共), at the word's end for
    a noun and over the plain nouns after it (伟大成 → 伟大成就; 421名中国维和人员在: the
    characters cut at the 和 of 维和 → 中国维和人员), else before the word (八个字落到实处 → 字)."""
    j, k = span
    ws, we, tag = words[n]
    if s[k] in _NO_GROW:
        return k
    if _nounish(tag):
        return _plain_nouns_from(words, n + 1, we)
    return ws if ws > j else k


# session 7 (issue 20)
# tags that do not open a noun after a duration (70年将一个…, 70年特别是, 一年的自己)
_NOT_OPENING = ("m", "d", "r", "c", "p", "u")
# localizers after a noun that keep it the span's (两年多的时间里, 70年的历史长卷中)
_LOCALIZER_CHARS = frozenset("里内中间前后上下来以")
_ASPECT = ("着", "了", "过")
_MEASURE_KINDS = frozenset({"length", "area", "weight", "volume"})
_DIMENSIONS = frozenset("长宽高深厚粗")
# units that are places themselves: the verb of a scope before them names nothing (覆盖34市)
_PLACE_UNITS = frozenset("省市县区乡镇村国州")
# the last character of a noun for persons a count of them names (代表, 嘉宾, 师生, 警察)
_PERSONS_LAST = frozenset("人员者民工师生家部士手兵长农匠宾表众客友警")
# the words an actor and a time or manner word before a spending verb may be (我, 上海交通大学先期)
_ACTOR_TAGS = frozenset({"r", "nt", "ns", "nr", "n", "t", "d", "nz", "j"})


def _frames(words: list[tuple[int, int, str]], n: int) -> bool:
    """True when the ``n``-th word may be part of the words framing a duration before it: a
    noun or verb, an adjective before a noun (新 of 新中国)."""
    ws, we, tag = words[n]
    if tag.startswith(("n", "v", "j")) and tag != "vd":  # (not 充分利用/l)
        return we - ws >= 2 or not tag.startswith("v")  # (走完发达国家: no 完)
    return tag == "a" and n + 1 < len(words) and words[n + 1][2].startswith("n")


def _not_opening(words: list[tuple[int, int, str]], k: int) -> bool:
    """True when the words after a duration (ending at ``k``) open with a numeral (70年将一个
    积贫积弱), or are one adverb, pronoun … alone (70年特别是, 一年的自己); not a noun jieba tags
    as one (6年的本科/r时光, 5年立法/d计划)."""
    if not words:
        return False
    tag = words[0][2]
    return tag.startswith("m") or (words[0][1] >= k and tag.startswith(_NOT_OPENING))


def _modifiers_only(words: list[tuple[int, int, str]]) -> bool:
    """True when ``words`` are adjectives and adverbs only, an adjective among them (壮丽, 短短,
    已连续; not 历经, which jieba tags as an adverb)."""
    tags = [t for _a, _b, t in words]
    return any(t in ("a", "z") for t in tags) and all(t.startswith(("a", "z", "d")) for t in tags)


def _nouns_after_opening(s: str, words: list[tuple[int, int, str]]) -> str | None:
    """The nouns after the last verb of ``words`` when a verb or an actor opens them (贯穿新中国
    → 新中国, 德方赞赏中国改革开放 → 中国改革开放); ``None`` when nouns open them (西安到银川铁路
    运行时间: nouns before the verb make one noun with it), one noun follows a verb (延误时间)
    or a verb opens plain nouns, no name among them (准予作业时间)."""
    if len(words) < 3:
        return None
    ws, we, tag = words[0]
    if tag not in ("v", "r", "q", "nr", "nt") or we - ws < 2:
        return None
    if tag == "v" and not any(t in ("ns", "nz", "nt", "j") for _a, _b, t in words[1:]):
        return None  # 准予作业时间减到3小时: a verb before plain nouns makes one noun with them
    return _nouns_after_last_verb(s, words)


def _nouns_after_last_verb(s: str, words: list[tuple[int, int, str]]) -> str | None:
    """The nouns after the last verb (tag ``v``, two characters) of ``words`` when only nouns
    follow it: 贯穿新中国 → 新中国, 总结梳理改革开放 → 改革开放; ``None`` otherwise (新中国成立:
    the verb ends them)."""
    for n in range(len(words) - 2, -1, -1):
        if words[n][2] == "v":
            rest = words[n + 1 :]
            # (an adjective only before a noun: 新 of 新中国)
            last = len(rest) - 1
            if all(t.startswith(("n", "j")) or (t == "a" and m < last) for m, (_a, _b, t) in enumerate(rest)):
                text = s[rest[0][0] : rest[-1][1]]
                return text if len(text) >= 2 else None
            return None
    return None


# aspect particles and prepositions after a verb (直升机护卫着, 志愿者活跃在各地, 牌子挂了)
_AFTER_VERB = frozenset({"着", "了", "过", "在", "于"})
# modals before a verb that ends a subject (工资可以加10%)
_MODALS = frozenset({"可以", "可", "能", "能够", "会", "将", "要"})
# the last character of a noun for persons (干部, 专家, 志愿者, 教师, 农民工 …)
_PERSON_END = frozenset("人员者民工师生家部士手兵长农匠户")
# 全国 / 全省 … after the counted noun opens the next words (99家民营企业全国“万企帮万村”)
_WHOLE_WORDS = frozenset("全" + c for c in "国省市县区乡镇村州盟旗球")


def _ends_nouns(s: str, words: list[tuple[int, int, str]], n: int, persons: bool) -> bool:
    """True when the ``n``-th word after the measure word (nouns before it) ends the counted
    noun though jieba tags it as a noun: a word before an aspect particle or 在 / 于 is a verb
    (9架直升机护卫着党旗 → 直升机; 100多名汉语教师志愿者活跃在各地 → 汉语教师志愿者), a
    whole place opens the next words (99家民营企业全国“万企帮万村” → 民营企业), and after a
    noun for persons a verb or a word tagged as a name is what they did (100位外国专家荣获 →
    外国专家; 2434名干部结对帮扶关系 → 干部; but 3名村民小组长: a noun)."""
    ws, we, tag = words[n]
    text = s[ws:we]
    if text in _WHOLE_WORDS:
        return True
    nxt = s[words[n + 1][0] : words[n + 1][1]] if n + 1 < len(words) else ""
    if nxt in _AFTER_VERB and words[n + 1][2][:1] in ("u", "p") and tag[:1] in ("v", "n", "a"):
        return tag not in ("n", "ns", "nt", "nr", "j")  # a noun before 在 stays (干部在村)
    if persons and n > 0 and nxt == "下" and s[words[n - 1][1] - 1] in _PERSON_END:
        return True  # 在213名仪仗官兵护卫下: 在…下 frames what the persons do
    if persons and n > 0:
        _ps, pe, _pt = words[n - 1]
        return s[pe - 1] in _PERSON_END and tag in ("v", "vn", "nr", "vd", "a", "ad")
    return False


def _nouns_after_verb(s: str, words: list[tuple[int, int, str]]) -> str | None:
    """The nouns after the last verb (tag ``v``, two characters) inside a subject before the
    figure, when a place, an organization or a person stands before it as its actor:
    上海局增开旅客列车 → 旅客列车; ``None`` otherwise (城镇新增就业: a verb after it;
    动车组发送旅客: no actor)."""
    for n in range(len(words) - 2, 0, -1):
        ws, we, tag = words[n]
        if tag == "v" and we - ws >= 2:
            rest = words[n + 1 :]
            before = words[:n]
            # the actor before the verb is a place, an organization or a person
            # (上海局增开旅客列车), not a noun that names the figure with it (动车组发送旅客)
            if all(t.startswith("n") and t != "nr" for _a, _b, t in rest) and any(
                t in ("ns", "nt", "nr") for _a, _b, t in before
            ):
                text = s[rest[0][0] : rest[-1][1]]
                return text if len(text) >= 2 else None
            return None
    return None


def _nouns_before_verb(s: str, words: list[tuple[int, int, str]], k: int) -> str | None:
    """The nouns before a verb that ends the subject behind an aspect particle (居委会牌子挂了
    二三十块 → 居委会牌子) or a modal (工资可以加10% → 工资); ``None`` otherwise."""
    ws, we, tag = words[-1]
    if tag != "v" or we - ws > 2:
        return None
    n = len(words) - 1
    if n >= 1 and s[words[n - 1][0] : words[n - 1][1]] in _MODALS:
        n -= 1  # 工资可以加
    elif s[k : k + 1] not in ("了", "着", "过"):
        return None  # 减贫550人: the verb counts
    head = words[:n]
    if not head or not all(_nounish(t) and t not in ("m", "q", "x") for _a, _b, t in head):
        return None
    text = s[head[0][0] : head[-1][1]]
    return text if len(text) >= 2 else None


# verbs that set persons to an action: the batches count the action (2轮组织帮扶责任人入户排查)
_CAUSATIVES = frozenset({"组织", "动员", "发动", "带领", "安排", "引导"})


def _action_of_persons(s: str, words: list[tuple[int, int, str]]) -> str | None:
    """After a causative verb opening the subject (2轮组织帮扶责任人入户排查), the words after
    the persons it sets to work: 入户排查; ``None`` when no noun for persons and no action
    after it stand there."""
    for n in range(1, len(words) - 1):
        _ws, we, tag = words[n]
        if tag.startswith("n") and s[we - 1] in _PERSON_END:
            rest = words[n + 1 :]
            if any(t.startswith("v") for _a, _b, t in rest):
                text = s[rest[0][0] : rest[-1][1]]
                return text if len(text) >= 2 else None
            return None
    return None


def _past_having(s: str, words: list[tuple[int, int, str]], j: int, cut: int) -> str:
    """``s[j:cut]``, the noun for persons after the measure word, without a modifier of 有 and a
    noun before it (有劳力村民 → 村民: the villagers who have labour); whole otherwise."""
    inside = [w for w in words if w[1] <= cut]
    if (
        len(inside) >= 3
        and s[inside[0][0] : inside[0][1]] == "有"
        and inside[1][2].startswith("n")
        and all(t.startswith("n") for _a, _b, t in inside[2:])
        and s[cut - 1] in _PERSON_END
    ):
        return s[inside[2][0] : cut]
    return s[j:cut]


def _clause_end(s: str, k: int) -> int:
    """The end of the clause holding ``k``, at most ``_AFTER_MAX`` characters on."""
    b = k
    while b < len(s) and b < k + _AFTER_MAX and s[b] not in _BOUNDARY:
        b += 1
    return b


# tags of the words that only frame a verb before the figure: times, places, pronouns
_FRAME_TAGS = frozenset({"t", "s", "f", "r", "tg"})


def _verb_after_frame(s: str, words: list[tuple[int, int, str]]) -> str | None:
    """The verb (two characters or more) ending a subject whose other words only say when or
    where (村里去年减贫550人 → 减贫, 今年减贫 → 减贫); ``None`` otherwise (粮食增产: a noun)."""
    ws, we, tag = words[-1]
    if tag != "v" or we - ws < 2:
        return None
    return s[ws:we] if all(t in _FRAME_TAGS for _a, _b, t in words[:-1]) else None


def _place_ends_clause(s: str, k: int) -> bool:
    """True when a place ends at ``k`` and ends its clause (不到500人的小村庄，…), not when
    more of the noun follows (1500多万人的城镇就业新增劳动力: 城镇 is no place counted)."""
    return s[k - 1] in _PLACE_END and (k >= len(s) or s[k] in "，,。；;！？!?、")


def _passable(s: str, j: int, unit: str | None) -> bool:
    """True when what stands between the measure word and a subject starting at ``j`` far
    after it is no part of it: a clause and its 的 before persons (100多名来自中国的汉语教师
    志愿者), an age limit (5000多万名5岁以下儿童)."""
    return (s[j - 1] == "的" and unit in _PERSON_UNITS) or s.endswith(("以下", "以上"), 0, j)


# tags of the words of a noun after an opening verb (运营/vn 里程/n; not 玉米/nr, a mis-tag)
_NOUN_PHRASE_TAGS = frozenset({"n", "vn", "nz", "l", "j", "ng"})


_FRAME_LEAD = ("c", "d", "r", "t")


def _nouns_after_opening_verb(s: str, words: list[tuple[int, int, str]], behind: bool) -> str | None:
    """The nouns after a verb (two characters) that opens the subject behind one or more conjunctions,
    adverbs, pronouns or time words: 而放眼运营里程 → 运营里程; ``None`` otherwise (常住户数,
    累计增产粮食: the verb opens the clause or follows another verb)."""
    n = 0
    while n < len(words) and words[n][2][:1] in _FRAME_LEAD:
        n += 1
    if (n == 0 and not behind) or n >= len(words) - 1 or words[n][2] != "v" or words[n][1] - words[n][0] < 2:
        return None
    rest = words[n + 1 :]
    if not all(t in _NOUN_PHRASE_TAGS for _a, _b, t in rest) or rest[-1][2] != "n":
        return None
    text = s[rest[0][0] : rest[-1][1]]
    return text if len(text) >= 2 else None


def _one_char_place(words: list[tuple[int, int, str]], i: int) -> bool:
    """True when a word of one character that is no numeral or preposition starts at ``i``
    (沪 of 在沪员工, 岗 of 在岗; not 年 of 在年利润, 距 of 在距浦东机场)."""
    return any(ws == i and we == i + 1 and tag[:1] not in ("m", "p", "q") for ws, we, tag in words)


def _plain_nouns_from(words: list[tuple[int, int, str]], n: int, cut: int) -> int:
    """``cut`` moved over the plain nouns of two or more characters from the ``n``-th word on
    (维和 + 人员; not 伟大成就 + 的, 易地扶贫搬迁 + 今年, 退耕还林 + 2160)."""
    for ws, we, tag in words[n:]:
        if ws != cut or tag not in ("n", "nz", "j") or we - ws < 2:
            break
        cut = we
    return cut


def _modifies(s: str, words: list[tuple[int, int, str]], n: int, b: int) -> bool:
    """True when the ``n``-th word, a verb or adjective of two characters after a noun, stands
    before the last noun of the subject, a noun for persons that ends the clause at ``b`` or at a
    list comma: it modifies that noun (30多位全球知名政治家、… → 全球知名政治家; not 5家企业成功
    上市, 贫困户免费送去)."""
    ws, we, tag = words[n]
    if tag not in ("v", "a") or we - ws != 2 or n + 1 >= len(words) or not words[n - 1][2].startswith("n"):
        return False
    _ns, ne, nt = words[n + 1]
    return nt == "n" and s[ne - 1] in _PERSONS_LAST and (ne >= b or s[ne] in "、，,。；;")


def _opens_no_noun(s: str, j: int, k: int, words: list[tuple[int, int, str]]) -> bool:
    """True when the first word after the measure word shows no noun follows: a localizer alone
    (十年前的情景, 30分钟后, 5.6%的背后), a verb or adverb the subject ``s[j:k]`` ends inside
    (减少到1名仍达不到: 仍 of jieba's word 仍达)."""
    ws, we, tag = words[0]
    if tag.startswith("f"):
        return not _noun_from_localizer(s, j, words)
    return ws == j and k < we and tag[:1] in "vdpc" and not _nounish(tag)  # (肉牛养殖/vn stays)


def _noun_from_localizer(s: str, j: int, words: list[tuple[int, int, str]]) -> bool:
    """True when a word tagged as a localizer after 的 opens a noun (130多名…的中方员工: 中方
    + 员工), not when it stands alone (5.6%的背后)."""
    if len(words) < 2 or words[1][2][:1] != "n":
        return False
    # (300余名中外嘉宾: a localizer of two characters before a noun opens it)
    return s[j - 1 : j] == "的" or words[0][1] - words[0][0] >= 2
