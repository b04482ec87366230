"""Runs trial snippets in fresh Python processes with the SDK under test on PYTHONPATH."""

import os
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.normpath(os.path.join(HERE, '..', '..', 'main', 'python'))

_RUNTIME_VARIABLES = ('MULTI_PHASE', 'REUSE_MODE', 'SIBYL_TRIAL_CHANNEL_RETRY_SECONDS')


def trial_environment(extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith('NNI_') and k not in _RUNTIME_VARIABLES}
    env['PYTHONPATH'] = PACKAGE_ROOT
    env['PYTHONDONTWRITEBYTECODE'] = '1'
    env.update(extra or {})
    return env


def run_trial(script, env=None, timeout=60):
    return subprocess.run([sys.executable, '-c', script], env=trial_environment(env), capture_output=True,
                          text=True, timeout=timeout)


def start_trial(script, env=None):
    return subprocess.Popen([sys.executable, '-c', script], env=trial_environment(env), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_until(condition, timeout=20.0, message='condition'):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError('timed out waiting for ' + message)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]
