/* Deep zoom of the printed page (templates/articles/_page_image.html) with OpenSeadragon
   (static/vendor/openseadragon) over the scan's IIIF Image API tiles, made once per scan by
   articles/iiif.py and served by the site itself: the viewer fetches only the tiles in view at
   the scale shown.

   The page arrives as a plain image with its region links and search-hit marks placed in
   percent. Once the tiles have opened, that image is hidden and the same links and marks are laid
   over the zoomable page as overlays, so they follow it at any scale; a region still opens its
   article on click or Enter. The toolbar buttons (and + - 0, arrows inside the viewer) zoom and
   pan; the level is announced in the toolbar. If the tiles cannot be read, the plain image stays.
   Strings come from the section's data-text-* attributes, translated with the page. */
(function () {
  "use strict";

  var STEP = 2; // each button press doubles or halves the scale

  function box(element) {
    var parts = element.dataset.box.split(" ").map(Number);
    return { x: parts[0], y: parts[1], width: parts[2], height: parts[3] };
  }

  function setUp(section) {
    var OSD = window.OpenSeadragon;
    var holder = section.querySelector(".page-image__viewer");
    var canvas = section.querySelector(".page-image__canvas");
    var tools = section.querySelector(".page-image__tools");
    if (!OSD || !holder || !canvas || !tools) { return; }
    var data = section.dataset;
    var output = tools.querySelector(".page-image__level");

    holder.hidden = false;
    holder.setAttribute("aria-label", data.textFrame);
    var viewer = OSD({
      element: holder,
      tileSources: data.tiles,
      drawer: "canvas",
      showNavigationControl: false,
      crossOriginPolicy: false,
      visibilityRatio: 1,
      minZoomImageRatio: 1,
      maxZoomPixelRatio: 2,
      gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: true },
      gestureSettingsTouch: { clickToZoom: false, dblClickToZoom: true }
    });
    section.pageViewer = viewer; // for the browser tests

    function announceLevel() {
      var level = viewer.viewport.getZoom(true) / viewer.viewport.getHomeZoom();
      output.textContent = data.textLevel.replace("{percent}", Math.round(level * 100) + "%");
      var atHome = level <= 1.001;
      tools.querySelector('[data-zoom="out"]').setAttribute("aria-disabled", atHome ? "true" : "false");
    }

    function overlay(element, image) {
      var b = box(element);
      var size = image.getContentSize();
      var rect = image.imageToViewportRectangle(
        b.x * size.x, b.y * size.y, b.width * size.x, b.height * size.y
      );
      element.removeAttribute("style");
      viewer.addOverlay({ element: element, location: rect });
      if (element.tagName === "A") {
        // the viewer takes the pointer for dragging: a click without a drag opens the article
        new OSD.MouseTracker({
          element: element,
          clickHandler: function (event) {
            if (event.quick) { window.location.href = element.href; }
          }
        });
      }
    }

    viewer.addHandler("open", function () {
      var image = viewer.world.getItemAt(0);
      canvas.querySelectorAll(".page-region, .page-hit").forEach(function (element) {
        overlay(element, image);
      });
      canvas.hidden = true;
      tools.hidden = false;
      section.classList.add("page-image--deep-zoom");
      announceLevel();
    });
    viewer.addHandler("open-failed", function () {
      viewer.destroy();
      holder.hidden = true;
    });
    viewer.addHandler("animation-finish", announceLevel);

    var actions = {
      "in": function () { viewer.viewport.zoomBy(STEP); },
      "out": function () {
        var level = viewer.viewport.getZoom() / viewer.viewport.getHomeZoom();
        if (level > 1.001) { viewer.viewport.zoomBy(1 / STEP); }
      },
      "reset": function () { viewer.viewport.goHome(); }
    };
    tools.querySelectorAll("button[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        actions[button.dataset.zoom]();
        viewer.viewport.applyConstraints();
      });
    });
  }

  document.querySelectorAll(".page-image[data-tiles]").forEach(setUp);
})();
