"""Paragraph stand-ins for tests that feed text straight to the segmenter."""
from dataclasses import dataclass


@dataclass
class Para:
    index: int
    start: int
    end: int
    kind: str = "text"
    section: str = "body"


def paragraphs_of(*texts: str, kinds: dict[int, str] | None = None) -> tuple[str, list[Para]]:
    """Join ``texts`` one per line and describe each as a paragraph of the joined text."""
    paras, pos = [], 0
    for i, t in enumerate(texts):
        paras.append(Para(i, pos, pos + len(t), kind=(kinds or {}).get(i, "text")))
        pos += len(t) + 1
    return "\n".join(texts), paras
