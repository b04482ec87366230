"""Helpers NNI's examples import from ``nni.utils``."""


def merge_parameter(base_params, override_params):
    """Overwrites entries of ``base_params`` (a dict, or an object such as an ``argparse.Namespace``) with the
    tuned values in ``override_params`` and returns ``base_params``.

    Every tuned key must already exist in the base. A tuned value must have the base value's type, except
    that an int may replace a float (it is converted) and anything may replace ``None``.
    """
    if override_params is None:
        return base_params
    is_dict = isinstance(base_params, dict)
    for key, value in override_params.items():
        if is_dict:
            if key not in base_params:
                raise ValueError("Key '%s' not found in base parameters." % key)
            base_params[key] = _compatible(key, base_params[key], value)
        else:
            if not hasattr(base_params, key):
                raise ValueError("Key '%s' not found in base parameters." % key)
            setattr(base_params, key, _compatible(key, getattr(base_params, key), value))
    return base_params


def _compatible(key, base, value):
    if base is None or isinstance(value, type(base)):
        return value
    if isinstance(base, float) and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    raise TypeError("Expected '%s' in override parameters to have type %s, but found %s."
                    % (key, type(base).__name__, type(value).__name__))
