"""Two processes completing the same task at once: exactly one wins, the other is told by whom."""

import subprocess

import pytest

from conftest import ALUR_BIN

pytestmark = pytest.mark.real_process  # real `alur` processes racing, by nature


def test_racing_completions_one_wins_the_other_hears_who(surat, db_path):
    surat.add_user("staf2", lanes=["Staf"])
    instances = [surat.start("surat", "staf") for _ in range(6)]
    for instance in instances:
        [task] = surat.tasks(instance=instance)
        racers = [subprocess.Popen([str(ALUR_BIN), "complete", str(task["id"]), "--as", user, "--db", str(db_path),
                                    "--data", f'{{"nomor_konsep": "{user}"}}'],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                  for user in ("staf", "staf2")]
        results = [(r.wait(), r.stdout.read(), r.stderr.read()) for r in racers]
        codes = sorted(code for code, _, _ in results)
        assert codes == [0, 2], results
        winner = "staf" if results[0][0] == 0 else "staf2"
        loser_err = next(err for code, _, err in results if code == 2)
        assert f"was completed already by {winner} at" in loser_err
        shown = surat.show(instance)
        assert [t["completed_by"] for t in shown["completed"]] == [winner]
        assert shown["data"]["nomor_konsep"] == winner
        assert len(shown["ready"]) == 1
