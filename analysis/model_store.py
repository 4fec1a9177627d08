"""Fitted classifiers kept between runs, so a warm re-run does not train again.

A fitted model is stored as plain NumPy arrays in one ``.npz`` file (read with
``allow_pickle=False``: no code can come out of it) under
:data:`analysis.config.CACHE_DIR` ``/fitted/``, named by a fingerprint of
everything the fit depends on. The caller passes the training data, the code
and data files that shape the features and the model identity; the
estimator's parameters and the library versions are added here. Anything
changed gives another file name, so a stale model is never read.

Stored layouts: a fitted ``LogisticRegression`` and a ``CalibratedClassifierCV``
of logistic regressions with sigmoid calibration, rebuilt from their
coefficients with scikit-learn's own classes so that predictions are computed
by the same code as after a fresh fit. (skops would store any estimator, but
importing it enumerates every scikit-learn estimator and takes seconds.)
"""
from __future__ import annotations

import hashlib
import warnings
import zipfile
from pathlib import Path
from typing import Iterable

import numpy as np

from . import config
from .errors import CorpusWarning
from .outputs import atomic_path

_FITTED_SUBDIR = "fitted"
#: Bumped when the stored layout changes, so older files are never read.
_FORMAT = "1"


def fingerprint(estimator, parts: Iterable[str | bytes]) -> str:
    """SHA-256 of the estimator's class and parameters, library versions and ``parts``."""
    import sklearn

    digest = hashlib.sha256()
    params = sorted((k, repr(v)) for k, v in estimator.get_params(deep=False).items())
    header = [_FORMAT, type(estimator).__qualname__, repr(params), sklearn.__version__,
              np.__version__]
    for part in [*header, *parts]:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8")
        # Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def fitted_path(name: str, key: str, folder: str | Path | None = None) -> Path:
    """Where the fitted model ``name`` with fingerprint ``key`` is stored."""
    folder = Path(folder) if folder is not None else Path(config.CACHE_DIR)
    return folder / _FITTED_SUBDIR / f"{name}-{key[:32]}.npz"


def load_arrays(path: str | Path) -> dict[str, np.ndarray] | None:
    """The arrays stored at ``path``; None if there is no file or it cannot be read
    (a damaged file is reported as a warning and then fitted again)."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            return {name: stored[name] for name in stored.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        warnings.warn(f"{path}: stored model unreadable, fitted again ({type(exc).__name__})",
                      CorpusWarning, stacklevel=2)
        return None


def store_arrays(arrays: dict[str, np.ndarray], path: str | Path) -> Path:
    """Write ``arrays`` to ``path`` atomically (uncompressed ``.npz``)."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as handle:
            np.savez(handle, **arrays)
    return Path(path)


# --------------------------------------------------------------------------- layouts

def model_to_arrays(model, prefix: str = "model.") -> dict[str, np.ndarray]:
    """Arrays that rebuild ``model`` with :func:`model_from_arrays`.

    Raises TypeError for a model of another kind (see the module docstring).
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    if isinstance(model, LogisticRegression):
        return {f"{prefix}kind": np.array("logistic"),
                **_logistic_arrays(model, prefix)}
    if isinstance(model, CalibratedClassifierCV) and model.method == "sigmoid" and all(
            isinstance(c.estimator, LogisticRegression) for c in model.calibrated_classifiers_):
        arrays = {f"{prefix}kind": np.array("calibrated_sigmoid"),
                  f"{prefix}classes": _as_str(model.classes_),
                  f"{prefix}folds": np.array(len(model.calibrated_classifiers_))}
        for i, calibrated in enumerate(model.calibrated_classifiers_):
            arrays.update(_logistic_arrays(calibrated.estimator, f"{prefix}{i}."))
            arrays[f"{prefix}{i}.a"] = np.array([c.a_ for c in calibrated.calibrators], dtype=float)
            arrays[f"{prefix}{i}.b"] = np.array([c.b_ for c in calibrated.calibrators], dtype=float)
        return arrays
    raise TypeError(f"cannot store a {type(model).__name__}")


def model_from_arrays(arrays: dict[str, np.ndarray], prefix: str = "model."):
    """The fitted model that :func:`model_to_arrays` stored under ``prefix``."""
    from sklearn.calibration import CalibratedClassifierCV, _CalibratedClassifier, _SigmoidCalibration

    kind = str(arrays[f"{prefix}kind"])
    if kind == "logistic":
        return _logistic_from(arrays, prefix)
    if kind != "calibrated_sigmoid":
        raise ValueError(f"unknown stored model kind {kind!r}")
    classes = _from_str(arrays[f"{prefix}classes"])
    calibrated = []
    for i in range(int(arrays[f"{prefix}folds"])):
        estimator = _logistic_from(arrays, f"{prefix}{i}.")
        calibrators = []
        for a, b in zip(arrays[f"{prefix}{i}.a"], arrays[f"{prefix}{i}.b"]):
            calibrator = _SigmoidCalibration()
            calibrator.a_, calibrator.b_ = float(a), float(b)
            calibrators.append(calibrator)
        calibrated.append(_CalibratedClassifier(estimator, calibrators, classes=classes,
                                                method="sigmoid"))
    model = CalibratedClassifierCV(calibrated[0].estimator, method="sigmoid")
    model.calibrated_classifiers_ = calibrated
    model.classes_ = classes
    model.n_features_in_ = calibrated[0].estimator.n_features_in_
    return model


def _logistic_arrays(model, prefix: str) -> dict[str, np.ndarray]:
    return {f"{prefix}coef": np.asarray(model.coef_, dtype=float),
            f"{prefix}intercept": np.asarray(model.intercept_, dtype=float),
            f"{prefix}classes": _as_str(model.classes_)}


def _logistic_from(arrays: dict[str, np.ndarray], prefix: str):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression()
    model.coef_ = arrays[f"{prefix}coef"]
    model.intercept_ = arrays[f"{prefix}intercept"]
    model.classes_ = _from_str(arrays[f"{prefix}classes"])
    model.n_features_in_ = model.coef_.shape[1]
    return model


def _as_str(values) -> np.ndarray:
    return np.asarray([str(v) for v in values], dtype=str)


def _from_str(values: np.ndarray) -> np.ndarray:
    # Labels were fitted as Python strings (dtype object); keep them so.
    return np.asarray([str(v) for v in values], dtype=object)
