"""Metric validation and the metric record text shared by every channel.

A record is the JSON object ``{"parameter_id", "trial_job_id", "type", "sequence", "value"}`` in that key
order, written with Python's default separators (``", "`` and ``": "``), where ``value`` is itself the
metric encoded as a JSON string. NNI's manager parses exactly this text, so its bytes must not change.
"""

import json
import numbers
from collections.abc import Mapping

# The legacy file channel stores the payload length (payload plus its trailing newline) in 6 digits.
MAX_PAYLOAD_BYTES = 1_000_000


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _plain_number(value):
    # numpy and similar scalars register with the numbers ABCs but are not JSON-serialisable.
    if type(value) in (int, float):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    return float(value)


def check_metric(metric):
    """Returns ``metric`` as plain JSON-ready data, or raises ``TypeError`` with what is expected."""
    if _is_number(metric):
        return _plain_number(metric)
    if isinstance(metric, Mapping):
        if 'default' not in metric:
            raise TypeError("nni: a dict metric needs a 'default' entry holding a number, got keys %s"
                            % sorted(str(k) for k in metric))
        default = metric['default']
        if not _is_number(default):
            raise TypeError("nni: the 'default' entry of a metric must be a number, got %s"
                            % type(default).__name__)
        checked = dict(metric)
        checked['default'] = _plain_number(default)
        return checked
    raise TypeError("nni: a metric must be a number or a dict with a numeric 'default' entry, got %s"
                    % type(metric).__name__)


def _jsonable(value):
    if _is_number(value):
        return _plain_number(value)
    if hasattr(value, 'tolist'):
        return value.tolist()
    raise TypeError('nni: cannot encode a %s in a metric' % type(value).__name__)


def dumps(value):
    """JSON text as NNI's ``nni.dump`` writes it for plain data (default separators, NaN allowed)."""
    return json.dumps(value, default=_jsonable)


def encode_record(kind, parameter_id, trial_job_id, sequence, metric):
    """The record text for one metric; raises ``ValueError`` when it would reach 1,000,000 bytes."""
    text = dumps({
        'parameter_id': parameter_id,
        'trial_job_id': trial_job_id,
        'type': kind,
        'sequence': sequence,
        'value': dumps(metric),
    })
    size = len(text.encode('utf-8')) + 1
    if size >= MAX_PAYLOAD_BYTES:
        raise ValueError('nni: metric too long (%d bytes; the limit is %d)' % (size, MAX_PAYLOAD_BYTES - 1))
    return text
