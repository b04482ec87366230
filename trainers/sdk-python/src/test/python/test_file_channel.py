import json
import os
import tempfile
import unittest

from trial_harness import run_trial, start_trial, wait_until

RECORD = '{"parameter_id": 0, "parameter_source": "algorithm", "parameters": {"lr": 0.0043}, "parameter_index": 0}'


class FileChannelTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.sys_dir = self._tmp.name
        self.env = {
            'NNI_PLATFORM': 'local',
            'NNI_EXP_ID': 'k3j9x0ab',
            'NNI_TRIAL_JOB_ID': 'abcde',
            'NNI_TRIAL_SEQ_ID': '4',
            'NNI_SYS_DIR': self.sys_dir,
            'NNI_OUTPUT_DIR': self.sys_dir,
        }

    def tearDown(self):
        self._tmp.cleanup()

    def write_parameters(self, text=RECORD, name='parameter.cfg'):
        with open(os.path.join(self.sys_dir, name), 'w', encoding='utf-8') as f:
            f.write(text)

    def metrics_bytes(self):
        with open(os.path.join(self.sys_dir, '.nni', 'metrics'), 'rb') as f:
            return f.read()

    def run_ok(self, script):
        result = run_trial(script, self.env)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def test_final_result_is_written_as_a_byte_exact_me_record(self):
        self.write_parameters()
        self.run_ok('import nni\nnni.get_next_parameter()\nnni.report_final_result(0.93)\n')
        self.assertEqual(
            self.metrics_bytes(),
            b'ME000094{"parameter_id": 0, "trial_job_id": "abcde", "type": "FINAL", "sequence": 0, '
            b'"value": "0.93"}\n')

    def test_dict_metrics_are_json_encoded_inside_the_record_with_a_per_process_sequence(self):
        self.write_parameters(RECORD.replace('"parameter_id": 0', '"parameter_id": 12'))
        self.run_ok('import nni\nnni.get_next_parameter()\n'
                    'nni.report_intermediate_result({"default": 0.5, "loss": 1.25})\n'
                    'nni.report_intermediate_result(0.75)\n')
        self.assertEqual(
            self.metrics_bytes(),
            b'ME000130{"parameter_id": 12, "trial_job_id": "abcde", "type": "PERIODICAL", "sequence": 0, '
            b'"value": "{\\"default\\": 0.5, \\"loss\\": 1.25}"}\n'
            b'ME000100{"parameter_id": 12, "trial_job_id": "abcde", "type": "PERIODICAL", "sequence": 1, '
            b'"value": "0.75"}\n')

    def test_record_lengths_count_the_utf8_payload_including_its_newline(self):
        self.write_parameters()
        self.run_ok('import nni\nnni.get_next_parameter()\n'
                    'nni.report_final_result({"default": 1, "note": "\u00e9t\u00e9"})\n')
        data = self.metrics_bytes()
        length = int(data[2:8])
        self.assertEqual(len(data), 8 + length)
        self.assertTrue(data.endswith(b'\n'))
        record = json.loads(data[8:].decode('utf-8'))
        self.assertEqual(json.loads(record['value']), {'default': 1, 'note': '\u00e9t\u00e9'})

    def test_parameters_come_from_parameter_cfg_and_only_once(self):
        self.write_parameters()
        result = self.run_ok('import json, nni\n'
                             'print(json.dumps(nni.get_next_parameter()))\n'
                             'print(nni.get_current_parameter("lr"))\n'
                             'print(json.dumps(nni.get_current_parameter()))\n'
                             'print(nni.get_next_parameter())\n')
        self.assertEqual(result.stdout.splitlines(),
                         ['{"lr": 0.0043}', '0.0043', '{"lr": 0.0043}', 'None'])

    def test_waits_for_a_parameter_cfg_that_is_written_after_the_trial_started(self):
        trial = start_trial('import json, nni\nprint(json.dumps(nni.get_next_parameter()))\n', self.env)
        try:
            metrics = os.path.join(self.sys_dir, '.nni', 'metrics')
            wait_until(lambda: os.path.exists(metrics) and os.path.getsize(metrics) > 0,
                       message='the REQUEST_PARAMETER record')
            self.assertEqual(
                self.metrics_bytes(),
                b'ME000092{"trial_job_id": "abcde", "type": "REQUEST_PARAMETER", "sequence": 0, '
                b'"parameter_index": 0}\n')
            self.write_parameters()
            out, err = trial.communicate(timeout=30)
        finally:
            if trial.poll() is None:
                trial.kill()
                trial.communicate()
        self.assertEqual(trial.returncode, 0, err)
        self.assertEqual(out.strip(), '{"lr": 0.0043}')

    def test_multi_phase_trials_read_numbered_parameter_files(self):
        self.write_parameters()
        self.write_parameters(RECORD.replace('0.0043', '0.5'), name='parameter_1.cfg')
        self.env['MULTI_PHASE'] = 'true'
        result = self.run_ok('import nni\nprint(nni.get_next_parameter()["lr"])\n'
                             'print(nni.get_next_parameter()["lr"])\n')
        self.assertEqual(result.stdout.split(), ['0.0043', '0.5'])

    def test_reporting_before_get_next_parameter_is_an_error(self):
        self.write_parameters()
        result = run_trial('import nni\nnni.report_final_result(0.5)\n', self.env)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('get_next_parameter() needs to be called before report_final_result', result.stderr)

    def test_a_metric_that_is_not_a_number_is_refused_with_a_clear_error(self):
        self.write_parameters()
        for metric, expected in (('"high"', 'a metric must be a number'),
                                 ('{"loss": 0.1}', "needs a 'default' entry"),
                                 ('{"default": "x"}', "'default' entry of a metric must be a number"),
                                 ('True', 'a metric must be a number')):
            with self.subTest(metric=metric):
                result = run_trial('import nni\nnni.get_next_parameter()\nnni.report_final_result(%s)\n' % metric,
                                   self.env)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn('TypeError', result.stderr)
                self.assertIn(expected, result.stderr)
        self.assertEqual(self.metrics_bytes(), b'')

    def test_a_metric_of_a_million_bytes_is_refused(self):
        self.write_parameters()
        result = run_trial('import nni\nnni.get_next_parameter()\n'
                           'nni.report_final_result({"default": 1, "blob": "x" * 1000000})\n', self.env)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('metric too long', result.stderr)
        self.assertEqual(self.metrics_bytes(), b'')

    def test_ids_come_from_the_environment(self):
        self.write_parameters()
        result = self.run_ok('import nni\nprint(nni.get_experiment_id(), nni.get_trial_id(), nni.get_sequence_id())\n')
        self.assertEqual(result.stdout.split(), ['k3j9x0ab', 'abcde', '4'])

    def test_sdk_messages_go_to_trial_log_in_the_output_directory(self):
        self.write_parameters()
        self.run_ok('import nni\nnni.get_next_parameter()\n')
        with open(os.path.join(self.sys_dir, 'trial.log'), encoding='utf-8') as f:
            self.assertIn('received parameters {"lr": 0.0043}', f.read())


if __name__ == '__main__':
    unittest.main()
