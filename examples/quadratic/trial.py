"""A trial in plain NNI style: a noisy-free concave quadratic, maximum 10 at x=1, y=-0.5 (bowl)."""
import time

import nni


def score(x, y, shape, progress):
    weight = 1.0 if shape == "bowl" else 0.3
    value = 10.0 - (x - 1.0) ** 2 - weight * (y + 0.5) ** 2
    return value * progress


params = nni.get_next_parameter()
steps = int(params["steps"])
for step in range(1, steps + 1):
    time.sleep(0.05)
    nni.report_intermediate_result(score(params["x"], params["y"], params["shape"], step / steps))
nni.report_final_result(score(params["x"], params["y"], params["shape"], 1.0))
