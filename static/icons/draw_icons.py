"""Draws the app's home-screen icons: a person stretching, white on NHS blue.

Run once when the design changes: `.venv/bin/python static/icons/draw_icons.py`.
The maskable icon keeps the figure inside the central 80% safe zone.
"""

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (0, 94, 184, 255)
WHITE = (255, 255, 255, 255)
HERE = Path(__file__).parent


def _limb(draw: ImageDraw.ImageDraw, points: list[tuple[float, float]], width: float) -> None:
    draw.line(points, fill=WHITE, width=round(width), joint="curve")
    for x, y in (points[0], points[-1]):
        r = width / 2
        draw.ellipse((x - r, y - r, x + r, y + r), fill=WHITE)


def draw(size: int, *, scale: float, rounded: bool) -> Image.Image:
    big = size * 4  # draw large, then shrink, for smooth edges
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw_ = ImageDraw.Draw(image)
    if rounded:
        draw_.rounded_rectangle((0, 0, big, big), radius=big * 0.18, fill=BLUE)
    else:
        draw_.rectangle((0, 0, big, big), fill=BLUE)

    def p(x: float, y: float) -> tuple[float, float]:
        # Figure coordinates are 0..1 around the centre, shrunk by `scale`.
        return (big / 2 + (x - 0.5) * big * scale, big / 2 + (y - 0.5) * big * scale)

    stroke = big * scale * 0.075
    hx, hy = p(0.5, 0.2)
    r = big * scale * 0.085
    draw_.ellipse((hx - r, hy - r, hx + r, hy + r), fill=WHITE)
    _limb(draw_, [p(0.5, 0.33), p(0.5, 0.62)], stroke)  # spine
    _limb(draw_, [p(0.5, 0.38), p(0.3, 0.22), p(0.22, 0.08)], stroke)  # left arm up
    _limb(draw_, [p(0.5, 0.38), p(0.7, 0.22), p(0.78, 0.08)], stroke)  # right arm up
    _limb(draw_, [p(0.5, 0.62), p(0.36, 0.78), p(0.3, 0.94)], stroke)  # left leg
    _limb(draw_, [p(0.5, 0.62), p(0.64, 0.78), p(0.7, 0.94)], stroke)  # right leg
    return image.resize((size, size), Image.Resampling.LANCZOS)


if __name__ == "__main__":
    draw(192, scale=0.78, rounded=True).save(HERE / "icon-192.png")
    draw(512, scale=0.78, rounded=True).save(HERE / "icon-512.png")
    draw(512, scale=0.6, rounded=False).save(HERE / "icon-maskable-512.png")
    draw(180, scale=0.7, rounded=False).save(HERE / "apple-touch-icon.png")
