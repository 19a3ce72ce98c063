"""A small, hand-made database for the web tests (and for looking at the pages by hand).

    python tests/web_sample.py /tmp/web.db     # then: vnfacts serve --db /tmp/web.db

Facts are built with ``conftest.build_facts`` (valid spans) and stored with the store's
own ``save_article``, inside an ingest run, exactly as an ingest would.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conftest import build_facts  # noqa: E402

from vnfacts.schemas.facts import ArticleFacts, Span  # noqa: E402

HANOI_2023 = (
    "Liên minh HTX TP Hà Nội tổng kết năm 2023\n"
    "Toàn thành phố có 1.909 hợp tác xã, tăng 46 HTX so với cùng kỳ.\n"
    "Bí thư Thành ủy Hà Nội Hoàng Trung Hải phát biểu tại HTX Dịch vụ nông nghiệp Đồng Lạc.\n"
    "Phấn đấu đến năm 2025 có 2.000 hợp tác xã, doanh thu 98,4 tỷ đồng.\n"
    "Ảnh: Văn Điệp – TTXVN\n"
)
HANOI_2021 = (
    "Hà Nội: kinh tế tập thể vượt khó trong đại dịch\n"
    "Đến cuối năm 2021, Hà Nội có khoảng 1.700 hợp tác xã đang hoạt động.\n"
    "Chủ tịch Liên minh HTX thành phố Nguyễn Văn Minh cho biết nhiều HTX đã chuyển đổi số.\n"
)
THAINGUYEN_2022 = (
    "Thái Nguyên phát triển hợp tác xã nông nghiệp\n"
    "Hiện toàn tỉnh Thái Nguyên có 752 HTX, thu hút hơn 20.000 thành viên.\n"
    "Phó Chủ tịch UBND tỉnh Đặng Xuân Trường đến thăm HTX Chè La Bằng.\n"
    "Mục tiêu đến năm 2025, tỉnh có 850 HTX hoạt động hiệu quả.\n"
)
THAINGUYEN_2024 = (
    "Thái Nguyên: hơn 800 hợp tác xã\n"
    "Năm 2024, Thái Nguyên có 812 HTX, tăng 60 HTX so với năm 2022.\n"
    "HTX Chè La Bằng có 36 thành viên, doanh thu 5 tỷ đồng.\n"
)
QUANGNINH_2023 = (
    "Quảng Ninh: kinh tế tập thể đóng góp 2,5% GRDP\n"
    "Tỉnh Quảng Ninh có 395 HTX, từ 30 đến 40% là HTX nông nghiệp.\n"
)
SCRIPT = (
    "Tin thử <script>alert('xss')</script> ở Hà Nội\n"
    "Dòng có thẻ <b>in đậm</b> & ký tự đặc biệt, với 12 HTX mới.\n"
)


def sample_facts() -> list[ArticleFacts]:
    hn23 = build_facts(
        HANOI_2023, doc="hn-2023.txt", source="https://kinhtetapthe.example.vn/ha-noi-2023",
        title="Liên minh HTX TP Hà Nội tổng kết năm 2023", published=dt.date(2023, 12, 30), province="Hà Nội",
        provinces=["Hà Nội"], officials=[("Hoàng Trung Hải", "Bí thư Thành ủy Hà Nội")],
        organisations=[("HTX Dịch vụ nông nghiệp Đồng Lạc", "cooperative"), ("Liên minh HTX TP Hà Nội", "alliance")],
        claims=[("1.909 hợp tác xã", {"value": 1909, "counted": "hợp tác xã", "indicator": "cooperatives",
                                       "province": "Hà Nội", "period": "2023"}),
                ("46 HTX", {"value": 46, "counted": "hợp tác xã", "change": "increase", "province": "Hà Nội",
                            "indicator": "cooperatives"}),
                ("2.000 hợp tác xã", {"value": 2000, "modality": "target", "counted": "hợp tác xã",
                                      "indicator": "cooperatives", "province": "Hà Nội", "period": "2025"}),
                ("98,4 tỷ đồng", {"value": 98.4e9, "unit": "VND", "indicator": "revenue", "province": "Hà Nội",
                                  "modality": "target"})])
    start = HANOI_2023.index("Ảnh:")
    hn23.boilerplate = [Span(start=start, end=start + len("Ảnh: Văn Điệp – TTXVN"))]
    hn21 = build_facts(
        HANOI_2021, doc="hn-2021.txt", title="Hà Nội: kinh tế tập thể vượt khó trong đại dịch",
        published=dt.date(2021, 12, 20), province="Hà Nội", provinces=["Hà Nội"],
        officials=[("Nguyễn Văn Minh", "Chủ tịch Liên minh HTX thành phố")],
        claims=[("khoảng 1.700 hợp tác xã", {"value": 1700, "qualifier": "approx", "counted": "hợp tác xã",
                                              "indicator": "cooperatives", "province": "Hà Nội", "period": "2021-12-31"})])
    tn22 = build_facts(
        THAINGUYEN_2022, doc="tn-2022.txt", title="Thái Nguyên phát triển hợp tác xã nông nghiệp",
        published=dt.date(2022, 6, 15), province="Thái Nguyên", provinces=["Thái Nguyên"],
        officials=[("Đặng Xuân Trường", "Phó Chủ tịch UBND tỉnh")],
        organisations=[("HTX Chè La Bằng", "cooperative")],
        claims=[("752 HTX", {"value": 752, "counted": "hợp tác xã", "indicator": "cooperatives",
                             "province": "Thái Nguyên", "period": "2022-06-15"}),
                ("hơn 20.000 thành viên", {"value": 20000, "qualifier": "more_than", "counted": "thành viên",
                                           "indicator": "members", "province": "Thái Nguyên"}),
                ("850 HTX", {"value": 850, "modality": "target", "counted": "hợp tác xã",
                             "indicator": "cooperatives", "province": "Thái Nguyên", "period": "2025"})])
    tn24 = build_facts(
        THAINGUYEN_2024, doc="tn-2024.txt", title="Thái Nguyên: hơn 800 hợp tác xã",
        published=dt.date(2024, 3, 2), province="Thái Nguyên", provinces=["Thái Nguyên"],
        organisations=[("HTX Chè La Bằng", "cooperative")],
        claims=[("812 HTX", {"value": 812, "counted": "hợp tác xã", "indicator": "cooperatives",
                             "province": "Thái Nguyên", "period": "2024"}),
                ("60 HTX", {"value": 60, "counted": "hợp tác xã", "change": "increase",
                            "indicator": "cooperatives", "province": "Thái Nguyên"}),
                ("36 thành viên", {"value": 36, "counted": "thành viên", "indicator": "members",
                                   "province": "Thái Nguyên"}),
                ("5 tỷ đồng", {"value": 5e9, "unit": "VND", "indicator": "revenue", "province": "Thái Nguyên"})])
    qn23 = build_facts(
        QUANGNINH_2023, doc="qn-2023.txt", title="Quảng Ninh: kinh tế tập thể đóng góp 2,5% GRDP",
        published=dt.date(2023, 5, 9), province="Quảng Ninh", provinces=["Quảng Ninh"],
        claims=[("2,5%", {"value": 2.5, "unit": "percent", "indicator": "grdp_share", "province": "Quảng Ninh"}),
                ("395 HTX", {"value": 395, "counted": "hợp tác xã", "indicator": "cooperatives",
                             "province": "Quảng Ninh", "period": "2023-05-09"}),
                ("từ 30 đến 40%", {"value": 30, "value_max": 40, "qualifier": "range", "unit": "percent",
                                   "indicator": "cooperatives_share", "province": "Quảng Ninh"})])
    script = build_facts(
        SCRIPT, doc="script.txt", title="Tin thử <script>alert('xss')</script> ở Hà Nội",
        published=dt.date(2020, 1, 1), province="Hà Nội", provinces=["Hà Nội"],
        claims=[("12 HTX", {"value": 12, "counted": "hợp tác xã", "indicator": "cooperatives",
                            "province": "Hà Nội", "period": "2020-01-01"})])
    return [ArticleFacts.model_validate(f.model_dump()) for f in (hn23, hn21, tn22, tn24, qn23, script)]


def build_sample_db(url: str) -> str:
    """Create (migrate) ``url`` and store the sample articles in one ingest run; returns the URL."""
    from vnfacts.store import db, load

    db.upgrade(url)
    with db.session(url) as s:
        source = load.get_source(s, "/corpus/sample")
        run = load.begin_run(s, ["/corpus/sample"], "0.1.0")
        facts = sample_facts()
        for f in facts:
            load.save_article(s, f, run_id=run.id, source_id=source.id)
        load.end_run(s, run.id, {"files": len(facts), "new": len(facts)})
    db.dispose_engines()
    return url


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "/tmp/web-sample.db"
    Path(target).unlink(missing_ok=True)
    print(build_sample_db(f"sqlite:///{target}"))
