"""The entity stage's fast paths (issue 14) against the plain formulations they replace.

Each reference below is the code as it was before the speed work (or the plainest way to
say the same thing); the fast path must give exactly its answers, on random texts and on
the seeds (archive-like reports).
"""

from __future__ import annotations

import gzip
import random
import re
from collections.abc import Iterator
from importlib import resources

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from reportmine.chars import alternation, is_han
from reportmine.extractors.entities import divisions as div_module
from reportmine.extractors.entities import people as people_module
from reportmine.extractors.entities import places as places_module
from reportmine.extractors.entities.actor_links import ActorLinker
from reportmine.extractors.entities.divisions import Division, villages
from reportmine.extractors.entities.orgnames import _BREAK, MAX_BODY, OrgEndings
from reportmine.extractors.entities.orgs import OrgFinder
from reportmine.extractors.entities.people import PersonFinder
from reportmine.extractors.entities.places import _closest
from reportmine.extractors.entities.scan import WHITESPACE, trie_pattern, written_spans
from reportmine.lexicon import Lexicon
from reportmine.lexicon.tables import ACTOR_VERBS, ORG_WORDS, PERSON_WORDS, grouped
from reportmine.pipeline import Pipeline
from reportmine.records import Fact

_ALPHABET = "书记第一主任局办委员会中心公司合作社银行 \u3000、，。村镇乡县"
words = st.lists(st.text(_ALPHABET, min_size=1, max_size=5), min_size=1, max_size=25)
texts = st.text(_ALPHABET + "甲乙丙\n", max_size=120)


def _spans(pattern: re.Pattern[str], s: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(s)]


@settings(max_examples=400, deadline=None)
@given(words, texts)
def test_trie_finds_what_the_alternation_finds(ws: list[str], s: str) -> None:
    trie, alt = re.compile(trie_pattern(ws)), re.compile(alternation(ws))
    assert _spans(trie, s) == _spans(alt, s)
    for i in range(len(s) + 1):  # .match at a place (the cue and end tests)
        a, b = trie.match(s, i), alt.match(s, i)
        assert (a and a.span()) == (b and b.span())


def _seed_texts() -> Iterator[str]:
    for path in sorted(SEEDS.glob("*.txt")):
        yield path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


def test_the_finders_word_lists_scan_as_their_alternations(lexicon: Lexicon) -> None:
    """The real lists (organization anchors and stops, person cues, ends and refusals, the
    actor linker's verbs, skips, reaches and breaks) on the seeds: the same matches as the
    longest-first alternation they were before."""
    orgs, people = OrgFinder(lexicon), PersonFinder(lexicon)
    org_words, person_words = grouped(lexicon, ORG_WORDS), grouped(lexicon, PERSON_WORDS)
    linker, verbs = ActorLinker(lexicon), grouped(lexicon, ACTOR_VERBS)
    cues = list(people._kind)
    lists = [
        (orgs._anchor, [*orgs._type, *orgs._traps, *orgs._names], ""),
        (orgs._stop, org_words["stop"], ""),
        (people._cue, cues, ""),
        (people._end, [*person_words["end"], *cues], ""),
        (people._not, person_words["not"], ""),
        (linker._verb, verbs["verb"], ""),
        (linker._skip, [*verbs["skip"], *verbs["reach"]], ""),
        (linker._reaches, [*verbs["verb"], *verbs["reach"]], ""),
        (linker._break, verbs["break"], "|[；;。！？!?：:]|[，,]“"),
    ]
    seeds = list(_seed_texts())
    assert seeds
    for fast, ws, more in lists:
        slow = re.compile(alternation(ws) + more)
        for s in seeds:
            assert _spans(fast, s) == _spans(slow, s)


def test_village_suffixes_scan_as_the_class_they_were() -> None:
    """社区|嘎查|村|屯 (literals: the engine skips to their first characters) finds what
    社区|嘎查|[村屯] found."""
    slow = re.compile(r"社区|嘎查|[村屯]")
    for s in [*_seed_texts(), "嘎查村社区屯社村区嘎", "社 区嘎查查村村屯"]:
        assert _spans(places_module._VILLAGE_SUFFIX, s) == _spans(slow, s)


