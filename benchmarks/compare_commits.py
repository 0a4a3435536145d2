"""Run one benchmark command in two checkouts, alternately: before, after, before, after, ...

    python3 benchmarks/compare_commits.py --before ../rerun-before --after ../rerun-after \\
        --rounds 2 --name tiles -- benchmarks/tiles.py --repeat 1

The command runs with each checkout as its working directory and that checkout's own
`.venv/bin/python` (so `benchmarks/x.py` is each side's copy of the script; copy the "after"
script into the "before" checkout when it has none). Each run's output goes to
`benchmarks/out/compare/<name>-<round>-<side>.txt` with the machine's `uptime` before and after
it (the machine is shared: absolute figures move with the others' load, so read the figures of
one round side by side). Prints each run's wall seconds and the after/before ratio per round.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def run(side: str, checkout: Path, command: list[str], out: Path, env: dict) -> float:
    load = uptime()
    started = time.perf_counter()
    result = subprocess.run(
        [str(checkout / ".venv/bin/python"), *command],
        cwd=checkout,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    out.write_text(
        f"# {side}: {checkout} (exit {result.returncode}, {seconds:.1f} s)\n# before: {load}\n"
        f"# after:  {uptime()}\n{result.stdout}\n# stderr\n{result.stderr[-4000:]}"
    )
    print(f"{side:6} {seconds:8.1f} s  exit {result.returncode}  {load}  -> {out}", flush=True)
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--name", required=True, help="prefix of the output files")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="SIDE:NAME=VALUE",
        help="an environment variable for one side (before: or after:) or both (no prefix)",
    )
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command after --")
    envs = {"before": {}, "after": {}}
    for item in args.env:
        side, _, assignment = item.partition(":")
        if side not in envs:
            side, assignment = "", item
        name, _, value = assignment.partition("=")
        for key in [side] if side else envs:
            envs[key][name] = value
    folder = ROOT / "benchmarks" / "out" / "compare"
    folder.mkdir(parents=True, exist_ok=True)
    checkouts = {"before": args.before.resolve(), "after": args.after.resolve()}
    for number in range(1, args.rounds + 1):
        seconds = {
            side: run(
                side, checkout, command, folder / f"{args.name}-{number}-{side}.txt", envs[side]
            )
            for side, checkout in checkouts.items()
        }
        print(
            f"round {number}: after / before wall time = {seconds['after'] / seconds['before']:.2f}"
        )


if __name__ == "__main__":
    sys.exit(main())
