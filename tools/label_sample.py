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
Batch 2 (``corpus/labels/README.md``, "Batch 2"): ``docs2`` prints every cued article not in
the first set plus 60 rural articles without the cue words (seed 1602); ``sentences2`` the
405 sentences drawn in three passes (seeds 1603, 1604, 1605), the already-labelled texts left
out, with a ``drawn`` column (``fact``: holds a quantity fact; ``any``: found among all
sentences). Both read the first set's files to leave out what is labelled.

    python tools/label_sample.py docs2 > docs2.tsv
    python tools/label_sample.py sentences2 > sents2.tsv

Batch 3 (``sentences3``) and batch 4 (``sentences4``: two keyword passes aimed at the weak
topics, sentences repeating a labelled text left out) print their sentences the same way:

    python tools/label_sample.py sentences4 > sents4.tsv

Batch 5 (``sentences5``) finds its sentences by the shipped topic model's uncertainty (active
learning: the smallest margin between the two most probable topics, a quota per pair of
topics) and prints them shuffled, without the model's output, for a blind reading; batch 6
(``sentences6 MODEL``) does the same with a model trained on batches 1-5, looser quotas.
Batches 7-20 (``sentences7 DIR MODEL``, session 8) are draws from one pool in three rounds,
each dealt to several readers: fact sentences at random, every remaining sentence of relevant
articles, and uncertainty draws over the articles of low relevance (its docstring).

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


RARE = (
    "消费扶贫|以购代捐|销售|销路|电商|展销",
    "低保|兜底|特困|养老|救助|五保",
    "搬迁|安置",
    "医疗|医保|健康|卫生院|患病",
    "就业|务工|培训|岗位",
    "教育|学生|学校|教师",
)


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


LABELS = ROOT / "corpus" / "labels"
RURAL = re.compile("农村|农民|村民|三农|村里|乡村")
FIELDS2 = (
    ("消费扶贫|以购代捐|销售|销路|电商|展销|采购|购买|带货|直播|消费", 90),
    ("低保|兜底|特困|救助|养老|五保|残疾|供养|孤儿|留守|关爱|慰问|社保", 70),
    ("搬迁|安置|危房|住房|农房|保障房", 25),
    ("就业|务工|岗位|转移|招聘|工资", 20),
    ("医疗|医保|健康|卫生|大病|医院|医生", 20),
    ("贷款|信贷|资金|保险|基金|投资", 15),
)
FIELDS3 = (
    (
        "消费扶贫|以购代捐|扶贫产品|农产品.{0,12}(销|卖|采购|购买)|(销|卖|采购|购买).{0,12}农(副|特)?产品|"
        "电商扶贫|产销对接|滞销|销往|展销|带货|直播|网店|扶贫馆|专柜|认购|定点采购|特产|土特|山货|订单",
        130,
    ),
    ("低保|特困|五保|救助|残疾人|孤儿|敬老院|养老金|幸福院|供养|兜底", 40),
)
ANY_SALES = re.compile(
    "消费扶贫|以购代捐|扶贫产品|电商扶贫|产销对接|滞销|扶贫馆|扶贫专柜|农产品.{0,15}(销售|卖|采购|购买|销路|出山|进城)|"
    "(销售|卖出|采购|购买|销往|卖到).{0,15}(农(副|特)?产品|山货|土特产)|黔货出山|网店|带货|电商平台.{0,20}(销|卖)|销路"
)


def _first_set(name: str, cols: int) -> set[tuple[str, ...]]:
    lines = (LABELS / name).read_text("utf-8").splitlines()[1:]
    return {tuple(line.split("\t")[:cols]) for line in lines}


