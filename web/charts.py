"""Server-side SVG charts: an indicator series over time, one colour per province.

Points are observations (``vnfacts.store.observations``), placed by the period they hold
for: facts are filled circles joined by a line, targets hollow circles at their horizon,
values in conflict ringed in red. Every point is an SVG link to its observation's page and
carries a ``<title>`` tooltip. No JavaScript, nothing fetched: the SVG is inline in the page.
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


SIGNS = {"approx": "≈", "more_than": ">", "at_least": "≥", "less_than": "<", "at_most": "≤"}
LABEL_POINTS = 40  # up to this many points, each is labelled with its value
SHORT_PERIOD_DAYS = 45  # a day or a month: a point; anything longer also gets its span drawn


def placed(o: dict) -> tuple[dt.date, dt.date, dt.date]:
    """``(start, end, where the marker goes)`` of an observation: a fact at its period's middle,
    a target at its horizon (the period's end)."""
    a, b = dt.date.fromisoformat(o["period_start"]), dt.date.fromisoformat(o["period_end"])
    x = b if o["modality"] == "target" else a + (b - a) / 2
    return a, b, x


def period_start(observations: list[dict], period: str) -> str:
    return next(o["period_start"] for o in observations if o["period"] == period)


def period_end(observations: list[dict], period: str) -> str:
    return next(o["period_end"] for o in observations if o["period"] == period)


def _tip(province: str, o: dict) -> str:
    kind = "target" if o["modality"] == "target" else "fact"
    return (f"{province} · {o['period']} · {fmt_value(o['value'], o['unit'], o.get('value_max'))}"
            f" ({kind}, {o['qualifier'].replace('_', ' ')}) · {o['n_claims']} claim{'s' if o['n_claims'] != 1 else ''}"
            f" in {o['n_articles']} article{'s' if o['n_articles'] != 1 else ''}"
            + (" · CONFLICT: other values for this place and period" if o["conflict"] else "")
            + f" · observation #{o['id']}")


def line_chart(series: dict[str, list[dict]], *, unit: str | None, title: str, log: bool = False,
               width: int = 920, height: int = 430) -> Markup:
    """``series``: ``{province: [observation dicts (store.observations.series)]}``.

    x is when the number holds: a fact sits at the middle of its period, with its span drawn
    as a bar when the period is longer than a month; a target sits hollow at its horizon
    (the period's end), with no span. Up to ``LABEL_POINTS`` points carry their value. A
    value in conflict (other values stated for the same place, period and kind) has a red
    ring. Every point links to its observation's page.
    """
    points = [(p, o) for p, os_ in series.items() for o in os_ if o.get("period_start") and o.get("period_end")]
    left, right, top, bottom = 78, 24, 16, 44
    pw, ph = width - left - right, height - top - bottom
    esc = escape
    out = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{esc(title)}" width="{width}" height="{height}">',
           f"<title>{esc(title)}</title>"]
    if not points:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" class="empty">'
                   'No observations with a period for this selection</text></svg>')
        return Markup("".join(out))

    label_values = len(points) <= LABEL_POINTS
    spans = [placed(o) for _, o in points]
    values = [o["value"] for _, o in points] + [o["value_max"] for _, o in points if o.get("value_max") is not None]
    y0 = dt.date(min(a for a, _, _ in spans).year, 1, 1)
    y1 = dt.date(max(b for _, b, _ in spans).year + 1, 1, 1)
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

    for i, (province, os_) in enumerate(series.items()):
        colour = PALETTE[i % len(PALETTE)]
        out.append(f'<g class="series" data-province="{esc(province)}">')  # no style: the CSP allows none
        facts = sorted((placed(o)[2], o["value"]) for o in os_ if o["modality"] != "target" and not o["conflict"]
                       and o.get("period_start"))
        if len(facts) > 1:
            path = " ".join(f"{'M' if j == 0 else 'L'}{fx(x):.1f},{fy(v):.1f}" for j, (x, v) in enumerate(facts))
            out.append(f'<path class="line" d="{path}" stroke="{colour}"/>')
        disputed: dict[tuple, list[float]] = {}  # one place, period and kind stated with several values
        for o in os_:
            if o["conflict"] and o.get("period_start"):
                disputed.setdefault((o["period"], o["modality"]), []).append(o["value"])
        for (period, modality), vs in disputed.items():
            xd = placed({"period_start": period_start(os_, period), "period_end": period_end(os_, period),
                         "modality": modality})[2]
            out.append(f'<line class="dispute" x1="{fx(xd):.1f}" x2="{fx(xd):.1f}" y1="{fy(min(vs)):.1f}" '
                       f'y2="{fy(max(vs)):.1f}"/>')
        for o in os_:
            if not o.get("period_start"):
                continue
            a, b, xd = placed(o)
            x, y = fx(xd), fy(o["value"])
            target = o["modality"] == "target"
            cls = f'pt {"target" if target else "fact"}{" conflict" if o["conflict"] else ""}'
            out.append(f'<a href="/observations/{int(o["id"])}" class="{cls}">')
            out.append(f"<title>{esc(_tip(province, o))}</title>")
            if not target and (b - a).days > SHORT_PERIOD_DAYS:  # a target is its horizon alone
                out.append(f'<line class="span" x1="{fx(a):.1f}" x2="{fx(b + dt.timedelta(days=1)):.1f}" '
                           f'y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}"/>')
            if o.get("value_max") is not None:
                out.append(f'<line class="range" x1="{x:.1f}" x2="{x:.1f}" y1="{y:.1f}" '
                           f'y2="{fy(o["value_max"]):.1f}" stroke="{colour}"/>')
            if o["conflict"]:
                out.append(f'<circle class="conflict-ring" cx="{x:.1f}" cy="{y:.1f}" r="9"/>')
            if target:
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#fff" stroke="{colour}" stroke-width="2.2"/>')
            else:
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}" stroke="#fff" '
                           f'stroke-width="1"/>')
            if label_values:
                near_edge = x > left + pw - 60
                out.append(f'<text class="vlabel" x="{x - 8 if near_edge else x + 8:.1f}" y="{y - 7:.1f}" '
                           f'text-anchor="{"end" if near_edge else "start"}" fill="{colour}">'
                           f'{SIGNS.get(o["qualifier"], "")}{esc(fmt_value(o["value"], o["unit"], o.get("value_max")))}</text>')
            out.append("</a>")
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


def legend(series: dict[str, list[dict]]) -> list[dict]:
    return [{"name": p, "colour": PALETTE[i % len(PALETTE)], "facts": sum(c["modality"] != "target" for c in cs),
             "targets": sum(c["modality"] == "target" for c in cs), "conflicts": sum(bool(c.get("conflict")) for c in cs)}
            for i, (p, cs) in enumerate(series.items())]
