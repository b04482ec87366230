"""Sibyl's trial SDK: the trial-side API of Microsoft NNI's ``nni`` package, standard library only.

Trial code written for NNI (``import nni``; ``nni.get_next_parameter()``; ``nni.report_final_result(...)``)
runs unchanged. The channel to the manager is chosen from the environment exactly as NNI does:
``NNI_TRIAL_COMMAND_CHANNEL`` (HTTP, NNI 3.0 protocol), else standalone when ``NNI_PLATFORM`` is unset,
else the legacy file channel in ``$NNI_SYS_DIR``.
"""

__version__ = '3.0+sibyl'

from .trial import (  # noqa: F401  (re-exported API)
    get_current_parameter,
    get_experiment_id,
    get_next_parameter,
    get_next_parameters,
    get_sequence_id,
    get_trial_id,
    report_final_result,
    report_intermediate_result,
)

__all__ = [
    'get_next_parameter',
    'get_next_parameters',
    'get_current_parameter',
    'report_intermediate_result',
    'report_final_result',
    'get_experiment_id',
    'get_trial_id',
    'get_sequence_id',
]
