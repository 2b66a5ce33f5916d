#!/usr/bin/env python3
"""`pizhu search` end to end against ripgrep, A/B between Pizhu builds (issue 13).

Usage: search_vs_rg.py FOLDER CACHE_DIR ROUNDS QUERY[,QUERY…] NAME=PIZHU_BINARY [NAME=…]

Each round runs every command once, interleaved so that other load on the machine hits all
alike: each binary's `search FOLDER Q [--count]` (with PIZHU_CACHE_DIR=CACHE_DIR, the index
warm) and `rg --no-config -F [--count-matches] Q FOLDER`. Prints, per query and mode, the
median wall time and the median user+sys CPU (getrusage of the child) of each command, the
median of the per-round ratios binary / rg, and the load average seen.
"""
import os
import resource
import statistics
import subprocess
import sys
import time


def run(cmd, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    folder, cache, rounds, queries = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    binaries = dict(arg.split("=", 1) for arg in sys.argv[5:])
    env = dict(os.environ, PIZHU_CACHE_DIR=cache)
    for query in queries.split(","):
        for mode in ["count", "print"]:
            count = mode == "count"
            commands = {
                name: [path, "search", folder, query] + (["--count"] if count else [])
                for name, path in binaries.items()
            }
            commands["rg"] = (
                ["rg", "--no-config", "-F"]
                + (["--count-matches"] if count else [])
                + [query, folder]
            )
            results = {name: [] for name in commands}
            loads = []
            for _ in range(rounds):
                loads.append(os.getloadavg()[0])
                for name, command in commands.items():
                    results[name].append(run(command, env))
            line = f"{query} {mode:5}"
            for name, samples in results.items():
                wall = statistics.median(s[0] for s in samples)
                cpu = statistics.median(s[1] for s in samples)
                line += f" | {name}: {wall * 1000:6.0f} ms wall {cpu * 1000:6.0f} ms cpu"
            for name in binaries:
                ratios = [a[0] / r[0] for a, r in zip(results[name], results["rg"])]
                line += f" | {name}/rg {statistics.median(ratios):.2f}"
            line += f" | load {min(loads):.1f}-{max(loads):.1f}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
