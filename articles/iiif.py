"""IIIF for page scans: static Image API 3 level-0 tiles made once per scan, and a Presentation 3
manifest per issue (pages as canvases, items as annotations on their regions).

Tiles are written by libvips (`dzsave`, IIIF 3 layout) under `tiles/pages/<page>/<tag>/`, where
the tag names the scan they were made from (as renditions do), so a new scan gets new addresses
and old tiles can be cached for ever. That folder is not one of the public media folders
(newsroom/media.py): tiles are served by `articles.views.iiif_tile`, which answers only for a
page the reader may see, so a hidden page's scan never leaves the server. docs/iiif.md says more.
"""

import hashlib
import json
import logging
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

TILE_SIZE = 512
TILE_FORMAT = ".jpg[Q=82,strip]"
INFO = "info.json"
IMAGE_CONTEXT = "http://iiif.io/api/image/3/context.json"
PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
# Paths a level-0 IIIF 3 tile set holds: info.json and region/size/rotation/quality.format, the
# region "full" where one tile holds the whole page (the canonical form, Image API 3, 4.7)
TILE_PATH = r"info\.json|(?:full|[0-9]+,[0-9]+,[0-9]+,[0-9]+)/[0-9]+,[0-9]+/0/default\.jpg"


def scan_tag(page) -> str:
    """Ten hex digits naming the scan the tiles are made from (its stored file name)."""
    return hashlib.sha1(page.image.name.encode()).hexdigest()[:10]


def tile_folder(page) -> str:
    return f"tiles/pages/{page.pk}/{scan_tag(page)}"


def service_url(page) -> str:
    """The site-relative id of the page's image service, without a final slash as the Image API
    wants it (its info.json and tiles are below it)."""
    return reverse("articles:iiif_image", kwargs={"pk": page.pk, "tag": scan_tag(page)})


def tile_info(page) -> dict | None:
    """The page's stored info.json as a dict, or None when the page has no tiles (yet)."""
    if not page.image:
        return None
    try:
        with default_storage.open(f"{tile_folder(page)}/{INFO}", "rb") as file:
            return json.load(file)
    except (FileNotFoundError, OSError, ValueError):
        return None


def write_tiles(data: bytes, out: Path):
    """Cut the scan `data` (any format libvips reads) into a IIIF 3 level-0 tile set in the new
    folder `out`: upright (EXIF), sRGB, 512-px tiles at every scale down to one tile, and
    info.json without an id (the view writes the address the reader asked by)."""
    import pyvips  # only where tiles are made: the web pages never need libvips

    logging.getLogger("pyvips").setLevel(logging.WARNING)  # not a line per thread pool
    image = pyvips.Image.new_from_buffer(data, "")  # the header only, so far
    turned = image.get_typeof("orientation") and image.get("orientation") not in (0, 1)
    if turned:  # turning needs the whole picture; otherwise it streams top to bottom
        image = image.autorot()
    else:
        image = pyvips.Image.new_from_buffer(data, "", access="sequential")
    if image.hasalpha():
        image = image.flatten(background=[255, 255, 255])
    if image.get_typeof("icc-profile-data"):
        try:  # the scanner's colours as the renditions show them (images._upright_srgb)
            image = image.icc_transform("srgb", embedded=True)
        except pyvips.Error:
            pass  # a broken profile: keep the pixels as they are rather than fail
    if image.interpretation not in ("srgb", "b-w"):
        image = image.colourspace("srgb")
    image.dzsave(
        str(out),
        layout="iiif3",
        id="https://example.invalid",
        tile_size=TILE_SIZE,
        overlap=0,
        suffix=TILE_FORMAT,
    )
    info = json.loads((out / INFO).read_text())
    info.pop("id", None)
    (out / INFO).write_text(json.dumps(info))


def make_tiles(page, *, force: bool = False) -> bool:
    """Write the page's tiles and info.json to the media storage (local disk or S3) unless they
    exist; True when it made them. The page's tiles of earlier scans are removed."""
    if not page.image:
        return False
    folder = tile_folder(page)
    if not force and default_storage.exists(f"{folder}/{INFO}"):
        return False
    remove_tiles(page)
    with page.image.open("rb") as source:
        data = source.read()
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "tiles"
        write_tiles(data, out)
        # info.json last: its presence says the tile set is complete
        names = [path for path in out.rglob("*") if path.is_file() and path.name != INFO]
        try:
            for path in [*names, out / INFO]:
                relative = path.relative_to(out).as_posix()
                default_storage.save(f"{folder}/{relative}", ContentFile(path.read_bytes()))
        except Exception:
            _remove_folder(folder)  # nothing half-made stays in storage
            raise
    return True


