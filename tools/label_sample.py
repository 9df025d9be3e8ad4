"""Draw the items to label by reading: documents for relevance, fact sentences for topics.

The draw is fixed (seed 16) so the labelled sets can be redrawn and checked:

    python tools/label_sample.py docs  > docs.tsv      # doc_id, headline + lead
    python tools/label_sample.py sentences > sents.tsv  # doc_id, start, end, sentence

Documents: stratified — half from articles whose text holds 扶贫/脱贫/贫困/乡村振兴/驻村
(so relevant documents are not too rare), half from the rest. Sentences: sentences that hold a
reportmine quantity fact, from the seeds and from the archives' articles (two thirds from
articles with those words, a third from the rest), at most three per document.
Supplement (``extra``): the first draw held few sentences of the rarer topics, so a second
draw oversamples, from articles with the words above and sentences not drawn before, fact
sentences holding a word of a rarer field (消费扶贫/销售/电商, 低保/兜底/养老/救助, 搬迁/安置,
医疗/医保/健康, 就业/务工/培训, 教育/学生/学校), at most 30 per field.
No label is made here: this script only picks and prints what a person then reads; the words
choose what is read, the reader decides the topic.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _corpus import articles  # noqa: E402  (the benchmarks' reader of ../shared/corpora)

SEED = 16
CUES = re.compile("扶贫|脱贫|贫困|乡村振兴|驻村")
N_DOCS = (420, 420)
N_SENTS = (1100, 560)


def _flat(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def docs() -> None:
    """Print ``doc_id<TAB>headline and lead`` for the document sample."""
    arts = list(articles())
    rng = random.Random(SEED)
    cued = [a for a in arts if CUES.search(a[1])]
    rest = [a for a in arts if not CUES.search(a[1])]
    pick = rng.sample(cued, min(N_DOCS[0], len(cued))) + rng.sample(rest, N_DOCS[1])
    rng.shuffle(pick)
    for doc_id, text in pick:
        print(f"{doc_id}\t{_flat(text)[:170]}")


def sentences() -> None:
    """Print ``doc_id<TAB>start<TAB>end<TAB>sentence`` for the fact-sentence sample."""
    import reportmine
    from reportmine.records import QUANTITY_KINDS

    rng = random.Random(SEED)
    arts = list(articles())
    seeds = [(p.name, p.read_text("utf-8")) for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))]
    cued = [a for a in arts if CUES.search(a[1])]
    rest = [a for a in arts if not CUES.search(a[1])]
    rng.shuffle(cued)
    rng.shuffle(rest)
    out: list[tuple[str, int, int, str]] = []
    for pool, want in ((seeds + cued, N_SENTS[0]), (rest, N_SENTS[1])):
        got = 0
        for doc_id, text in pool:
            if got >= want:
                break
            rows = _fact_sentences(reportmine, QUANTITY_KINDS, doc_id, text)
            rng.shuffle(rows)
            for row in rows[:3]:
                out.append(row)
                got += 1
    rng.shuffle(out)
    for doc_id, s, e, sent in out:
        print(f"{doc_id}\t{s}\t{e}\t{_flat(sent)}")


RARE = ("消费扶贫|以购代捐|销售|销路|电商|展销", "低保|兜底|特困|养老|救助|五保", "搬迁|安置",
        "医疗|医保|健康|卫生院|患病", "就业|务工|培训|岗位", "教育|学生|学校|教师")


def extra(first: str) -> None:
    """Print the supplementary draw, skipping the sentences listed in the ``first`` draw's file."""
    import reportmine
    from reportmine.records import QUANTITY_KINDS

    seen = {tuple(line.split("\t")[:3]) for line in Path(first).read_text("utf-8").splitlines()}
    rng = random.Random(SEED + 1)
    cued = [a for a in articles() if CUES.search(a[1])]
    rng.shuffle(cued)
    want = dict.fromkeys(RARE, 30)
    for doc_id, text in cued:
        if not any(want.values()):
            break
        for row in _fact_sentences(reportmine, QUANTITY_KINDS, doc_id, text):
            key = (row[0], str(row[1]), str(row[2]))
            field = next((w for w in RARE if want[w] and re.search(w, row[3])), None)
            if field is None or key in seen:
                continue
            want[field] -= 1
            seen.add(key)
            print(f"{row[0]}\t{row[1]}\t{row[2]}\t{_flat(row[3])}")
            break  # one per document


def _fact_sentences(rm: object, kinds: object, doc_id: str, text: str) -> list[tuple[str, int, int, str]]:
    """The distinct sentences of ``text`` holding a quantity fact, with their offsets."""
    report = rm.extract(text, doc_id)  # type: ignore[attr-defined]
    seen: dict[tuple[int, int], str] = {}
    for f in report:
        if f.kind not in kinds or not f.sentence:  # type: ignore[operator]
            continue
        s = text.rfind(f.sentence, 0, f.end)
        if s < 0 or s + len(f.sentence) < f.end:
            s = text.find(f.sentence)
        if s < 0 or len(f.sentence) < 12:
            continue
        seen[(s, s + len(f.sentence))] = f.sentence
    return [(doc_id, s, e, sent) for (s, e), sent in sorted(seen.items())]


if __name__ == "__main__":
    if sys.argv[1] == "extra":
        extra(sys.argv[2])
    else:
        {"docs": docs, "sentences": sentences}[sys.argv[1]]()
