"""NNI 3.0's HTTP trial channel.

Trial to manager: ``PUT <url>`` with a JSON command. Manager to trial: long-poll ``GET <url>``, answered
200 with a command, 408 when nothing came within about a second (poll again) or 410 once the channel is
closed. Parameters: ``PUT {"type": "request_parameter"}`` then ``GET`` until
``{"type": "parameter", "parameter": "<parameter record JSON>"}``. Metrics:
``PUT {"type": "metric", "metric": "<record JSON>"}`` where the record's ``value`` is JSON text again.

Intermediate results are batched (``metric_sender``) through Sibyl's extension ``POST <url>/metrics`` with a
JSON array of such record strings; ``SIBYL_METRIC_LINGER_SECONDS`` (default 0.1) is the longest a result
waits, and 0 sends one PUT per result as NNI does. A channel that does not know the extension (404, 405 or
501 to the POST) gets one PUT per record from then on.

Connection failures, 5xx and 429 answers are retried with exponential backoff for up to ten minutes
(``SIBYL_TRIAL_CHANNEL_RETRY_SECONDS``), so a manager restart loses nothing; other answers are not retried.
"""

import http.client
import json
import os
import threading
import time
import urllib.error
import urllib.request

from . import log, metrics
from .metric_sender import MetricSender

DEFAULT_RETRY_SECONDS = 600.0
FIRST_BACKOFF_SECONDS = 0.25
MAX_BACKOFF_SECONDS = 10.0
PUT_TIMEOUT_SECONDS = 60.0
GET_TIMEOUT_SECONDS = 30.0
DEFAULT_LINGER_SECONDS = 0.1
_NO_BATCH_EXTENSION = (404, 405, 501)


class ChannelError(RuntimeError):
    """The trial channel refused a request, or stayed unreachable for the whole retry window."""


class _Retriable(Exception):
    pass


class HttpChannel:
    standalone = False

    def __init__(self, url, retry_seconds=None):
        if not url.startswith(('http://', 'https://')):
            raise ValueError('nni: NNI_TRIAL_COMMAND_CHANNEL must be an http:// URL, got %r' % url)
        if retry_seconds is None:
            retry_seconds = float(os.environ.get('SIBYL_TRIAL_CHANNEL_RETRY_SECONDS', DEFAULT_RETRY_SECONDS))
        self._url = url
        self._retry_seconds = retry_seconds
        # The manager is reached directly: a proxy configured for the internet must not capture it.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self._lock = threading.Lock()
        self._received = False
        linger = float(os.environ.get('SIBYL_METRIC_LINGER_SECONDS', DEFAULT_LINGER_SECONDS))
        self._sender = MetricSender(self._post_batch, linger) if linger > 0 else None
        self._batch_extension = True
        log.logger().info('trial command channel %s', url)

    def receive_parameter(self):
        with self._lock:
            if self._received:
                log.logger().warning('get_next_parameter() called again: no further parameters in this trial')
                return None
            self._send({'type': 'request_parameter'})
            command = self._receive_parameter_command()
            if command is None:
                log.logger().error('trial command channel is closed')
                return None
            self._received = True
            record = json.loads(command['parameter'])
            log.logger().info('received parameters %s', metrics.dumps(record.get('parameters')))
            return record

    def send_metric(self, kind, parameter_id, trial_job_id, sequence, value):
        text = metrics.encode_record(kind, parameter_id, trial_job_id, sequence, value)
        if self._sender is None:
            self._send({'type': 'metric', 'metric': text})
        elif kind == 'PERIODICAL':
            self._sender.add(text)
        else:
            self._sender.send_now(text)

    def _post_batch(self, texts):
        if self._batch_extension:
            body = json.dumps(texts).encode('utf-8')
            status, data, _ = self._call('POST', body, PUT_TIMEOUT_SECONDS, retry_statuses=(408, 429),
                                         url=self._url + '/metrics')
            if 200 <= status < 300:
                return
            if status == 410:
                log.logger().warning('trial command channel is closed; %d metrics not delivered', len(texts))
                return
            if status not in _NO_BATCH_EXTENSION:
                raise ChannelError('nni: trial channel answered HTTP %d to %d metrics: %s'
                                   % (status, len(texts), _excerpt(data)))
            log.logger().info('trial channel has no batch extension (HTTP %d); sending metrics one by one', status)
            self._batch_extension = False
        for text in texts:
            self._send({'type': 'metric', 'metric': text})

    def _send(self, command):
        body = json.dumps(command).encode('utf-8')
        status, data, _ = self._call('PUT', body, PUT_TIMEOUT_SECONDS, retry_statuses=(408, 429))
        if status == 410:
            log.logger().warning('trial command channel is closed; %s not delivered', command.get('type'))
            return
        if not 200 <= status < 300:
            raise ChannelError('nni: trial channel answered HTTP %d to %s: %s'
                               % (status, command.get('type'), _excerpt(data)))

    def _receive_parameter_command(self):
        while True:
            status, data, recovered = self._call('GET', None, GET_TIMEOUT_SECONDS, retry_statuses=(429,))
            if recovered:
                # The manager may have restarted and forgotten the request: ask again.
                self._send({'type': 'request_parameter'})
            if status == 200:
                command = json.loads(data.decode('utf-8'))
                if command.get('type') == 'parameter':
                    return command
                log.logger().warning('ignoring unexpected command %s', _excerpt(data))
                continue
            if status == 408:
                continue
            if status == 410:
                return None
            raise ChannelError('nni: trial channel answered HTTP %d: %s' % (status, _excerpt(data)))

    def _call(self, method, body, timeout, retry_statuses, url=None):
        """One request, retried on transient failures; returns (status, body, whether any attempt failed)."""
        url = url or self._url
        deadline = None
        delay = FIRST_BACKOFF_SECONDS
        failed = False
        while True:
            try:
                status, data = self._once(method, url, body, timeout)
                if (status >= 500 and status != 501) or status in retry_statuses:
                    raise _Retriable('HTTP %d' % status)
                return status, data, failed
            except (_Retriable, OSError, http.client.HTTPException) as e:
                now = time.monotonic()
                if deadline is None:
                    deadline = now + self._retry_seconds
                if now >= deadline:
                    raise ChannelError('nni: trial channel %s unreachable for %.0f s (last error: %s)'
                                       % (url, self._retry_seconds, e)) from e
                failed = True
                log.logger().warning('trial channel %s %s failed (%s); retrying in %.2f s', method, url, e, delay)
                time.sleep(min(delay, max(0.0, deadline - now)))
                delay = min(delay * 2, MAX_BACKOFF_SECONDS)

    def _once(self, method, url, body, timeout):
        headers = {'Content-Type': 'application/json'} if body is not None else {}
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self._opener.open(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as e:
            try:
                return e.code, e.read()
            finally:
                e.close()


def _excerpt(data):
    text = data.decode('utf-8', 'replace') if isinstance(data, bytes) else str(data)
    return text if len(text) <= 200 else text[:200] + '...'
