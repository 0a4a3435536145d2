/* Zoom for the printed page image (templates/articles/_page_image.html).

   Progressive: the page first shows a rendition sized for the screen; the zoom rendition (up to
   3200 px wide, a few megabytes for a 6000×8000 scan) is fetched only when the reader first zooms
   in, and the smaller picture stays in place, enlarged, until it has arrived. Zooming widens the
   canvas holding the image and the region links (placed in percent, so they follow it); the frame
   then scrolls: scroll bars, touch, dragging with the mouse, or the arrow keys once focused.
   Keys + - 0 zoom in, out and back. The strings shown or announced come from the section's
   data-text-* attributes, translated with the page. Without JavaScript the tools stay hidden and
   the page is a plain image with its links, next to the article list.

   A small script of our own rather than a deep-zoom viewer (OpenSeadragon …): one rendition is
   enough at 3200 px, no tiles need generating or storing, and the regions stay ordinary links. */
(function () {
  "use strict";

  var STEP = 2; // each step doubles the width
  var DRAG_THRESHOLD = 5; // pixels a press must move to become a drag rather than a click

  function setUp(section) {
    var frame = section.querySelector(".page-image__frame");
    var canvas = section.querySelector(".page-image__canvas");
    var tools = section.querySelector(".page-image__tools");
    var img = canvas && canvas.querySelector("img");
    if (!frame || !canvas || !tools || !img) { return; }
    var data = section.dataset;
    var output = tools.querySelector(".page-image__level");
    var buttons = {};
    tools.querySelectorAll("button[data-zoom]").forEach(function (button) {
      buttons[button.dataset.zoom] = button;
    });
    var level = 1;
    var zoomRequested = false;

    function maxLevel() {
      // the zoom rendition at one image pixel per screen pixel, but always at least one step
      return Math.max(STEP, Number(data.zoomWidth) / frame.clientWidth);
    }

    function announce(message) {
      output.textContent = message;
    }

    function announceLevel() {
      announce(data.textLevel.replace("{percent}", Math.round(level * 100) + "%"));
    }

    function loadZoomRendition() {
      if (zoomRequested) { return; }
      zoomRequested = true;
      // the browser has picked WebP from the <picture> if it reads it: zoom in the same format
      var url = /\.webp($|\?)/.test(img.currentSrc) ? data.zoomWebpSrc : data.zoomSrc;
      frame.setAttribute("aria-busy", "true");
      announce(data.textLoading);
      var loader = new Image();
      loader.onload = function () {
        var source = canvas.querySelector("source");
        if (source) { source.remove(); }
        img.removeAttribute("srcset");
        img.removeAttribute("sizes");
        img.src = url; // already fetched: the swap is immediate
        frame.removeAttribute("aria-busy");
        announceLevel();
      };
      loader.onerror = function () {
        zoomRequested = false; // the enlarged picture stays; the next zoom tries again
        frame.removeAttribute("aria-busy");
        announceLevel();
      };
      loader.src = url;
    }

    function setDisabled(button, disabled) {
      // aria-disabled, not disabled: a disabled button would drop the keyboard focus
      button.setAttribute("aria-disabled", disabled ? "true" : "false");
    }

    function zoomTo(next) {
      next = Math.min(Math.max(1, next), maxLevel());
      // keep the point at the middle of the view in the middle
      var middleX = (frame.scrollLeft + frame.clientWidth / 2) / frame.scrollWidth;
      var middleY = (frame.scrollTop + frame.clientHeight / 2) / frame.scrollHeight;
      level = next;
      canvas.style.width = level * 100 + "%";
      frame.scrollLeft = middleX * frame.scrollWidth - frame.clientWidth / 2;
      frame.scrollTop = middleY * frame.scrollHeight - frame.clientHeight / 2;
      section.classList.toggle("page-image--zoomed", level > 1);
      setDisabled(buttons.out, level <= 1);
      setDisabled(buttons.reset, level <= 1);
      setDisabled(buttons["in"], level >= maxLevel());
      if (level > 1) { loadZoomRendition(); }
      if (!frame.hasAttribute("aria-busy")) { announceLevel(); }
    }

    var actions = {
      "in": function () { zoomTo(level * STEP); },
      out: function () { zoomTo(level / STEP); },
      reset: function () { zoomTo(1); }
    };
    Object.keys(buttons).forEach(function (name) {
      buttons[name].addEventListener("click", function () {
        if (buttons[name].getAttribute("aria-disabled") !== "true") { actions[name](); }
      });
    });

    section.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) { return; } // the browser's own zoom
      var action = { "+": "in", "=": "in", "-": "out", "0": "reset" }[event.key];
      if (action) {
        actions[action]();
        event.preventDefault();
      }
    });

    // Drag to pan with a mouse (touch screens scroll the frame natively). A press that moves is
    // a drag, and the click that ends it must not open the region it started on.
    var drag = null;
    var swallowClick = false;
    frame.addEventListener("pointerdown", function (event) {
      swallowClick = false;
      if (event.pointerType !== "mouse" || event.button !== 0 || level <= 1) { return; }
      drag = { x: event.clientX, y: event.clientY, left: frame.scrollLeft, top: frame.scrollTop };
    });
    frame.addEventListener("pointermove", function (event) {
      if (!drag) { return; }
      var dx = event.clientX - drag.x;
      var dy = event.clientY - drag.y;
      if (!drag.moving && Math.abs(dx) + Math.abs(dy) < DRAG_THRESHOLD) { return; }
      if (!drag.moving) {
        drag.moving = true;
        frame.setPointerCapture(event.pointerId);
        section.classList.add("page-image--dragging");
      }
      frame.scrollLeft = drag.left - dx;
      frame.scrollTop = drag.top - dy;
    });
    function endDrag() {
      if (drag && drag.moving) {
        swallowClick = true;
        section.classList.remove("page-image--dragging");
      }
      drag = null;
    }
    frame.addEventListener("pointerup", endDrag);
    frame.addEventListener("pointercancel", endDrag);
    frame.addEventListener("click", function (event) {
      if (swallowClick) {
        swallowClick = false;
        event.preventDefault();
        event.stopPropagation();
      }
    }, true);
    frame.addEventListener("dragstart", function (event) { event.preventDefault(); });

    // The frame scrolls when zoomed: focusable, so the arrow keys move the page.
    frame.tabIndex = 0;
    frame.setAttribute("role", "group");
    frame.setAttribute("aria-label", data.textFrame);
    window.addEventListener("resize", function () { zoomTo(level); });
    tools.hidden = false;
    zoomTo(1);
  }

  document.querySelectorAll(".page-image").forEach(setUp);
})();
