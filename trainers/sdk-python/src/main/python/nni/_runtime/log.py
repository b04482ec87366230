"""SDK logging: to ``$NNI_OUTPUT_DIR/trial.log`` inside a trial, to stderr otherwise.

Only the ``nni`` logger is configured; the trial's own logging setup is left alone.
"""

import logging
import os
import sys
import threading

_lock = threading.Lock()
_configured = False


def logger():
    _configure()
    return logging.getLogger('nni')


def _configure():
    global _configured
    with _lock:
        if _configured:
            return
        _configured = True
        log = logging.getLogger('nni')
        log.setLevel(logging.INFO)
        log.propagate = False
        output_dir = os.environ.get('NNI_OUTPUT_DIR')
        handler = None
        if output_dir:
            try:
                os.makedirs(output_dir, exist_ok=True)
                handler = logging.FileHandler(os.path.join(output_dir, 'trial.log'), encoding='utf-8')
            except OSError as e:
                print('nni: cannot write %s/trial.log (%s); logging to stderr' % (output_dir, e), file=sys.stderr)
        if handler is None:
            handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter('[%(asctime)s] %(levelname)s (nni) %(message)s'))
        log.addHandler(handler)