def _written_reference(name: str, line: str) -> list[tuple[int, int]]:
    """The regex the byline reader compiled for every author before (issue 19)."""
    return [m.span() for m in regex.compile(r"\s?".join(map(regex.escape, name))).finditer(line)]


@settings(max_examples=500, deadline=None)
@given(st.text("张旭王", min_size=1, max_size=4), st.text("张旭王 \u3000\t\x1c\u2003x", max_size=40))
def test_written_spans_as_the_regex(name: str, line: str) -> None:
    assert list(written_spans(name, line)) == _written_reference(name, line)


def test_whitespace_is_what_regex_calls_white_space() -> None:
    space = regex.compile(r"\s")
    assert {chr(c) for c in range(0x10000) if space.match(chr(c))} == WHITESPACE


# -- the village table -----------------------------------------------------------------------


class _ReferenceVillages:
    """The village table as it was read before: every town's line a string, a set of names."""

    def __init__(self) -> None:
        data = resources.files(div_module.__package__).joinpath("data", "villages.tsv.gz").read_bytes()
        self.raw: dict[str, str] = {}
        self.names: set[str] = set()
        for line in gzip.decompress(data).decode("utf-8").splitlines():
            town, _, rest = line.partition("\t")
            self.raw[town] = rest
            self.names.update(item[4:] for item in rest.split("|"))
        self.towns: dict[str, list[str]] = {}
        for town in self.raw:
            self.towns.setdefault(town[:6], []).append(town)

    def of_town(self, town: str) -> list[tuple[str, str]]:
        raw = self.raw.get(town, "")
        return [(town + item[:3], item[4:]) for item in raw.split("|")] if raw else []

    def find(self, name: str, prefix: str) -> list[str]:
        if len(prefix) >= 9:
            return [c for c, n in self.of_town(prefix[:9]) if n == name]
        towns = [t for t in self.towns.get(prefix[:6], ()) if " " + name in self.raw[t]]
        return [c for town in towns for c, n in self.of_town(town) if n == name]


@pytest.fixture(scope="module")
def reference() -> _ReferenceVillages:
    return _ReferenceVillages()


def test_village_names_are_found_and_no_other(reference: _ReferenceVillages) -> None:
    table = villages()
    rng = random.Random(14)
    assert all(n in table.names for n in rng.sample(sorted(reference.names - {""}), 20000))
    sample = rng.sample(sorted(reference.names), 3000)
    changed = [n[:-1] + "乡" for n in sample] + [n + "村" for n in sample] + ["东" + n for n in sample]
    assert [n in table.names for n in changed] == [n in reference.names for n in changed]
    assert "" not in table.names and 3 not in table.names


@pytest.mark.slow
def test_every_village_name_is_found(reference: _ReferenceVillages) -> None:
    table = villages()
    assert all(n in table.names for n in reference.names if n)


def test_village_lookups_as_the_string_table(reference: _ReferenceVillages) -> None:
    table = villages()
    rng = random.Random(19)
    towns = rng.sample(sorted(reference.raw), 400)
    for town in towns:
        assert table.of_town(town) == reference.of_town(town)
        name = rng.choice(reference.of_town(town))[1]
        for prefix in (town, town[:6], town[:6] + "000000"):
            assert table.find(name, prefix) == reference.find(name, prefix)
        assert table.find(name + "新", town[:6]) == reference.find(name + "新", town[:6]) == []
    assert table.of_town("999999999") == [] and table.find("东村", "999999") == []


# -- codes -----------------------------------------------------------------------------------


def _common_prefix(a: str, b: str) -> int:
    """How many leading digits two codes share, by level (the reference of _closest)."""
    for digits in (9, 6, 4, 2):
        if a[:digits] == b[:digits]:
            return digits
    return 0


def _closest_reference(divs: tuple[Division, ...], anchors: list[Division]) -> tuple[Division, ...]:
    def shared(d: Division) -> int:
        return max(12 if a.code == d.code else _common_prefix(d.code, a.code) for a in anchors)

    scores = {d: shared(d) for d in divs}
    best = max(scores.values())
    return divs if best < 2 else tuple(d for d in divs if scores[d] == best)


