// Draws the charts of an indicator page from the JSON embedded by json_script: one value chart
// and one change chart per kind of period (a year beside a half-year would read as a fall), a
// line per region, and the first printed value marked where a figure has been revised since.
// An external file, so the page works under a Content-Security-Policy without inline scripts.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("indicator-chart-data");
    if (!source || typeof Chart === "undefined") {
      return; // the table below the charts carries the same figures
    }
    var data = JSON.parse(source.textContent);
    function chart(canvasId, panel, key, firstKey) {
      var canvas = document.getElementById(canvasId);
      if (!canvas) {
        return;
      }
      var datasets = [];
      panel.series.forEach(function (line) {
        datasets.push({ label: line.label, data: line[key], spanGaps: true });
        if (line[firstKey].some(function (value) { return value !== null; })) {
          datasets.push({
            label: line.label + " · " + data.first_print_label,
            data: line[firstKey],
            showLine: false,
            pointStyle: "crossRot",
            pointRadius: 7,
            pointBorderWidth: 2,
          });
        }
      });
      new Chart(canvas, {
        type: "line",
        data: { labels: panel.labels, datasets: datasets },
        options: { responsive: true, animation: false },
      });
    }
    data.panels.forEach(function (panel) {
      chart("indicator-value-chart-" + panel.kind, panel, "values", "first_values");
      chart("indicator-change-chart-" + panel.kind, panel, "changes", "first_changes");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
