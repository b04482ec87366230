"""The environment variables a trial runtime sets (names as in NNI's ``nni/runtime/env_vars.py``)."""

import os

STANDALONE = 'STANDALONE'


def _get(name):
    value = os.environ.get(name)
    return value if value else None


def platform():
    """``NNI_PLATFORM`` (``local``, ``remote``, ...) or ``None`` when running standalone."""
    return _get('NNI_PLATFORM')


def command_channel():
    return _get('NNI_TRIAL_COMMAND_CHANNEL')


def sys_dir():
    return _get('NNI_SYS_DIR')


def output_dir():
    return _get('NNI_OUTPUT_DIR')


def multi_phase():
    return os.environ.get('MULTI_PHASE') in ('true', 'True')


def trial_job_id():
    """``NNI_TRIAL_JOB_ID`` as sent in metric records (``None`` when unset, as NNI sends it)."""
    return _get('NNI_TRIAL_JOB_ID')


def experiment_id():
    return _get('NNI_EXP_ID') or STANDALONE


def trial_id():
    return _get('NNI_TRIAL_JOB_ID') or STANDALONE


def sequence_id():
    value = _get('NNI_TRIAL_SEQ_ID')
    return int(value) if value else 0
