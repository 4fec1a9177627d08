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

Rebuilding a calibrated model needs two private classes of
``sklearn.calibration`` (``_CalibratedClassifier``, ``_SigmoidCalibration``).
The file name includes the scikit-learn version, so a model is only ever
rebuilt by the version that fitted it; if an upgrade renames or changes those
classes, rebuilding raises :class:`StoredModelError`, the caller fits again, and
``tests/test_model_store.py`` fails with a message saying what to update.
Every stored array is checked against the shapes the caller expects, so a file
that parses but holds another model is refused the same way.
"""
from __future__ import annotations

import hashlib
import warnings
import zipfile
from pathlib import Path
from typing import Iterable

import numpy as np

from . import config
from .errors import CorpusWarning, InputError
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
    try:
        if not path.is_file():
            return None
        with np.load(path, allow_pickle=False) as stored:
            return {name: stored[name] for name in stored.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        # A folder without search permission raises already in is_file().
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        warnings.warn(f"{path}: stored model unreadable, fitted again ({reason})",
                      CorpusWarning, stacklevel=2)
        return None


def drop(path: str | Path) -> None:
    """Remove a stored model (a damaged one); a file already gone is fine."""
    try:
        Path(path).unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        warnings.warn(f"{path}: cannot remove damaged stored model ({exc.strerror or exc})",
                      CorpusWarning, stacklevel=2)


class StoredModelError(ValueError):
    """Stored arrays that do not rebuild a valid model (damage, or a changed library)."""


def store_arrays(arrays: dict[str, np.ndarray], path: str | Path) -> Path | None:
    """Write ``arrays`` to ``path`` atomically (uncompressed ``.npz``).

    Returns the path, or None when the cache cannot be written (read-only, full,
    a file where its folder should be): that is one warning, and the model is
    fitted again next run; the run itself goes on.
    """
    path = Path(path)
    try:
        if path.exists() and not path.is_file():
            # A folder, device or pipe in the cache: never stream a model into it.
            raise InputError(f"{path}: not a regular file")
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            with open(tmp, "wb") as handle:
                np.savez(handle, **arrays)
    except (InputError, OSError) as exc:
        reason = str(exc) if isinstance(exc, InputError) else (
            f"{exc.filename or path}: {exc.strerror or exc}")
        warnings.warn(f"stored-model cache not written ({reason}); the model is fitted "
                      "again next run", CorpusWarning, stacklevel=2)
        return None
    return path


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


def _private_calibration_classes():
    """scikit-learn's private calibration classes, or StoredModelError naming what changed."""
    try:
        from sklearn.calibration import _CalibratedClassifier, _SigmoidCalibration
    except ImportError as exc:
        raise StoredModelError(f"this scikit-learn has no {exc.name or exc}: update "
                               "analysis/model_store.py for its calibration classes") from None
    return _CalibratedClassifier, _SigmoidCalibration


def model_from_arrays(arrays: dict[str, np.ndarray], prefix: str = "model.",
                      n_features: int | None = None):
    """The fitted model that :func:`model_to_arrays` stored under ``prefix``.

    ``n_features``: the width of the inputs the model must take (checked when given).
    Raises :class:`StoredModelError` for missing or ill-shaped arrays, an unknown
    layout, or calibration classes this scikit-learn no longer has.
    """
    try:
        return _model_from_arrays(arrays, prefix, n_features)
    except StoredModelError:
        raise
    except (KeyError, ValueError, TypeError, IndexError, AttributeError) as exc:
        raise StoredModelError(f"stored model does not rebuild ({type(exc).__name__}: "
                               f"{exc})") from None


def _model_from_arrays(arrays, prefix, n_features):
    from sklearn.calibration import CalibratedClassifierCV

    kind = str(arrays[f"{prefix}kind"])
    if kind == "logistic":
        return _logistic_from(arrays, prefix, n_features)
    if kind != "calibrated_sigmoid":
        raise StoredModelError(f"unknown stored model kind {kind!r}")
    calibrated_class, sigmoid_class = _private_calibration_classes()
    classes = _from_str(arrays[f"{prefix}classes"])
    folds = int(arrays[f"{prefix}folds"])
    if folds < 1:
        raise StoredModelError(f"stored calibrated model has {folds} folds")
    calibrated = []
    for i in range(folds):
        estimator = _logistic_from(arrays, f"{prefix}{i}.", n_features)
        if list(estimator.classes_) != list(classes):
            raise StoredModelError(f"fold {i} has other classes than the model")
        a = np.asarray(arrays[f"{prefix}{i}.a"], dtype=float)
        b = np.asarray(arrays[f"{prefix}{i}.b"], dtype=float)
        expected = 1 if len(classes) == 2 else len(classes)
        if a.shape != (expected,) or b.shape != (expected,) or not (
                np.isfinite(a).all() and np.isfinite(b).all()):
            raise StoredModelError(f"fold {i}: calibration of shape {a.shape}/{b.shape}, "
                                   f"expected ({expected},)")
        calibrators = []
        for a_i, b_i in zip(a, b):
            calibrator = sigmoid_class()
            calibrator.a_, calibrator.b_ = float(a_i), float(b_i)
            calibrators.append(calibrator)
        try:
            calibrated.append(calibrated_class(estimator, calibrators, classes=classes,
                                               method="sigmoid"))
        except TypeError as exc:
            raise StoredModelError(f"sklearn.calibration._CalibratedClassifier changed ({exc}): "
                                   "update analysis/model_store.py") from None
    model = CalibratedClassifierCV(calibrated[0].estimator, method="sigmoid")
    model.calibrated_classifiers_ = calibrated
    model.classes_ = classes
    model.n_features_in_ = calibrated[0].estimator.n_features_in_
    return model


def _logistic_arrays(model, prefix: str) -> dict[str, np.ndarray]:
    return {f"{prefix}coef": np.asarray(model.coef_, dtype=float),
            f"{prefix}intercept": np.asarray(model.intercept_, dtype=float),
            f"{prefix}classes": _as_str(model.classes_)}


def _logistic_from(arrays: dict[str, np.ndarray], prefix: str, n_features: int | None = None):
    from sklearn.linear_model import LogisticRegression

    coef = np.asarray(arrays[f"{prefix}coef"], dtype=float)
    intercept = np.asarray(arrays[f"{prefix}intercept"], dtype=float)
    classes = _from_str(arrays[f"{prefix}classes"])
    rows = 1 if len(classes) == 2 else len(classes)
    if len(classes) < 2 or coef.ndim != 2 or coef.shape[0] != rows or intercept.shape != (rows,):
        raise StoredModelError(f"{prefix}coef of shape {coef.shape} and intercept of shape "
                               f"{intercept.shape} do not fit {len(classes)} classes")
    if n_features is not None and coef.shape[1] != n_features:
        raise StoredModelError(f"{prefix}coef takes {coef.shape[1]} features, the model "
                               f"needs {n_features}")
    if not (np.isfinite(coef).all() and np.isfinite(intercept).all()):
        raise StoredModelError(f"{prefix}coef holds non-finite values")
    model = LogisticRegression()
    model.coef_ = coef
    model.intercept_ = intercept
    model.classes_ = classes
    model.n_features_in_ = coef.shape[1]
    return model


def _as_str(values) -> np.ndarray:
    return np.asarray([str(v) for v in values], dtype=str)


def _from_str(values: np.ndarray) -> np.ndarray:
    # Labels were fitted as Python strings (dtype object); keep them so.
    return np.asarray([str(v) for v in values], dtype=object)