codes = st.lists(st.sampled_from("1234"), min_size=12, max_size=12).map("".join)
division_sets = st.lists(codes.map(lambda c: Division(c, c, "village")), min_size=1, max_size=6, unique=True)


@settings(max_examples=150, deadline=None)
@given(division_sets, division_sets)
def test_closest_as_pairwise_prefixes(divs: list[Division], anchors: list[Division]) -> None:
    assert _closest(tuple(divs), anchors) == _closest_reference(tuple(divs), anchors)


# -- the person finder's taken spans -----------------------------------------------------------


class _TakenReference:
    """The scan the person finder asked before: every span, each question."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = list(spans)

    def free(self, a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in self.spans)

    def add(self, a: int, b: int) -> None:
        self.spans.append((a, b))


pairs = st.tuples(st.integers(0, 40), st.integers(0, 6)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(pairs, max_size=12), st.lists(st.tuples(st.booleans(), pairs), max_size=30))
def test_taken_spans_answer_as_the_scan(
    first: list[tuple[int, int]], steps: list[tuple[bool, tuple[int, int]]]
) -> None:
    fast, slow = people_module._Taken(first), _TakenReference(first)
    for add, (a, b) in steps:
        if add:
            fast.add(a, b)
            slow.add(a, b)
        else:
            assert fast.free(a, b) == slow.free(a, b)


# -- the pipeline's links: each fact built once (fast) against a copy per link (reference) ------


def _linked_reference(pipe: Pipeline, raw: str) -> list[Fact]:
    """``Pipeline.extract``'s facts as the pipeline made them before the one-step links: the
    actors set on copies before ``_resolve``, the places on copies after it, then enrich."""
    from reportmine.chars import SpanIndex, reference_date
    from reportmine.extractors.base import Context
    from reportmine.extractors.entities.place_links import link_places
    from reportmine.extractors.entities.places import dateline_place
    from reportmine.pipeline import _NAME_KINDS, _resolve

    t = pipe.normalize(raw)
    ctx = Context(t)
    meta = pipe._meta.find(ctx)
    if ctx.doc_date is None and meta.date:
        ctx.doc_date = reference_date(meta.date)
    facts: list[Fact] = []
    for ex in pipe._extractors:
        if ex.kinds & pipe.kinds:
            facts.extend(pipe._find(ex, ctx))
    assert pipe._entities is not None
    names = SpanIndex((f.start, f.end) for f in facts if f.kind in _NAME_KINDS - {"date"})
    entities = [e for e in pipe._entities.find(ctx, meta) if not (names and names.overlaps(e.start, e.end))]
    facts = pipe._entities.link_actors(ctx, facts, entities)
    facts = facts + [e for e in entities if e.kind in pipe.kinds]
    facts = _resolve([f for f in facts if f.kind in pipe.kinds], t, meta.captions)
    date_end = meta.date_span[1] if meta.date_span else None
    facts = link_places(t.original, facts, dateline_place(meta.place), date_end)
    return pipe._enricher.enrich(facts, ctx)


_LINK_TEXTS = [
    "本报北京5月3日电（记者 张旭）邱巍协调派出单位省教育厅投入110万元，在岔口村修路1.9公里。",
    "辽宁省朝阳市朝阳县西营子乡川心店村：北票市水务局投入资金100余万元，带动贫困户42户96人。\n"
    "（图为岔口村村民在劳动 司瑞芳 摄）全村贫困发生率由26.3%降至0.5%。",
    "岳家沟村、刘家沟村和西高楼村共建140亩大棚，五间房镇投入500万元。山东省援建学校3所。",
]


@pytest.fixture(scope="module")
def link_pipe() -> Pipeline:
    return Pipeline()


def test_links_set_once_as_the_copies_per_link(link_pipe: Pipeline) -> None:
    """Seeds in both scripts and texts with datelines, captions, lists and givers: the
    pipeline's facts are field for field those of the reference."""
    opencc = pytest.importorskip("opencc")
    s2t = opencc.OpenCC("s2t").convert
    linked = {"actor": 0, "place": 0, "dateline": 0, "caption": 0}
    for raw in [*_LINK_TEXTS, *_seed_texts()]:
        for text in (raw, s2t(raw)):
            got = list(link_pipe.extract(text).facts)
            assert got == _linked_reference(link_pipe, text), text[:40]
            linked["actor"] += sum(f.actor is not None for f in got)
            linked["place"] += sum(f.place is not None for f in got)
            linked["dateline"] += sum("place_from_dateline" in f.flags for f in got)
            linked["caption"] += sum("caption" in f.flags for f in got)
    assert all(linked.values()), linked  # (the texts exercise every kind of link)


