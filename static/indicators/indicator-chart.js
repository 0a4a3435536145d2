// Draws the two charts of an indicator page from the JSON embedded by json_script.
// An external file, so the page works under a Content-Security-Policy without inline scripts.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("indicator-chart-data");
    if (!source || typeof Chart === "undefined") {
      return; // the table below the charts carries the same figures
    }
    var data = JSON.parse(source.textContent);
    function chart(canvasId, key) {
      var canvas = document.getElementById(canvasId);
      if (!canvas) {
        return;
      }
      new Chart(canvas, {
        type: "line",
        data: {
          labels: data.labels,
          datasets: data.series.map(function (line) {
            return { label: line.label, data: line[key], spanGaps: true };
          }),
        },
        options: { responsive: true, animation: false },
      });
    }
    chart("indicator-value-chart", "values");
    chart("indicator-change-chart", "changes");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
