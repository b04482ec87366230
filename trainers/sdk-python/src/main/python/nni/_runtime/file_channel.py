"""NNI's legacy file channel (v2.x local training service).

Parameters are read from ``$NNI_SYS_DIR/parameter.cfg`` (``parameter_<i>.cfg`` for later phases in
multi-phase mode), written by the manager before the trial starts. Metrics are appended to
``$NNI_SYS_DIR/.nni/metrics`` as records ``b'ME' + b'%06d' % len(payload) + payload`` where payload is the
UTF-8 record text plus a trailing newline; the file is flushed and touched after every record.
"""

import json
import os
import threading
import time

from . import log, metrics

POLL_SECONDS = 1.0


class FileChannel:
    standalone = False

    def __init__(self, sys_dir, trial_job_id, multi_phase=False):
        self._sys_dir = sys_dir
        self._trial_job_id = trial_job_id
        self._multi_phase = multi_phase
        self._lock = threading.Lock()
        self._param_index = 0
        nni_dir = os.path.join(sys_dir, '.nni')
        os.makedirs(nni_dir, exist_ok=True)
        self._metrics_path = os.path.join(nni_dir, 'metrics')
        # Unbuffered append: every record reaches the file in one write.
        self._metrics_file = open(self._metrics_path, 'ab', buffering=0)

    def receive_parameter(self):
        with self._lock:
            index = self._param_index
            if index > 0 and not self._multi_phase:
                return None
            name = 'parameter.cfg' if index == 0 else 'parameter_%d.cfg' % index
            path = os.path.join(self._sys_dir, name)
            if not os.path.isfile(path):
                self._append(metrics.dumps({
                    'trial_job_id': self._trial_job_id,
                    'type': 'REQUEST_PARAMETER',
                    'sequence': 0,
                    'parameter_index': index,
                }))
                log.logger().info('waiting for %s', path)
            while not (os.path.isfile(path) and os.path.getsize(path) > 0):
                time.sleep(POLL_SECONDS)
            with open(path, 'r', encoding='utf-8') as f:
                record = json.load(f)
            if not isinstance(record, dict) or 'parameters' not in record:
                raise ValueError('nni: %s is not a parameter record (no "parameters")' % path)
            self._param_index += 1
            log.logger().info('received parameters %s', metrics.dumps(record.get('parameters')))
            return record

    def send_metric(self, kind, parameter_id, trial_job_id, sequence, value):
        text = metrics.encode_record(kind, parameter_id, trial_job_id, sequence, value)
        with self._lock:
            self._append(text)

    def _append(self, text):
        data = (text + '\n').encode('utf-8')
        if len(data) >= metrics.MAX_PAYLOAD_BYTES:
            raise ValueError('nni: metric too long (%d bytes)' % len(data))
        record = b'ME%06d' % len(data) + data
        view = memoryview(record)
        while view:
            written = self._metrics_file.write(view)
            view = view[written:]
        self._metrics_file.flush()
        # The manager watches the file's modification time.
        os.utime(self._metrics_path)
