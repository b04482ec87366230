import argparse
import fractions
import json
import math
import unittest

from nni._runtime import metrics
from nni.utils import merge_parameter


class _Vector:
    """Stands in for numpy arrays: anything with tolist() is encoded as that list."""

    def __init__(self, values):
        self._values = values

    def tolist(self):
        return list(self._values)


class MetricEncodingTest(unittest.TestCase):
    def test_record_keys_and_separators_follow_nni(self):
        text = metrics.encode_record('FINAL', None, 'Ab3x9', 0, 0.93)
        self.assertEqual(text, '{"parameter_id": null, "trial_job_id": "Ab3x9", "type": "FINAL", "sequence": 0, '
                               '"value": "0.93"}')

    def test_non_finite_values_are_written_as_nni_writes_them(self):
        text = metrics.encode_record('PERIODICAL', 1, 't', 2, metrics.check_metric(math.nan))
        self.assertTrue(text.endswith('"value": "NaN"}'))

    def test_other_real_number_types_become_plain_numbers(self):
        self.assertEqual(metrics.check_metric(fractions.Fraction(1, 4)), 0.25)
        self.assertEqual(metrics.dumps(metrics.check_metric({'default': fractions.Fraction(1, 2),
                                                             'curve': _Vector([1, 2])})),
                         '{"default": 0.5, "curve": [1, 2]}')

    def test_unencodable_values_in_a_dict_metric_are_reported(self):
        with self.assertRaisesRegex(TypeError, 'cannot encode a object'):
            metrics.encode_record('FINAL', 0, 't', 0, {'default': 1, 'x': object()})

    def test_booleans_are_not_metrics(self):
        with self.assertRaises(TypeError):
            metrics.check_metric(False)
        with self.assertRaises(TypeError):
            metrics.check_metric({'default': True})

    def test_the_limit_is_one_million_bytes_including_the_newline(self):
        base = len(metrics.encode_record('FINAL', 0, 't', 0, {'default': 1, 's': ''}).encode()) + 1
        fits = 'x' * (metrics.MAX_PAYLOAD_BYTES - 1 - base)
        text = metrics.encode_record('FINAL', 0, 't', 0, {'default': 1, 's': fits})
        self.assertEqual(len(text.encode()) + 1, metrics.MAX_PAYLOAD_BYTES - 1)
        with self.assertRaisesRegex(ValueError, 'metric too long'):
            metrics.encode_record('FINAL', 0, 't', 0, {'default': 1, 's': fits + 'x'})

    def test_double_encoding_round_trips(self):
        metric = {'default': 0.5, 'acc': [0.1, 0.2]}
        record = json.loads(metrics.encode_record('PERIODICAL', 3, 'abcde', 7, metric))
        self.assertEqual(json.loads(record['value']), metric)
        self.assertEqual(list(record), ['parameter_id', 'trial_job_id', 'type', 'sequence', 'value'])


class MergeParameterTest(unittest.TestCase):
    def test_tuned_values_override_defaults_in_dicts_and_namespaces(self):
        self.assertEqual(merge_parameter({'lr': 0.1, 'batch': 32, 'opt': None}, {'lr': 1, 'opt': 'sgd'}),
                         {'lr': 1.0, 'batch': 32, 'opt': 'sgd'})
        args = merge_parameter(argparse.Namespace(lr=0.1, batch=32), {'batch': 64})
        self.assertEqual((args.lr, args.batch), (0.1, 64))

    def test_unknown_keys_and_type_changes_are_refused(self):
        with self.assertRaisesRegex(ValueError, "Key 'momentum' not found"):
            merge_parameter({'lr': 0.1}, {'momentum': 0.9})
        with self.assertRaisesRegex(TypeError, "'batch' .* type int, but found str"):
            merge_parameter({'batch': 32}, {'batch': '64'})


if __name__ == '__main__':
    unittest.main()
