"""Draw the two example clinics' logos (simple shapes and letters, made for this project)."""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

import fontpkg_atkinson_hyperlegible

FONT = Path(fontpkg_atkinson_hyperlegible.ROOT) / "files" / "AtkinsonHyperlegible-Bold.ttf"
OUT = Path(__file__).resolve().parent.parent / "examples" / "clinics"


def logo(path: Path, colour: str, letters: str, shape: str) -> None:
    image = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if shape == "circle":
        draw.ellipse((20, 20, 580, 580), fill=colour)
        draw.arc((120, 300, 480, 500), 25, 155, fill="white", width=26)  # a river bend
    else:
        draw.rounded_rectangle((20, 20, 580, 580), radius=90, fill=colour)
        draw.polygon([(300, 70), (360, 170), (240, 170)], fill="white")  # a north arrow
    font = ImageFont.truetype(str(FONT), 230)
    draw.text((300, 290), letters, font=font, fill="white", anchor="mm")
    image.save(path, optimize=True)


if __name__ == "__main__":
    logo(OUT / "riverside-logo.png", "#1D5C4D", "RB", "circle")
    logo(OUT / "northgate-logo.png", "#5B2A86", "NG", "square")
