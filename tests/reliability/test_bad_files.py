"""Bad files and folders become named error rows and the run goes on (issue 15, point 10).

A folder that can be listed but not entered, a ``.txt`` that is a dangling or looping
link or a named pipe, ``*.TXT``, a web page saved as ``.txt``; plus what earlier work
made safe: an empty or binary file, one over the size cap.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from vnfacts.cli.main import app
from vnfacts.extractors import text as text_module
from vnfacts.flows.ingest import discover
from vnfacts.schemas.tables import Article, IngestError
from vnfacts.store import db as store_db

ARTICLE = "Tiêu đề {n}\n\nTỉnh Quảng Ninh có {n} HTX nông nghiệp."
PAGE = """\ufeff
  <!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Quảng Ninh phát triển 45 HTX mới</title></head>
<body><nav><a href="/">Trang chủ</a> | <a href="/kinh-te">Kinh tế</a></nav>
<article><h1>Quảng Ninh phát triển 45 HTX mới</h1>
<p>Năm 2024, tỉnh Quảng Ninh thành lập mới 45 HTX, nâng tổng số hợp tác xã trên địa bàn lên 1.020 HTX
với hơn 30 nghìn thành viên tham gia sản xuất nông nghiệp, thương mại và dịch vụ.</p>
<p>Liên minh HTX tỉnh cho biết doanh thu bình quân của mỗi HTX đạt 4,5 tỷ đồng một năm, tăng 12% so với
năm trước, nhờ liên kết tiêu thụ sản phẩm OCOP và ứng dụng công nghệ số.</p>
</article><footer>© 2024 Báo Quảng Ninh</footer></body></html>
"""


def _ingest(*paths, db: Path):
    result = CliRunner().invoke(app, ["ingest", *map(str, paths), "--db", str(db)])
    store_db.dispose_engines()
    return result


def _table(db: Path, model) -> list:
    with store_db.session(str(db)) as s:
        rows = list(s.exec(sa.select(model)).scalars())
    store_db.dispose_engines()
    return rows


@pytest.fixture
def folder(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE.format(n=12), encoding="utf-8")
    return corpus


def test_a_folder_listed_but_not_entered_is_an_error_row_and_the_rest_is_read(folder, tmp_path, fake_extractor,
                                                                               monkeypatch):
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(ARTICLE.format(n=3), encoding="utf-8")
    (folder / "z.txt").write_text(ARTICLE.format(n=40), encoding="utf-8")
    scandir = os.scandir

    def no_entry(path="."):  # as a folder with mode r-- (root ignores modes, so say it like the kernel)
        if Path(os.fsdecode(path)) == locked:
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", no_entry)
    result = _ingest(folder, db=tmp_path / "x.db")
    assert result.exit_code == 0, result.output
    assert sorted(Path(a.locator).name for a in _table(tmp_path / "x.db", Article)) == ["a.txt", "z.txt"]
    [error] = _table(tmp_path / "x.db", IngestError)
    assert error.locator == str(locked) and "Permission denied" in error.reason
    assert str(locked) in result.output.replace("\n", "")


def test_links_to_nothing_link_loops_and_pipes_named_txt_are_named_skips_not_silence(folder, tmp_path,
                                                                                     fake_extractor):
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    os.symlink(folder / "loop.txt", folder / "loop.txt")
    os.mkfifo(folder / "pipe.txt")
    os.symlink(folder / "a.txt", folder / "alias.txt")  # a good link: read (once, as a.txt)

    result = _ingest(folder, db=tmp_path / "x.db")

    assert result.exit_code == 0, result.output
    reasons = {Path(e.locator).name: e.reason for e in _table(tmp_path / "x.db", IngestError)}
    assert reasons == {"dangling.txt": "a symbolic link to nothing (dangling)",
                       "loop.txt": "a symbolic link loop",
                       "pipe.txt": "a named pipe (FIFO), not a file: skipped"}
    assert len(_table(tmp_path / "x.db", Article)) == 1
    for name in reasons:  # the summary names each (rich folds long paths across lines)
        assert name in result.output.replace("\n", "")


def test_a_pipe_given_by_name_is_refused_not_read_for_ever(folder):
    os.mkfifo(folder / "pipe.txt")
    items, problems = discover([folder / "pipe.txt"])
    assert items == [] and problems == [(str(folder / "pipe.txt"), "a named pipe (FIFO), not a file: skipped")]


def test_upper_case_txt_files_are_articles_too(folder):
    (folder / "B.TXT").write_text(ARTICLE.format(n=5), encoding="utf-8")
    (folder / "c.Txt").write_text(ARTICLE.format(n=6), encoding="utf-8")
    (folder / "notes.md").write_text("x", encoding="utf-8")
    items, problems = discover([folder])
    assert [Path(i.path).name for i in items] == ["B.TXT", "a.txt", "c.Txt"] and problems == []


def test_a_web_page_saved_as_txt_is_read_as_a_page_not_stored_as_markup(folder, tmp_path, fake_extractor):
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")
    result = _ingest(folder / "page.txt", db=tmp_path / "x.db")
    assert result.exit_code == 0, result.output
    [article] = _table(tmp_path / "x.db", Article)
    assert article.title == "Quảng Ninh phát triển 45 HTX mới"
    assert "<" not in article.text and "Trang chủ" not in article.text
    assert "thành lập mới 45 HTX" in article.text


def test_a_web_page_with_no_article_in_it_is_an_error_row(folder, tmp_path, fake_extractor):
    (folder / "empty.txt").write_text("<html><body><nav>Trang chủ</nav></body></html>", encoding="utf-8")
    _ingest(folder, db=tmp_path / "x.db")
    [error] = _table(tmp_path / "x.db", IngestError)
    assert error.locator.endswith("empty.txt") and "no extractable article body" in error.reason


def test_empty_binary_and_oversized_files_are_error_rows_naming_them(folder, tmp_path, fake_extractor, monkeypatch):
    monkeypatch.setattr(text_module, "MAX_ARTICLE_BYTES", 1000)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "huge.txt").write_text(ARTICLE.format(n=7) * 100, encoding="utf-8")
    result = _ingest(folder, db=tmp_path / "x.db")
    assert result.exit_code == 0, result.output
    errors = {Path(e.locator).name: e.reason for e in _table(tmp_path / "x.db", IngestError)}
    assert set(errors) == {"empty.txt", "binary.txt", "huge.txt"}
    assert "VNFACTS_MAX_ARTICLE_BYTES" in errors["huge.txt"]
    assert [Path(a.locator).name for a in _table(tmp_path / "x.db", Article)] == ["a.txt"]


def test_extract_reads_what_ingest_reads_and_names_what_it_skips(folder, fake_extractor):
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    result = CliRunner().invoke(app, ["extract", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Quảng Ninh phát triển 45 HTX mới" in result.output and "DOCTYPE" not in result.output
    assert "a named pipe (FIFO)" in result.output.replace("\n", " ")