def docs2() -> None:
    """Print ``doc_id<TAB>headline and lead`` for batch 2's documents."""
    done = {k[0] for k in _first_set("relevance.tsv", 1)}
    arts = [a for a in articles() if a[0] not in done]
    cued = [a for a in arts if CUES.search(a[1])]
    rural = [a for a in arts if not CUES.search(a[1]) and RURAL.search(a[1])]
    rng = random.Random(1602)
    pick = cued + rng.sample(rural, 60)
    rng.shuffle(pick)
    for doc_id, text in pick:
        print(f"{doc_id}\t{_flat(text)[:200]}")


def _field_draw(
    fields: tuple[tuple[str, int], ...],
    seed: int,
    seen: set[tuple[str, ...]],
    pool_re: re.Pattern[str] | None,
    per_doc: int,
) -> list[tuple[str, int, int, str]]:
    import reportmine
    from reportmine.records import QUANTITY_KINDS

    want = [n for _, n in fields]
    rng = random.Random(seed)
    arts = [a for a in articles() if pool_re is None or CUES.search(a[1]) or pool_re.search(a[1])]
    rng.shuffle(arts)
    out = []
    for doc_id, text in arts:
        if not any(want):
            break
        if not re.search("|".join(w for w, _ in fields), text):
            continue
        rows = _fact_sentences(reportmine, QUANTITY_KINDS, doc_id, text)
        rng.shuffle(rows)
        taken = 0
        for row in rows:
            k = next((i for i, (w, _) in enumerate(fields) if want[i] and re.search(w, row[3])), None)
            if (row[0], str(row[1]), str(row[2])) in seen or k is None:
                continue
            want[k] -= 1
            taken += 1
            out.append(row)
            if taken >= per_doc:
                break
    return out


def sentences2() -> None:
    """Print ``doc_id, start, end, sentence, drawn`` for batch 2's sentences, in draw order
    (the labeller read each pass in a shuffled order; the set is the same)."""
    seen = _first_set("topics.tsv", 3)
    first = _field_draw(FIELDS2, 1603, seen, None, 2)
    seen |= {(d, str(s), str(e)) for d, s, e, _ in first}
    second = _field_draw(FIELDS3, 1604, seen, re.compile("农产品|农民|村民|乡村"), 3)
    texts = {t[3] for t in _first_set("topics.tsv", 4)} | {_flat(r[3]) for r in first + second}
    third = []
    for doc_id, text in articles():
        for m in re.finditer(r"[^。！？\n]*[。！？]", text):
            sent = m.group(0).strip()
            flat = _flat(sent)
            if 12 <= len(sent) <= 200 and ANY_SALES.search(sent) and flat not in texts:
                texts.add(flat)
                start = text.find(sent, m.start())
                third.append((doc_id, start, start + len(sent), sent))
    random.Random(1605).shuffle(third)
    done = {t[3] for t in _first_set("topics.tsv", 4)}
    for rows, drawn in ((first, "fact"), (second, "fact"), (third, "any")):
        for doc_id, s, e, sent in rows:
            if _flat(sent) not in done:  # a text labelled before (a reprint): left out
                done.add(_flat(sent))
                print(f"{doc_id}\t{s}\t{e}\t{_flat(sent)}\t{drawn}")


FIELDS4 = (
    ("就业|务工|打工|岗位|招聘|求职|工资|月薪|劳务|用工|技能培训|职业培训|创业|转移", 120),
    (
        "公路|道路|修路|通车|通路|桥|铁路|高铁|隧道|饮水|供水|自来水|水窖|电网|通电|用电|宽带|光纤|网络|"
        "水利|灌溉|水渠|交通|机场|港口|管网|管道|基础设施|硬化|路网|客运|物流",
        120,
    ),
)


def sentences3() -> None:
    """Print ``doc_id, start, end, sentence, drawn`` for batch 3's sentences (seed 1606): fact
    sentences found by the words of 就业 and 基础设施 (the two weakest topics) in any archive
    article, at most two per article, the texts labelled before left out."""
    seen = _first_set("topics.tsv", 3) | _first_set("topics-2.tsv", 3)
    done = {t[3] for t in _first_set("topics.tsv", 4) | _first_set("topics-2.tsv", 4)}
    for doc_id, s, e, sent in _field_draw(FIELDS4, 1606, seen, None, 2):
        if _flat(sent) not in done:  # a text labelled before (a reprint): left out
            done.add(_flat(sent))
            print(f"{doc_id}\t{s}\t{e}\t{_flat(sent)}\tfact")


