"""The channel used without a trial runtime (``NNI_PLATFORM`` unset): parameters are empty, results logged."""

import sys
import threading

from . import log

WARNING = ('nni: running without an experiment (NNI_PLATFORM is not set): '
           'get_next_parameter() returns {} and reported results are only logged')


class StandaloneChannel:
    standalone = True

    def __init__(self):
        self._lock = threading.Lock()
        self._warned = False

    def receive_parameter(self):
        with self._lock:
            if not self._warned:
                self._warned = True
                print(WARNING, file=sys.stderr, flush=True)
                log.logger().warning(WARNING)
        return {'parameter_id': None, 'parameter_source': 'algorithm', 'parameters': {}, 'parameter_index': 0}

    def send_metric(self, kind, parameter_id, trial_job_id, sequence, value):
        if kind == 'FINAL':
            log.logger().info('Final result: %s', value)
        else:
            log.logger().info('Intermediate result: %s  (Index %s)', value, sequence)
