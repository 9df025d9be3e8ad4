"""The name index of the actor linker (issue 19) against the scans it replaces, and linear
time on a long text without punctuation."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from reportmine.extractors.entities.actor_links import Named, Names
from reportmine.pipeline import Pipeline
from reportmine.records import DEFAULT_KINDS, ENTITY_KINDS

spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda t: Named(t[0], t[0] + t[1], str(t))),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(spans, st.integers(0, 70), st.integers(0, 8))
def test_names_answer_as_the_scans(names: list[Named], a: int, width: int) -> None:
    b = a + width
    ordered = sorted(names, key=lambda n: n.start)
    index = Names(names)
    assert index.contain(a, b) == any(n.start <= a and b <= n.end for n in ordered)
    assert index.within(a, b) == [n for n in ordered if a <= n.start and n.end <= b]


def test_long_text_without_punctuation_stays_linear() -> None:
    """Facts, names and actor verbs repeated with no sentence end: 20x the text must not take
    much more than 20x the time (it took about 200x before the index)."""
    pipe = Pipeline(kinds=set(DEFAULT_KINDS) | ENTITY_KINDS)
    unit = "北票市水务局投入资金100余万元张三书记带领修路1.9公里"
    pipe.extract(unit)

    def cost(n: int) -> float:
        text = unit * n
        t0 = time.process_time()
        facts = pipe.extract(text).facts
        assert any(f.kind == "money" and f.actor for f in facts)
        return (time.process_time() - t0) / len(text)

    small, large = min(cost(50) for _ in range(3)), cost(1000)
    assert large < 4 * small, (small, large)


def test_a_long_list_of_enterprises_stays_linear() -> None:
    """A list of organizations closed by 等…企业 (orgs rule 4, places' drop_listed_names):
    each item is checked against the organizations by an index, not a scan of them all."""
    from reportmine.extractors.entities.orgs import OrgFinder
    from reportmine.lexicon import Lexicon

    finder = OrgFinder(Lexicon.load())

    def cost(n: int) -> float:
        text = "北票市水务局、山西文源包装、" * n + "泰峰包装等企业"
        t0 = time.process_time()
        orgs = finder.find(text)
        assert len(orgs) == 2 * n + 1
        return (time.process_time() - t0) / len(text)

    small, large = min(cost(100) for _ in range(3)), cost(4000)
    assert large < 4 * small, (small, large)
