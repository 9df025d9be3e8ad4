"""Organization and person facts of one document, and the ``actor`` of its quantity facts.

:class:`NamedEntityExtractor` runs :class:`~.orgs.OrgFinder` and :class:`~.people.PersonFinder`
on the normalized (simplified) text, so both scripts give the same records, maps each span
back to the original, and adds the persons of the bylines and photo credits the metadata
found (本报记者 张 旭 → 张旭, role 记者; 司瑞芳 摄 → role 摄影). :meth:`actors` then gives
each quantity fact its actor (:mod:`.actor_links`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import regex

from ...lexicon import Lexicon
from ...lexicon.tables import BYLINES, grouped
from ...records import QUANTITY_KINDS, DocumentMeta, Fact, OrganizationFact, PersonFact
from ..base import Context
from ..bylines import BylineReader
from ..enrich import copy_with
from .actor_links import ActorLinker, Named, Names
from .orgs import OrgFinder, OrgSpan
from .people import PersonFinder, PersonSpan
from .scan import WHITESPACE, SentenceTexts, written_spans

__all__ = ["NamedEntityExtractor"]

# the quantity kinds an actor invests, builds, trains …: not percent or duration (提供24小时服务)
_ACTED = QUANTITY_KINDS - {"percent", "duration"}

# a photo credit: up to four names (张 旭, 路小飞 王真杰) and 摄 at the end of a line or bracket
_CREDIT_NAME = r"\p{Han}(?: ?\p{Han}){1,3}"
_CREDIT = regex.compile(
    rf"(?<!\p{{Han}})((?:{_CREDIT_NAME}[ \u3000]+){{0,3}}{_CREDIT_NAME})[ \u3000]*摄(?!\p{{Han}})"
)


# a bracket alone on its line holding only names: (梁伟 路小飞)
_NAME_LINE = regex.compile(
    r"(?m)^[ \u3000]*[（(]((?:\p{Han}{2,4}[ \u3000]+){0,3}\p{Han}{2,4})[）)][ \u3000]*$"
)


_PIECE = regex.compile(r"\S+")  # a word of a photo credit
_BRACKET = re.compile("[（(]")


def _name_lines(s: str) -> Iterator[regex.Match[str]]:
    """The lines of ``s`` that :data:`_NAME_LINE` matches, each read alone: only the lines
    holding a bracket (a scan of the whole text with the ``regex`` engine cost more than the
    rest of the byline work; the scan is the reference in ``tests/test_entities_fast.py``)."""
    done = -1  # the end of the last line read
    for b in _BRACKET.finditer(s):
        if b.start() < done:
            continue  # (a second bracket on a line read already)
        start = s.rfind("\n", 0, b.start()) + 1
        end = s.find("\n", b.start())
        done = end = len(s) if end < 0 else end
        m = _NAME_LINE.match(s, start, end)
        if m is not None:
            yield m


@lru_cache(maxsize=4096)
def _written(name: str) -> regex.Pattern[str]:
    """An author's name as a byline may write it, a space between characters allowed
    (张旭 → 张 旭); compiled once per name (issue 19: not once per byline)."""
    return regex.compile(r"\s?".join(map(regex.escape, name)))


def _written_in(name: str, line: str) -> Iterator[tuple[int, int]]:
    """Spans of ``name`` in the byline ``line``, a space allowed between characters: a plain
    scan (:func:`.scan.written_spans`; a regex compiled per new author cost ≈0.1 ms a
    document), the regex only for a name that holds white space itself."""
    if WHITESPACE.isdisjoint(name):
        return written_spans(name, line)
    return (m.span() for m in _written(name).finditer(line))


_WRITING_MARKS = frozenset({"文", "文字", "作者", "撰文", "撰稿", "整理", "口述", "编辑", "责任编辑", "责编"})


def _role(word: str) -> str | None:
    """The role a byline word gives: 本报特约记者 → 特约记者; 图 → 摄影; a writing mark
    (文, 作者) → None."""
    role = word.removeprefix("本报").removeprefix("新华社")
    if role in _WRITING_MARKS:
        return None
    return "摄影" if role in ("图", "图文") else role


def _credit_names(part: str) -> list[tuple[int, int]]:
    """Spans of the names in a photo credit: ``路小飞 王真杰`` → two; ``张 旭`` → one (a lone
    character is joined to its neighbour)."""
    pieces = [(m.start(), m.end()) for m in _PIECE.finditer(part)]
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        if out and (b - a == 1 or out[-1][1] - out[-1][0] == 1):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


class NamedEntityExtractor:
    """Organizations, persons and actor links (see the module docstring)."""

    kinds = frozenset({"organization", "person"})

    def __init__(self, lexicon: Lexicon) -> None:
        self._orgs = OrgFinder(lexicon)
        self._people = PersonFinder(lexicon)
        self._linker = ActorLinker(lexicon)
        words = grouped(lexicon, BYLINES)
        self._roles = sorted(words["role"], key=len, reverse=True)
        self._note_words = sorted(words["note"], key=len, reverse=True)
        self._bylines = BylineReader(lexicon)

    def spans(self, ctx: Context, meta: DocumentMeta) -> tuple[list[OrgSpan], list[PersonSpan]]:
        """The organizations and persons of ``ctx`` in normalized offsets."""
        s = ctx.s
        orgs = self._orgs.find(s)
        people = self._people.find(s, orgs)
        seen = {(p.start, p.end) for p in people}
        taken = [(o.start, o.end) for o in orgs] + list(seen)
        for p in self._byline_people(ctx, meta):
            if not any(a < p.end and p.start < b for a, b in taken):
                people.append(p)
                taken.append((p.start, p.end))
            elif p.role is not None:  # a byline name found by a cue too: the byline's role wins
                people = [p if (q.start, q.end) == (p.start, p.end) else q for q in people]
        people.sort(key=lambda p: p.start)
        return orgs, people

    def find(self, ctx: Context, meta: DocumentMeta) -> Iterator[Fact]:
        """Organization and person facts, original offsets."""
        orgs, people = self.spans(ctx, meta)
        yield from self._facts(ctx, orgs, people)

    def _facts(self, ctx: Context, orgs: list[OrgSpan], people: list[PersonSpan]) -> Iterator[Fact]:
        sentence = SentenceTexts(ctx)  # (each in text order: a sentence looked up once)
        for o in orgs:
            a, b, text = ctx.span(o.start, o.end)
            yield OrganizationFact(
                text, a, b, o.name, sentence=sentence(o.start), doc_id=ctx.doc_id, org_type=o.org_type
            )
        sentence = SentenceTexts(ctx)
        for p in people:
            a, b, text = ctx.span(p.start, p.end)
            yield PersonFact(
                text, a, b, "".join(p.name.split()), sentence=sentence(p.start), doc_id=ctx.doc_id,
                role=p.role, org=p.org,
            )  # fmt: skip

    def _byline_people(self, ctx: Context, meta: DocumentMeta) -> Iterator[PersonSpan]:
        """Persons in the bylines (role 记者 …), photo credits (role 摄影) and bracketed
        author lines ((梁伟 路小飞) on a line of its own)."""
        lines = [ctx.text.span_from_original(a, b) for a, b in meta.byline_spans]
        noted = self._author_note(ctx, meta)
        for a, b in lines:
            for p in self._in_byline(ctx.s, a, b, meta.authors):
                yield p if noted is None else dataclasses.replace(p, role=noted[0], org=noted[1])
        for m in self._credits(ctx.s):
            if not any(a < m.end() and m.start() < b for a, b in lines):
                yield from self._in_credit(ctx.s, m)  # (本报记者 张 旭 摄 in a byline: its role wins)
        for m in _name_lines(ctx.s):
            spans = _credit_names(m.group(1))
            names = ["".join(m.group(1)[a:b].split()) for a, b in spans]
            if all(map(self._people.is_name, names)):
                for (a, b), name in zip(spans, names, strict=True):
                    yield PersonSpan(m.start(1) + a, m.start(1) + b, name)

    def _author_note(self, ctx: Context, meta: DocumentMeta) -> tuple[str | None, str | None] | None:
        """Role and organization of a lone author from the note (作者系庆阳市乡村振兴局党组书记、
        局长 → 党组书记、局长, 庆阳市乡村振兴局), or None."""
        if len(meta.authors) != 1 or len(meta.author_notes) != 1:
            return None
        notes = self._bylines.notes(ctx.s)
        if len(notes) != 1:
            return None
        text = ctx.s[notes[0].start : notes[0].end].strip("（()） \u3000")
        for word in self._note_words:  # 作者系, 作者为
            text = text.removeprefix(word)
        orgs = self._orgs.find(text)
        if not orgs:
            return None
        role = text[orgs[0].end :].strip("，,。 ") or None
        return role, orgs[0].name

    def _in_byline(self, s: str, a: int, b: int, authors: Iterable[str]) -> Iterator[PersonSpan]:
        """The authors written in the byline ``s[a:b]``, with its role (本报记者 张 旭 → 记者;
        a writing mark such as 文 gives none)."""
        line = s[a:b]
        role = next((r for r in self._roles if r in line), None)
        if role is not None:
            role = _role(role)
        for name in authors:
            if role is None and not self._people.is_name(name):
                continue  # a short line that reads as no name (正文)
            credit = role or ("摄影" if "摄" in line else None)
            for i, j in _written_in(name, line):
                yield PersonSpan(a + i, a + j, name, credit)

    def _in_credit(self, s: str, m: regex.Match[str]) -> Iterator[PersonSpan]:
        """The names of a photo credit: role 摄影, or the title written first (特约记者)."""
        base, credit, role = m.start(1), m.group(1), "摄影"
        before = s[max(0, base - 12) : base].rstrip()
        for r in self._roles:  # 本报特约记者 仇一军 摄: the written title wins
            if before.endswith(r):
                role = _role(r) or role
                break
            if credit.startswith(r) and credit[len(r) : len(r) + 1].isspace():
                role = _role(r) or role
                base += len(r)
                credit = credit[len(r) :]
                break
        for a, b in _credit_names(credit):
            if self._people.is_name("".join(credit[a:b].split())):
                yield PersonSpan(base + a, base + b, credit[a:b], role)

    @staticmethod
    def _credits(s: str) -> Iterator[regex.Match[str]]:
        """Photo credits, read only around each 摄 (a scan of the whole text is slow)."""
        i = s.find("摄")
        done = 0
        while i >= 0:
            m = _CREDIT.search(s, max(done, i - 40), i + 1)
            if m is not None:
                yield m
                done = m.end()
            i = s.find("摄", i + 1)

    def link_actors(self, ctx: Context, facts: Sequence[Fact], entities: Iterable[Fact]) -> list[Fact]:
        """``facts`` with each quantity fact's ``actor`` set where the text names one (each
        linked fact a copy; :class:`~reportmine.pipeline.Pipeline` takes :meth:`actors`)."""
        found = self.actors(ctx, facts, entities)
        return [copy_with(f, {"actor": found[i]}) if i in found else f for i, f in enumerate(facts)]

    def actors(self, ctx: Context, facts: Sequence[Fact], entities: Iterable[Fact]) -> dict[int, str]:
        """``{index: actor}`` of the quantity facts of ``facts`` whose text names an actor."""
        text = ctx.text
        # indexed once for every fact (issue 19: a scan of every name per verb was quadratic)
        names = Names(Named(*text.span_from_original(e.start, e.end), str(e.value)) for e in entities)
        out: dict[int, str] = {}
        if not names:
            return out
        for i, f in enumerate(facts):
            if f.kind in _ACTED:
                start = text.span_from_original(f.start, f.end)[0]
                actor = self._linker.actor(ctx.s, ctx.sentence_span(start), start, names)
                if actor is not None:
                    out[i] = actor
        return out
