"""What every import source hands the parser: a page's lines, each with its box when known.

A text file gives lines without boxes; a PDF's text layer, an OCR engine and an ALTO file give
lines with boxes. The parser works on `PageSource` alone and never asks where it came from.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Box:
    """A rectangle in fractions (0–1) of the page's width and height, origin at the top left."""

    x: float
    y: float
    width: float
    height: float

    def as_list(self) -> list[float]:
        return [self.x, self.y, self.width, self.height]


@dataclass(frozen=True)
class Line:
    """One printed line as the source gives it; `confidence` is the OCR engine's (0–1)."""

    text: str
    box: Box | None = None
    confidence: float | None = None


@dataclass
class PageSource:
    """One page read from its source, before any parsing.

    `kind` is "text", "pdf", "scan" or "alto"; `text` is the source text the editor sees beside
    the proposal; `image` is the page as a PNG or JPEG when the source has or renders one,
    `image_size` its (width, height) in pixels; `warnings` say what the reader noticed.
    """

    kind: str
    lines: list[Line]
    text: str
    image: bytes | None = None
    image_size: tuple[int, int] | None = None
    warnings: list[str] = field(default_factory=list)
