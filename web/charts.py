"""Server-side SVG charts: an indicator over time, one colour per province.

Facts (``modality="actual"``) are filled circles joined by a line; targets are hollow
diamonds. Every point is an SVG link to its claim's audit page and carries a ``<title>``
tooltip. No JavaScript, nothing fetched: the SVG is inline in the page.
"""
from __future__ import annotations

import datetime as dt
import math

from markupsafe import Markup, escape

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22"]
NBSP_THIN = "\u202f"


def fmt_number(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) >= 1000 or float(value).is_integer():
        if float(value).is_integer():
            return f"{int(value):,}".replace(",", NBSP_THIN)
        return f"{value:,.1f}".replace(",", NBSP_THIN)
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.4g}"


def fmt_value(value: float | None, unit: str | None, value_max: float | None = None) -> str:
    """``1909, count`` -> ``1 909``; ``98.4e9, VND`` -> ``98.4 tỷ VND``; ``12, percent`` -> ``12 %``."""
    if value is None:
        return ""

    def one(v):
        if unit in ("VND",) and abs(v) >= 1e9:
            return f"{fmt_number(round(v / 1e9, 2))} tỷ"
        if unit in ("VND",) and abs(v) >= 1e6:
            return f"{fmt_number(round(v / 1e6, 2))} triệu"
        return fmt_number(v)

    text = one(value) if value_max is None else f"{one(value)}–{one(value_max)}"
    if unit in (None, "", "count"):
        return text
    if unit == "percent":
        return f"{text}{NBSP_THIN}%"
    return f"{text} {unit}"


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, t = [], start
    while t <= hi + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    if ticks[-1] < hi:
        ticks.append(round(t, 10))
    return ticks


def _days(d: dt.date) -> int:
    return d.toordinal()


def line_chart(series: dict[str, list[dict]], *, unit: str | None, title: str, log: bool = False,
               width: int = 920, height: int = 430) -> Markup:
    """``series``: ``{province: [claim dicts (value, article_date, modality, id, quote ...)]}``."""
    points = [(p, c) for p, cs in series.items() for c in cs]
    left, right, top, bottom = 78, 24, 16, 44
    pw, ph = width - left - right, height - top - bottom
    esc = escape
    out = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{esc(title)}" width="{width}" height="{height}">',
           f"<title>{esc(title)}</title>"]
    if not points:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" class="empty">'
                   'No claims with a date for this selection</text></svg>')
        return Markup("".join(out))

    dates = [dt.date.fromisoformat(c["article_date"]) for _, c in points]
    values = [c["value"] for _, c in points] + [c["value_max"] for _, c in points if c.get("value_max") is not None]
    d0, d1 = min(dates), max(dates)
    y0 = dt.date(d0.year, 1, 1)
    y1 = dt.date(d1.year + 1, 1, 1)
    x_lo, x_hi = _days(y0), _days(y1)
    log = log and min(values) > 0
    if log:
        lo_e, hi_e = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
        if hi_e == lo_e:
            hi_e += 1
        yticks = [10.0 ** e for e in range(lo_e, hi_e + 1)]
        ylo, yhi = math.log10(yticks[0]), math.log10(yticks[-1])

        def fy(v):
            return top + ph - (math.log10(v) - ylo) / (yhi - ylo) * ph
    else:
        vmin = min(0.0, min(values))
        yticks = nice_ticks(vmin, max(values) * 1.05 if max(values) > 0 else 1)
        ylo, yhi = yticks[0], yticks[-1]

        def fy(v):
            return top + ph - (v - ylo) / (yhi - ylo) * ph

    def fx(d: dt.date) -> float:
        return left + (_days(d) - x_lo) / (x_hi - x_lo) * pw

    # grid and axes
    out.append('<g class="grid">')
    for t in yticks:
        y = fy(t)
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="ytick" x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">'
                   f'{esc(fmt_value(t, unit) if unit not in (None, "count") else fmt_number(t))}</text>')
    years = list(range(y0.year, y1.year + 1))
    step = max(1, math.ceil(len(years) / 12))
    for i, yr in enumerate(years):
        x = fx(dt.date(yr, 1, 1))
        out.append(f'<line class="v" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + ph}"/>')
        if i % step == 0 and yr < y1.year:
            mid = fx(dt.date(yr, 7, 2))
            out.append(f'<text class="xtick" x="{mid:.1f}" y="{top + ph + 20}" text-anchor="middle">{yr}</text>')
    out.append("</g>")
    out.append(f'<line class="axis" x1="{left}" x2="{left + pw}" y1="{top + ph}" y2="{top + ph}"/>')
    out.append(f'<line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{top + ph}"/>')

    for i, (province, cs) in enumerate(series.items()):
        colour = PALETTE[i % len(PALETTE)]
        out.append(f'<g class="series" data-province="{esc(province)}">')  # no style: the CSP allows none
        facts = [c for c in cs if c["modality"] != "target"]
        if len(facts) > 1:
            path = " ".join(f"{'M' if j == 0 else 'L'}{fx(dt.date.fromisoformat(c['article_date'])):.1f},"
                            f"{fy(c['value']):.1f}" for j, c in enumerate(facts))
            out.append(f'<path class="line" d="{path}" stroke="{colour}"/>')
        for c in cs:
            x, y = fx(dt.date.fromisoformat(c["article_date"])), fy(c["value"])
            target = c["modality"] == "target"
            tip = (f"{province} · {c['article_date']} · {fmt_value(c['value'], c['unit'], c.get('value_max'))}"
                   f" ({'target' if target else 'fact'}, {c['qualifier']}) — “{c['quote']}” · claim #{c['id']}"
                   + (f" · median of {c['n']} claims that month" if c.get("n", 1) > 1 else ""))
            out.append(f'<a href="/claims/{int(c["id"])}" class="pt {"target" if target else "fact"}">')
            out.append(f"<title>{esc(tip)}</title>")
            if c.get("value_max") is not None:
                out.append(f'<line class="range" x1="{x:.1f}" x2="{x:.1f}" y1="{y:.1f}" '
                           f'y2="{fy(c["value_max"]):.1f}" stroke="{colour}"/>')
            if target:
                r = 6
                out.append(f'<path d="M{x:.1f},{y - r:.1f} L{x + r:.1f},{y:.1f} L{x:.1f},{y + r:.1f} '
                           f'L{x - r:.1f},{y:.1f} Z" fill="#fff" stroke="{colour}" stroke-width="2"/>')
            else:
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}" stroke="#fff" '
                           f'stroke-width="1"/>')
            out.append("</a>")
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


def legend(series: dict[str, list[dict]]) -> list[dict]:
    return [{"name": p, "colour": PALETTE[i % len(PALETTE)], "facts": sum(c["modality"] != "target" for c in cs),
             "targets": sum(c["modality"] == "target" for c in cs)} for i, (p, cs) in enumerate(series.items())]
