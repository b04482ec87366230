import collections
import json
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from trial_harness import free_port, run_trial, start_trial, wait_until

PARAMETER_RECORD = '{"parameter_id": 3, "parameter_source": "algorithm", "parameters": {"x": 1.5}, "parameter_index": 0}'
CHANNEL_PATH = '/api/v1/trial-channel/Ab3x9/secret'


class ChannelServer:
    """A real NNI 3.0 trial-channel server on 127.0.0.1 whose answers a test can script."""

    def __init__(self, port=0):
        self.requests = []
        self.put_statuses = collections.deque()
        self.post_statuses = collections.deque()
        self.get_answers = collections.deque()
        self._parameter_requested = False
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_PUT(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                with server._lock:
                    server.requests.append(('PUT', self.path, body, self.headers.get('Content-Type')))
                    status = server.put_statuses.popleft() if server.put_statuses else 200
                    if status == 200 and json.loads(body).get('type') == 'request_parameter':
                        server._parameter_requested = True
                self._answer(status, b'')

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                with server._lock:
                    server.requests.append(('POST', self.path, body, self.headers.get('Content-Type')))
                    status = server.post_statuses.popleft() if server.post_statuses else 200
                self._answer(status, b'')

            def do_GET(self):
                with server._lock:
                    server.requests.append(('GET', self.path, b'', None))
                    if server.get_answers:
                        status, body = server.get_answers.popleft()
                    elif server._parameter_requested:
                        server._parameter_requested = False
                        status, body = 200, json.dumps({'type': 'parameter', 'parameter': PARAMETER_RECORD}).encode()
                    else:
                        status, body = None, b''
                if status is None:
                    time.sleep(0.2)  # the long poll found nothing
                    status = 408
                self._answer(status, body)

            def _answer(self, status, body):
                self.send_response(status)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(('127.0.0.1', port), Handler)
        self.url = 'http://127.0.0.1:%d%s' % (self.httpd.server_address[1], CHANNEL_PATH)
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def puts(self):
        with self._lock:
            return [json.loads(body) for method, _, body, _ in self.requests if method == 'PUT']

    def metric_puts(self):
        return [p for p in self.puts() if p['type'] == 'metric']

    def posts(self):
        with self._lock:
            return [(path, json.loads(body)) for method, path, body, _ in self.requests if method == 'POST']

    def delivered(self):
        """Every metric record sent, decoded, in arrival order (PUTs and batches, including refused ones)."""
        with self._lock:
            requests = list(self.requests)
        records = []
        for method, _, body, _ in requests:
            if method == 'PUT' and json.loads(body).get('type') == 'metric':
                records.append(json.loads(json.loads(body)['metric']))
            elif method == 'POST':
                records.extend(json.loads(text) for text in json.loads(body))
        return records


TRIAL = ('import json, nni\n'
         'print(json.dumps(nni.get_next_parameter()))\n'
         'nni.report_intermediate_result({"default": 0.5, "loss": 2})\n'
         'nni.report_final_result(0.93)\n')


class HttpChannelTest(unittest.TestCase):
    def setUp(self):
        self.server = ChannelServer()
        self.addCleanup(self.server.close)

    def env(self, url=None, **extra):
        env = {'NNI_PLATFORM': 'local', 'NNI_TRIAL_JOB_ID': 'Ab3x9', 'NNI_EXP_ID': 'k3j9x0ab',
               'NNI_TRIAL_COMMAND_CHANNEL': url or self.server.url}
        env.update(extra)
        return env

    def test_parameters_are_requested_then_long_polled_through_408s(self):
        self.server.get_answers.extend([(408, b''), (408, b'')])
        result = run_trial(TRIAL, self.env())
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), '{"x": 1.5}')
        methods = [(m, p) for m, p, _, _ in self.server.requests]
        self.assertEqual(methods[:4], [('PUT', CHANNEL_PATH), ('GET', CHANNEL_PATH), ('GET', CHANNEL_PATH),
                                       ('GET', CHANNEL_PATH)])
        self.assertEqual(self.server.puts()[0], {'type': 'request_parameter'})

    def test_metrics_are_put_with_the_nested_json_encoding(self):
        result = run_trial(TRIAL, self.env(SIBYL_METRIC_LINGER_SECONDS='0'))
        self.assertEqual(result.returncode, 0, result.stderr)
        bodies = [body for m, _, body, _ in self.server.requests if m == 'PUT'][1:]
        self.assertEqual(bodies, [
            b'{"type": "metric", "metric": "{\\"parameter_id\\": 3, \\"trial_job_id\\": \\"Ab3x9\\", '
            b'\\"type\\": \\"PERIODICAL\\", \\"sequence\\": 0, \\"value\\": '
            b'\\"{\\\\\\"default\\\\\\": 0.5, \\\\\\"loss\\\\\\": 2}\\"}"}',
            b'{"type": "metric", "metric": "{\\"parameter_id\\": 3, \\"trial_job_id\\": \\"Ab3x9\\", '
            b'\\"type\\": \\"FINAL\\", \\"sequence\\": 0, \\"value\\": \\"0.93\\"}"}',
        ])
        periodical = json.loads(self.server.metric_puts()[0]['metric'])
        self.assertEqual(json.loads(periodical['value']), {'default': 0.5, 'loss': 2})
        self.assertEqual({ctype for m, _, _, ctype in self.server.requests if m == 'PUT'}, {'application/json'})

    def test_server_errors_are_retried_and_the_metric_delivered_once(self):
        # request_parameter succeeds; the two metric PUTs meet 503, 500, then 200 each.
        self.server.put_statuses.extend([200, 503, 500])
        result = run_trial(TRIAL, self.env(SIBYL_METRIC_LINGER_SECONDS='0'))
        self.assertEqual(result.returncode, 0, result.stderr)
        metric_puts = self.server.metric_puts()
        self.assertEqual(len(metric_puts), 4)
        self.assertEqual(metric_puts[0], metric_puts[1])
        self.assertEqual(metric_puts[1], metric_puts[2])
        self.assertEqual([json.loads(p['metric'])['type'] for p in metric_puts], ['PERIODICAL'] * 3 + ['FINAL'])

    def test_a_trial_started_while_the_server_is_down_waits_for_it_and_loses_nothing(self):
        port = free_port()
        url = 'http://127.0.0.1:%d%s' % (port, CHANNEL_PATH)
        trial = start_trial(TRIAL, self.env(url))
        try:
            time.sleep(1.5)  # connection refused several times meanwhile
            self.assertIsNone(trial.poll())
            late = ChannelServer(port)
            self.addCleanup(late.close)
            out, err = trial.communicate(timeout=60)
        finally:
            if trial.poll() is None:
                trial.kill()
                trial.communicate()
        self.assertEqual(trial.returncode, 0, err)
        self.assertEqual(out.strip(), '{"x": 1.5}')
        self.assertEqual([r['type'] for r in late.delivered()], ['PERIODICAL', 'FINAL'])

    def test_a_server_that_stays_away_fails_the_report_after_the_retry_window(self):
        url = 'http://127.0.0.1:%d%s' % (free_port(), CHANNEL_PATH)
        started = time.monotonic()
        result = run_trial(TRIAL, self.env(url, SIBYL_TRIAL_CHANNEL_RETRY_SECONDS='1'))
        self.assertLess(time.monotonic() - started, 30)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('ChannelError', result.stderr)
        self.assertIn('unreachable for 1 s', result.stderr)

    def test_a_closed_channel_gives_no_parameters(self):
        self.server.get_answers.append((410, b''))
        result = run_trial('import nni\nprint(nni.get_next_parameter())\n', self.env())
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), 'None')

    def test_a_refused_metric_is_an_error_and_is_not_retried(self):
        self.server.put_statuses.extend([200, 404])
        result = run_trial(TRIAL, self.env(SIBYL_METRIC_LINGER_SECONDS='0'))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('HTTP 404 to metric', result.stderr)
        self.assertEqual(len(self.server.metric_puts()), 1)

    def test_the_channel_wins_over_the_file_channel_settings(self):
        result = run_trial(TRIAL, self.env(NNI_SYS_DIR='/nonexistent/sys/dir'))
        self.assertEqual(result.returncode, 0, result.stderr)
        wait_until(lambda: len(self.server.delivered()) == 2, message='two metrics')

    def test_intermediate_results_travel_in_few_ordered_batches_with_the_final_result_last(self):
        script = ('import nni\n'
                  'nni.get_next_parameter()\n'
                  'for i in range(2500):\n'
                  '    nni.report_intermediate_result(i)\n'
                  'nni.report_final_result(0.5)\n')
        result = run_trial(script, self.env())
        self.assertEqual(result.returncode, 0, result.stderr)
        records = self.server.delivered()
        self.assertEqual([r['sequence'] for r in records[:-1]], list(range(2500)))
        self.assertEqual([json.loads(r['value']) for r in records[:-1]], list(range(2500)))
        self.assertEqual(records[-1]['type'], 'FINAL')
        posts = self.server.posts()
        self.assertEqual({path for path, _ in posts}, {CHANNEL_PATH + '/metrics'})
        self.assertLessEqual(max(len(batch) for _, batch in posts), 1000)
        self.assertLess(len(posts), 50)
        self.assertEqual(self.server.metric_puts(), [])

    def test_results_reported_without_a_final_result_are_flushed_at_exit(self):
        script = 'import nni\nnni.get_next_parameter()\nnni.report_intermediate_result(1)\nnni.report_intermediate_result(2)\n'
        result = run_trial(script, self.env(SIBYL_METRIC_LINGER_SECONDS='30'))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([json.loads(r['value']) for r in self.server.delivered()], [1, 2])

    def test_a_channel_without_the_batch_extension_gets_one_put_per_record(self):
        self.server.post_statuses.append(404)
        result = run_trial(TRIAL, self.env())
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(self.server.posts()), 1)
        self.assertEqual([json.loads(p['metric'])['type'] for p in self.server.metric_puts()],
                         ['PERIODICAL', 'FINAL'])

    def test_a_batch_meeting_server_errors_is_retried_and_delivered_once(self):
        self.server.post_statuses.extend([503, 500])
        result = run_trial(TRIAL, self.env())
        self.assertEqual(result.returncode, 0, result.stderr)
        batches = [batch for _, batch in self.server.posts()]
        self.assertEqual(len(batches), 3)  # 503, 500, then stored
        self.assertEqual(batches[0], batches[2])
        self.assertEqual([json.loads(text)['type'] for text in batches[2]], ['PERIODICAL', 'FINAL'])
        self.assertEqual(self.server.metric_puts(), [])

    def test_a_refused_batch_fails_the_trial_even_when_it_was_sent_at_exit(self):
        self.server.post_statuses.append(400)
        script = 'import nni\nnni.get_next_parameter()\nnni.report_intermediate_result(1)\n'
        result = run_trial(script, self.env(SIBYL_METRIC_LINGER_SECONDS='30'))
        self.assertEqual(result.returncode, 1)
        self.assertIn('HTTP 400 to 1 metrics', result.stderr)

    def test_a_refused_background_batch_is_raised_by_the_next_report(self):
        self.server.post_statuses.append(400)
        script = ('import nni, time\n'
                  'nni.get_next_parameter()\n'
                  'nni.report_intermediate_result(1)\n'
                  'time.sleep(1.0)\n'
                  'nni.report_intermediate_result(2)\n')
        result = run_trial(script, self.env(SIBYL_METRIC_LINGER_SECONDS='0.05'))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('ChannelError', result.stderr)
        self.assertIn('HTTP 400 to 1 metrics', result.stderr)


if __name__ == '__main__':
    unittest.main()