def remove_tiles(page):
    """Delete every tile the page has (of any scan)."""
    _remove_folder(f"tiles/pages/{page.pk}")


def _remove_folder(folder: str):
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    for name in folders:
        _remove_folder(f"{folder}/{name}")


def refresh_tiles(sender, instance, **kwargs):
    """post_save of Page: tiles for a new or replaced scan (kept when the scan is unchanged)."""
    if instance.image:
        make_tiles(instance)


def info_json(info: dict, service_id: str) -> dict:
    """The stored info.json answered under `service_id`, the address the reader used."""
    return {"@context": IMAGE_CONTEXT, "id": service_id, **info, "type": "ImageService3"}


def region_xywh(region, width: int, height: int) -> str:
    """An ArticleRegion (fractions of the page) as a media fragment in canvas pixels."""
    left, top = round(region.x * width), round(region.y * height)
    across, down = max(1, round(region.width * width)), max(1, round(region.height * height))
    return f"xywh={left},{top},{across},{down}"


def issue_manifest(issue, pages, items_by_page: dict, absolute) -> dict:
    """The IIIF Presentation 3 manifest of `issue` as a dict.

    `pages`: the pages to show, with renditions prefetched; only those with tiles become
    canvases. `items_by_page`: page id → the published items on it, regions prefetched; each
    region becomes a commenting annotation whose bodies are the headline and the article's page.
    `absolute(path)` makes an address absolute. Built with iiif-prezi3.
    """
    from iiif_prezi3 import Annotation, AnnotationBody, AnnotationPage, Manifest, ServiceV3

    language = "zh-Hans"
    base = absolute(reverse("articles:issue_manifest", kwargs=_day(issue)))
    manifest = Manifest(
        id=base,
        label={language: [str(issue)]},
        homepage=[
            {
                "id": absolute(issue.get_absolute_url()),
                "type": "Text",
                "label": {language: [str(issue)]},
                "format": "text/html",
            }
        ],
        navDate=f"{issue.date.isoformat()}T00:00:00+08:00",
        behavior=["individuals"],
        viewingDirection="left-to-right",
    )
    canvas_base = base.rsplit("/", 1)[0]
    for page in pages:
        info = tile_info(page)
        if info is None:
            continue
        width, height = info["width"], info["height"]
        canvas_id = f"{canvas_base}/canvas/{page.number}"
        canvas = manifest.make_canvas(
            id=canvas_id, label={language: [str(page)]}, width=width, height=height
        )
        service = absolute(service_url(page))
        largest = page.rendition("zoom")
        canvas.add_image(
            image_url=absolute(largest.file.url),
            anno_id=f"{canvas_id}/painting",
            anno_page_id=f"{canvas_id}/page",
            format="image/jpeg",
            width=largest.width,
            height=largest.height,
            service=[ServiceV3(id=service, type="ImageService3", profile="level0")],
        )
        thumbnail = page.rendition("thumbnail")
        canvas.thumbnail = [
            AnnotationBody(
                id=absolute(thumbnail.file.url),
                type="Image",
                format="image/jpeg",
                width=thumbnail.width,
                height=thumbnail.height,
            )
        ]
        annotations = [
            Annotation(
                id=f"{canvas_id}/item/{region.pk}",
                type="Annotation",
                motivation="commenting",
                # the headline as text (what viewers show) and the article itself
                body=[
                    {
                        "type": "TextualBody",
                        "value": item.headline,
                        "format": "text/plain",
                        "language": language,
                    },
                    {
                        "id": absolute(item.get_absolute_url()),
                        "type": "Text",
                        "format": "text/html",
                        "language": language,
                    },
                ],
                target=f"{canvas_id}#{region_xywh(region, width, height)}",
            )
            for item in items_by_page.get(page.pk, [])
            for region in item.regions.all()
        ]
        if annotations:
            canvas.annotations = [
                AnnotationPage(id=f"{canvas_id}/items", type="AnnotationPage", items=annotations)
            ]
    return json.loads(manifest.jsonld())


def _day(issue) -> dict:
    return {"year": issue.date.year, "month": issue.date.month, "day": issue.date.day}
