#!/usr/bin/python3
"""Multi-objective benchmark: hypervolume of the Pareto set found at a budget, median over seeds.

Runs Optuna's TPESampler (multi-objective, Debian python3-optuna 3.1) in-process and any tuner that speaks
Sibyl's JSON-lines protocol with the multi-objective extension (docs/multi-objective.md): bin/sibyl-tuner TPE
and Random. The problems match BiObjectiveProblem.java in tuner-plugins/builtin's tests; keep them in step.

    /usr/bin/python3 docs/benchmarks/mo_bench.py --seeds 10 --budget 100
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def zdt1(n):
    space = {"x%d" % i: {"_type": "uniform", "_value": [0, 1]} for i in range(n)}

    def evaluate(p):
        f1 = p["x0"]
        g = 1 + 9 * sum(p["x%d" % i] for i in range(1, n)) / (n - 1)
        return [f1, g * (1 - math.sqrt(f1 / g))]

    return {"name": "zdt1-%d" % n, "space": space, "evaluate": evaluate, "reference": [1.1, 11.0]}


def mixed():
    space = {
        "optimizer": {"_type": "choice", "_value": ["sgd", "adam", "rmsprop"]},
        "width": {"_type": "choice", "_value": [16, 32, 64, 128, 256]},
        "layers": {"_type": "randint", "_value": [1, 8]},
        "lr": {"_type": "loguniform", "_value": [1e-4, 1e-1]},
    }
    best_lr = {"sgd": -1.5, "adam": -3.0, "rmsprop": -2.5}
    offset = {"sgd": 0.05, "adam": 0.0, "rmsprop": 0.02}

    def evaluate(p):
        opt = p["optimizer"]
        cap = p["layers"] * p["width"] / (7 * 256)
        miss = math.log10(p["lr"]) - best_lr[opt]
        error = 0.1 + 0.5 * (1 - cap) ** 2 + 0.2 * miss * miss / 9 + offset[opt]
        cost = cap + (0.1 if opt == "adam" else 0.0)
        return [error, cost]

    return {"name": "mixed", "space": space, "evaluate": evaluate, "reference": [1.0, 1.2]}


def hypervolume_2d(points, reference):
    """Area dominated by points (both coordinates minimized) up to reference."""
    inside = sorted(p for p in points if p[0] < reference[0] and p[1] < reference[1])
    area, lowest = 0.0, reference[1]
    for x, y in inside:
        if y < lowest:
            area += (reference[0] - x) * (lowest - y)
            lowest = y
    return area


def run_optuna(problem, seed, budget, multivariate):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    sampler = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate)
    study = optuna.create_study(directions=["minimize", "minimize"], sampler=sampler)

    def objective(trial):
        params = {}
        for name, spec in problem["space"].items():
            kind, values = spec["_type"], spec["_value"]
            if kind == "uniform":
                params[name] = trial.suggest_float(name, values[0], values[1])
            elif kind == "loguniform":
                params[name] = trial.suggest_float(name, values[0], values[1], log=True)
            elif kind == "randint":
                params[name] = trial.suggest_int(name, values[0], values[1] - 1)
            elif kind == "choice":
                params[name] = trial.suggest_categorical(name, values)
            else:
                raise ValueError(kind)
        return tuple(problem["evaluate"](params))

    study.optimize(objective, n_trials=budget)
    return [t.values for t in study.trials if t.values is not None]


class ProtocolTuner:
    """A child process speaking the tuner line protocol, reused across runs."""

    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def send(self, request, lines=1):
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return [json.loads(self.proc.stdout.readline()) for _ in range(lines)]

    def run(self, tuner, problem, seed, budget):
        objectives = [{"metric": "f1", "mode": "minimize"}, {"metric": "f2", "mode": "minimize"}]
        answer = self.send({"cmd": "init", "tuner": tuner, "searchSpace": problem["space"], "seed": seed,
                            "objectives": objectives})[0]
        if not answer.get("ok"):
            raise RuntimeError(answer)
        points = []
        for _ in range(budget):
            asked = self.send({"cmd": "ask", "n": 1})[0]
            if asked.get("done"):
                break
            f1, f2 = problem["evaluate"](asked["params"])
            self.send({"cmd": "tell", "id": asked["id"], "values": {"f1": f1, "f2": f2}})
            points.append([f1, f2])
        front = self.send({"cmd": "front"})[0]["front"]
        # The host's Pareto set must dominate exactly what the evaluated points do.
        assert abs(hypervolume_2d([[e["values"]["f1"], e["values"]["f2"]] for e in front], problem["reference"])
                   - hypervolume_2d(points, problem["reference"])) < 1e-9
        return points

    def close(self):
        self.send({"cmd": "quit"})
        self.proc.wait(5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--budget", type=int, default=100)
    parser.add_argument("--only", default="", help="comma-separated runner names")
    args = parser.parse_args()
    problems = [zdt1(2), zdt1(5), mixed()]
    hosts = []

    def host():
        if not hosts:
            hosts.append(ProtocolTuner([os.path.join(ROOT, "bin", "sibyl-tuner")]))
        return hosts[0]

    runners = {
        "sibyl-TPE": lambda p, s: host().run("TPE", p, s, args.budget),
        "sibyl-Random": lambda p, s: host().run("Random", p, s, args.budget),
        "optuna-TPE": lambda p, s: run_optuna(p, s, args.budget, False),
        "optuna-TPE-mv": lambda p, s: run_optuna(p, s, args.budget, True),
    }
    if args.only:
        runners = {k: v for k, v in runners.items() if k in args.only.split(",")}
    print("| problem | tuner | median HV | min | max | s per run |")
    print("|---|---|---|---|---|---|")
    for problem in problems:
        for name, runner in runners.items():
            volumes = []
            start = time.time()
            for seed in range(args.seeds):
                volumes.append(hypervolume_2d(runner(problem, seed), problem["reference"]))
            per_run = (time.time() - start) / args.seeds
            print("| %s | %s | %.4f | %.4f | %.4f | %.2f |" % (
                problem["name"], name, statistics.median(volumes), min(volumes), max(volumes), per_run))
            sys.stdout.flush()
    for h in hosts:
        h.close()


if __name__ == "__main__":
    main()
