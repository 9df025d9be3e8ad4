"""reportmine.learn: frozen labels, plain-array models, the pipeline's relevance and topics,
skipped documents, reprints."""

from __future__ import annotations

import math
import re
import sqlite3
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from reportmine.config import PipelineConfig
from reportmine.errors import LabelError, ModelError
from reportmine.learn.labels import TOPICS, file_sha256, label_files, read_relevance, read_topics
from reportmine.learn.models import LinearModel, load_model

ROOT = Path(__file__).resolve().parents[1]


def to_traditional(text: str) -> str:
    from reportmine.normalization.script import open_converter

    return open_converter("s2t").convert(text)

LABELS = ROOT / "corpus" / "labels"

POVERTY = (
    "本报贵阳10月14日电 驻村工作队帮助贫困户发展产业，全村127户贫困户脱贫摘帽，易地扶贫搬迁群众住进新房。"
)
SPORT = "中国女排以3比0战胜塞尔维亚队，夺得本届世界杯冠军，球迷在体育馆内欢呼庆祝。"


# -- the labels ---------------------------------------------------------------------------------
def test_labels_are_frozen() -> None:
    # the README records the sha256 of every labels file when it was frozen, before scoring
    readme = (LABELS / "README.md").read_text(encoding="utf-8")
    recorded = dict((name, digest) for digest, name in re.findall(r"([0-9a-f]{64})\s+(\S+\.tsv)", readme))
    on_disk = {p.name for task in ("relevance", "topic") for p in label_files(LABELS, task)}
    assert set(recorded) == on_disk >= {"relevance.tsv", "topics.tsv", "relevance-2.tsv", "topics-2.tsv"}
    for name, digest in recorded.items():
        assert file_sha256(LABELS / name) == digest, f"{name} changed after it was frozen"


def test_label_sets_are_large_enough_and_well_formed() -> None:
    rel = [r for p in label_files(LABELS, "relevance") for r in read_relevance(p)]
    top = [t for p in label_files(LABELS, "topic") for t in read_topics(p)]
    assert len(rel) >= 800 and len({r.doc_id for r in rel}) == len(rel)  # no document twice
    assert 0.1 < sum(r.relevant for r in rel) / len(rel) < 0.5
    assert len(top) >= 1500 and {t.topic for t in top} == set(TOPICS)
    assert min(Counter(t.topic for t in top).values()) >= 60  # every topic: 60 examples at least
    assert all(t.end - t.start >= len(t.sentence) - 5 for t in top)


def test_a_malformed_label_file_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "relevance.tsv"
    bad.write_text("doc_id\tlabel\tnote\na\t1\t\nb\tyes\t\n", encoding="utf-8")
    with pytest.raises(LabelError, match=r"relevance.tsv:3: label must be 0 or 1"):
        read_relevance(bad)
    bad = tmp_path / "topics.tsv"
    bad.write_text("doc_id\tstart\tend\tsentence\ttopic\na\t0\t3\t句子。\t体育\n", encoding="utf-8")
    with pytest.raises(LabelError, match=r"topics.tsv:2: unknown topic '体育'"):
        read_topics(bad)


