"""`make bench`: the six figures of Alur's speed, each measured side by side with its baseline in one run, and
a few numbers without a target. One line per figure:

    NAME ratio=X target=<=Y PASS|FAIL  (A: median, B: median; N repetitions)

A is Alur, B the baseline; the medians are of runs that alternate A and B. docs/performance.md says what each
figure compares and what limits it. Exits 1 when a figure fails.

    .venv/bin/python -m bench.run [--instances 100000] [--only NAME ...]
"""

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

FIGURES = ("engine_overhead", "history_flat", "inbox_scale", "web_throughput", "replay_linear", "cli_startup")


def machine():
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown")
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return f"machine: {os.cpu_count()} CPUs, {model}, load {load}"


def ms(seconds):
    return f"{statistics.median(seconds) * 1000:.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=100_000, help="instances in inbox_scale's big database")
    parser.add_argument("--only", nargs="+", choices=FIGURES + ("reports", "two_servers"), help="run only these")
    args = parser.parse_args()
    wanted = set(args.only or FIGURES + ("reports", "two_servers"))
    # Users are added and sign in, but no figure times a password hash: the cheapest keeps the set-up short.
    os.environ["ALUR_ARGON2_PROFILE"] = "CHEAPEST"
    from . import bench_history, bulk, figures_engine, figures_pg, figures_web, sop
    from .pgcluster import PostgreSQLMissing

    print(machine(), flush=True)
    failed = []

    def show(figure):
        print(figure.line(), flush=True)
        if not figure.passed:
            failed.append(figure.name)

    reports = []
    with tempfile.TemporaryDirectory(prefix="alur-bench-") as tmp:
        tmp = Path(tmp)
        base = sop.base_db(tmp / "base.db", extra_users=[(f"tpi-{k:02d}", "TPI")
                                                          for k in range(1, figures_web.CLIENTS + 1)])
        template, templates = tmp / "template.db", None
        if wanted & {"inbox_scale", "web_throughput", "cli_startup", "reports"}:  # the others need no template
            templates = bulk.template_db(template, base)
        if "engine_overhead" in wanted:
            show(figures_engine.engine_overhead(tmp, base))
        if "history_flat" in wanted:
            show(bench_history.history_flat(tmp))
        if wanted & {"inbox_scale", "cli_startup", "reports"}:
            big, small = figures_web.build_inbox_dbs(tmp, base, template, templates, args.instances)
        if "inbox_scale" in wanted:
            figure, (big_mb, small_mb) = figures_web.inbox_scale(tmp, big, small, args.instances)
            show(figure)
            reports.append(f"memory: alur serve (master and 2 workers) {big_mb:.0f} MB resident with "
                           f"{args.instances:,} instances, {small_mb:.0f} MB with 100, after the inbox pages")
            big.unlink()
        if "web_throughput" in wanted:
            show(figures_web.web_throughput(tmp, base, template, templates))
        if "two_servers" in wanted:   # no target: what a second server on one PostgreSQL adds on this machine
            try:
                reports.append(figures_pg.two_servers(tmp, base))
            except PostgreSQLMissing as missing:
                reports.append(f"two_servers: not measured: {missing}")
        if "replay_linear" in wanted:
            show(figures_engine.replay_linear(tmp, base))
        if "cli_startup" in wanted:
            show(figures_engine.cli_startup(small))
        if "reports" in wanted:
            a, b, (many, few), kb, events_share = figures_engine.verify_tenfold(tmp, base)
            reports.append(f"db_size: {kb:.1f} kB per completed instance (Nganjuk, each loop once), "
                           f"{events_share:.0%} of it events")
            reports.append(f"verify: {ms(a)} for {many:,} events against {ms(b)} for {few:,} "
                           f"(ratio {statistics.median(a) / statistics.median(b):.1f}; {len(a)} repetitions)")
            a, b = figures_engine.deploy_against_parse(tmp, base)
            reports.append(f"deploy: {ms(a)} against SpiffWorkflow's parse {ms(b)} "
                           f"(ratio {statistics.median(a) / statistics.median(b):.1f}; {len(a)} repetitions)")
    for line in reports:
        print(line)
    print(f"load at the end: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    if failed:
        print(f"FAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
