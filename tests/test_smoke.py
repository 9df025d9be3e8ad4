"""The package imports cheaply and the public API is wired together."""

import sys

import reportmine


def test_import_is_lazy() -> None:
    # importing reportmine in a fresh interpreter must not load OpenCC, jieba or spaCy
    import subprocess

    code = "import sys, reportmine; print(sorted(m for m in ('opencc','jieba','spacy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_extract_returns_report_with_normalized_text() -> None:
    r = reportmine.extract("貧困戶35 戶", "x.txt")
    assert r.doc_id == "x.txt"
    assert r.text.original == "貧困戶35 戶"
    assert r.text.normalized == "贫困户35户"
    for f in r.facts:
        assert r.text.original[f.start : f.end] == f.text


def test_extract_function_is_not_shadowed_by_the_subpackage() -> None:
    import reportmine.pipeline  # imports the extract subpackage
    from reportmine.extractors.base import Context  # the subpackage stays importable

    assert callable(reportmine.extract)
    assert Context.__module__ == "reportmine.extractors.base"
    assert reportmine.extract("共35户").doc_id is None


def test_normalize_function_is_not_shadowed_by_the_module() -> None:
    import reportmine.pipeline  # imports the normalize module
    from reportmine import normalize
    from reportmine.normalization.normalizer import Normalizer

    assert callable(normalize) and not isinstance(normalize, type(reportmine))
    assert normalize("貧困戶").normalized == "贫困户"
    assert Normalizer().__class__.__module__ == "reportmine.normalization.normalizer"


def test_to_frame_has_the_same_columns_whatever_the_report_holds() -> None:
    from reportmine.records import fact_columns

    empty = reportmine.extract("").to_frame()
    full = reportmine.extract("投入资金100余万元，出台《办法》，开展“百企帮百村”行动").to_frame()
    assert list(empty.columns) == list(full.columns) == list(fact_columns())
    assert len(full) == 3


def test_bad_options_raise_option_error_which_is_a_value_error() -> None:
    import pytest

    from reportmine import OptionError, Pipeline, ReportmineError

    for kwargs in ({"kinds": ["counts"]}, {"script": "latin"}, {"converter": "s2t"}, {"repairs": ["x"]}):
        with pytest.raises(OptionError) as info:
            Pipeline(**kwargs)  # type: ignore[arg-type]
        assert isinstance(info.value, ValueError) and isinstance(info.value, ReportmineError)
