"""Learning from the archive (``reportmine[learn]``): relevance, topics, reprints.

Modules: :mod:`.features` (character n-grams of simplified text), :mod:`.models` (a
trained linear model as plain arrays: saved, loaded, applied without pickle, scikit-learn
or numpy), :mod:`.labels` (the labelled TSV files), :mod:`.train` (training,
cross-validation, learning curves: scikit-learn), :mod:`.shipped` (the models that come
with reportmine, loaded lazily on first use), :mod:`.reprints` (near-duplicate documents
in a stream, MinHash/LSH: numpy).

Importing this package loads none of scikit-learn, numpy or a model file.
"""

from __future__ import annotations