FIELDS5 = (
    (
        "公路|道路|修路|通车|桥|饮水|供水|自来水|水窖|电网|通电|用电|宽带|光纤|4G|5G|水利|灌溉|水渠|硬化|路网|交通",
        100,
    ),
    ("就业|务工|打工|岗位|劳务|用工|培训|转移|工资|务工收入|招聘", 100),
    ("造林|植树|退耕|护林|森林|生态|治理|污染|排放|绿化|湿地|草原|沙化|荒漠|水土流失|垃圾|污水|环保", 100),
    ("贷款|信贷|小额|资金|保险|基金|投资|财政|专项|授信|融资|金融", 90),
    ("党员|第一书记|驻村|党支部|党组织|党建|工作队|帮扶干部|结对", 80),
    ("搬迁|安置|危房|住房|新房|农房|移民", 80),
    ("产业|合作社|种植|养殖|龙头|产值|收入|旅游|车间|基地", 90),
)


FIELDS6 = (
    ("就业|务工|打工|劳务|用工|工资|月薪|扶贫车间|公益岗位|公益性岗位|护林员|保洁员|转移就业|返岗|招工", 50),
    (
        "公路|道路|硬化路|通村|通组|通车|饮水|自来水|供水|电网|通电|宽带|光纤|4G|通信|桥梁|客运|公交|水利|灌溉",
        45,
    ),
)


def _trigrams(sentence: str) -> set[str]:
    """The character trigrams of a sentence with punctuation and spaces taken out."""
    bare = re.sub(r"[\W_]+", "", sentence)
    return {bare[i : i + 3] for i in range(max(1, len(bare) - 2))}


def _near_copy(grams: set[str], kept: list[set[str]]) -> bool:
    """Whether a sentence repeats one already kept: a reprint with a word or clause changed
    (trigram Jaccard >= 0.6) or a part of it (all its trigrams inside the other's)."""
    for other in kept:
        shared = len(grams & other)
        if shared >= 0.6 * len(grams | other) or shared == min(len(grams), len(other)):
            return True
    return False


def sentences4() -> None:
    """Print ``doc_id, start, end, sentence, drawn`` for batch 4's sentences, in two passes.

    First (seed 1607): fact sentences found by the words of the weakest topics (基础设施, 就业,
    生态, 金融与资金, 党建与驻村, 住房与易地搬迁) and of the 其他/产业 boundary, in any archive
    article, at most two per article, the first field in this order whose words a sentence holds
    taking it. Second (seed 1608): the first pass gave few 就业 and 基础设施 sentences on reading
    (培训, 岗位, 桥, 交通 mostly found other fields), so narrower words of those two, the first
    pass's rows left out. A sentence that repeats a text labelled before (any earlier topics
    file) or an earlier row of the batch — the same report reprinted, a headline of its lead
    sentence — is left out (:func:`_near_copy`).
    """
    earlier = ("topics.tsv", "topics-2.tsv", "topics-3.tsv")
    seen = set().union(*(_first_set(name, 3) for name in earlier))
    kept = [_trigrams(t[3]) for name in earlier for t in _first_set(name, 4)]
    first = _field_draw(FIELDS5, 1607, seen, None, 2)
    seen |= {(d, str(s), str(e)) for d, s, e, _ in first}
    second = _field_draw(FIELDS6, 1608, seen, None, 2)
    for doc_id, s, e, sent in first + second:
        grams = _trigrams(sent)
        if not _near_copy(grams, kept):
            kept.append(grams)
            print(f"{doc_id}\t{s}\t{e}\t{_flat(sent)}\tfact")


