"""Text with marked spans -> safe HTML.

The HTML is built from the original text and the spans, escaping every piece of text and
every attribute value (``markupsafe.escape``); nothing is ever marked up by string
replacement, so an article containing ``<script>`` shows it as text. Spans are code-point
offsets (Python ``str`` indices). Overlapping spans are allowed: an element that would
cross another is closed and reopened around it, so the output is always well nested.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass
class Layer:
    start: int
    end: int
    tag: str = "span"
    attrs: dict[str, str] = field(default_factory=dict)
    first_attrs: dict[str, str] = field(default_factory=dict)  # only on the first piece (ids)
    depth: int = 0  # smaller is outer


def _open(layer: Layer, first: bool) -> str:
    attrs = {**layer.attrs, **(layer.first_attrs if first else {})}
    parts = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items() if v is not None)
    return f"<{layer.tag}{parts}>"


def render(text: str, layers: list[Layer]) -> Markup:
    """``text`` as HTML with each layer's element around its span."""
    n = len(text)
    layers = [lay for lay in layers if 0 <= lay.start < lay.end <= n] + \
             [Layer(max(0, lay.start), min(n, lay.end), lay.tag, lay.attrs, lay.first_attrs, lay.depth)
              for lay in layers if not (0 <= lay.start < lay.end <= n) and max(0, lay.start) < min(n, lay.end)]
    order = {id(lay): i for i, lay in enumerate(sorted(layers, key=lambda x: (x.depth, x.start, -x.end)))}
    bounds = sorted({0, n, *(lay.start for lay in layers), *(lay.end for lay in layers)})
    out: list[str] = []
    stack: list[Layer] = []
    opened: set[int] = set()
    for a, b in zip(bounds, bounds[1:]):
        active = [lay for lay in layers if lay.start <= a < lay.end]
        active_ids = {id(lay) for lay in active}
        keep = 0
        while keep < len(stack) and id(stack[keep]) in active_ids:
            keep += 1
        # close what ended, and whatever was opened inside it (reopened below if still active)
        for lay in reversed(stack[keep:]):
            out.append(f"</{lay.tag}>")
        del stack[keep:]
        on_stack = {id(lay) for lay in stack}
        for lay in sorted((lay for lay in active if id(lay) not in on_stack), key=lambda x: order[id(x)]):
            out.append(_open(lay, id(lay) not in opened))
            opened.add(id(lay))
            stack.append(lay)
        out.append(str(escape(text[a:b])))
    for lay in reversed(stack):
        out.append(f"</{lay.tag}>")
    return Markup("".join(out))
