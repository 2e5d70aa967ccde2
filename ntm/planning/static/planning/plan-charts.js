// Criteria chart of the plan dashboard: baseline, actual and plan per
// criterion (the same figures are in the table under it).
(function () {
  "use strict";
  function draw(el) {
    var data = JSON.parse(document.getElementById(el.dataset.chart).textContent);
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", name: "xã" },
      series: data.series.map(function (s, i) {
        return i === 2
          ? { name: s.name, type: "scatter", symbol: "rect", symbolSize: [18, 3], data: s.values }
          : { name: s.name, type: "bar", data: s.values };
      }),
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    if (window.echarts) { draw(el); }
  });
})();