# -- models -------------------------------------------------------------------------------------
def _tiny_labels(folder: Path) -> Path:
    rows = [
        (f"p{i}", "1", f"第{i}村驻村工作队帮助贫困户发展产业脱贫致富，扶贫车间带动就业" * (1 + i % 3 * 5))
        for i in range(12)
    ] + [(f"s{i}", "0", f"第{i}场足球比赛在体育场进行，球队夺得冠军，观众欢呼" * (1 + i % 3 * 5))
         for i in range(12)]
    lines = ["doc_id\tlabel\tnote\ttext", *("\t".join((d, y, "", t)) for d, y, t in rows)]
    (folder / "relevance.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_train_on_a_tiny_label_set_and_score_as_scikit_learn_does(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from reportmine.learn.train import _pipeline, load_dataset, train

    out = tmp_path / "rel.model"
    model = train("relevance", _tiny_labels(tmp_path), out, cv_folds=3, rest_chars=300)
    assert model.info["trained_with"]["scikit-learn"] and model.info["rows"] == 24
    loaded = load_model(out, "relevance")
    texts = ["贫困户脱贫致富", "足球比赛冠军", "驻村帮扶", "体育新闻"]
    data = load_dataset("relevance", tmp_path, rest_chars=300)
    assert any(g.startswith("\t") for g in loaded.vocab)  # (the rest's n-grams were learnt)
    assert loaded.rest_chars == data.rest_chars and loaded.info["rows"] == 24
    pipe = _pipeline("logreg", data.max_chars, loaded.ngram_range, data.rest_chars)
    pipe.fit(list(data.texts), list(data.labels))
    # long texts: the lead and the rest (its n-grams marked) as scikit-learn read them
    texts += ["体育新闻" * 60 + "贫困户脱贫致富" * 40, "驻村帮扶" * 60 + "足球比赛冠军" * 50]
    want = pipe.predict_proba(texts)[:, 1]
    for text, p in zip(texts, want, strict=False):
        assert loaded.proba(text)[1] == pytest.approx(p, abs=1e-4)
        plain = loaded._scores_python(*loaded._tfidf(text))  # (the scoring without numpy)
        assert loaded.proba_of(plain)[1] == pytest.approx(p, abs=1e-4)
    assert [s[0] for s in loaded.scores_many(texts)] == pytest.approx([loaded.scores(t)[0] for t in texts])
    # one pass of this model (lead and rest) and the topic model, as the pipeline runs them
    pytest.importorskip("numpy")
    from reportmine.learn.shipped import model
    from reportmine.learn.vectorized import PairedIndex, best_of

    top = model("topic")
    paired = PairedIndex(loaded._index(), top._index())  # type: ignore[arg-type]
    sentences = ["资助贫困学生1.2万人", "新建通村公路120公里", ""]
    for text in texts:
        leads, found = paired.score_chunk([text], sentences, loaded.max_chars)
        first, best = leads[0].tolist(), best_of(paired.np, found)
        assert first == pytest.approx(loaded.scores(text))
        want_topics = [(n, pytest.approx(p)) for n, p in top.predict_many(sentences)]
        assert [(top.labels[k], p) for k, p in best] == want_topics
    assert loaded.proba("扶贫产业")[1] > 0.5 > loaded.proba("足球冠军")[1]


def test_a_model_file_of_another_format_asks_to_retrain(tmp_path: Path) -> None:
    m = LinearModel("topic", ("a", "b", "c"), {"x": 0}, [1.0], [1.0, 0.0, -1.0], [0.0, 0.0, 0.0])
    path = m.save(tmp_path / "t.model")
    assert load_model(path).predict("x")[0] == "a"
    with pytest.raises(ModelError, match="a topic model, not a relevance model"):
        load_model(path, "relevance")
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["model.json"] = members["model.json"].replace(b'"format": 1', b'"format": 99')
    with zipfile.ZipFile(path, "w") as zf:
        for n, b in members.items():
            zf.writestr(n, b)
    with pytest.raises(ModelError, match=r"model format 99.*reportmine train topic"):
        load_model(path)
    (tmp_path / "junk.model").write_bytes(b"\x80\x04pickle")
    with pytest.raises(ModelError, match="cannot read the model file"):
        load_model(tmp_path / "junk.model")


def test_the_shipped_models_load_and_predict() -> None:
    from reportmine.learn.shipped import SHIPPED, relevance, topic

    for path in SHIPPED.values():
        assert path.stat().st_size < 5_000_000
    rest = PipelineConfig(relevance_model="relevance-rest").build()  # (a shipped model, by name)
    assert rest.extract(POVERTY).relevance > 0.5 > rest.extract(SPORT).relevance  # type: ignore[operator]
    assert relevance(POVERTY) > 0.5 > relevance(SPORT)
    assert topic("资助贫困学生1.2万人，新建乡村学校20所")[0] == "教育"
    assert topic("全县培训贫困劳动力3000人，转移就业2000人")[0] == "就业"
    assert topic("易地扶贫搬迁安置住房已竣工10.3万套，搬迁入住40万人")[0] == "住房与易地搬迁"


# -- the pipeline ---------------------------------------------------------------------------------
def test_relevance_and_topics_in_the_pipeline_in_both_scripts() -> None:
    pipe = PipelineConfig(relevance=True, topics=True).build()
    simp = pipe.extract(POVERTY)
    trad = pipe.extract(to_traditional(POVERTY))
    assert simp.relevance is not None and simp.relevance > 0.5
    assert trad.relevance == pytest.approx(simp.relevance, abs=0.02)
    qs = [f for f in simp.facts if f.topic is not None]
    assert qs and all(0 < (f.topic_prob or 0) <= 1 for f in qs)
    assert [f.topic for f in trad.facts] == [f.topic for f in simp.facts]
    assert all(f.topic is None for f in simp.facts if f.kind in ("date", "program", "document"))
    plain = PipelineConfig().build().extract(POVERTY)
    assert plain.relevance is None and all(f.topic is None for f in plain.facts)


def test_import_and_default_extraction_load_no_scikit_learn_or_numpy() -> None:
    # the models load on first use; scoring never needs scikit-learn (numpy, when installed,
    # only speeds up the topic model's sums)
    code = (
        "import sys, reportmine; reportmine.extract('贫困户35户'); "
        "print(sorted(m for m in ('sklearn', 'numpy', 'scipy', 'datasketch') if m in sys.modules)); "
        "from reportmine.config import PipelineConfig; "
        "PipelineConfig(relevance=True, topics=True).build().extract('投入资金100万元发展产业'); "
        "print(sorted(m for m in ('sklearn', 'scipy', 'datasketch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "[]"]


def test_min_relevance_skips_documents_and_the_store_says_so(tmp_path: Path) -> None:
    from reportmine.cli import main

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(POVERTY, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(SPORT, encoding="utf-8")
    db = tmp_path / "out.sqlite"
    argv = ["extract", str(tmp_path / "in"), "-o", str(db), "--min-relevance", "0.5", "-q", "-j", "1"]
    assert main(argv) == 0
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT id, status FROM documents"))
        rel = dict(conn.execute("SELECT id, relevance FROM documents"))
        n = dict(conn.execute("SELECT doc_id, count(*) FROM facts GROUP BY doc_id"))
    assert rows == {"a.txt": "done", "b.txt": "skipped"}
    assert rel["a.txt"] > 0.5 > rel["b.txt"] and "b.txt" not in n


def test_extract_reads_a_model_by_name_or_file_and_refuses_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reportmine.cli import main

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(POVERTY, encoding="utf-8")
    db = tmp_path / "out.sqlite"
    # a wrong name is a usage error before any document is read: no output, no failed documents
    with pytest.raises(SystemExit) as e:
        main(["extract", str(tmp_path / "in"), "-o", str(db), "--relevance-model", "nosuch", "-q"])
    assert e.value.code == 2 and "no such model file or shipped model" in capsys.readouterr().err
    assert not db.exists()
    # the shipped relevance-rest model by name, the topic model by its file
    from reportmine.learn.shipped import SHIPPED

    topic = SHIPPED["topic"]
    argv = ["extract", str(tmp_path / "in"), "-o", str(db), "--relevance-model", "relevance-rest"]
    assert main([*argv, "--topic-model", str(topic), "-q", "-j", "1"]) == 0
    with sqlite3.connect(db) as conn:
        (rel,) = conn.execute("SELECT relevance FROM documents").fetchone()
        topics = [t for (t,) in conn.execute("SELECT topic FROM facts WHERE topic IS NOT NULL")]
    assert rel > 0.5 and topics


# -- reprints --------------------------------------------------------------------------------------
STORY = (
    "本报贵阳10月14日电 记者从贵州省扶贫办获悉，贵州全省188万人易地扶贫搬迁今年6月全面完成。\n"
    "搬迁工程从搬迁为主向后续扶持和社会管理转移，全省建成安置点946个，配套建设学校和医院。\n"
    "贵州促进搬迁群众就业，已有劳动力搬迁家庭实现一户一人以上就业，扶贫车间吸纳就业三万余人。\n"
    "黔西南州在安置社区开设技能培训班，培训搬迁群众两万人次，帮助他们在家门口找到工作。\n"
)
OTHER = (
    "本报北京10月20日电 第七届世界军人运动会田径比赛今天在武汉体育中心进行，各国选手同场竞技。\n"
    "中国选手在男子跳远决赛中包揽冠亚军，女子四百米跨栏比赛也获得一枚金牌，观众热情高涨。\n"
    "赛后，组委会介绍说，本届运动会共有一百多个国家的九千多名军人运动员报名参加各项比赛。\n"
)


def test_reprints_are_found_whatever_was_changed() -> None:
    pytest.importorskip("numpy")
    from reportmine.learn.reprints import ReprintIndex
    from reportmine.normalization import normalize

    paras = STORY.splitlines()
    variants = {
        "headline": "贵州搬迁群众稳得住（转载）\n" + STORY,
        "trimmed": "\n".join(paras[:3]),
        "reordered": "\n".join([paras[0], paras[2], paras[1], paras[3]]),
        "byline": "新华社记者 王小明\n" + STORY,
        "traditional": to_traditional(STORY),
    }
    index = ReprintIndex()
    assert index.add("original", normalize(STORY).normalized) is None
    assert index.add("other", normalize(OTHER).normalized) is None
    for name, text in variants.items():
        assert index.add(name, normalize(text).normalized) == "original", name
    assert index.add("short", "广告") is None


def test_the_reprints_command_marks_the_store(tmp_path: Path) -> None:
    pytest.importorskip("numpy")
    from reportmine.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER, encoding="utf-8")
    (folder / "c.txt").write_text(to_traditional("转载\n" + STORY), encoding="utf-8")
    db = tmp_path / "out.sqlite"
    assert main(["extract", str(folder), "-o", str(db), "-q", "-j", "1"]) == 0
    assert main(["reprints", str(db), str(folder)]) == 0
    with sqlite3.connect(db) as conn:
        marks = dict(conn.execute("SELECT id, reprint_of FROM documents"))
    assert marks == {"a.txt": None, "b.txt": None, "c.txt": "a.txt"}


def test_label_files_lists_the_first_set_then_batches_in_number_order(tmp_path: Path) -> None:
    for name in ("topics.tsv", "topics-10.tsv", "topics-2.tsv", "topics-x.tsv", "relevance.tsv"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [p.name for p in label_files(tmp_path, "topic")] == ["topics.tsv", "topics-2.tsv", "topics-10.tsv"]
    assert [p.name for p in label_files(tmp_path, "relevance")] == ["relevance.tsv"]


def _reference_scores(m: LinearModel, text: str) -> list[float]:
    # the scoring written out plainly: every n-gram counted, tf-idf, L2, dot, intercept
    from reportmine.learn.features import document_ngrams

    grams = Counter(document_ngrams(text, m.ngram_range, m.max_chars, m.rest_chars))
    counts = {m.vocab[g]: c for g, c in grams.items() if g in m.vocab}
    ws = {j: (1.0 + math.log(c) if c > 1 else 1.0) * m.idf[j] for j, c in counts.items()}
    norm = math.sqrt(sum(x * x for x in ws.values())) or 1.0
    w = m.width
    return [m.intercept[k] + sum(x / norm * m.coef[j * w + k] for j, x in ws.items()) for k in range(w)]


def test_batched_scoring_equals_the_plain_reference_with_and_without_numpy() -> None:
    # the fast paths (n-grams cut by map, one sparse product per batch) against the reference
    from reportmine.learn.shipped import model

    texts = [POVERTY, SPORT, "", "１２３", "資助貧困學生1.2萬人", "新建通村公路120公里，解决饮水", "x" * 400]
    for task in ("relevance", "topic"):
        m = model(task)
        want = [_reference_scores(m, t) for t in texts]
        singly = [m.scores_many([t])[0] for t in texts]  # (one text: its own fast path)
        for got in (m.scores_many(texts), singly, [m._scores_python(*m._tfidf(t)) for t in texts]):
            for g, w in zip(got, want, strict=True):
                assert g == pytest.approx(w, abs=1e-5)
    assert model("topic").predict_many([]) == [] and model("relevance").scores_many([]) == []
    names = [n for n, _ in model("topic").predict_many(texts)]
    assert names == [model("topic").predict(t)[0] for t in texts]
    # the batch's softmax on the score array (numpy) against the softmax of each text in Python
    m = model("topic")
    plain = []
    for t in texts:
        p = m._proba(_reference_scores(m, t))
        k = max(range(len(p)), key=p.__getitem__)
        plain.append((m.labels[k], p[k]))
    got = m.predict_many(texts)
    assert [n for n, _ in got] == [n for n, _ in plain]
    assert [p for _, p in got] == pytest.approx([p for _, p in plain], abs=1e-6)


def test_prepare_fast_paths_and_the_batch_separator() -> None:
    # prepare: a short squeezed prefix gives the lead; a sentence without whitespace is only
    # translated — both the same text as the full squeeze
    np = pytest.importorskip("numpy")
    from reportmine.learn.features import _DIGITS, _SPACES, prepare
    from reportmine.learn.vectorized import NgramIndex

    texts = ["", "  ", " 扶贫\r\n\u3000\u3000车间 ", "１２3户\t\t带动", "x" * 50, "\u3000a b\u2028", "a"]
    texts += ["扶贫０"]
    texts += [" \n" * 300 + "扶贫" * 300, "扶 贫" * 200]
    for t in texts:
        for m in (None, 3, 8, 200):
            bounded = t if m is None else t[: 4 * m + 64]
            full = _SPACES.sub(" ", bounded).strip().translate(_DIGITS)
            assert prepare(t, m) == (full if m is None else full[:m])
    # no n-gram across two texts of a batch: 扶 + 贫 is no 扶贫
    index = NgramIndex(np, {"扶贫": 0}, [1.0], np.ones((1, 1)), np.zeros(1), (1, 2), True)
    assert index.scores(["扶", "贫"]) == [[0.0], [0.0]]
    assert index.scores(["扶贫", "贫"]) == [[1.0], [0.0]]
