"""Input checks errors that say what was expected and what came."""

import numpy as np


def as_int(value, name, low=None, high=None):
    """Return `value` as an int; raise TypeError/ValueError naming the allowed range."""
    if not isinstance(value, int | np.integer) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be {bounds}, got {value}")
    return int(value)


def as_array(x, name, ndim=None, unit_range=False):
    """Check that `x` is a non-empty, finite real array and return it as one.

    Args:
        x: array-like to check.
        name: what to call it in error messages.
        ndim: allowed number(s) of dimensions, or None for any.
        unit_range: also require every value to lie in [0, 1].
    """
    if not isinstance(x, np.ndarray):
        if not isinstance(x, list | tuple) and not hasattr(x, "__array__"):
            raise TypeError(f"{name} must be an array, got {type(x).__name__}")
        x = np.asarray(x)
    if x.dtype == bool or not np.issubdtype(x.dtype, np.number):
        raise TypeError(f"{name} must hold real numbers, got dtype {x.dtype}")
    if np.issubdtype(x.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got dtype {x.dtype}")
    if ndim is not None and x.ndim not in np.atleast_1d(ndim):
        allowed = " or ".join(f"{d}-D" for d in np.atleast_1d(ndim))
        raise ValueError(f"{name} must be a {allowed} array, got shape {x.shape}")
    if x.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} contains NaN or infinite values")
    if unit_range and (x.min() < 0 or x.max() > 1):
        raise ValueError(
            f"{name} must lie in [0, 1], got values in [{x.min():.3g}, {x.max():.3g}]"
        )
    return x
