"""Coverage-guided fuzzing with atheris (optional; not run in CI).

    pip install -e '.[fuzz]'                     # atheris (libFuzzer for Python)
    python tests/fuzz/fuzz_targets.py extract -atheris_runs=200000
    python tests/fuzz/fuzz_targets.py sources -max_total_time=600 /tmp/corpus-sources

Targets: ``normalize``, ``extract`` (normalize + extract + segment), ``sources``
(``decode_raw`` in every format, and the archive readers through ``iter_documents``).
Every input is checked against the same contract as the hypothesis suites
(``tests/fuzz/strategies.py``): an exception, a broken offset or a hang (libFuzzer's
``-timeout``, 25 s by default here) is a crash, written by libFuzzer to ``crash-*`` in the
current folder. Inputs grow to 4 KB quickly (``-max_len=4096 -len_control=10`` unless given).
Text targets read the fuzzer's bytes as a recipe: each step picks a piece of the field
vocabulary, a lexicon word, or raw Unicode, so coverage guidance works on report-like
text rather than on random bytes alone.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the fuzz package

try:
    import atheris
except ImportError:  # pragma: no cover - optional
    sys.exit("atheris is not installed: pip install -e '.[fuzz]'")

with atheris.instrument_imports(include=["reportmine"]):
    # modules imported lazily by the library are imported here, so they are instrumented
    import reportmine.normalization.mojibake
    import reportmine.segmentation
    import reportmine.sources.docx
    import reportmine.sources.html
    import reportmine.sources.pdf
    import reportmine.sources.sevenzip  # noqa: F401
    from reportmine import Pipeline
    from reportmine.normalization.normalizer import Normalizer
    from reportmine.sources import Limits, RawDocument, SourceOptions, decode_raw, iter_documents

from fuzz.strategies import VOCABULARY, check_report, check_text, check_tokens, lexicon, lexicon_words

LIMITS = Limits(max_doc_bytes=64 * 1024, max_file_bytes=256 * 1024, max_archive_bytes=1024 * 1024,
                max_members=50, ratio_floor=4096, max_ratio=50.0, max_depth=2)
_PIPE: Pipeline | None = None
_NORM: Normalizer | None = None


def _pipe() -> Pipeline:
    global _PIPE
    if _PIPE is None:
        _PIPE = Pipeline(lexicon())
    return _PIPE


def _norm() -> Normalizer:
    global _NORM
    if _NORM is None:
        _NORM = Normalizer(lexicon=lexicon())
    return _NORM


def text_from(data: bytes) -> str:
    """Report-like text from fuzzer bytes: vocabulary, lexicon words and raw Unicode."""
    fdp = atheris.FuzzedDataProvider(data)
    words = lexicon_words()
    parts: list[str] = []
    while fdp.remaining_bytes() and len(parts) < 200:
        choice = fdp.ConsumeIntInRange(0, 4)
        if choice == 0:
            parts.append(VOCABULARY[fdp.ConsumeIntInRange(0, len(VOCABULARY) - 1)])
        elif choice == 1:
            parts.append(words[fdp.ConsumeIntInRange(0, len(words) - 1)])
        elif choice == 2:
            parts.append(fdp.ConsumeUnicode(fdp.ConsumeIntInRange(1, 8)))
        elif choice == 3:
            piece = VOCABULARY[fdp.ConsumeIntInRange(0, len(VOCABULARY) - 1)]
            parts.append(piece * fdp.ConsumeIntInRange(2, 400))
        else:
            parts.append(str(fdp.ConsumeInt(fdp.ConsumeIntInRange(1, 64))))
    return "".join(parts)


def fuzz_normalize(data: bytes) -> None:
    """normalize() keeps its offset map for any text."""
    raw = text_from(data)
    check_text(raw, _norm()(raw))


def fuzz_extract(data: bytes) -> None:
    """extract() and segment() keep the fact and token contracts for any text."""
    raw = text_from(data)
    pipe = _pipe()
    report = pipe.extract(raw)
    check_report(raw, report)
    check_tokens(raw, pipe.segment(raw, facts=report.facts), report.facts)


_FORMATS = ["text", "utf-8", "html", "docx", "pdf"]
_ARCHIVES = ["zip", "tar", "tar.gz", "tar.bz2", "tar.xz", "7z", "jsonl"]


def fuzz_sources(data: bytes) -> None:
    """Readers never raise: every problem is a failed document."""
    if not data:
        return
    kind = data[0] % (len(_FORMATS) + len(_ARCHIVES))
    body = data[1:]
    if kind < len(_FORMATS):
        d = decode_raw(RawDocument("doc", "src", _FORMATS[kind], body, ""), LIMITS)
        assert d.ok == (d.text is not None) == (d.error is None), d
        return
    suffix = _ARCHIVES[kind - len(_FORMATS)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input.{suffix}"
        path.write_bytes(body)
        for d in iter_documents([str(path)], SourceOptions(limits=LIMITS)):
            assert (d.text is None) == (d.error is not None), d
            assert d.id.startswith(path.name), d.id
        leftover = sorted(p.name for p in Path(tmp).iterdir())
        assert leftover == [path.name], leftover


TARGETS = {"normalize": fuzz_normalize, "extract": fuzz_extract, "sources": fuzz_sources}


def main(argv: list[str]) -> None:
    """``fuzz_targets.py TARGET [libFuzzer options] [corpus dirs]``."""
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(f"usage: {argv[0]} {{{','.join(TARGETS)}}} [libFuzzer options] [corpus dirs]")
    target = TARGETS[argv[1]]
    args = [argv[0], *argv[2:]]
    defaults = {"-timeout=": "25", "-max_len=": "4096", "-len_control=": "10"}  # long recipes soon
    args += [k + v for k, v in defaults.items() if not any(a.startswith(k) for a in args)]
    atheris.Setup(args, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
