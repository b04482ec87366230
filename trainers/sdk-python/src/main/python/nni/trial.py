"""The public trial API (same names and behaviour as ``nni.trial`` in Microsoft NNI)."""

import threading

from . import _runtime
from ._runtime import env, metrics

_lock = threading.Lock()
_params = None
_intermediate_seq = 0


def get_next_parameter():
    """Returns the hyper-parameters assigned to this trial (the ``parameters`` of its parameter record).

    Call it once per trial: later calls return ``None`` (NNI's behaviour outside multi-phase mode).
    Without a trial runtime (``NNI_PLATFORM`` unset) it warns on stderr and returns ``{}``.
    """
    global _params
    record = _runtime.channel().receive_parameter()
    if record is None:
        return None
    with _lock:
        _params = record
    return record['parameters']


def get_next_parameters():
    """Alias of :func:`get_next_parameter`."""
    return get_next_parameter()


def get_current_parameter(tag=None):
    """The parameters last returned by :func:`get_next_parameter` (one of them when ``tag`` is given)."""
    params = _params
    if params is None:
        return None
    if tag is None:
        return params['parameters']
    return params['parameters'][tag]


def get_experiment_id():
    """The experiment id (``NNI_EXP_ID``), or ``'STANDALONE'`` outside an experiment."""
    return env.experiment_id()


def get_trial_id():
    """The trial id (``NNI_TRIAL_JOB_ID``, the "ID" column of the portal), or ``'STANDALONE'``."""
    return env.trial_id()


def get_sequence_id():
    """The trial sequence number (``NNI_TRIAL_SEQ_ID``, the "Trial No." column), or ``0``."""
    return env.sequence_id()


def report_intermediate_result(metric):
    """Reports a per-epoch result: a number, or a dict whose ``'default'`` entry is a number.

    Records are sent with ``type`` ``PERIODICAL`` and a per-process ``sequence`` counting from 0.
    """
    global _intermediate_seq
    value = metrics.check_metric(metric)
    channel = _runtime.channel()
    _require_parameters(channel, 'report_intermediate_result')
    with _lock:
        sequence = _intermediate_seq
        _intermediate_seq += 1
    channel.send_metric('PERIODICAL', _parameter_id(), env.trial_job_id(), sequence, value)


def report_final_result(metric):
    """Reports the trial's final result: a number, or a dict whose ``'default'`` entry is a number."""
    value = metrics.check_metric(metric)
    channel = _runtime.channel()
    _require_parameters(channel, 'report_final_result')
    channel.send_metric('FINAL', _parameter_id(), env.trial_job_id(), 0, value)


def _parameter_id():
    params = _params
    return params.get('parameter_id') if params else None


def _require_parameters(channel, caller):
    if _params is None and not getattr(channel, 'standalone', False):
        raise RuntimeError('nni.get_next_parameter() needs to be called before ' + caller)
