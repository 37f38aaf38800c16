from __future__ import annotations

import subprocess
import sys

import pytest

from typer.testing import CliRunner

from newsnlp.cli import app
from newsnlp.io.jsonl import read_jsonl, validate_record

runner = CliRunner()


def test_annotate_folder_writes_valid_corpus_jsonl(tmp_path, fixtures_dir):
    out = tmp_path / "corpus.jsonl"
    result = runner.invoke(app, ["annotate", str(fixtures_dir / "articles"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = list(read_jsonl(out))
    assert [r["id"] for r in records] == ["donbas-brief", "seoul-brief"]
    for record in records:
        assert validate_record(record) == []
        assert record["entities"], "every fixture article names something"


def test_annotate_accepts_globs_and_files(tmp_path, fixtures_dir):
    out = tmp_path / "corpus.jsonl"
    pattern = str(fixtures_dir / "articles" / "seoul-*.txt")
    result = runner.invoke(app, ["annotate", pattern, str(fixtures_dir / "articles" / "donbas-brief.txt"),
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(r["id"] for r in read_jsonl(out)) == ["donbas-brief", "seoul-brief"]


def test_annotate_reports_unreadable_input_and_exits_1(tmp_path, fixtures_dir):
    bad = tmp_path / "in" / "broken.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"\x00\x01\x02\xff\xfe binary \x00" * 50)
    (tmp_path / "in" / "good.txt").write_text("金正恩在平壤会见官兵。", encoding="utf-8")
    out = tmp_path / "corpus.jsonl"
    result = runner.invoke(app, ["annotate", str(tmp_path / "in"), "-o", str(out)])
    assert result.exit_code == 1
    assert "broken.txt" in result.output
    assert [r["id"] for r in read_jsonl(out)] == ["good"]


def test_annotate_to_one_file_skips_articles_over_max_chars_and_warns_of_shared_ids(tmp_path):
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "in" / "a" / "brief.txt").write_text("金正恩在平壤会见官兵。", encoding="utf-8")
    (tmp_path / "in" / "brief.txt").write_text("泽连斯基在基辅会见美国特使。", encoding="utf-8")
    (tmp_path / "in" / "long.txt").write_text("俄军在库尔斯克州作战。" * 20, encoding="utf-8")
    for name in ("x.jsonl", "y.jsonl"):  # records that state one id
        (tmp_path / "in" / name).write_text(f'{{"id": "same", "text": "普京表示。{name}"}}\n', encoding="utf-8")
    out = tmp_path / "corpus.jsonl"
    result = runner.invoke(app, ["annotate", str(tmp_path / "in"), "-o", str(out), "--max-chars", "100"])
    assert result.exit_code == 1
    assert "long" in result.output and "--max-chars" in result.output
    assert "shared by several articles" in result.output
    # Files of one name in different folders get ids from their paths.
    assert sorted(r["id"] for r in read_jsonl(out)) == ["a/brief", "brief", "same", "same"]


def test_annotate_missing_input_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["annotate", str(tmp_path / "nothing-*.txt"), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2
    assert "No input matches" in result.output
    assert not (tmp_path / "o.jsonl").exists()


def test_evaluate_corpus_prints_per_label_scores(tmp_path, fixtures_dir):
    out = tmp_path / "corpus.jsonl"
    runner.invoke(app, ["annotate", str(fixtures_dir / "articles"), "-o", str(out)])
    result = runner.invoke(app, ["evaluate", str(out), str(out)])
    assert result.exit_code == 0, result.output
    assert "micro" in result.output and "linking" in result.output
    # A corpus scored against itself is perfect.
    micro = next(line for line in result.output.splitlines() if line.startswith("micro"))
    assert "1.000" in micro


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "newsnlp", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    assert "annotate" in out.stdout and "evaluate" in out.stdout


def test_review_then_add_then_annotate_links_a_new_name(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("记者在兹韦兹多奇卡村附近看到了装甲车。", encoding="utf-8")
    first = tmp_path / "first.jsonl"
    assert runner.invoke(app, ["annotate", str(src), "-o", str(first)]).exit_code == 0
    review = tmp_path / "review.jsonl"
    result = runner.invoke(app, ["kb", "review", str(first), "-o", str(review)])
    assert result.exit_code == 0, result.output
    rows = list(read_jsonl(review))
    assert any("兹韦兹多奇卡" in row["name"] for row in rows)
    my_kb = tmp_path / "my_kb.jsonl"
    result = runner.invoke(app, ["kb", "add", str(my_kb), "--id", "zvezdochka-village", "--label", "PLACE",
                                 "--name", "兹韦兹多奇卡村", "--alias", "兹韦兹多奇卡"])
    assert result.exit_code == 0, result.output
    second = tmp_path / "second.jsonl"
    result = runner.invoke(app, ["annotate", str(src), "-o", str(second), "--kb-extra", str(my_kb)])
    assert result.exit_code == 0, result.output
    [record] = read_jsonl(second)
    assert [e["kb_id"] for e in record["entities"] if "兹韦兹多奇卡" in e["text"]] == ["zvezdochka-village"]


@pytest.mark.parametrize("args, message", [
    (["--id", "kursk-oblast", "--label", "ORG", "--name", "库尔斯克州"], "kursk-oblast"),   # a shipped id's label
    (["--id", "zz-village", "--label", "PLACE", "--name", "某村", "--country", "nowhere"], "nowhere"),
])
def test_kb_add_refuses_an_entry_the_pipeline_could_not_load(tmp_path, args, message):
    my_kb = tmp_path / "my_kb.jsonl"
    result = runner.invoke(app, ["kb", "add", str(my_kb), *args])
    assert result.exit_code == 2 and message in result.output
    assert not my_kb.exists()


def test_annotate_formats_are_the_export_formats_and_all_means_every_one():
    from newsnlp.cli.annotate import FORMATS, _formats
    from newsnlp.io import export

    assert FORMATS == export.FORMATS
    assert _formats("all") == list(export.FORMATS) and _formats("jsonl,parquet") == ["jsonl", "parquet"]


def test_annotate_writes_csv_with_a_byte_order_mark_when_asked(tmp_path, fixtures_dir):
    out = tmp_path / "corpus"
    result = runner.invoke(app, ["annotate", str(fixtures_dir / "articles"), "-o", str(out), "-f", "csv", "--csv-bom"])
    assert result.exit_code == 0, result.output
    files = sorted(out.rglob("*.csv"))
    assert files and all(f.read_bytes().startswith(b"\xef\xbb\xbf") for f in files)


def test_version_prints_the_version():
    from newsnlp import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"newsnlp {__version__}"