WEAK = ("基础设施", "就业", "生态", "金融与资金", "产业", "党建与驻村", "住房与易地搬迁")
N_UNCERTAIN = 900
PAIR_QUOTA = (60, 25)  # per predicted-topic pair: holding a weak topic, other pairs
OTHER_SHARE = 0.4  # pairs holding 其他 take at most this share of the batch
LOW_SHARE = 0.25  # sentences of documents the relevance model scores below 0.5
PER_DOC = 3  # sentences per article at most


def _uncertain_pool(
    seen: set[tuple[str, ...]],
    model_path: str | None = None,
) -> list[tuple[float, tuple[str, str], bool, tuple[str, int, int, str]]]:
    """Every archive fact sentence not labelled before, with the topic model's margin (most
    probable minus second), its two most probable topics and whether its document is relevant
    (shipped relevance model >= 0.5). The topic model is the shipped one, or the file at
    ``model_path`` (batch 6). The model's output stays in this script."""
    import reportmine
    from reportmine.learn import shipped
    from reportmine.records import QUANTITY_KINDS

    tm = shipped.model("topic", model_path)
    pool = []
    for doc_id, text in articles():
        rows = [
            r
            for r in _fact_sentences(reportmine, QUANTITY_KINDS, doc_id, text)
            if (r[0], str(r[1]), str(r[2])) not in seen
        ]
        if not rows:
            continue
        # the lead-only model: the shipped default until session 8 (relevance-rest since)
        relevant = shipped.relevance(text, "relevance") >= 0.5
        for row, scores in zip(rows, tm.scores_many([r[3] for r in rows]), strict=True):
            p = tm._proba(scores)
            a, b = sorted(range(len(p)), key=p.__getitem__, reverse=True)[:2]
            pair = (
                (tm.labels[a], tm.labels[b]) if tm.labels[a] < tm.labels[b] else (tm.labels[b], tm.labels[a])
            )
            pool.append((p[a] - p[b], pair, relevant, row))
    return pool


def sentences5() -> None:
    """Print ``doc_id, start, end, sentence, drawn`` for batch 5 (``drawn`` = ``uncertain``):
    fact sentences the shipped topic model is least sure of, found by active learning.

    Every archive fact sentence not labelled before is scored by the shipped topic model; the
    margin between its two most probable topics measures the doubt. Sentences are grouped by
    that pair of topics and taken round-robin, the smallest margin of each pair first, so that
    no pair (and not 其他) swallows the batch: at most 60 per pair holding a weak topic (F1 <=
    0.73 in ``docs/learn.md``: 基础设施, 就业, 生态, 金融与资金, 产业, 党建与驻村, 住房与易地搬迁), 25
    per other pair, 40% of the batch for the pairs holding 其他, a quarter from documents the
    shipped relevance model scores below 0.5, at most three per article, and no near-copy of a
    labelled text or of an earlier row (:func:`_near_copy`). The rows are printed shuffled
    (seed 1609) and without the model's output: the reader labels them blind.
    """
    _uncertain_draw(
        ("topics.tsv", "topics-2.tsv", "topics-3.tsv", "topics-4.tsv"),
        None,
        ((PAIR_QUOTA, PER_DOC, 1609),),
        "uncertain",
    )


Row = tuple[str, int, int, str]


