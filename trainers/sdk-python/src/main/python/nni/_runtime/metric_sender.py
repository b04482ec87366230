"""Client-side batching of intermediate results for the HTTP trial channel.

One synchronous request per ``report_intermediate_result`` caps a trial at a few hundred results per second,
each waiting for the manager's group commit. Instead PERIODICAL records queue here and a background thread
posts them in batches of at most ``MAX_BATCH`` (Sibyl's ``POST <channel>/metrics``) once ``linger`` seconds
have passed since the oldest queued record, or at once when a full batch is waiting. A FINAL record is sent
with everything queued before it, and ``report_final_result`` returns only when all of it is stored, as with
one PUT per record. Whatever is still queued when the interpreter exits is flushed by an ``atexit`` hook.

A batch the manager refuses (not retriable) is an error raised by the next report call; one refused at exit
fails the process with exit status 1, so a trial never looks successful after losing results.
"""

import atexit
import os
import sys
import threading
import time

MAX_BATCH = 1000
MAX_QUEUED = 20 * MAX_BATCH


class MetricSender:
    def __init__(self, post_batch, linger):
        self._post_batch = post_batch  # list of record texts -> None; raises ChannelError when refused
        self._linger = linger
        self._cond = threading.Condition()
        self._send_lock = threading.Lock()  # one batch in flight at a time keeps records in order
        self._queue = []
        self._oldest = None
        self._error = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name='nni-metric-sender', daemon=True)
        self._thread.start()
        atexit.register(self._flush_at_exit)

    def add(self, text):
        """Queues one intermediate record; blocks only while ``MAX_QUEUED`` records are already waiting."""
        with self._cond:
            self._raise_pending_error()
            while len(self._queue) >= MAX_QUEUED and self._error is None:
                self._cond.wait(0.1)
            self._raise_pending_error()
            if not self._queue:
                self._oldest = time.monotonic()
            self._queue.append(text)
            if len(self._queue) == 1 or len(self._queue) >= MAX_BATCH:
                self._cond.notify_all()

    def send_now(self, text):
        """Sends everything queued, then ``text``, and returns once all of it is stored."""
        self.flush(extra=text)

    def flush(self, extra=None):
        with self._send_lock:
            with self._cond:
                self._raise_pending_error()
                pending = self._take_all()
            if extra is not None:
                pending.append(extra)
            for start in range(0, len(pending), MAX_BATCH):
                self._post_batch(pending[start:start + MAX_BATCH])

    def _run(self):
        while True:
            with self._cond:
                while not self._closed and not self._due():
                    timeout = None if not self._queue else max(0.0, self._oldest + self._linger - time.monotonic())
                    self._cond.wait(timeout)
                if self._closed:
                    return
            try:
                with self._send_lock:
                    with self._cond:
                        batch = self._take(MAX_BATCH)
                    if batch:
                        self._post_batch(batch)
            except Exception as e:  # kept for the reporting thread; this one keeps no state to protect
                with self._cond:
                    if self._error is None:
                        self._error = e
                    self._queue.clear()
                    self._cond.notify_all()

    def _due(self):
        if not self._queue:
            return False
        return len(self._queue) >= MAX_BATCH or time.monotonic() >= self._oldest + self._linger

    def _take(self, count):
        batch = self._queue[:count]
        del self._queue[:count]
        self._oldest = time.monotonic() if self._queue else None
        self._cond.notify_all()
        return batch

    def _take_all(self):
        return self._take(len(self._queue))

    def _raise_pending_error(self):
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _flush_at_exit(self):
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        try:
            self.flush()
        except Exception as e:
            sys.stderr.write('nni: intermediate results were not delivered: %s\n' % e)
            sys.stderr.flush()
            os._exit(1)
