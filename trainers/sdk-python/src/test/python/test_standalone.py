import os
import tempfile
import unittest

from trial_harness import run_trial


class StandaloneModeTest(unittest.TestCase):
    def test_without_nni_platform_parameters_are_empty_and_results_are_only_logged(self):
        with tempfile.TemporaryDirectory() as cwd:
            result = run_trial('import os, nni\n'
                               'os.chdir(%r)\n'
                               'print(nni.get_next_parameter())\n'
                               'print(nni.get_current_parameter())\n'
                               'nni.report_intermediate_result(0.25)\n'
                               'nni.report_final_result({"default": 0.9})\n'
                               'print(nni.get_experiment_id(), nni.get_trial_id(), nni.get_sequence_id())\n' % cwd)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout.splitlines(), ['{}', '{}', 'STANDALONE STANDALONE 0'])
            self.assertIn('NNI_PLATFORM is not set', result.stderr)
            self.assertIn('Intermediate result: 0.25', result.stderr)
            self.assertIn("Final result: {'default': 0.9}", result.stderr)
            self.assertEqual(os.listdir(cwd), [])

    def test_results_may_be_reported_without_asking_for_parameters(self):
        result = run_trial('import nni\nnni.report_final_result(1)\n')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn('Final result: 1', result.stderr)

    def test_unittest_platform_is_standalone_too(self):
        result = run_trial('import nni\nprint(nni.get_next_parameter())\n', {'NNI_PLATFORM': 'unittest'})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), '{}')

    def test_invalid_metrics_are_refused_standalone_too(self):
        result = run_trial('import nni\nnni.report_final_result([0.1])\n')
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('a metric must be a number', result.stderr)


if __name__ == '__main__':
    unittest.main()