def _uncertain_draw(
    earlier: tuple[str, ...],
    model_path: str | None,
    passes: tuple[tuple[tuple[int, int], int, int], ...],
    drawn: str,
    size: tuple[int, float, float] = (N_UNCERTAIN, OTHER_SHARE, LOW_SHARE),
    pool: list[tuple[float, tuple[str, str], bool, Row]] | None = None,
    out_file: object = None,
    also_kept: tuple[str, ...] = (),
) -> None:
    """The active-learning draw of batches 5 and 6, in one or more passes over one scored pool.

    Each pass is (quota per pair holding a weak topic and per other pair, most rows per
    article, shuffle seed); a later pass goes on from the earlier ones (its quotas count the
    rows already taken, the near-copy check and the 其他 and low-relevance shares run over the
    whole batch of ``N_UNCERTAIN`` rows) and its rows are printed after theirs, shuffled apart,
    so that an earlier pass's rows stay as they were drawn. ``size`` is the batch's rows,
    the 其他 share and the low-relevance share; ``pool`` an already scored pool (batch 7's
    draw shares one), ``out_file`` where the rows go (standard output by default)."""
    n_rows, other_share, low_share = size
    seen = set().union(*(_first_set(name, 3) for name in earlier))
    kept = [_trigrams(t[3]) for name in earlier for t in _first_set(name, 4)]
    kept += [_trigrams(t) for t in also_kept]  # rows of another draw from the same pool
    pool = sorted(_uncertain_pool(seen, model_path) if pool is None else pool, key=lambda c: c[0])
    taken: dict[tuple[str, str], int] = {}
    per_doc: dict[str, int] = {}
    counts = {"other": 0, "low": 0}
    done: set[Row] = set()
    for pair_quota, most, seed in passes:
        groups: dict[tuple[str, str], list[tuple[float, bool, Row]]] = {}
        for margin, pair, relevant, row in pool:
            if row not in done:
                groups.setdefault(pair, []).append((margin, relevant, row))
        out: list[Row] = []
        while len(done) + len(out) < n_rows and any(groups.values()):
            for pair in sorted(groups, key=lambda q: groups[q][0][0] if groups[q] else 2.0):
                quota = pair_quota[0] if set(pair) & set(WEAK) else pair_quota[1]
                while groups[pair] and len(done) + len(out) < n_rows:
                    _, relevant, row = groups[pair].pop(0)
                    if taken.get(pair, 0) >= quota or (
                        "其他" in pair and counts["other"] >= other_share * n_rows
                    ):
                        groups[pair] = []
                        break
                    if per_doc.get(row[0], 0) >= most or (
                        not relevant and counts["low"] >= low_share * n_rows
                    ):
                        continue
                    grams = _trigrams(row[3])
                    if _near_copy(grams, kept):
                        continue
                    kept.append(grams)
                    per_doc[row[0]] = per_doc.get(row[0], 0) + 1
                    taken[pair] = taken.get(pair, 0) + 1
                    counts["other"] += "其他" in pair
                    counts["low"] += not relevant
                    out.append(row)
                    break
        done.update(out)
        # the draw's shape (pairs and shares, never a row's prediction) for the README
        print(
            f"pass: {len(out)} rows (batch {len(done)}); 其他 pairs {counts['other']}, "
            f"low relevance {counts['low']}; per pair so far:",
            file=sys.stderr,
        )
        print(
            ", ".join(f"{a}/{b} {n}" for (a, b), n in sorted(taken.items(), key=lambda t: -t[1]) if n),
            file=sys.stderr,
        )
        random.Random(seed).shuffle(out)
        for doc_id, s, e, sent in out:
            print(f"{doc_id}\t{s}\t{e}\t{_flat(sent)}\t{drawn}", file=out_file)  # type: ignore[arg-type]


def sentences6(model_path: str) -> None:
    """Print ``doc_id, start, end, sentence, drawn`` for batch 6 (``drawn`` = ``uncertain6``):
    as batch 5, but the doubt is that of a topic model trained on batches 1-5 (the file at
    ``model_path``, made by ``reportmine train topic --labels corpus/labels -o PATH --folds 0``),
    no sentence or near-copy of topics.tsv … topics-5.tsv. Two passes: quotas loosened so the
    pool does not run dry (80 per pair holding a weak topic, 40 per other pair, three per
    article; shuffled with seed 1610), which gave 665 rows, 225 of them from articles below 0.5
    relevance (the quarter's cap of 900); then a second pass with the pair quotas doubled (160,
    80) and four per article (seed 1611), which can only add rows of relevant articles.
    """
    _uncertain_draw(
        ("topics.tsv", "topics-2.tsv", "topics-3.tsv", "topics-4.tsv", "topics-5.tsv"),
        model_path,
        (((80, 40), PER_DOC, 1610), ((160, 80), PER_DOC + 1, 1611)),
        "uncertain6",
    )


