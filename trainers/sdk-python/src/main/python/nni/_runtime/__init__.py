"""Trial runtime: picks the channel to the manager once per process, as NNI's ``trial_command_channel`` does.

1. ``NNI_TRIAL_COMMAND_CHANNEL`` = ``import://module.Class``: that class (NNI's custom-channel hook).
2. ``NNI_TRIAL_COMMAND_CHANNEL`` any other non-empty value: the HTTP channel at that URL.
3. ``NNI_PLATFORM`` unset (or ``unittest``): standalone.
4. Otherwise the legacy file channel in ``$NNI_SYS_DIR``.
"""

import importlib
import threading

from . import env

_lock = threading.Lock()
_channel = None


def channel():
    global _channel
    with _lock:
        if _channel is None:
            _channel = _select()
        return _channel


def _select():
    url = env.command_channel()
    if url is not None and url.startswith('import://'):
        module_name, _, class_name = url[len('import://'):].rpartition('.')
        return getattr(importlib.import_module(module_name), class_name)()
    if url is not None:
        from .http_channel import HttpChannel
        return HttpChannel(url)
    platform = env.platform()
    if platform is None or platform == 'unittest':
        from .standalone import StandaloneChannel
        return StandaloneChannel()
    sys_dir = env.sys_dir()
    if sys_dir is None:
        raise RuntimeError('nni: NNI_PLATFORM is %r but NNI_SYS_DIR is not set' % platform)
    from .file_channel import FileChannel
    return FileChannel(sys_dir, env.trial_job_id(), env.multi_phase())
