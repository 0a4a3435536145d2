/* Zoom for the printed page image: swaps in the largest rendition and lets the reader pan.
   Without JavaScript the page image and the article list still work; this only adds zoom. */
(function () {
  "use strict";
  document.querySelectorAll(".page-image").forEach(function (section) {
    var frame = section.querySelector(".page-image__frame");
    var button = section.querySelector(".page-image__zoom");
    var img = frame && frame.querySelector("img");
    if (!frame || !button || !img) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var zoomed = frame.classList.toggle("page-image__frame--zoomed");
      if (zoomed && frame.dataset.zoomSrc && img.getAttribute("src") !== frame.dataset.zoomSrc) {
        // progressive: the medium image stays visible until the large one has arrived
        var large = new Image();
        large.onload = function () { img.removeAttribute("srcset"); img.src = large.src; };
        large.src = frame.dataset.zoomSrc;
        var source = frame.querySelector("source");
        if (source) { source.remove(); }
      }
      button.textContent = zoomed ? "缩小版面" : "放大版面";
      button.setAttribute("aria-pressed", zoomed ? "true" : "false");
    });
  });
})();