@pytest.mark.slow
def test_links_set_once_on_the_archives(link_pipe: Pipeline) -> None:
    from conftest import iter_corpora_articles

    for n, (name, raw) in enumerate(iter_corpora_articles()):
        if n >= 600:
            break
        assert list(link_pipe.extract(raw).facts) == _linked_reference(link_pipe, raw), name


_LINE_ALPHABET = "（()）张旭路小飞 \u3000\n\r\u2028\x85摄a"


@settings(max_examples=600, deadline=None)
@given(st.text(_LINE_ALPHABET, max_size=60))
def test_name_lines_as_the_scan(s: str) -> None:
    """The bracketed name lines read line by line are those the scan of the whole text finds."""
    from reportmine.extractors.entities import named

    reference = [m.span(1) for m in named._NAME_LINE.finditer(s)] if "(" in s or "（" in s else []
    assert [m.span(1) for m in named._name_lines(s)] == reference


def test_name_lines_on_the_seeds() -> None:
    from reportmine.extractors.entities import named

    texts = [*_seed_texts(), "正文\n（梁伟 路小飞）\n（新华社）\n　（张旭）　\n（甲乙 丙丁", "（王五）"]
    for s in texts:
        reference = [m.span(1) for m in named._NAME_LINE.finditer(s)]
        assert [m.span(1) for m in named._name_lines(s)] == reference
    assert [m.group(1) for m in named._name_lines(texts[-2])] == ["梁伟 路小飞", "新华社", "张旭"]


def test_enrich_sentence_spans_as_one_lookup_per_fact(link_pipe: Pipeline) -> None:
    """The enrich step's sentence spans (the last sentence reused for the facts inside it)
    are those of one ``sentence_span`` lookup per fact (the reference), on the seeds and on
    texts whose facts stand in blank space, long sentences and lines."""
    from reportmine.extractors.base import Context

    long = "，".join(f"第{i}村投入{i}万元" for i in range(400))
    texts = [*_seed_texts(), *_LINK_TEXTS, long, "\n\n  投入5万元 \n\n 3户\n\n" + long + "。\n\n\n4人"]
    for raw in texts:
        t = link_pipe.normalize(raw)
        facts = list(link_pipe.extract(t).facts)
        ctx = Context(t)
        norm = [t.span_from_original(f.start, f.end) for f in facts]
        reference = []
        for f, (start, _) in zip(facts, norm, strict=True):
            a, b = ctx.sentence_span(start)
            if b <= a:
                reference.append((f.start, f.end))
            else:
                sa, sb = t.span_to_original(a, b)
                reference.append((min(sa, f.start), max(sb, f.end)))
        assert link_pipe._enricher._sentence_spans(facts, norm, Context(t)) == reference


# -- session 7: the place finder's organization bodies, taken spans and towns -------------------


def _body_end_reference(o: OrgEndings, s: str, pos: int, stop: int | None = None) -> int | None:
    """OrgEndings.body_end as it was: every character of the body looked at in turn."""
    limit = min(len(s), pos + MAX_BODY, len(s) if stop is None else stop)
    for k in range(pos, limit):
        c = s[k]
        if c in _BREAK or not is_han(c):
            return None
        if c in o.last_chars and o._ends_org(s, pos, k + 1):
            return k + 1
    return None