EARLIER7 = tuple(f"topics{suffix}.tsv" for suffix in ("", "-2", "-3", "-4", "-5", "-6"))
N_RANDOM7 = 700  # batches 7-8: fact sentences of the archives drawn at random
N_UNCERTAIN7 = 700  # batches 11-12: found by uncertainty in articles of low relevance


def sentences7(out_dir: str, model_path: str) -> None:
    """Write the candidates of batches 7-20 to ``out_dir`` (``topics-7.tsv`` … ``topics-20.tsv``,
    columns ``doc_id, start, end, sentence, drawn``, unlabelled), each draw dealt in turn into
    files, one per reader, from one pool: every archive fact sentence not in topics.tsv …
    topics-6.tsv (16,169 sentences; 1,290 of them in articles the lead-only relevance model
    ``relevance`` scores >= 0.5), scored by the topic model at ``model_path`` — the one shipped
    when the batches were drawn, trained on batches 1-6 (``git show
    fdc48bb:src/reportmine/learn/topic.model > MODEL``; the shipped one was retrained on
    batches 1-20 afterwards).

    * Batches 7-8 (``drawn`` = ``random7``): 700 sentences drawn **at random** from the pool
      (seed 1612), at most two per article, no near-copy of a labelled text or of an earlier
      row: the ordinary fact sentences of an archive (most in articles that are not about
      assistance work), for a score on what a researcher's archive holds.
    * Batches 9-10 (``drawn`` = ``relevant7``): **every** remaining pool sentence of an
      article scored relevant (>= 0.5), no near-copy; shuffled (seed 1613). Earlier batches
      took the sentences of relevant articles the words or the model pointed at; this takes
      the rest of them, whatever they hold.
    * Batches 11-12 (``drawn`` = ``uncertain7``): the active-learning draw of batches 5 and 6
      over what is left (articles scored below 0.5: the relevant ones are all in 9-10), 700
      rows, 120 per pair holding a weak topic and 60 per other pair, pairs holding 其他 at most
      45 %, three per article, no near-copy; shuffled (seed 1614).
    * A second round, drawn once the first six files had been read quickly: batches 13-14
      (``drawn`` = ``random7b``) go on along batch 7's random order over what no earlier file
      of this draw took (700 more, at most two per article, no near-copy — so no sentence of a
      relevant article: 9-10 took them all), batch 15 (``uncertain7b``) is one more
      uncertainty draw of 350 over the rest (seed 1615).
    * A third round, drawn once the second had been read: batches 16-19 (``uncertain7c``),
      one more uncertainty draw of 1,400 over the rest (240 per pair holding a weak topic,
      120 per other pair; seed 1616) dealt to four readers, and batch 20 (``random7c``), 350
      more along batch 7's random order.

    Only the draw's shape goes to stderr; no row carries the model's output.
    """
    import io

    seen = set().union(*(_first_set(name, 3) for name in EARLIER7))
    kept = [_trigrams(t[3]) for name in EARLIER7 for t in _first_set(name, 4)]
    pool = _uncertain_pool(seen, model_path)
    print(
        f"pool: {len(pool)} unlabelled fact sentences, {sum(c[2] for c in pool)} in relevant articles",
        file=sys.stderr,
    )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    taken: set[Row] = set()

    def lines(rows: list[Row], drawn: str) -> list[str]:
        taken.update(rows)
        return [f"{d}\t{s}\t{e}\t{_flat(t)}\t{drawn}" for d, s, e, t in rows]

    def uncertain(quotas: tuple[int, int], seed: int, drawn: str, size: int) -> list[str]:
        """An uncertainty draw over what no earlier file took; its rows join ``kept``, ``taken``."""
        buf = io.StringIO()
        rest = [c for c in pool if c[3] not in taken]
        also = tuple(t for *_, t in taken)
        _uncertain_draw(EARLIER7, None, ((quotas, PER_DOC, seed),), drawn, (size, 0.45, 1.0), rest, buf, also)
        found = buf.getvalue().splitlines()
        kept.extend(_trigrams(line.split("\t")[3]) for line in found)
        taken.update((d, int(s), int(e), t) for d, s, e, t, _ in (line.split("\t") for line in found))
        return found

    order = sorted(pool, key=lambda c: c[3])
    random.Random(1612).shuffle(order)
    _deal(out, 7, lines(_distinct([c[3] for c in order], kept, N_RANDOM7, 2), "random7"))
    relevant = sorted(c[3] for c in pool if c[2] and c[3] not in taken)
    random.Random(1613).shuffle(relevant)
    _deal(out, 9, lines(_distinct(relevant, kept, len(relevant), len(relevant)), "relevant7"))
    _deal(out, 11, uncertain((120, 60), 1614, "uncertain7", N_UNCERTAIN7))
    # a second round (batches 13-15), drawn after the first six files were read
    more = _distinct([c[3] for c in order if c[3] not in taken], kept, N_RANDOM7, 2)
    _deal(out, 13, lines(more, "random7b"))
    _write_candidates(out / "topics-15.tsv", uncertain((120, 60), 1615, "uncertain7b", N_UNCERTAIN7 // 2))
    # a third round (batches 16-20), drawn once the second round had been read
    _deal(out, 16, uncertain((240, 120), 1616, "uncertain7c", 2 * N_UNCERTAIN7), 4)
    more = _distinct([c[3] for c in order if c[3] not in taken], kept, N_RANDOM7 // 2, 2)
    _write_candidates(out / "topics-20.tsv", lines(more, "random7c"))


def _distinct(rows: list[Row], kept: list[set[str]], most: int, per_article: int) -> list[Row]:
    """The first ``most`` of ``rows`` that repeat no kept text nor each other (near-copies),
    at most ``per_article`` from one article; ``kept`` grows with them."""
    chosen: list[Row] = []
    per_doc: dict[str, int] = {}
    for row in rows:
        if len(chosen) >= most:
            break
        grams = _trigrams(row[3])
        if per_doc.get(row[0], 0) >= per_article or _near_copy(grams, kept):
            continue
        kept.append(grams)
        per_doc[row[0]] = per_doc.get(row[0], 0) + 1
        chosen.append(row)
    return chosen


def _deal(out: Path, first: int, lines: list[str], ways: int = 2) -> None:
    """Deal ``lines`` in turn into ``ways`` files: ``topics-{first}.tsv``, ``topics-{first + 1}.tsv`` …"""
    for k in range(ways):
        _write_candidates(out / f"topics-{first + k}.tsv", lines[k::ways])


def _write_candidates(path: Path, lines: list[str]) -> None:
    """A candidates file: the labelled files' header without ``topic`` (the reader adds it)."""
    path.write_text("doc_id\tstart\tend\tsentence\tdrawn\n" + "".join(f"{x}\n" for x in lines), "utf-8")
    print(f"{path.name}: {len(lines)} rows", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "extra":
        extra(sys.argv[2])
    elif sys.argv[1] == "sentences6":
        sentences6(sys.argv[2])
    elif sys.argv[1] == "sentences7":
        sentences7(sys.argv[2], sys.argv[3])
    else:
        {
            "docs": docs,
            "sentences": sentences,
            "docs2": docs2,
            "sentences2": sentences2,
            "sentences3": sentences3,
            "sentences4": sentences4,
            "sentences5": sentences5,
        }[sys.argv[1]]()
