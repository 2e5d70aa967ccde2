/* Draws the ECharts charts of a page. Each chart is a <div data-chart="ID">
   whose data sits in <script type="application/json" id="ID"> (Django's
   json_script). Kinds: "hbar" (one bar per label, horizontal), "bar", "line"
   (several series on one or two value axes). Every chart has its table on
   the page too, so the chart itself is hidden from screen readers. */
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  var GREEN = ["#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#20c997", "#dc3545"];

  function vi(value) {
    if (value === null || value === undefined) return "—";
    return Number(value).toLocaleString("vi-VN", { maximumFractionDigits: 2 });
  }

  function base() {
    return {
      color: GREEN,
      animation: false,
      aria: { enabled: true },
      textStyle: { fontFamily: "system-ui, sans-serif" },
      tooltip: { trigger: "axis", valueFormatter: vi },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    };
  }

  function hbar(spec) {
    var option = base();
    option.xAxis = { type: "value", max: spec.max || null, axisLabel: { formatter: vi } };
    option.yAxis = {
      type: "category",
      inverse: true,
      data: spec.labels,
      axisLabel: { width: 220, overflow: "truncate" },
    };
    option.series = [{
      type: "bar", name: spec.name, data: spec.values,
      label: { show: true, position: "right", formatter: function (p) { return vi(p.value); } },
    }];
    return option;
  }

  function bar(spec) {
    var option = base();
    option.xAxis = { type: "category", data: spec.labels, axisLabel: { interval: 0, width: 90, overflow: "break", lineHeight: 14 } };
    option.yAxis = { type: "value", minInterval: 1, axisLabel: { formatter: vi } };
    option.series = [{
      type: "bar", name: spec.name, data: spec.values,
      label: { show: true, position: "top", formatter: function (p) { return vi(p.value); } },
    }];
    return option;
  }

  function line(spec) {
    var option = base();
    option.legend = { top: 0, type: "scroll" };
    option.grid.top = 56;
    option.xAxis = { type: "category", data: spec.labels };
    option.yAxis = (spec.axes || [""]).map(function (name, i) {
      return { type: "value", name: name, position: i ? "right" : "left", minInterval: i ? 1 : 0,
               nameTextStyle: { align: i ? "right" : "left" },
               axisLabel: { formatter: vi }, splitLine: { show: i === 0 } };
    });
    option.series = spec.series.map(function (s) {
      return { type: "line", name: s.name, data: s.values, yAxisIndex: s.axis || 0,
               connectNulls: false, symbolSize: 8 };
    });
    return option;
  }

  var KINDS = { hbar: hbar, bar: bar, line: line };

  function draw(el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    var make = KINDS[spec.kind];
    if (!make) return;
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "svg" });
    chart.setOption(make(spec), true);
    el.dataset.chartReady = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  } else {
    drawAll();
  }
  document.addEventListener("htmx:afterSwap", function (e) { drawAll(e.target); });
})();