@pytest.fixture(scope="module")
def place_finder(lexicon: Lexicon) -> places_module.PlaceFinder:
    return places_module.PlaceFinder(lexicon)


# org endings and their traps, breaks, a rare Han character (U+3400) and other characters
_BODY_ALPHABET = "局办委部公司社会干部署托供电林草市县的和、在 ，A1\u3400\U00020000甲乙"


@settings(max_examples=400, deadline=None)
@given(st.text(_BODY_ALPHABET, max_size=40), st.integers(0, 40), st.one_of(st.none(), st.integers(0, 45)))
def test_body_end_as_the_loop(s: str, pos: int, stop: int | None) -> None:
    o = OrgEndings(["局", "委", "公司", "部", "社", "会", "供电公司"], ["干部", "委托", "社会", "部署"])
    pos = min(pos, len(s))
    assert o.body_end(s, pos, stop) == _body_end_reference(o, s, pos, stop)


def test_body_end_on_the_seeds(place_finder: places_module.PlaceFinder) -> None:
    """The real table's words, at every position of the seeds (both scripts' simplified text)."""
    o = place_finder.orgs
    for s in _seed_texts():
        for pos in range(len(s)):
            assert o.body_end(s, pos) == _body_end_reference(o, s, pos), pos


class _PlaceTakenReference:
    """The taken spans of the place finder as a scan of every span."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = list(spans)

    def overlaps(self, a: int, b: int) -> bool:
        return any(x < b and a < y for x, y in self.spans)


@settings(max_examples=300, deadline=None)
@given(st.lists(pairs, max_size=12), st.lists(st.tuples(st.booleans(), pairs), max_size=30))
def test_place_taken_spans_answer_as_the_scan(
    first: list[tuple[int, int]], steps: list[tuple[bool, tuple[int, int]]]
) -> None:
    places = [places_module.Place(a, b, "x" * (b - a), "other") for a, b in first]
    fast, slow = places_module._Taken(places), _PlaceTakenReference(first)
    for add, (a, b) in steps:
        if add:
            fast.add(a, b)
            slow.spans.append((a, b))
        else:
            assert fast.overlaps(a, b) == slow.overlaps(a, b)
            assert fast.covers(a) == slow.overlaps(a, a + 1)


class _NeverDisjoint:
    """A stand-in for the town finder's first characters that never lets it skip a county."""

    def isdisjoint(self, _: object) -> bool:
        return False


def test_towns_skip_only_counties_with_no_town_after(
    place_finder: places_module.PlaceFinder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick skip of _towns (no 街 苏 乡 镇 2-4 characters after a county) finds the towns
    the loop over every county finds, on the seeds and texts with towns no table holds."""
    texts_ = [*_seed_texts(), "交城县会立乡岔口村", "某县某某乡和某某某镇，朝阳县西营子乡", "北票市三宝街道"]
    fast = []
    for s in texts_:
        places = place_finder.table_places(s)
        fast.append([(p.start, p.end) for p in place_finder._towns(s, places, places_module._Taken(places))])
    monkeypatch.setattr(places_module, "_TOWN_FIRST", _NeverDisjoint())
    for s, got in zip(texts_, fast, strict=True):
        places = place_finder.table_places(s)
        slow = [(p.start, p.end) for p in place_finder._towns(s, places, places_module._Taken(places))]
        assert got == slow
    assert any(fast)


def test_sentence_texts_as_context_sentence() -> None:
    """SentenceTexts (the last sentence kept) answers as Context.sentence at every position of
    the seeds, in both scripts, asked in text order and in a shuffled order."""
    import opencc

    from reportmine.extractors.base import Context
    from reportmine.extractors.entities.scan import SentenceTexts

    pipe, s2t = Pipeline(), opencc.OpenCC("s2t").convert
    rng = random.Random(7)
    for raw in _seed_texts():
        for written in (raw, s2t(raw)):
            ctx = Context(pipe.normalize(written))
            positions = list(range(len(ctx.s) + 1))
            for order in (positions, rng.sample(positions, len(positions))):
                fast = SentenceTexts(ctx)
                assert [fast(i) for i in order] == [ctx.sentence(i) for i in order]
